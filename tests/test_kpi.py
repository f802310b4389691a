"""KPIs: `workbench kpi --json` against figures computed by hand, and the SQL rollups against a
plain Python recomputation on random data (partial months, filters, re-imports)."""

from __future__ import annotations

import json
import math
import random
import statistics
import subprocess
import sys
from datetime import date, datetime, timedelta
from fractions import Fraction
from pathlib import Path
from typing import Any

import duckdb
import pytest

from fixtures_files import spp_row, write_agent_feedback_csv, write_spp_csv
from workbench.migrations import MIGRATIONS
from workbench import kpi
from workbench.records import Experience, Reply
from workbench.store import Store


def cli(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "workbench.cli", "--db", str(db), *args],
        capture_output=True, text=True, timeout=180,
    )


def kpi_json(db: Path, *args: str) -> dict[str, Any]:
    done = cli(db, "kpi", "--json", *args)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)  # exactly one JSON object on stdout


# --------------------------------------------------------------------------- the hand fixture

Y, N = "Oui", "Non"


def experience(eid: str, published: str, first_reply: str, useful: str, theme: str,
               structures: list[tuple[str, str, str, str]]) -> dict[str, str]:
    """structures: (name, reply, similarity, AI flag) for n = 1, 2."""
    row = spp_row(eid, {
        "Écrit le": "", "Date de publication": published, "Date de première réponse": first_reply,
        "Réponse utile": useful, "Thème": theme, "Etat expérience": "Traitée",
        "Intitulé structure 1": "", "Réponse structure 1": "", "Taux de similarité réponse IA structure 1": "",
        "Réponse assistée par IA structure 1": "",
    })
    for n, (name, reply, similarity, flag) in enumerate(structures, start=1):
        row.update({
            f"Intitulé typologie {n}": name.split()[0], f"Intitulé structure {n}": name,
            f"Réponse structure {n}": reply, f"Taux de similarité réponse IA structure {n}": similarity,
            f"Réponse assistée par IA structure {n}": flag,
        })
    if not any(reply for _, reply, _, _ in structures):
        row["Etat expérience"] = "En attente de réponse"
    return row


CAF, CPAM, ANTS = "CAF de Paris", "CPAM de Paris", "ANTS"
REPLY = "Bonjour,\nvotre demande est traitée.\nCordialement"

# id: publication (mixed formats), first reply, Réponse utile, theme, structures
#   response days | replies: similarity / flag → AI-assisted at 50?
ROWS = [
    # E1 2024-01-10: 2 days | 87.5 → AI
    experience("E1", "2024-01-10T09:30:00", "2024-01-12", Y, "Famille", [(CAF, REPLY, "87,5", "")]),
    # E2 2024-01-15: 5 days | CAF 50 (= threshold) → AI; CPAM 49.9 → not
    experience("E2", "15/01/2024", "20/01/2024 14:00", N, "Famille",
               [(CAF, REPLY, "50", ""), (CPAM, REPLY, "49,9", "")]),
    # E3 2024-01-31 (23:59): unanswered, CPAM named without reply
    experience("E3", "2024-01-31T23:59:00", "", "", "Santé", [(CPAM, "", "", "")]),
    # E4 2024-02-03: 10 days | no similarity, flagged AI → AI
    experience("E4", "2024-02-03", "2024-02-13T08:00:00", Y, "Santé", [(CPAM, REPLY, "", Y)]),
    # E5 2024-02-14: 1 day | 30, flagged "Non" → not AI at 50
    experience("E5", "14/02/2024", "2024-02-15", Y, "Famille", [(CAF, REPLY, "30", N)]),
    # E6 2024-02-15 (split day): 3 days | 100 → AI
    experience("E6", "2024-02-15T00:10:00", "18/02/2024", "", "Papiers", [(ANTS, REPLY, "100", "")]),
    # E7 2024-03-05: answered without a first-reply date | 12 → not
    experience("E7", "2024-03-05", "", N, "Papiers", [(ANTS, REPLY, "12", "")]),
    # E8 22:30 UTC on 31 March = 2024-04-01 00:30 in Paris (April; 2 days, not 3) | 65 → AI
    experience("E8", "2024-03-31T22:30:00Z", "2024-04-03", Y, "Famille", [(CAF, REPLY, "65", "")]),
    # E9 2024-03-28: unanswered, CAF named
    experience("E9", "28/03/2024", "", "", "Santé", [(CAF, "", "", "")]),
]

FEEDBACK = [  # agent, day, sentiment
    ("agent-6", "2023-12-31", "positif"),
    ("agent-1", "2024-01-20", "positif"),
    ("agent-2", "2024-02-01", "négatif"),
    ("agent-3", "2024-02-20", "positif"),
    ("agent-4", "2024-03-10", "neutre"),
    ("agent-5", "2024-03-15", "positif"),
    ("agent-7", "2024-04-02", "négatif"),
]


@pytest.fixture(scope="module")
def fixture_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("kpi")
    db = folder / "wb.duckdb"
    export = write_spp_csv(folder / "export.csv", ROWS)
    done = cli(db, "import", "experiences", str(export), "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["experiences"] == 9
    feedback = write_agent_feedback_csv(
        folder / "feedback.csv", [{"agent": a, "date": d, "sentiment": s, "comment": ""} for a, d, s in FEEDBACK]
    )
    done = cli(db, "import", "agent-feedback", str(feedback), "--json", "--no-pseudonymise")
    assert done.returncode == 0, done.stderr
    return db


def test_hand_computed_figures_with_split(fixture_db: Path) -> None:
    result = kpi_json(fixture_db, "--split", "2024-02-15")
    assert set(result) == {
        "experiences", "answered_share", "mean_response_days", "median_response_days", "ai_assisted_share",
        "satisfaction_share", "agent_positive_share", "by_month", "by_structure", "by_theme", "before", "after",
    }
    headline = {k: result[k] for k in ("experiences", "answered_share", "mean_response_days", "median_response_days",
                                       "ai_assisted_share", "satisfaction_share", "agent_positive_share")}
    assert headline == {
        "experiences": 9,
        "answered_share": 0.7778,  # E1 E2 E4 E5 E6 E7 E8 = 7/9
        "mean_response_days": 3.83,  # days 2 5 10 1 3 2 (E3 E7 E9: no first reply) = 23/6
        "median_response_days": 2.5,  # sorted 1 2 [2 3] 5 10
        "ai_assisted_share": 0.625,  # 8 replies; AI: E1 87.5, E2 50, E4 flag, E6 100, E8 65 = 5/8
        "satisfaction_share": 0.6667,  # Oui E1 E4 E5 E8 / known E1 E2 E4 E5 E7 E8 = 4/6
        "agent_positive_share": 0.5714,  # positif 4 of 7 rows
    }
    assert result["before"] == {  # published before 2024-02-15: E1 E2 E3 E4 E5
        "experiences": 5,
        "answered_share": 0.8,  # 4/5
        "mean_response_days": 4.5,  # (2 + 5 + 10 + 1) / 4
        "median_response_days": 3.5,  # 1 [2 5] 10
        "ai_assisted_share": 0.6,  # E1 E2-CAF E4 of 5 replies
        "satisfaction_share": 0.75,  # Oui E1 E4 E5, Non E2
        "agent_positive_share": 0.6667,  # 2023-12-31 +, 01-20 +, 02-01 - = 2/3
    }
    assert result["after"] == {  # on or after 2024-02-15: E6 E7 E8 E9
        "experiences": 4,
        "answered_share": 0.75,  # E6 E7 E8
        "mean_response_days": 2.5,  # (3 + 2) / 2
        "median_response_days": 2.5,
        "ai_assisted_share": 0.6667,  # E6 E8 of E6 E7 E8
        "satisfaction_share": 0.5,  # Non E7, Oui E8
        "agent_positive_share": 0.5,  # 02-20 +, 03-10 =, 03-15 +, 04-02 - = 2/4
    }
    assert result["by_month"] == [
        # E1 E2 E3: days 2 5; replies AI AI no; Oui Non
        {"month": "2024-01", "experiences": 3, "mean_response_days": 3.5, "median_response_days": 3.5,
         "ai_assisted_share": 0.6667, "satisfaction_share": 0.5},
        # E4 E5 E6: days 10 1 3 → 14/3; replies AI no AI; Oui Oui
        {"month": "2024-02", "experiences": 3, "mean_response_days": 4.67, "median_response_days": 3.0,
         "ai_assisted_share": 0.6667, "satisfaction_share": 1.0},
        # E7 E9: no first reply; E7 12 → not AI; Non
        {"month": "2024-03", "experiences": 2, "mean_response_days": None, "median_response_days": None,
         "ai_assisted_share": 0.0, "satisfaction_share": 0.0},
        # E8 (Paris time): 2 days; AI; Oui
        {"month": "2024-04", "experiences": 1, "mean_response_days": 2.0, "median_response_days": 2.0,
         "ai_assisted_share": 1.0, "satisfaction_share": 1.0},
    ]
    # An experience counts under each of its structures, with all its replies.
    assert result["by_structure"] == [
        # E1 E2 E5 E8 E9: answered 4/5; days 2 5 1 2 → 10/4, median 1 [2 2] 5;
        # replies E1 AI, E2 AI + no, E5 no, E8 AI = 3/5; Oui E1 E5 E8, Non E2
        {"structure": CAF, "experiences": 5, "answered_share": 0.8, "mean_response_days": 2.5,
         "median_response_days": 2.0, "ai_assisted_share": 0.6, "satisfaction_share": 0.75},
        # E2 E3 E4: answered 2/3; days 5 10; replies E2 AI + no, E4 AI = 2/3; Non E2, Oui E4
        {"structure": CPAM, "experiences": 3, "answered_share": 0.6667, "mean_response_days": 7.5,
         "median_response_days": 7.5, "ai_assisted_share": 0.6667, "satisfaction_share": 0.5},
        # E6 E7: days 3; replies AI no; Non E7
        {"structure": ANTS, "experiences": 2, "answered_share": 1.0, "mean_response_days": 3.0,
         "median_response_days": 3.0, "ai_assisted_share": 0.5, "satisfaction_share": 0.0},
    ]
    assert result["by_theme"] == [
        # E1 E2 E5 E8: days 2 5 1 2; replies AI AI no no AI = 3/5; Oui Non Oui Oui
        {"theme": "Famille", "experiences": 4, "answered_share": 1.0, "mean_response_days": 2.5,
         "median_response_days": 2.0, "ai_assisted_share": 0.6, "satisfaction_share": 0.75},
        # E3 E4 E9: answered E4 only; 10 days; flag → AI; Oui
        {"theme": "Santé", "experiences": 3, "answered_share": 0.3333, "mean_response_days": 10.0,
         "median_response_days": 10.0, "ai_assisted_share": 1.0, "satisfaction_share": 1.0},
        {"theme": "Papiers", "experiences": 2, "answered_share": 1.0, "mean_response_days": 3.0,
         "median_response_days": 3.0, "ai_assisted_share": 0.5, "satisfaction_share": 0.0},
    ]


def test_filters_whole_and_partial_months(fixture_db: Path) -> None:
    # February and March (whole months), CAF: E5 E9 (E8 is April in Paris time).
    result = kpi_json(fixture_db, "--from", "2024-02-01", "--to", "31/03/2024", "--structure", CAF)
    assert {k: result[k] for k in kpi.FIGURES + ("agent_positive_share",)} == {
        "experiences": 2, "answered_share": 0.5, "mean_response_days": 1.0, "median_response_days": 1.0,
        "ai_assisted_share": 0.0,  # E5: 30, flagged Non
        "satisfaction_share": 1.0,  # E5 Oui, E9 unknown
        "agent_positive_share": 0.5,  # 02-01 -, 02-20 +, 03-10 =, 03-15 + = 2/4
    }
    assert [m["month"] for m in result["by_month"]] == ["2024-02", "2024-03"]
    assert result["by_month"][1] == {"month": "2024-03", "experiences": 1, "mean_response_days": None,
                                     "median_response_days": None, "ai_assisted_share": None,
                                     "satisfaction_share": None}  # E9: nothing to count
    assert [s["structure"] for s in result["by_structure"]] == [CAF]

    # Partial months at both ends (15 January – 14 February), theme Famille: E2 E5.
    result = kpi_json(fixture_db, "--from", "15/01/2024", "--to", "2024-02-14", "--theme", "Famille")
    assert {k: result[k] for k in kpi.FIGURES + ("agent_positive_share",)} == {
        "experiences": 2, "answered_share": 1.0,
        "mean_response_days": 3.0, "median_response_days": 3.0,  # 5 and 1
        "ai_assisted_share": 0.3333,  # E2 CAF 50 of E2 (2) + E5 (1)
        "satisfaction_share": 0.5,  # Non E2, Oui E5
        "agent_positive_share": 0.5,  # 01-20 +, 02-01 -
    }
    assert [t["theme"] for t in result["by_theme"]] == ["Famille"]


def test_ai_threshold(fixture_db: Path) -> None:
    store = Store(fixture_db)
    # similarities 87.5 50 49.9 (flag) 30 100 12 65: at 30 all but 12 → 7/8
    assert kpi.headline(store, kpi.KpiScope(ai_threshold=30))["ai_assisted_share"] == 0.875
    # at 88: the flag and 100 (87.5 is below 88) → 2/8
    assert kpi.headline(store, kpi.KpiScope(ai_threshold=88))["ai_assisted_share"] == 0.25
    done = cli(fixture_db, "kpi", "--ai-threshold", "101")
    assert done.returncode == 1 and done.stderr.startswith("Erreur : seuil") and done.stderr.count("\n") == 1


def test_readable_french_table(fixture_db: Path) -> None:
    done = cli(fixture_db, "kpi", "--split", "15/02/2024")
    assert done.returncode == 0, done.stderr
    assert "Délai de réponse médian" in done.stdout and "2,50 j" in done.stdout
    assert "77,8 %" in done.stdout and "Avant le 15/02/2024" in done.stdout and "2024-04" in done.stdout


def test_empty_database_gives_zeros_and_nulls(tmp_path: Path) -> None:
    result = kpi_json(tmp_path / "empty.duckdb", "--split", "2024-01-01")
    empty = {"experiences": 0, **{k: None for k in kpi.FIGURES[1:]}, "agent_positive_share": None}
    assert result == {**empty, "by_month": [], "by_structure": [], "by_theme": [], "before": empty, "after": empty}


@pytest.mark.parametrize("args, fragment", [
    (["--from", "2024-31-01"], "date invalide « 2024-31-01 » pour --from"),
    (["--from", "2024-03-01", "--to", "2024-02-01"], "période vide"),
])
def test_bad_options_are_one_clear_line(tmp_path: Path, args: list[str], fragment: str) -> None:
    done = cli(tmp_path / "wb.duckdb", "kpi", "--json", *args)
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.startswith("Erreur : ") and fragment in done.stderr and done.stderr.count("\n") == 1
    assert "Traceback" not in done.stderr


# --------------------------------------------------------------------------- rollups vs Python


def random_experiences(rng: random.Random, ids: range, tag: str) -> list[Experience]:
    structures = ["CAF", "CPAM", "ANTS", "France Travail", "Préfecture"]
    out = []
    for i in ids:
        published = None if rng.random() < 0.03 else datetime(2023, 1, 1, 6) + timedelta(
            days=rng.randrange(400), hours=rng.randrange(18))
        first_reply = (published + timedelta(days=rng.choice([0, 0, 1, 2, 3, 5, 8, 13, 30]), hours=rng.randrange(12))
                       if published and rng.random() < 0.7 else None)
        names = rng.sample(structures, rng.choice([0, 1, 1, 1, 2, 3]))
        if names and rng.random() < 0.05:
            names.append(names[0])  # the same structure twice counts once
        replies = [
            Reply(position=n, structure=name, text=f"Réponse {tag} {i}",
                  ai_similarity=rng.choice([None, 49.9, 50.0, round(rng.uniform(0, 100), 1)]),
                  ai_assisted=rng.choice([None, None, True, False]))
            for n, name in enumerate(names, start=1) if rng.random() < 0.75
        ]
        out.append(Experience(
            id=f"x{i}", description="d", published_at=published, first_reply_at=first_reply,
            useful=rng.choice([True, False, None]), structures=names,
            theme=rng.choice(["Famille", "Santé", "Travail", None]), replies=replies,
        ))
    return out


def load(db: Path) -> tuple[list[tuple], dict[str, list[tuple]]]:
    with duckdb.connect(str(db)) as con:
        experiences = con.execute(
            "SELECT id, published_at, first_reply_at, useful, list_distinct(structures), theme FROM experiences"
        ).fetchall()
        replies: dict[str, list[tuple]] = {}
        for eid, text, similarity, flag in con.execute(
            "SELECT experience_id, text, ai_similarity, ai_assisted FROM replies"
        ).fetchall():
            if text.strip():
                replies.setdefault(eid, []).append((similarity, flag))
    return experiences, replies


def reference(tables: tuple[list[tuple], dict[str, list[tuple]]], scope: kpi.KpiScope,
              group: str | None = None) -> dict[Any, dict[str, Any]]:
    """The figures recomputed in Python from the tables' rows, one experience at a time."""
    experiences, replies = tables
    groups: dict[Any, list[tuple]] = {}
    for eid, published, first_reply, useful, structures, theme in experiences:
        day = published.date() if published else None
        if (scope.start or scope.end) and day is None:
            continue
        if (scope.start and day < scope.start) or (scope.end and day > scope.end):
            continue
        if (scope.structure and scope.structure not in structures) or (scope.theme and theme != scope.theme):
            continue
        keys = {None: [None], "month": [f"{day:%Y-%m}"] if day else [],
                "structure": [scope.structure] if scope.structure else structures,
                "theme": [theme]}[group]
        for key in keys:
            groups.setdefault(key, []).append((day, first_reply, useful, replies.get(eid, [])))

    def share(part: int, whole: int) -> float | None:
        return float(Fraction(math.floor(Fraction(part, whole) * 10**4 + Fraction(1, 2)), 10**4)) if whole else None

    out = {}
    for key, rows in groups.items():
        days = [(first_reply.date() - day).days for day, first_reply, _, _ in rows if day and first_reply]
        all_replies = [r for *_, rs in rows for r in rs]
        known = [u for _, _, u, _ in rows if u is not None]
        out[key] = {
            "experiences": len(rows),
            "answered_share": share(sum(1 for *_, rs in rows if rs), len(rows)),
            "mean_response_days": (float(Fraction(math.floor(Fraction(sum(days), len(days)) * 100 + Fraction(1, 2)), 100))
                                   if days else None),
            "median_response_days": float(statistics.median(days)) if days else None,
            "ai_assisted_share": share(sum(1 for s, f in all_replies if f or (s is not None and s >= scope.ai_threshold)),
                                       len(all_replies)),
            "satisfaction_share": share(sum(known), len(known)),
        }
    return out


SCOPES = [
    kpi.KpiScope(),
    kpi.KpiScope(start=date(2023, 3, 17), end=date(2023, 9, 4)),
    kpi.KpiScope(start=date(2023, 5, 1), end=date(2023, 5, 31), structure="CAF"),
    kpi.KpiScope(start=date(2023, 5, 9), end=date(2023, 5, 20), theme="Santé"),
    kpi.KpiScope(end=date(2023, 11, 30), structure="CPAM", theme="Famille", ai_threshold=73),
    kpi.KpiScope(start=date(2023, 12, 2), ai_threshold=0),
]


def assert_matches_reference(store: Store) -> None:
    tables = load(store.path)
    for scope in SCOPES:
        figures = kpi.report(store, scope)
        expected = reference(tables, scope)
        assert {k: figures[k] for k in kpi.FIGURES} == expected.get(None, {k: figures[k] for k in kpi.FIGURES}), scope
        if not expected:
            assert figures["experiences"] == 0
        for group, listing, name in (("month", "by_month", "month"), ("structure", "by_structure", "structure"),
                                     ("theme", "by_theme", "theme")):
            got = {row[name]: {k: v for k, v in row.items() if k != name} for row in figures[listing]}
            want = reference(tables, scope, group)
            if group == "month":
                want = {k: {f: v[f] for f in kpi.MONTH_FIGURES} for k, v in want.items()}
            assert got == want, (scope, group)


def test_rollups_match_a_plain_recomputation_across_imports(db_path: Path) -> None:
    store = Store(db_path)
    rng = random.Random(4)
    store.import_experiences(random_experiences(rng, range(0, 700), "a"))
    # A newer export replaces x400–x699 (moving them between months) and adds x700–x899.
    store.import_experiences(random_experiences(rng, range(400, 900), "b"))
    assert_matches_reference(store)
    # Rows written by other means: the next KPI read rebuilds the rollups.
    with duckdb.connect(str(db_path)) as con:
        con.execute("INSERT INTO experiences (id, description, published_at, first_reply_at, useful, structures, theme)"
                    " VALUES ('sql-1', 'd', TIMESTAMP '2023-05-12 10:00', TIMESTAMP '2023-05-30 09:00', true, ['CAF'], 'Santé')")
    assert_matches_reference(store)
    # An import after that is still right everywhere (the stale months are rebuilt too).
    with duckdb.connect(str(db_path)) as con:
        con.execute("INSERT INTO experiences (id, description, published_at, structures) VALUES"
                    " ('sql-2', 'd', TIMESTAMP '2023-02-02 10:00', ['ANTS'])")
    store.import_experiences(random_experiences(rng, range(900, 950), "c"))
    assert_matches_reference(store)


def test_by_structure_rows_equal_the_structure_filter(db_path: Path) -> None:
    store = Store(db_path)
    store.import_experiences(random_experiences(random.Random(7), range(300), "a"))
    scope = kpi.KpiScope(start=date(2023, 2, 10), end=date(2023, 10, 20))
    for row in kpi.by_structure(store, scope):
        alone = kpi.headline(store, kpi.KpiScope(start=scope.start, end=scope.end, structure=row["structure"]))
        assert {k: alone[k] for k in kpi.FIGURES} == {k: row[k] for k in kpi.FIGURES}


# --------------------------------------------------------------------------- daily rollups vs kpi_facts


def facts_counts(facts: list[tuple], query: dict[str, Any]) -> list[dict[str, Any]]:
    """The counts of ``Store.kpi_figures`` for ``query``, computed in Python from kpi_facts rows
    (published_on, structures, theme, response_days, useful, answered, ai_buckets)."""
    start, end, structure, theme = query.get("start"), query.get("end"), query.get("structure"), query.get("theme")
    group_by, threshold = query.get("group_by"), query.get("ai_threshold", 50)
    groups: dict[Any, list[tuple]] = {}
    for row in facts:
        day, structures, row_theme = row[0], row[1], row[2]
        if (start or end) and day is None:
            continue
        if (start and day < start) or (end and day > end):
            continue
        if (structure and structure not in structures) or (theme and row_theme != theme):
            continue
        keys = {None: [None], "month": [f"{day:%Y-%m}"] if day else [],
                "structure": [structure] if structure else structures, "theme": [row_theme]}[group_by]
        for key in keys:
            groups.setdefault(key, []).append(row)
    out = []
    for key, rows in groups.items():
        days = [r[3] for r in rows if r[3] is not None]
        buckets = [b for r in rows for b in r[6]]
        out.append({
            "key": key, "experiences": len(rows), "answered": sum(1 for r in rows if r[5]),
            "response_n": len(days), "response_days_sum": sum(days),
            "median_response_days": statistics.median(days) if days else None,
            "useful_known": sum(1 for r in rows if r[4] is not None), "useful_yes": sum(1 for r in rows if r[4]),
            "replies": len(buckets), "ai_replies": sum(1 for b in buckets if b >= threshold),
        })
    if group_by == "month":
        return sorted(out, key=lambda r: r["key"])
    return sorted(out, key=lambda r: (-r["experiences"], r["key"] is None, r["key"] or ""))


def test_partial_months_from_the_daily_rollups_equal_the_fact_table(db_path: Path) -> None:
    store = Store(db_path)
    rng = random.Random(11)
    store.import_experiences(random_experiences(rng, range(0, 1500), "a"))
    store.import_experiences(random_experiences(rng, range(1200, 1600), "b"))  # re-imports move some
    with duckdb.connect(str(db_path)) as con:
        facts = con.execute(
            "SELECT published_on, structures, theme, response_days, useful, answered, ai_buckets FROM kpi_facts"
        ).fetchall()
        assert len(facts) == 1600
        # the partial months really come from the daily rollups, at every level
        assert {level for (level,) in con.execute("SELECT DISTINCT level FROM kpi_experience_daily").fetchall()} \
            == {"all", "structure", "theme", "structure_theme"}
    first, last = date(2022, 12, 20), date(2024, 2, 20)  # the data: 2023-01-01 + 400 days
    ranges: list[tuple[date | None, date | None]] = [
        (date(2023, 5, 9), date(2023, 5, 20)),  # within one month
        (date(2023, 5, 31), date(2023, 6, 1)),  # two partial months, no whole one
        (date(2023, 3, 1), date(2023, 8, 31)),  # whole months only
        (date(2023, 3, 2), date(2023, 8, 30)),  # a day short at both ends
        (date(2023, 12, 31), date(2023, 12, 31)),  # one day
        (None, date(2023, 7, 14)), (date(2023, 7, 14), None),  # open ends
        (first, last),
    ]
    while len(ranges) < 30:
        a, b = sorted(first + timedelta(days=rng.randrange((last - first).days)) for _ in range(2))
        ranges.append((a, b))
    queries = []
    for start, end in ranges:
        for group_by in (None, "month", "structure", "theme"):
            queries.append({
                "group_by": group_by, "start": start, "end": end,
                "structure": rng.choice([None, None, "CAF", "CPAM", "Préfecture"]),
                "theme": rng.choice([None, None, "Famille", "Santé"]),
                "ai_threshold": rng.choice([0, 1, 49, 50, 51, 73, 100]),
            })
    (results, _) = store.kpi_counts(queries)
    compared = 0
    for query, got in zip(queries, results):
        assert got == facts_counts(facts, query), query
        compared += len(got)
    assert compared > 250  # most queries have rows to compare


def downgrade_to_before_daily_rollups(db_path: Path) -> None:
    """Make the file look as the workbench left it before m005: no daily rollups, and monthly
    reply rollups holding a plain histogram (what m003 wrote)."""
    with duckdb.connect(str(db_path)) as con:
        con.execute("CREATE TEMP TABLE histogram AS SELECT level, CAST(date_trunc('month', day) AS DATE) AS month,"
                    " structure, theme, ai_bucket, sum(replies) AS replies FROM kpi_reply_daily GROUP BY ALL")
        con.execute("DELETE FROM kpi_reply_rollup")
        con.execute("INSERT INTO kpi_reply_rollup SELECT * FROM histogram")
        con.execute("DROP TABLE kpi_experience_daily")
        con.execute("DROP TABLE kpi_reply_daily")
        con.execute("DELETE FROM _migrations WHERE id = 5")


def test_a_database_from_before_the_daily_rollups_is_rebuilt(db_path: Path) -> None:
    store = Store(db_path)
    rng = random.Random(5)
    store.import_experiences(random_experiences(rng, range(0, 500), "a"))
    expected = kpi.report(store, SCOPES[1])

    # The first KPI read after the migration rebuilds facts and rollups.
    downgrade_to_before_daily_rollups(db_path)
    reopened = Store(db_path)
    assert reopened.schema_version() == len(MIGRATIONS)  # m005 applied again
    assert kpi.report(reopened, SCOPES[1]) == expected
    assert_matches_reference(reopened)

    # So does an import that comes first (it refreshes its months, then finds the rest missing).
    downgrade_to_before_daily_rollups(db_path)
    reopened = Store(db_path)
    reopened.import_experiences(random_experiences(rng, range(500, 520), "b"))
    assert_matches_reference(reopened)
