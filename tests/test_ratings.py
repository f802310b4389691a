"""Ratings: the agreement statistics against textbook values, validation and replace-on-re-rate,
blind queues and pairs, the CLI (in subprocesses), and 20 concurrent CLI raters beside a replay."""

from __future__ import annotations

import json
import math
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from scoring_seed import replay_run, seed_scoring
from workbench import ratings
from workbench.errors import WorkbenchError
from workbench.scoring import score_run
from workbench.store import Store

ROOT = Path(__file__).resolve().parent.parent
NAN = np.nan


def cli(db: Path, *args: str, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "workbench.cli", "--db", str(db), *args],
        capture_output=True, text=True, timeout=timeout, cwd=ROOT,
    )


@pytest.fixture(scope="module")
def base_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    """Two real replays (extractive and the recorded human reply) of 8 questions, the first scored."""
    db = tmp_path_factory.mktemp("ratings") / "base.duckdb"
    store = Store(db, lock_timeout_s=20)
    seed_scoring(store, 8)
    run_x = replay_run(store, "extractif", "extractive")
    run_y = replay_run(store, "humain", "recorded", retrieval="none")
    score_run(store, run_x, ["rouge_l", "string_similarity"])
    return db, run_x, run_y


@pytest.fixture
def rated(base_db: tuple[Path, str, str], tmp_path: Path) -> tuple[Store, str, str]:
    db, run_x, run_y = base_db
    copy = tmp_path / "wb.duckdb"
    shutil.copy(db, copy)
    return Store(copy, lock_timeout_s=20), run_x, run_y


# -- statistics against known values ------------------------------------------------------------------

# Krippendorff (2011), "Computing Krippendorff's alpha-reliability": 4 coders, 12 units, missing values.
KRIPPENDORFF_DATA = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, NAN, NAN, NAN],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, NAN, 3],
    [NAN, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, NAN],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, NAN],
]

# Fleiss (1971), as reproduced on Wikipedia: 10 subjects, 14 raters, 5 categories; kappa = 0.210.
FLEISS_TABLE = [
    [0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0], [2, 2, 8, 1, 1],
    [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2], [6, 5, 2, 1, 0], [0, 2, 2, 3, 7],
]


def test_krippendorff_alpha_matches_the_canonical_example() -> None:
    assert ratings.krippendorff_alpha(KRIPPENDORFF_DATA, "nominal") == pytest.approx(0.743, abs=5e-4)
    assert ratings.krippendorff_alpha(KRIPPENDORFF_DATA, "ordinal") == pytest.approx(0.815, abs=5e-4)
    assert ratings.krippendorff_alpha(KRIPPENDORFF_DATA, "interval") == pytest.approx(0.849, abs=5e-4)


def test_krippendorff_alpha_perfect_agreement_is_one_and_no_data_is_nan() -> None:
    assert ratings.krippendorff_alpha([[1, 2, 3, 4.5, 0], [1, 2, 3, 4.5, 0], [1, NAN, 3, 4.5, 0]]) == 1.0
    assert math.isnan(ratings.krippendorff_alpha([[1, NAN], [NAN, 2]]))  # nothing pairable
    assert math.isnan(ratings.krippendorff_alpha([[3, 3], [3, 3]]))  # no variation at all
    # Systematic disagreement is worse than chance.
    assert ratings.krippendorff_alpha([[1, 5, 1, 5], [5, 1, 5, 1]]) < 0


def test_fleiss_kappa_matches_fleiss_1971() -> None:
    assert ratings.fleiss_kappa(FLEISS_TABLE) == pytest.approx(0.210, abs=5e-4)
    assert ratings.fleiss_kappa([[3, 0], [0, 3], [3, 0]]) == 1.0
    assert math.isnan(ratings.fleiss_kappa([[3, 0], [3, 0]]))


def test_wilson_interval_known_value() -> None:
    low, high = ratings.wilson_interval(8, 10)
    assert (low, high) == (pytest.approx(0.4902, abs=1e-4), pytest.approx(0.9433, abs=1e-4))
    assert all(math.isnan(v) for v in ratings.wilson_interval(0, 0))


# -- recording ----------------------------------------------------------------------------------------


def test_validation_errors_write_nothing(rated) -> None:
    store, run_x, _ = rated
    bad = [
        dict(stars=5.5), dict(stars=-0.5), dict(stars=2.25), dict(stars="beaucoup"),
        dict(stars=3, positive=["hallucinations"]), dict(stars=3, negative=["clair"]),
        dict(stars=3, rater="  "),
    ]
    for options in bad:
        options = {"rater": "alice", **options}
        with pytest.raises(WorkbenchError):
            ratings.rate(store, run_x, "Q000", **options)
    with pytest.raises(WorkbenchError, match="exécution inconnue"):
        ratings.rate(store, "run-inconnue", "Q000", rater="alice", stars=3)
    with pytest.raises(WorkbenchError, match="Q999"):
        ratings.rate(store, run_x, "Q999", rater="alice", stars=3)
    assert ratings.ratings(store, run_x) == []


def test_re_rating_replaces_and_comments_are_pseudonymised(rated) -> None:
    store, run_x, _ = rated
    ratings.rate(store, run_x, "Q000", rater="alice", stars=2, negative=["trop_long"])
    ratings.rate(
        store, run_x, "Q000", rater="alice", stars=4.5, positive=["clair", "complet", "clair"],
        comment="Rappeler M. Jean Dupont au 06 12 34 56 78", good_answer=True,
    )
    ratings.rate(store, run_x, "Q000", rater="bob", stars=4)
    rows = ratings.ratings(store, run_x)
    assert [(r["rater"], r["stars"]) for r in rows] == [("alice", 4.5), ("bob", 4.0)]
    alice = rows[0]
    assert alice["positive_tags"] == ["clair", "complet"] and alice["negative_tags"] == []
    assert alice["good_answer"] is True
    assert "06 12" not in alice["comment"] and "Dupont" not in alice["comment"] and "<TEL>" in alice["comment"]


def test_blind_queue_is_shuffled_per_rater_and_tracks_progress(rated) -> None:
    store, run_x, run_y = rated
    alice = ratings.rating_queue(store, "alice")
    assert len(alice) == 16 and ratings.progress(alice) == (0, 16)
    order = [(i.run_id, i.question_id) for i in alice]
    assert order == [(i.run_id, i.question_id) for i in ratings.rating_queue(store, "alice")]  # stable
    assert order != [(i.run_id, i.question_id) for i in ratings.rating_queue(store, "bob")]  # per rater
    assert not any("extractif" in str(vars(item)) for item in alice)  # no pipeline name in an item
    first = ratings.next_to_rate(alice)
    ratings.rate(store, first.run_id, first.question_id, rater="alice", stars=3)
    again = ratings.rating_queue(store, "alice")
    assert ratings.progress(again) == (1, 16)
    assert ratings.next_to_rate(again) != first
    only_x = ratings.rating_queue(store, "alice", [run_x])
    assert {i.run_id for i in only_x} == {run_x} and len(only_x) == 8


def test_pairs_are_blind_swapped_per_rater_and_give_win_rates(rated) -> None:
    store, run_x, run_y = rated
    pairs = ratings.pair_queue(store, "alice", run_x, run_y)
    assert len(pairs) == 8
    assert {p["run_a"] for p in pairs} == {run_x, run_y}  # sides swapped for some questions
    for p in pairs:  # the extractive run always wins, whichever side it is on
        ratings.record_preference(
            store, rater="alice", question_id=p["question_id"], run_a=p["run_a"], run_b=p["run_b"],
            choice="A" if p["run_a"] == run_x else "B", reason="plus précise",
        )
    # Re-choosing replaces; a tie.
    p = pairs[0]
    ratings.record_preference(store, rater="alice", question_id=p["question_id"], run_a=p["run_a"], run_b=p["run_b"], choice="egalite")
    assert all(p["done"] for p in ratings.pair_queue(store, "alice", run_x, run_y))
    with pytest.raises(WorkbenchError, match="choix invalide"):
        ratings.record_preference(store, rater="alice", question_id="Q001", run_a=run_x, run_b=run_y, choice="C")
    rates = ratings.win_rates(store, run_x, run_y)
    assert rates["comparisons"] == 8 and rates["ties"] == 1
    assert rates["runs"][run_x]["wins"] == 7 and rates["runs"][run_x]["win_rate"] == 1.0
    assert rates["runs"][run_y]["win_rate"] == 0.0
    low, high = ratings.wilson_interval(7, 7)
    assert rates["runs"][run_x]["ci_low"] == pytest.approx(low, abs=1e-4) and high == 1.0


def test_agreement_of_a_run(rated) -> None:
    store, run_x, _ = rated
    for i in range(8):
        q = f"Q{i:03d}"
        stars = i % 6
        tags = ["clair"] if i % 2 else []
        ratings.rate(store, run_x, q, rater="alice", stars=stars, positive=tags)
        ratings.rate(store, run_x, q, rater="bob", stars=stars, positive=tags)
    result = ratings.agreement(store, run_x)
    assert result["items"] == 8 and result["raters"] == 2
    assert result["krippendorff_alpha"] == 1.0
    assert result["fleiss_kappa"]["clair"] == 1.0 and result["fleiss_kappa"]["hallucinations"] is None
    assert set(result["judge_human"]) == {"rouge_l", "string_similarity"}
    rouge = result["judge_human"]["rouge_l"]
    assert rouge["n"] == 8 and set(rouge) == {"rho", "ci_low", "ci_high", "p", "n"}


def test_campaign_assigns_each_answer_to_n_raters_and_tracks_progress(rated) -> None:
    store, run_x, run_y = rated
    team = ["ana", "bruno", "chloé"]
    campaign = ratings.create_campaign(store, "Pilote", [run_x, run_y], team, raters_per_item=2)
    assert campaign["items"] == 16 and campaign["assignments"] == 32
    queues = {p: ratings.campaign_queue(store, campaign["id"], p) for p in team}
    assert sorted(len(q) for q in queues.values()) == [10, 11, 11]  # balanced
    per_item: dict = {}
    for queue in queues.values():
        for item in queue:
            per_item[(item.run_id, item.question_id)] = per_item.get((item.run_id, item.question_id), 0) + 1
    assert len(per_item) == 16 and set(per_item.values()) == {2}
    assert ratings.campaign_queue(store, campaign["id"], "intrus") == []
    with pytest.raises(WorkbenchError, match="existe déjà"):
        ratings.create_campaign(store, "Pilote", [run_x, run_y], team)
    with pytest.raises(WorkbenchError, match="évaluateur"):
        ratings.create_campaign(store, "Trop", [run_x], ["ana"], raters_per_item=2)
    # Both raters of each of ana's items agree perfectly.
    for item in queues["ana"]:
        for person in team:
            if any((i.run_id, i.question_id) == (item.run_id, item.question_id) for i in queues[person]):
                ratings.rate(store, item.run_id, item.question_id, rater=person, stars=float(int(item.question_id[1:]) % 6))
    progress = ratings.campaign_progress(store, campaign["id"])
    assert progress["raters"]["ana"] == {"assigned": len(queues["ana"]), "rated": len(queues["ana"])}
    assert progress["rated"] == 2 * len(queues["ana"]) and progress["assigned"] == 32
    assert ratings.progress(ratings.campaign_queue(store, campaign["id"], "ana")) == (len(queues["ana"]),) * 2
    together = ratings.campaign_agreement(store, campaign["id"])
    assert together["items"] == len(queues["ana"]) and together["krippendorff_alpha"] == 1.0


# -- CLI --------------------------------------------------------------------------------------------


def test_cli_rate_ratings_and_agreement(rated) -> None:
    store, run_x, _ = rated
    db = store.path
    done = cli(db, "rate", run_x, "Q001", "--rater", "alice", "--stars", "3.5", "--positive", "clair",
               "--negative", "trop_long", "--comment", "bien", "--good", "--json")
    assert done.returncode == 0, done.stderr
    rating = json.loads(done.stdout)["rating"]
    assert rating["stars"] == 3.5 and rating["good_answer"] is True
    for args, expected in [
        (["--stars", "7"], "note invalide"),
        (["--stars", "3", "--negative", "faux"], "étiquette négative inconnue"),
    ]:
        done = cli(db, "rate", run_x, "Q002", "--rater", "alice", *args)
        assert done.returncode == 1 and done.stderr.strip().startswith("Erreur :") and expected in done.stderr
        assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr
    done = cli(db, "rate", "run-nope", "Q002", "--rater", "alice", "--stars", "3")
    assert done.returncode == 1 and "exécution inconnue" in done.stderr
    done = cli(db, "rate", run_x, "Q001", "--rater", "bob", "--stars", "3")
    assert done.returncode == 0, done.stderr
    listed = json.loads(cli(db, "ratings", run_x, "--json").stdout)["ratings"]
    assert [(r["rater"], r["question_id"], r["stars"]) for r in listed] == [("alice", "Q001", 3.5), ("bob", "Q001", 3.0)]
    done = cli(db, "agreement", run_x, "--json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert {"items", "raters", "krippendorff_alpha", "fleiss_kappa", "judge_human"} <= set(result)
    assert result["items"] == 1 and result["raters"] == 2


REPLAY_SCRIPT = """
import sys
sys.path.insert(0, {tests!r})
from scoring_seed import pipeline
from workbench.replay import replay
from workbench.store import Store
store = Store({db!r}, lock_timeout_s=120)
for k in (1, 2, 3):
    replay(store, pipeline(f"concurrent-{{k}}", "extractive", k=k), "ref", concurrency=4)
print("replayed")
"""


def test_twenty_concurrent_cli_raters_beside_a_replay_lose_nothing(rated, monkeypatch) -> None:
    from streamlit.testing.v1 import AppTest

    store, run_x, run_y = rated
    db = store.path
    monkeypatch.setenv("WORKBENCH_DB", str(db))
    monkeypatch.chdir(ROOT)
    replay_proc = subprocess.Popen(
        [sys.executable, "-c", REPLAY_SCRIPT.format(tests=str(ROOT / "tests"), db=str(db))],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    raters = []
    for i in range(20):
        run_id = run_x if i % 2 == 0 else run_y
        question = f"Q{i % 8:03d}"
        raters.append((
            f"agent-{i:02d}", run_id, question, (i % 11) / 2,
            subprocess.Popen(
                [sys.executable, "-m", "workbench.cli", "--db", str(db), "rate", run_id, question,
                 "--rater", f"agent-{i:02d}", "--stars", str((i % 11) / 2), "--positive", "clair", "--json"],
                cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            ),
        ))
    # The app is open meanwhile: its pages read the same file while the raters and the replay write.
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    renders = 0
    while any(proc.poll() is None for *_, proc in raters) or renders < 2:
        app.run()
        assert not app.exception
        app.switch_page("views/resultats.py").run()
        assert not app.exception
        renders += 1
    for name, _, _, _, proc in raters:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, f"{name}: {err}"
        assert json.loads(out)["rating"]["rater"] == name
    out, err = replay_proc.communicate(timeout=300)
    assert replay_proc.returncode == 0, err
    stored = {
        (r["rater"], r["run_id"], r["question_id"], r["stars"])
        for run_id in (run_x, run_y) for r in ratings.ratings(store, run_id)
    }
    assert stored == {(name, run_id, q, s) for name, run_id, q, s, _ in raters}
    assert len([r for r in store.runs_summary() if r["status"] == "finished"]) == 5
