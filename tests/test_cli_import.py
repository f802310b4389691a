"""The `workbench import ...` commands end to end, in real subprocesses on real files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from fixtures_files import (
    spp_row,
    write_agent_feedback_csv,
    write_csv,
    write_spp_csv,
    write_spp_json,
    spp_json_record,
)

FICHE = """<?xml version="1.0" encoding="UTF-8"?>
<Publication xmlns:dc="http://purl.org/dc/elements/1.1/" ID="F1" spUrl="https://www.service-public.fr/particuliers/vosdroits/F1">
  <dc:title>Carte d'identité</dc:title><dc:subject>Papiers</dc:subject><dc:date>modified 2025-01-02</dc:date>
  <dc:type>Fiche pratique</dc:type>
  <Introduction><Paragraphe>La carte se renouvelle en mairie.</Paragraphe></Introduction>
  <Texte><Chapitre><Titre><Paragraphe>Démarche</Paragraphe></Titre>
  <Paragraphe>Faites une <MiseEnEvidence>pré-demande</MiseEnEvidence> en ligne.</Paragraphe></Chapitre></Texte>
</Publication>
"""


def cli(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "workbench.cli", "--db", str(db), *args],
        capture_output=True, text=True, timeout=180,
    )


def table_counts(db: Path) -> dict[str, int]:
    if not db.exists():
        return {}
    with duckdb.connect(str(db)) as con:
        tables = [r[0] for r in con.execute("SELECT table_name FROM information_schema.tables WHERE table_name NOT IN ('_migrations', 'imports')").fetchall()]
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}


def test_spp_export_with_bom_multiline_and_two_structures(tmp_path: Path, db_path: Path) -> None:
    rows = [
        spp_row("1001", {
            "Description": "Bonjour,\nje suis Marie Durand, tél. 06 12 34 56 78,\nmarie.durand@example.com.\nMerci",
            "Intitulé typologie 2": "CPAM", "Intitulé structure 2": "CPAM de Paris",
            "Réponse structure 2": "Madame,\nnous avons transmis votre demande.\nCordialement",
            "Taux de similarité réponse IA structure 2": "40",
        }),
        spp_row("1002", {"Date de publication": "12/02/2023", "Réponse structure 1": "", "Etat expérience": "En attente de réponse"}),
        spp_row("1003", {"Colonne ajoutée": "gardée"}),
    ]
    export = write_spp_csv(tmp_path / "export.csv", rows, bom=True, delimiter=";")
    assert export.read_bytes().startswith(b"\xef\xbb\xbf")
    done = cli(db_path, "import", "experiences", str(export), "--json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)  # exactly one JSON object on stdout
    assert (result["experiences"], result["replies"]) == (3, 3)
    with duckdb.connect(str(db_path)) as con:
        stored = " ".join(str(v) for row in con.execute("SELECT * FROM experiences").fetchall() for v in row)
        replies = " ".join(r[0] for r in con.execute("SELECT text FROM replies").fetchall())
        meta = con.execute("SELECT metadata FROM experiences WHERE id = '1003'").fetchone()[0]
    # Personal data never reaches the database.
    for secret in ("Marie Durand", "06 12 34 56 78", "marie.durand@example.com", "Camille_75"):
        assert secret not in stored and secret not in replies
    assert "<TEL>" in stored and "<EMAIL>" in stored and "<NOM>" in stored
    assert json.loads(meta)["Colonne ajoutée"] == "gardée"


def test_spp_json_and_cp1252_comma_csv(tmp_path: Path, db_path: Path) -> None:
    json_file = write_spp_json(tmp_path / "export.json", [spp_json_record("j1"), spp_json_record("j2")])
    assert json.loads(cli(db_path, "import", "experiences", str(json_file), "--json").stdout)["experiences"] == 2
    excel = write_spp_csv(tmp_path / "excel.csv", [spp_row("w1", {"Titre": "Délai trop long à la préfecture"})], bom=False, delimiter=",", encoding="cp1252")
    done = cli(db_path, "import", "experiences", str(excel), "--json")
    assert done.returncode == 0, done.stderr
    with duckdb.connect(str(db_path)) as con:
        assert con.execute("SELECT title FROM experiences WHERE id = 'w1'").fetchone()[0] == "Délai trop long à la préfecture"


BAD_SPP = {
    "impossible_date": (lambda p: write_spp_csv(p, [spp_row("1"), spp_row("2", {"Date de publication": "31/02/2023"})]), ["ligne 7", "enregistrement 2", "Date de publication", "31/02/2023"]),
    "missing_column": (lambda p: write_csv(p, [{"Titre": "x", "Description": "y"}], delimiter=";"), ["ID expérience"]),
    "empty": (lambda p: p.write_bytes(b""), ["vide"]),
    "binary": (lambda p: p.write_bytes(b"\x00\x01\x02PK\x03\x04" * 100), []),
}


@pytest.mark.parametrize("case", sorted(BAD_SPP))
def test_bad_input_is_one_clear_line_and_changes_nothing(tmp_path: Path, db_path: Path, case: str) -> None:
    good = write_spp_csv(tmp_path / "good.csv", [spp_row("ok-1")])
    assert cli(db_path, "import", "experiences", str(good)).returncode == 0
    before = table_counts(db_path)
    write, expected = BAD_SPP[case]
    bad = tmp_path / "bad.csv"
    write(bad)
    done = cli(db_path, "import", "experiences", str(bad), "--json")
    assert done.returncode == 1
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Erreur : ") and "bad.csv" in lines[0]
    assert "Traceback" not in done.stderr
    for fragment in expected:
        assert fragment in lines[0]
    assert table_counts(db_path) == before


def test_questions_corpus_and_feedback_commands(tmp_path: Path, db_path: Path) -> None:
    questions = write_csv(
        tmp_path / "q.csv",
        [
            {"id": "Q1", "question": "Comment refaire ma carte d'identité ?", "theme": "papiers", "reference_context_ids": "F1"},
            {"id": "Q2", "question": "Mon voisin M. Martin peut-il déposer ma demande ?", "theme": "papiers", "reference_context_ids": "F1"},
        ],
    )
    first = json.loads(cli(db_path, "import", "questions", str(questions), "--dataset", "demo", "--json").stdout)
    assert (first["dataset"], first["questions"], first["version"], first["created"]) == ("demo", 2, 1, True)
    again = json.loads(cli(db_path, "import", "questions", str(questions), "--dataset", "demo", "--json").stdout)
    assert (again["version"], again["created"]) == (1, False)

    fiches = tmp_path / "fiches"
    fiches.mkdir()
    (fiches / "F1.xml").write_text(FICHE, encoding="utf-8")
    corpus = json.loads(cli(db_path, "import", "corpus", str(fiches), "--corpus", "sp", "--json").stdout)
    assert (corpus["corpus"], corpus["documents"], corpus["passages"]) == ("sp", 1, 2)

    feedback = write_agent_feedback_csv(
        tmp_path / "fb.csv",
        [{"agent": "agent-1", "date": "2025-06-02", "sentiment": "positif", "comment": "Gain de temps"},
         {"agent": "agent-2", "date": "2025-06-03", "sentiment": "négatif", "comment": "Trop long"}],
    )
    assert json.loads(cli(db_path, "import", "agent-feedback", str(feedback), "--json").stdout)["agent_feedback"] == 2
    with duckdb.connect(str(db_path)) as con:
        assert con.execute("SELECT text FROM questions WHERE id = 'Q2'").fetchone()[0] == "Mon voisin M. <NOM> peut-il déposer ma demande ?"
        assert con.execute("SELECT text FROM documents").fetchone()[0].count("pré-demande") == 1

    runs = json.loads(cli(db_path, "runs", "--json").stdout)
    assert runs == {"runs": []}


def test_missing_file_and_unknown_format(tmp_path: Path, db_path: Path) -> None:
    done = cli(db_path, "import", "questions", str(tmp_path / "absent.csv"), "--dataset", "x")
    assert done.returncode == 1 and "absent.csv" in done.stderr and "introuvable" in done.stderr
    (tmp_path / "q.csv").write_text("question\nBonjour\n", encoding="utf-8")
    done = cli(db_path, "import", "questions", str(tmp_path / "q.csv"), "--dataset", "x", "--format", "xlsx")
    assert done.returncode == 1 and "format inconnu" in done.stderr


def test_db_from_environment(tmp_path: Path) -> None:
    import os

    db = tmp_path / "env.duckdb"
    done = subprocess.run(
        [sys.executable, "-m", "workbench.cli", "runs", "--json"],
        capture_output=True, text=True, timeout=60, env={**os.environ, "WORKBENCH_DB": str(db)}, cwd=tmp_path,
    )
    assert done.returncode == 0 and db.exists()
