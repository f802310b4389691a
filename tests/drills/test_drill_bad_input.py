"""Bad-input drill (issue #5): malformed files through every importer.

Each case writes one file (or folder, or zip) and expects one of two outcomes:

- ``Refused``: one :class:`InputError`, one line, naming the file and, where it makes sense,
  the line, record and column; no personal data of the file in the message; and the
  database exactly as it was (every table's row count and content hash);
- ``Imported``: what was stored is checked.

The cases run in process through ``workbench.importing`` (the entry point of the CLI and the
app), each on its own copy of a database seeded with one import of every kind. A handful go
through the real CLI, and a 100 MB question file is refused then imported there with the peak
resident memory of the importing process measured.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import os
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pytest

from fixtures_files import (
    SPP_COLUMNS,
    spp_json_record,
    spp_row,
    write_agent_feedback_csv,
    write_csv,
    write_json,
    write_jsonl,
    write_parquet,
    write_spp_csv,
    write_spp_json,
)
from workbench import importing
from workbench.errors import InputError
from workbench.store import Store

ROOT = Path(__file__).resolve().parents[2]

# Personal data planted in the files: never in an error message, never in the CLI's output.
CITIZEN_TEXT = ("Bonjour, je suis Marie Durand (06 12 34 56 78, marie.durand@example.com), "
                "j'attends ma prime d'activité depuis deux mois.")
PERSONAL = ("Marie Durand", "Durand", "06 12 34 56 78", "marie.durand@example.com")
SECRET = "CONTENU-SECRET-7f3a9c"  # a local file that XML entities must never bring in
NEVER_CLOSED = "guillemet ouvert jamais fermé"
NOT_TEXT = "ce n'est pas un fichier texte"
TOO_DEEP = "trop profondément imbriqué"
FORMULAS = ("=cmd|' /C calc'!A0", "+1+1+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0",
            "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+2", "\r=3+4")


# --------------------------------------------------------------------------- expectations


@dataclass(frozen=True)
class Refused:
    """The import fails with this message fragment, at exactly this place."""

    says: str
    line: int | None = None
    column: str | None = None
    record: str | None = None
    names: str | None = None  # end of the file named, when not the input's own name
    after: Callable[[Path], None] | None = None  # further checks on the case's folder


@dataclass(frozen=True)
class Imported:
    """The import succeeds; ``check(con, result, folder)`` asserts what was stored."""

    check: Callable[[duckdb.DuckDBPyConnection, Any, Path], None]


@dataclass(frozen=True)
class Case:
    kind: str  # experiences | agent-feedback | questions | corpus
    write: Callable[[Path], Path]  # writes the input into a folder, returns its path
    expect: Refused | Imported
    fmt: str | None = None  # --format of questions and corpus


# --------------------------------------------------------------------------- writing files


def _bytes(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _text(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8", newline="")
    return path


def _csv_text(rows: list[dict[str, Any]], columns: list[str], *, delimiter: str = ";",
              header: bool = True) -> str:
    """A CSV as Services Publics+ writes it: every cell quoted, CRLF."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    if header:
        writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(column, "") for column in columns])
    return buffer.getvalue()


def _spp_rows(second: dict[str, str] | None = None, *, second_id: str = "e-2") -> list[dict[str, str]]:
    """Two experiences: e-1 carries personal data and spans lines 2-4; e-2 starts on line 5."""
    return [spp_row("e-1", {"Description": CITIZEN_TEXT}), spp_row(second_id, second)]


def _spp_export(path: Path, second: dict[str, str] | None = None, **options: Any) -> Path:
    return write_spp_csv(path, _spp_rows(second), **options)


PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00"
       b"\x1f\xf3\xffa\x00\x00\x00\x19IDATx\x9cc\xf8\xcf\xc0\xf0\x9f\x81\x81\x81\x81\x81\x81\x81"
       + bytes(range(256)) * 4 + b"\x00\x00\x00\x00IEND\xaeB`\x82")


def _deep_json(levels: int) -> str:
    return "[" * levels + "]" * levels


QUESTIONS = [
    {"id": "q-1", "question": "Comment renouveler ma carte d'identité ?", "theme": "papiers"},
    {"id": "q-2", "question": "Où déclarer un changement d'adresse ?", "theme": "logement"},
]


def _fiche(fiche_id: str = "F1", *, body: str = "<Paragraphe>La carte se renouvelle en mairie.</Paragraphe>",
           date: str = "modified 2025-01-02", prolog: str = '<?xml version="1.0" encoding="UTF-8"?>') -> str:
    return (
        f'{prolog}\n<Publication xmlns:dc="http://purl.org/dc/elements/1.1/" ID="{fiche_id}"'
        f' spUrl="https://www.service-public.fr/particuliers/vosdroits/{fiche_id}">\n'
        f"  <dc:title>Carte d'identité {fiche_id}</dc:title><dc:date>{date}</dc:date>\n"
        f"  <Texte>{body}</Texte>\n</Publication>\n"
    )


def _fiches(folder: Path, *fiches: tuple[str, str | bytes]) -> Path:
    target = folder / "fiches"
    target.mkdir()
    for name, content in fiches:
        data = content.encode("utf-8") if isinstance(content, str) else content
        (target / name).write_bytes(data)
    return target


def _zip(path: Path, members: list[tuple[str, bytes | str]], *, stored: bool = False) -> Path:
    compression = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(path, "w", compression=compression) as archive:
        for name, data in members:
            archive.writestr(name, data)
    return path


def _secret_file(folder: Path) -> Path:
    secret = folder / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    return secret


# --- Services Publics+ exports


def spp_cp1252_byte_in_utf8(folder: Path) -> Path:
    path = _spp_export(folder / "export.csv", {"Titre": "Délai de réponse"})
    data = path.read_bytes()
    return _bytes(path, data.replace("Délai".encode(), "Délai".encode("cp1252")))


def spp_cp1252_then_utf8(folder: Path) -> Path:
    first = _csv_text([spp_row("e-1", {"Titre": "Délai de réponse"})], SPP_COLUMNS).encode("cp1252")
    second = _csv_text([spp_row("e-2", {"Titre": "Prime versée"})], SPP_COLUMNS, header=False)
    return _bytes(folder / "export.csv", first + second.encode("utf-8"))


def spp_truncated_in_quoted_cell(folder: Path) -> Path:
    path = _spp_export(folder / "export.csv")
    data = path.read_bytes()
    cut = data.rindex("j'attends le versement".encode())
    return _bytes(path, data[:cut + 10])


def spp_json_truncated(folder: Path) -> Path:
    path = write_spp_json(folder / "export.json", [spp_json_record("e-1"), spp_json_record("e-2")])
    text = path.read_text(encoding="utf-8")
    return _text(path, text[: text.rindex('"reponse_structure_1"') + 12])


def spp_two_exports_end_to_end(folder: Path) -> Path:
    first = write_spp_csv(folder / "a.csv", [spp_row("e-1", {"Description": CITIZEN_TEXT})]).read_bytes()
    second = write_spp_csv(folder / "b.csv", [spp_row("e-2")]).read_bytes()
    return _bytes(folder / "export.csv", first + second)


def spp_formula_cells(folder: Path) -> Path:
    return write_spp_csv(folder / "export.csv", [spp_row("e-1", {
        "Titre": FORMULAS[0],
        "Description": FORMULAS[1],
        "Réponse structure 1": FORMULAS[2],
        "Intitulé région usager": FORMULAS[3],
        "Intitulé département usager": FORMULAS[4],
        "Démarches saisies par usager": FORMULAS[5],
    })])


def spp_lone_surrogate_json(folder: Path) -> Path:
    record = spp_json_record("e-1", {"description": "Ma demande \ud800 est bloquée."})
    text = json.dumps([record], ensure_ascii=True, indent=2)  # "\ud800" as an escape
    return _text(folder / "export.json", text)


def spp_jsonl_deep_second_line(folder: Path) -> Path:
    first = json.dumps(spp_json_record("e-1"), ensure_ascii=False)
    return _text(folder / "export.json", first + "\n" + _deep_json(100_000) + "\n")


def spp_json_deep_record(folder: Path) -> Path:
    record = json.dumps(spp_json_record("e-1"), ensure_ascii=False)[:-1]
    return _text(folder / "export.json", "[" + record + ', "annexe": ' + _deep_json(100_000) + "}]")


def _check_spp_title(expected: str) -> Callable[[duckdb.DuckDBPyConnection, Any, Path], None]:
    def check(con: duckdb.DuckDBPyConnection, result: Any, folder: Path) -> None:
        assert result["experiences"] == 2
        assert con.execute("SELECT title FROM experiences WHERE id = 'e-2'").fetchone()[0] == expected
        stored = con.execute("SELECT description FROM experiences WHERE id = 'e-1'").fetchone()[0]
        assert "<TEL>" in stored and "<EMAIL>" in stored and "Marie Durand" not in stored

    return check


def _check_spp_extra(con: duckdb.DuckDBPyConnection, result: Any, folder: Path) -> None:
    assert result["experiences"] == 2
    metadata = json.loads(con.execute("SELECT metadata FROM experiences WHERE id = 'e-2'").fetchone()[0])
    assert metadata["Colonne inconnue"] == "gardée" and metadata["Code interne"] == "X-42"


def _check_spp_formulas(con: duckdb.DuckDBPyConnection, result: Any, folder: Path) -> None:
    title, description, region, department, procedures = con.execute(
        "SELECT title, description, region, department, procedures FROM experiences WHERE id = 'e-1'"
    ).fetchone()
    reply = con.execute("SELECT text FROM replies WHERE experience_id = 'e-1'").fetchone()[0]
    # Stored as the text it is (only the surrounding blanks of a cell are dropped), never run.
    assert [title, description, reply, region, department, procedures] == [f.strip() for f in FORMULAS]


# --- agents' feedback


def _feedback(path: Path, *rows: dict[str, str], **options: Any) -> Path:
    return write_agent_feedback_csv(path, [
        {"agent": "agent-7", "date": "2025-06-02", "sentiment": "positif", "comment": "Gain de temps"},
        *rows,
    ], **options)


def _check_feedback_formulas(con: duckdb.DuckDBPyConnection, result: Any, folder: Path) -> None:
    assert result == {"agent_feedback": 5, "new": 4}  # agent-7's row was imported with the seed
    comments = {r[0] for r in con.execute("SELECT comment FROM agent_feedback WHERE agent = 'agent-9'").fetchall()}
    assert comments == {'=HYPERLINK("http://exemple.invalid/x","clic")', "+1+1", "-1-1", "@A1"}


def _check_feedback_utf16(con: duckdb.DuckDBPyConnection, result: Any, folder: Path) -> None:
    assert result["agent_feedback"] == 2
    assert con.execute("SELECT sentiment, comment FROM agent_feedback WHERE agent = 'agent-8'").fetchone() == (
        "negatif", "Brouillon trop long à relire")


# --- question sets


def _check_questions(expected: dict[str, str]) -> Callable[[duckdb.DuckDBPyConnection, Any, Path], None]:
    def check(con: duckdb.DuckDBPyConnection, result: Any, folder: Path) -> None:
        assert (result.name, result.version, result.created) == ("drill", 2, True)
        stored = dict(con.execute("SELECT id, text FROM questions WHERE dataset_id = ?", [result.id]).fetchall())
        assert stored == expected

    return check


def _check_questions_metadata(con: duckdb.DuckDBPyConnection, result: Any, folder: Path) -> None:
    metadata = con.execute("SELECT metadata FROM questions WHERE dataset_id = ? AND id = 'q-2'",
                           [result.id]).fetchone()[0]
    assert json.loads(metadata) == {"source": "guichet", "colonne_inconnue": "gardée"}


def _check_huge_question(con: duckdb.DuckDBPyConnection, result: Any, folder: Path) -> None:
    length = con.execute("SELECT length(text) FROM questions WHERE dataset_id = ? AND id = 'q-1'",
                         [result.id]).fetchone()[0]
    assert length == len(HUGE_QUESTION.strip())


HUGE_QUESTION = "ma demande de logement social reste sans réponse " * 20_000  # 1 MB in one cell


def questions_over_the_cell_limit(folder: Path) -> Path:
    path = folder / "questions.csv"
    with open(path, "wb") as handle:
        handle.write(b'id,question\r\nq-1,"')
        block = b"mot " * (1 << 18)  # 1 MiB
        for _ in range(70):  # 70 MiB > the 64 MiB a cell may hold
            handle.write(block)
        handle.write(b'"\r\n')
    return path


# --- corpora


def _check_no_secret(expected_text: str) -> Callable[[duckdb.DuckDBPyConnection, Any, Path], None]:
    def check(con: duckdb.DuckDBPyConnection, result: Any, folder: Path) -> None:
        assert result.counts == {"documents": 1, "passages": 1}
        stored = " ".join(str(v) for row in con.execute(
            "SELECT d.text, d.metadata, p.text FROM documents d JOIN passages p USING (corpus_id)"
            " JOIN corpora c ON c.id = d.corpus_id WHERE c.name = 'drill'").fetchall() for v in row)
        assert expected_text in stored and SECRET not in stored

    return check


def _nothing_escaped(folder: Path) -> None:
    for base in (folder, folder.parent, folder.parent.parent):
        assert not (base / "evil.xml").exists()


# --------------------------------------------------------------------------- the cases


SPP_LINE_2 = 5  # first physical line of the second experience of _spp_rows()

CASES: dict[str, Case] = {
    # Services Publics+ exports ---------------------------------------------------------------
    "spp_cp1252_byte_in_utf8": Case("experiences", spp_cp1252_byte_in_utf8,
                                    Refused("octet 0xE9 invalide dans un fichier UTF-8", line=SPP_LINE_2)),
    "spp_windows_1252_comma_excel": Case(
        "experiences",
        lambda f: _spp_export(f / "export.csv", {"Titre": "Délai trop long à la préfecture"},
                              bom=False, delimiter=",", encoding="cp1252"),
        Imported(_check_spp_title("Délai trop long à la préfecture"))),
    "spp_utf16_bom_tabs": Case(
        "experiences",
        lambda f: _spp_export(f / "export.csv", {"Titre": "Réponse rapide, merci à l'équipe"},
                              delimiter="\t", encoding="utf-16"),
        Imported(_check_spp_title("Réponse rapide, merci à l'équipe"))),
    "spp_utf16_without_bom": Case(
        "experiences",
        lambda f: _spp_export(f / "export.csv", {"Titre": "Réponse reçue à 14 h"}, encoding="utf-16-le"),
        Imported(_check_spp_title("Réponse reçue à 14 h"))),
    "spp_cp1252_then_utf8": Case("experiences", spp_cp1252_then_utf8,
                                 Refused("texte UTF-8 dans un fichier en Windows-1252", line=7)),
    "spp_truncated_in_quoted_cell": Case("experiences", spp_truncated_in_quoted_cell,
                                         Refused(NEVER_CLOSED, line=SPP_LINE_2)),
    "spp_json_truncated_mid_record": Case("experiences", spp_json_truncated,
                                          Refused("JSON invalide, colonne 5 : chaîne de caractères non fermée", line=29)),
    "spp_pipe_delimiter": Case("experiences", lambda f: _spp_export(f / "export.csv", delimiter="|"),
                               Refused("en-tête illisible : séparateur non reconnu", line=1)),
    "spp_31_february": Case("experiences",
                            lambda f: _spp_export(f / "export.csv", {"Date de publication": "31/02/2023"}),
                            Refused("date invalide « 31/02/2023 »", line=SPP_LINE_2,
                                    column="Date de publication", record="e-2")),
    "spp_month_13": Case("experiences", lambda f: _spp_export(f / "export.csv", {"Écrit le": "2023-13-01"}),
                         Refused("date invalide « 2023-13-01 »", line=SPP_LINE_2, column="Écrit le",
                                 record="e-2")),
    "spp_time_24_61": Case("experiences",
                           lambda f: _spp_export(f / "export.csv", {"Date de publication": "2023-01-05T24:61:00"}),
                           Refused("date invalide « 2023-01-05T24:61:00 »", line=SPP_LINE_2,
                                   column="Date de publication", record="e-2")),
    "spp_phone_number_in_date_cell": Case(
        "experiences", lambda f: _spp_export(f / "export.csv", {"Date de publication": "06 12 34 56 78"}),
        Refused("date invalide « <TEL> »", line=SPP_LINE_2, column="Date de publication", record="e-2")),
    "spp_name_in_feeling_cell": Case(
        "experiences", lambda f: _spp_export(f / "export.csv", {"Ressenti usager": "Marie Durand"}),
        Refused("valeur inattendue « <NOM> »", line=SPP_LINE_2, column="Ressenti usager", record="e-2")),
    "spp_empty_file": Case("experiences", lambda f: _bytes(f / "export.csv", b""), Refused("fichier vide")),
    "spp_bom_and_blank_lines_only": Case("experiences",
                                         lambda f: _bytes(f / "export.csv", codecs.BOM_UTF8 + b"\r\n\r\n"),
                                         Refused("fichier vide")),
    "spp_header_only": Case("experiences", lambda f: write_spp_csv(f / "export.csv", [], columns=SPP_COLUMNS),
                            Refused("aucune expérience dans le fichier")),
    "spp_duplicate_id": Case("experiences",
                             lambda f: write_spp_csv(f / "export.csv", _spp_rows(second_id="e-1")),
                             Refused("identifiant d'expérience en double (déjà vu ligne 2)", line=SPP_LINE_2,
                                     column="ID expérience", record="e-1")),
    "spp_missing_description_column": Case(
        "experiences",
        lambda f: write_spp_csv(f / "export.csv", _spp_rows(), columns=[c for c in SPP_COLUMNS if c != "Description"]),
        Refused("colonne obligatoire absente", line=1, column="Description")),
    "spp_extra_unknown_columns": Case(
        "experiences", lambda f: _spp_export(f / "export.csv", {"Colonne inconnue": "gardée", "Code interne": "X-42"}),
        Imported(_check_spp_extra)),
    "spp_png_named_csv": Case("experiences", lambda f: _bytes(f / "export.csv", PNG), Refused(NOT_TEXT)),
    "spp_nul_byte": Case("experiences",
                         lambda f: _bytes(f / "export.csv", _spp_export(f / "x.csv").read_bytes()
                                          .replace(b"deux mois", b"deux\x00mois")),
                         Refused(NOT_TEXT)),
    "spp_formula_cells": Case("experiences", spp_formula_cells, Imported(_check_spp_formulas)),
    "spp_json_100000_levels": Case("experiences", spp_json_deep_record, Refused(TOO_DEEP, line=1)),
    "spp_jsonl_100000_levels_second_line": Case("experiences", spp_jsonl_deep_second_line,
                                                Refused(TOO_DEEP, line=2)),
    "spp_json_lone_surrogate": Case("experiences", spp_lone_surrogate_json,
                                    Refused("moitié de paire UTF-16 isolée (\\ud800)", line=2,
                                            column="description")),
    "spp_inconsistent_row_width": Case(
        "experiences",
        lambda f: _text(f / "export.csv", '"ID expérience";"Description";"Titre"\r\n'
                                          '"e-1";"Dossier en attente";"Attente"\r\n'
                                          '"e-2";"Dossier";"bloqué";"depuis mars"\r\n'),
        Refused("4 champs au lieu de 3", line=3)),
    "spp_two_exports_end_to_end": Case("experiences", spp_two_exports_end_to_end,
                                       Refused("(BOM) en début de ligne", line=5)),
    # agents' feedback ---------------------------------------------------------------------------
    "feedback_month_13": Case(
        "agent-feedback",
        lambda f: _feedback(f / "retours.csv", {"agent": "agent-8", "date": "2025-13-01",
                                                "sentiment": "négatif", "comment": CITIZEN_TEXT}),
        Refused("date invalide « 2025-13-01 »", line=3, column="date")),
    "feedback_missing_sentiment_column": Case(
        "agent-feedback",
        lambda f: write_csv(f / "retours.csv", [{"agent": "agent-7", "date": "2025-06-02", "comment": "Bien"}]),
        Refused("colonne obligatoire absente", line=1, column="sentiment")),
    "feedback_formula_comments_extra_column": Case(
        "agent-feedback",
        lambda f: _feedback(f / "retours.csv", *[
            {"agent": "agent-9", "date": "2025-06-03", "sentiment": "neutre", "comment": comment, "service": "CAF"}
            for comment in ('=HYPERLINK("http://exemple.invalid/x","clic")', "+1+1", "-1-1", "@A1")]),
        Imported(_check_feedback_formulas)),
    "feedback_utf16_semicolons": Case(
        "agent-feedback",
        lambda f: _feedback(f / "retours.csv", {"agent": "agent-8", "date": "03/06/2025", "sentiment": "Négatif",
                                                "comment": "Brouillon trop long à relire"},
                            delimiter=";", encoding="utf-16"),
        Imported(_check_feedback_utf16)),
    "feedback_header_only": Case("agent-feedback", lambda f: _bytes(f / "retours.csv", b"agent,date,sentiment,comment\r\n"),
                                 Refused("aucun retour d'agent dans le fichier")),
    "feedback_png_named_csv": Case("agent-feedback", lambda f: _bytes(f / "retours.csv", PNG), Refused(NOT_TEXT)),
    "feedback_short_row": Case(
        "agent-feedback",
        lambda f: _text(f / "retours.csv", "agent,date,sentiment,comment\r\nagent-7,2025-06-02,positif,Bien\r\n"
                                           "agent-8,2025-06-03\r\n"),
        Refused("2 champs au lieu de 4", line=3)),
    # question sets ------------------------------------------------------------------------------
    "questions_formula_cells": Case(
        "questions",
        lambda f: write_csv(f / "questions.csv", [{"id": f"f-{i}", "question": formula}
                                                       for i, formula in enumerate(FORMULAS)]),
        Imported(_check_questions({f"f-{i}": formula.strip() for i, formula in enumerate(FORMULAS)}))),
    "questions_truncated_in_quoted_cell": Case(
        "questions",
        lambda f: _text(f / "questions.csv", 'id,question\r\nq-1,"Bonjour"\r\nq-2,"Je voudrais savoir comm'),
        Refused(NEVER_CLOSED, line=3)),
    "questions_commas_in_a_tsv": Case("questions", lambda f: write_csv(f / "questions.tsv", QUESTIONS),
                                      Refused("colonne obligatoire absente", line=1, column="question")),
    "questions_semicolons_forced_tab": Case("questions",
                                            lambda f: write_csv(f / "questions.csv", QUESTIONS, delimiter=";"),
                                            Refused("colonne obligatoire absente", line=1, column="question"),
                                            fmt="tsv"),
    "questions_duplicate_ids": Case(
        "questions", lambda f: write_csv(f / "questions.csv", [QUESTIONS[0], {**QUESTIONS[1], "id": "q-1"}]),
        Refused("identifiant de question en double (déjà vu ligne 2)", line=3, column="id", record="q-1")),
    "questions_missing_question_column": Case(
        "questions", lambda f: write_csv(f / "questions.csv", [{"id": "q-1", "texte": "Bonjour"}]),
        Refused("colonne obligatoire absente", line=1, column="question")),
    "questions_multiline_header_names": Case(
        "questions", lambda f: _text(f / "questions.csv", 'id,"ques\r\ntion"\r\nq-1,Bonjour\r\n'),
        Refused("colonnes trouvées : « id », « ques tion »", line=1, column="question")),
    "questions_extra_unknown_columns": Case(
        "questions",
        lambda f: write_csv(f / "questions.csv", [QUESTIONS[0], {**QUESTIONS[1], "source": "guichet",
                                                                      "colonne_inconnue": "gardée"}]),
        Imported(_check_questions_metadata)),
    "questions_jsonl_100000_levels": Case(
        "questions", lambda f: _text(f / "questions.jsonl", json.dumps(QUESTIONS[0]) + "\n" + _deep_json(100_000)),
        Refused(TOO_DEEP, line=2)),
    # Within the interpreter's reach (json.loads copes) but beyond MAX_JSON_DEPTH: ~950 levels
    # used to crash later, in the recursive metadata code, with a RecursionError.
    "questions_jsonl_metadata_200_levels": Case(
        "questions",
        lambda f: _text(f / "questions.jsonl", '{"id": "q-1", "question": "Bonjour ?", "annexe": '
                        + _deep_json(200) + "}\n"),
        Refused(TOO_DEEP, line=1, column="annexe")),
    "questions_context_ids_100000_levels": Case(
        "questions",
        lambda f: _text(f / "questions.csv", 'id,question,reference_context_ids\r\nq-1,Bonjour ?,"'
                        + "[" * 100_000 + '"\r\n'),
        Refused(TOO_DEEP, line=2, column="reference_context_ids", record="q-1")),
    "questions_jsonl_lone_surrogate": Case(
        "questions",
        lambda f: _text(f / "questions.jsonl", '{"id": "q-1", "question": "Ma demande \\udc00 ?"}\n'),
        Refused("moitié de paire UTF-16 isolée (\\udc00)", line=1, column="question")),
    "questions_jsonl_nul_escape": Case(
        "questions",
        lambda f: _text(f / "questions.jsonl", '{"id": "q-1", "question": "Ma demande\\u0000 ?"}\n'),
        Refused("caractère nul (\\u0000)", line=1, column="question")),
    "questions_jsonl_second_bom": Case(
        "questions",
        lambda f: _bytes(f / "questions.jsonl", b"".join(
            codecs.BOM_UTF8 + (json.dumps(q) + "\n").encode() for q in QUESTIONS)),
        Refused("(BOM) inattendue", line=2)),
    "questions_json_array_truncated": Case(
        "questions", lambda f: _text(f / "questions.json", json.dumps(QUESTIONS, indent=1)[:-30]),
        Refused("JSON invalide, colonne 15 : chaîne de caractères non fermée", line=9)),
    "questions_squad_100000_levels": Case(
        "questions", lambda f: _text(f / "squad.json", '{"data": ' + _deep_json(100_000) + "}"),
        Refused(TOO_DEEP), fmt="squad"),
    "questions_squad_answers_not_a_list": Case(
        "questions",
        lambda f: write_json(f / "squad.json", {"data": [{"title": "CNI", "paragraphs": [
            {"context": "La carte est valable 15 ans.", "qas": [
                {"id": "s-1", "question": "Durée ?", "answers": "15 ans"}]}]}]}),
        Refused("« answers » : tableau attendu, trouvé une chaîne", record="data[0].paragraphs[0].qas[0]"),
        fmt="squad"),
    "questions_parquet_truncated": Case(
        "questions",
        lambda f: _bytes(f / "questions.parquet",
                         write_parquet(f / "full.parquet", QUESTIONS).read_bytes()[:300]),
        Refused("fichier Parquet illisible ou corrompu")),
    "questions_png_named_parquet": Case("questions", lambda f: _bytes(f / "questions.parquet", PNG),
                                        Refused("fichier Parquet illisible ou corrompu")),
    "questions_parquet_nul_character": Case(
        "questions", lambda f: write_parquet(f / "questions.parquet", [{"id": "q-1", "question": "Bon\x00jour"}]),
        Refused("caractère nul (\\u0000)", column="question", record="n° 1")),
    "questions_png_named_csv": Case("questions", lambda f: _bytes(f / "questions.csv", PNG), Refused(NOT_TEXT)),
    "questions_cell_over_64_mib": Case("questions", questions_over_the_cell_limit,
                                       Refused("cellule démesurée", line=2)),
    "questions_one_mb_cell": Case(
        "questions", lambda f: write_csv(f / "questions.csv", [{"id": "q-1", "question": HUGE_QUESTION}]),
        Imported(_check_huge_question)),
    "questions_utf16_odd_length": Case(
        "questions",
        lambda f: _bytes(f / "questions.csv", codecs.BOM_UTF16_LE + "id,question\r\nq-1,Où ?\r\n".encode("utf-16-le")[:-1]),
        Refused("fichier tronqué : dernier caractère incomplet")),
    "questions_utf8_cut_mid_character": Case(
        "questions", lambda f: _bytes(f / "questions.csv", "id,question\r\nq-1,Où aller ? À la préfecture, là".encode()[:-1]),
        Refused("fichier tronqué : dernier caractère incomplet")),
    "questions_utf16_bom_on_utf8_text": Case(
        "questions",
        lambda f: _bytes(f / "questions.csv", codecs.BOM_UTF16_LE + "id,question\r\nq-1,Où aller ?\r\n".encode()),
        Refused("fichier mal étiqueté")),
    "questions_utf8_then_cp1252": Case(
        "questions",
        lambda f: _bytes(f / "questions.csv", "id,question\r\nq-1,Où aller ?\r\n".encode()
                         + "q-2,Quelle préfecture ?\r\n".encode("cp1252")),
        Refused("octet 0xE9 invalide dans un fichier UTF-8", line=3)),
    "questions_double_bom": Case(
        "questions",
        lambda f: _bytes(f / "questions.csv", codecs.BOM_UTF8 * 2 + "id,question\r\nq-1,Où aller ?\r\n".encode()),
        Imported(_check_questions({"q-1": "Où aller ?"}))),
    "questions_utf16_be_bom": Case(
        "questions",
        lambda f: _bytes(f / "questions.csv", codecs.BOM_UTF16_BE + "id;question\r\nq-1;Où aller ?\r\n".encode("utf-16-be")),
        Imported(_check_questions({"q-1": "Où aller ?"}))),
    # corpora ---------------------------------------------------------------------------------------
    "dila_billion_laughs": Case(
        "corpus",
        lambda f: _fiches(f, ("F1.xml", _fiche(prolog='<?xml version="1.0"?>\n<!DOCTYPE Publication [\n'
                                                      ' <!ENTITY lol "lol">\n'
                                                      ' <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\n'
                                                      ' <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">\n]>',
                                               body="<Paragraphe>&lol3;</Paragraphe>"))),
        Refused("déclaration d'entité XML refusée (« lol »)", names="F1.xml")),
    "dila_xxe_local_file": Case(
        "corpus",
        lambda f: _fiches(f, ("F1.xml", _fiche(
            prolog=f'<?xml version="1.0"?>\n<!DOCTYPE Publication [<!ENTITY xxe SYSTEM "file://{_secret_file(f)}">]>',
            body="<Paragraphe>&xxe;</Paragraphe>"))),
        Refused("déclaration d'entité XML refusée (« xxe »)", names="F1.xml")),
    "dila_xxe_parameter_entity": Case(
        "corpus",
        lambda f: _fiches(f, ("F1.xml", _fiche(
            prolog=f'<?xml version="1.0"?>\n<!DOCTYPE Publication [<!ENTITY % p SYSTEM "file://{_secret_file(f)}"> %p;]>'))),
        Refused("déclaration d'entité XML refusée (« p »)", names="F1.xml")),
    "dila_external_dtd_local_file": Case(
        "corpus",
        lambda f: _fiches(f, ("F1.xml", _fiche(
            prolog=f'<?xml version="1.0"?>\n<!DOCTYPE Publication SYSTEM "file://{_secret_file(f)}">'))),
        Imported(_check_no_secret("La carte se renouvelle en mairie."))),
    "dila_xinclude_local_file": Case(
        "corpus",
        lambda f: _fiches(f, ("F1.xml", _fiche(
            body='<Paragraphe xmlns:xi="http://www.w3.org/2001/XInclude">Voir aussi'
                 f'<xi:include href="file://{_secret_file(f)}" parse="text"/>.</Paragraphe>'))),
        Imported(_check_no_secret("Voir aussi."))),
    "dila_zip_path_traversal": Case(
        "corpus",
        lambda f: _zip(f / "fiches.zip", [("F1.xml", _fiche("F1")), ("../../evil.xml", _fiche("F2"))]),
        Refused("membre « ../../evil.xml » hors de l'archive", after=_nothing_escaped)),
    "dila_zip_absolute_member": Case(
        "corpus",
        lambda f: _zip(f / "fiches.zip", [("F1.xml", _fiche("F1")), ("/tmp/evil.xml", _fiche("F2"))]),
        Refused("membre « /tmp/evil.xml » hors de l'archive")),
    "dila_zip_truncated": Case(
        "corpus",
        lambda f: _bytes(f / "fiches.zip", _zip(f / "full.zip", [("F1.xml", _fiche("F1")), ("F2.xml", _fiche("F2"))])
                         .read_bytes()[:400]),
        Refused("archive zip illisible")),
    "dila_zip_bad_crc": Case(
        "corpus",
        lambda f: _bytes(f / "fiches.zip", _zip(f / "full.zip", [("F1.xml", _fiche("F1"))], stored=True)
                         .read_bytes().replace(b"se renouvelle", b"se renouvelLE")),
        Refused("membre illisible (Bad CRC-32", names="fiches.zip:F1.xml")),
    "dila_zip_bomb_member": Case(
        "corpus", lambda f: _zip(f / "fiches.zip", [("F1.xml", b" " * (60 << 20))]),
        Refused("membre trop volumineux une fois décompressé", names="fiches.zip:F1.xml")),
    "dila_png_named_zip": Case("corpus", lambda f: _bytes(f / "fiches.zip", PNG), Refused("archive zip illisible")),
    "dila_100000_levels": Case(
        "corpus",
        lambda f: _fiches(f, ("F1.xml", _fiche(body="<Paragraphe>" * 100_000 + "x" + "</Paragraphe>" * 100_000))),
        Refused("XML trop profondément imbriqué", names="F1.xml")),
    "dila_30_february": Case("corpus", lambda f: _fiches(f, ("F1.xml", _fiche(date="modified 2025-02-30"))),
                             Refused("date illisible « modified 2025-02-30 »", column="dc:date", record="F1",
                                     names="F1.xml")),
    "dila_duplicate_ids": Case("corpus", lambda f: _fiches(f, ("a.xml", _fiche("F1")), ("b.xml", _fiche("F1"))),
                               Refused("identifiant F1 en double", record="F1", names="b.xml")),
    "dila_truncated_xml": Case("corpus", lambda f: _fiches(f, ("F1.xml", _fiche()[:200])),
                               Refused("XML mal formé, colonne 32 : fichier vide ou tronqué", line=3,
                                       names="F1.xml")),
    "dila_utf8_declared_latin1": Case(
        "corpus",
        lambda f: _fiches(f, ("F1.xml", _fiche(prolog='<?xml version="1.0" encoding="ISO-8859-1"?>'))),
        Refused("encodage déclaré « ISO-8859-1 » mais contenu en UTF-8", line=1, names="F1.xml")),
    "dila_cp1252_declared_utf8": Case(
        "corpus", lambda f: _fiches(f, ("F1.xml", _fiche().encode("cp1252"))),
        Refused("XML mal formé, colonne 28 : caractère ou balise invalide", line=3, names="F1.xml")),
    "dila_lone_surrogate_reference": Case(
        "corpus", lambda f: _fiches(f, ("F1.xml", _fiche(body="<Paragraphe>&#xD800;</Paragraphe>"))),
        Refused("XML mal formé", line=4, names="F1.xml")),
    "dila_png_named_xml": Case("corpus", lambda f: _fiches(f, ("F1.xml", PNG)),
                               Refused("XML mal formé", line=1, names="F1.xml")),
    "dila_empty_xml": Case("corpus", lambda f: _fiches(f, ("F1.xml", b"")),
                           Refused("fichier vide ou tronqué", line=1, names="F1.xml")),
    "corpus_jsonl_missing_text": Case(
        "corpus", lambda f: write_jsonl(f / "corpus.jsonl", [{"id": "d-1", "title": "Titre"}]),
        Refused("champ obligatoire manquant", line=1, column="text", record="d-1"), fmt="jsonl"),
    "corpus_jsonl_29_february_2023": Case(
        "corpus", lambda f: write_jsonl(f / "corpus.jsonl", [{"id": "d-1", "title": "T", "text": "x", "date": "2023-02-29"}]),
        Refused("date invalide « 2023-02-29 »", line=1, column="date", record="d-1"), fmt="jsonl"),
    "corpus_jsonl_duplicate_ids": Case(
        "corpus",
        lambda f: write_jsonl(f / "corpus.jsonl", [{"id": "d-1", "title": "T", "text": "x"}] * 2),
        Refused("identifiant en double (déjà ligne 1)", line=2, column="id", record="d-1"), fmt="jsonl"),
    "corpus_jsonl_truncated": Case(
        "corpus", lambda f: _text(f / "corpus.jsonl", '{"id": "d-1", "title": "T", "text": "x"}\n{"id": "d-2", "ti'),
        Refused("chaîne de caractères non fermée", line=2), fmt="jsonl"),
    "corpus_jsonl_lone_surrogate": Case(
        "corpus", lambda f: _text(f / "corpus.jsonl", '{"id": "d-1", "title": "T", "text": "x \\ud83d y"}\n'),
        Refused("moitié de paire UTF-16 isolée (\\ud83d)", line=1, column="text"), fmt="jsonl"),
    "markdown_month_13": Case(
        "corpus", lambda f: _fiches(f, ("a.md", "---\ndate: 2023-13-01\n---\n# Titre\nTexte.\n")),
        Refused("date invalide « 2023-13-01 »", column="date", record="a", names="a.md"), fmt="markdown"),
    "markdown_nul_byte": Case("corpus", lambda f: _fiches(f, ("a.md", b"# Titre\n\x00\x01\x02")),
                              Refused(NOT_TEXT, names="a.md"), fmt="markdown"),
    "markdown_front_matter_never_closed": Case(
        "corpus", lambda f: _fiches(f, ("a.md", "---\ntitle: Titre\ndate: 2024-01-02\n")),
        Refused("en-tête non refermé", line=1, names="a.md"), fmt="markdown"),
}


# --------------------------------------------------------------------------- running


def snapshot(db: Path) -> dict[str, tuple[int, int]]:
    """Every table's row count and an order-independent hash of its rows (one query)."""
    with duckdb.connect(str(db), read_only=True) as con:
        tables = [row[0] for row in con.execute(
            "SELECT table_name FROM information_schema.tables"
            " WHERE table_schema = 'main' AND table_type = 'BASE TABLE' ORDER BY 1").fetchall()]
        query = " UNION ALL ".join(
            f"""SELECT '{table}', count(*), coalesce(sum(hash(t)::HUGEINT), 0) FROM "{table}" AS t"""
            for table in tables
        )
        return {table: (rows, digest) for table, rows, digest in con.execute(query).fetchall()}


def import_in_process(store: Store, case: Case, source: Path) -> Any:
    if case.kind == "experiences":
        return importing.import_experiences(store, source)
    if case.kind == "agent-feedback":
        return importing.import_agent_feedback(store, source)
    if case.kind == "questions":
        return importing.import_questions(store, source, "drill", fmt=case.fmt)
    return importing.import_corpus(store, source, "drill", fmt=case.fmt or "dila")


def cli_arguments(case: Case, source: Path) -> list[str]:
    if case.kind in ("experiences", "agent-feedback"):
        return ["import", case.kind, str(source), "--json"]
    if case.kind == "questions":
        return ["import", "questions", str(source), "--dataset", "drill", "--json",
                *(["--format", case.fmt] if case.fmt else [])]
    return ["import", "corpus", str(source), "--corpus", "drill", "--format", case.fmt or "dila", "--json"]


def where(expect: Refused) -> list[str]:
    """The location fragments the error message must hold, as InputError writes them."""
    parts = []
    if expect.line is not None:
        parts.append(f"ligne {expect.line}")
    if expect.record is not None:
        parts.append(f"enregistrement {expect.record}")
    if expect.column is not None:
        parts.append(f"colonne « {expect.column} »")
    return parts


@dataclass(frozen=True)
class Seed:
    db: Path
    state: dict[str, tuple[int, int]]  # its snapshot: every copy starts from it


@pytest.fixture(scope="module")
def seed(tmp_path_factory: pytest.TempPathFactory) -> Seed:
    """A database holding one import of every kind, so that "unchanged" means something."""
    folder = tmp_path_factory.mktemp("seed")
    db = folder / "seed.duckdb"
    store = Store(db)
    importing.import_experiences(store, write_spp_csv(folder / "spp.csv", [spp_row("s-1"), spp_row("s-2")]))
    importing.import_agent_feedback(store, _feedback(folder / "retours.csv"))
    importing.import_questions(store, write_csv(folder / "q.csv", QUESTIONS), "seed")
    importing.import_corpus(store, _fiches(folder, ("F9.xml", _fiche("F9"))), "seed")
    importing.import_questions(store, write_csv(folder / "q2.csv", QUESTIONS[:1]), "drill")
    importing.import_corpus(store, write_jsonl(folder / "c.jsonl", [{"id": "d-9", "title": "T", "text": "x"}]),
                            "drill", fmt="jsonl")
    state = snapshot(db)
    assert all(state[t][0] > 0 for t in ("experiences", "replies", "agent_feedback", "questions", "documents",
                                         "passages", "imports", "kpi_facts"))
    return Seed(db, state)


def seeded_copy(seed: Seed, tmp_path: Path) -> Path:
    db = tmp_path / "wb.duckdb"
    shutil.copyfile(seed.db, db)
    return db


def test_the_drill_has_enough_malformed_files() -> None:
    refused = [name for name, case in CASES.items() if isinstance(case.expect, Refused)]
    assert len(CASES) >= 40 and len(refused) >= 40
    assert {case.kind for case in CASES.values()} == {"experiences", "agent-feedback", "questions", "corpus"}


@pytest.mark.parametrize("name", list(CASES))
def test_malformed_file(name: str, tmp_path: Path, seed: Seed) -> None:
    case = CASES[name]
    db = seeded_copy(seed, tmp_path)
    before = seed.state
    folder = tmp_path / "in"
    folder.mkdir()
    source = case.write(folder)
    store = Store(db)
    expect = case.expect
    if isinstance(expect, Imported):
        result = import_in_process(store, case, source)
        with duckdb.connect(str(db), read_only=True) as con:
            expect.check(con, result, folder)
        assert snapshot(db) != before
        return

    with pytest.raises(InputError) as caught:
        import_in_process(store, case, source)
    error = caught.value
    message = str(error)
    assert expect.says in message, message
    assert error.file is not None and error.file.endswith(expect.names or source.name), message
    assert (error.line, error.column, error.record) == (expect.line, expect.column, expect.record), message
    assert "\n" not in message and "\r" not in message
    for secret in (*PERSONAL, SECRET):
        assert secret not in message
    assert snapshot(db) == before
    if expect.after is not None:
        expect.after(folder)


# --------------------------------------------------------------------------- the real CLI


CLI_CASES = [
    "spp_phone_number_in_date_cell",  # personal data in the faulty cell: masked in the message
    "spp_jsonl_100000_levels_second_line",  # was a RecursionError traceback
    "questions_jsonl_lone_surrogate",  # was a UnicodeEncodeError traceback
    "dila_100000_levels",  # was a RecursionError traceback
    "dila_zip_path_traversal",  # was imported
]


# Runs the CLI exactly as ``python -m workbench.cli`` does, and writes the process's peak
# resident memory (VmHWM, KiB) to the file named first. Measured from inside: Linux folds the
# peak of the address space a process replaces at exec into its ru_maxrss, and after vfork
# that is pytest's, so wait4 / RUSAGE_CHILDREN reported the test runner's 650 MiB here.
_MEASURED_CLI = """
import atexit, runpy, sys
report = sys.argv.pop(1)
def write_peak():
    with open("/proc/self/status") as status:
        peak = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
    with open(report, "w") as out:
        out.write(peak)
atexit.register(write_peak)
runpy.run_module("workbench.cli", run_name="__main__", alter_sys=True)
"""


def run_cli(db: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "workbench.cli", "--db", str(db), *arguments],
                          capture_output=True, text=True, timeout=300, cwd=ROOT)


def run_cli_measured(db: Path, *arguments: str, scratch: Path) -> tuple[subprocess.CompletedProcess[str], int]:
    """``run_cli``, and the importing process's peak resident memory in bytes."""
    report = scratch / "peak-kib.txt"
    report.unlink(missing_ok=True)
    done = subprocess.run(
        [sys.executable, "-c", _MEASURED_CLI, str(report), "--db", str(db), *arguments],
        capture_output=True, text=True, timeout=300, cwd=ROOT,
    )
    return done, int(report.read_text()) * 1024


def assert_one_clean_line(done: subprocess.CompletedProcess[str], fragments: list[str]) -> str:
    assert done.returncode == 1, done.stderr
    assert done.stdout == ""
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Erreur : "), done.stderr
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])
    for secret in (*PERSONAL, SECRET):
        assert secret not in done.stderr
    return lines[0]


@pytest.mark.parametrize("name", CLI_CASES)
def test_malformed_file_through_the_cli(name: str, tmp_path: Path, seed: Seed) -> None:
    case = CASES[name]
    assert isinstance(case.expect, Refused)
    db = seeded_copy(seed, tmp_path)
    before = seed.state
    folder = tmp_path / "in"
    folder.mkdir()
    source = case.write(folder)
    done = run_cli(db, *cli_arguments(case, source))
    assert_one_clean_line(done, [case.expect.says, case.expect.names or source.name, *where(case.expect)])
    assert snapshot(db) == before
    if case.expect.after is not None:
        case.expect.after(folder)


# --------------------------------------------------------------------------- 100 MB

BIG_BYTES = 100 * 2**20
MIB = 2**20
# Peak RSS of `workbench import` on a 1 KB file: ~180 MiB (Python, DuckDB, Arrow, typer).
INTERPRETER_BYTES = 200 * MIB


def write_big_questions(path: Path) -> int:
    """A question set of at least 100 MiB (long questions and reference answers); its row count."""
    question = "Comment renouveler ma carte d'identité quand elle expire bientôt ? " * 3
    answer = ("Pour renouveler votre carte nationale d'identité, faites une pré-demande en ligne puis "
              "prenez rendez-vous dans une mairie équipée d'un dispositif de recueil. ") * 10
    rows = 0
    with open(path, "w", encoding="utf-8", newline="") as handle:
        handle.write("id,question,reference_answer\r\n")
        size = 0
        while size < BIG_BYTES:
            batch = "".join(f'q-{rows + i},"{question}","{answer}"\r\n' for i in range(1000))
            handle.write(batch)
            size += len(batch.encode("utf-8"))
            rows += 1000
    return rows


def test_a_100_mb_question_file_through_the_cli(tmp_path: Path, seed: Seed) -> None:
    """Refused at its last line, then imported, with the importing process's memory bounded.

    Bounds, over the interpreter's own ~180 MiB: refusing streams the file and keeps only
    the questions parsed so far (measured 0.8x the file size), bound 1.5x: reading the file
    whole on the way, or a second copy of the records, crosses it. Importing also holds the
    texts' UTF-8 form for Arrow, Arrow's column buffers (grown by doubling) and DuckDB's
    transaction-local copy until the commit: 760-990 MiB over six runs here (up to 8x over
    the interpreter; the Arrow and allocator share varies), bound 12x, against a blow-up
    rather than a one-copy regression. The import opts out of
    pseudonymisation: at ~1 MB/s it would take minutes, and this drill is about the readers.
    """
    db = seeded_copy(seed, tmp_path)
    big = tmp_path / "questions-100mb.csv"
    rows = write_big_questions(big)
    size = big.stat().st_size
    assert size >= BIG_BYTES
    with open(big, "ab") as handle:
        handle.write(b'q-last,"Une question dont le guillemet ne se ferme jamais\r\n')

    before = seed.state
    done, refused_peak = run_cli_measured(db, "import", "questions", str(big), "--dataset", "gros", "--json",
                                          scratch=tmp_path)
    assert_one_clean_line(done, ["questions-100mb.csv", f"ligne {rows + 2}", NEVER_CLOSED])
    assert snapshot(db) == before

    os.truncate(big, size)
    done, imported_peak = run_cli_measured(db, "import", "questions", str(big), "--dataset", "gros", "--json",
                                           "--no-pseudonymise", scratch=tmp_path)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["questions"] == rows
    with duckdb.connect(str(db), read_only=True) as con:
        stored = con.execute(
            "SELECT count(*), count(DISTINCT q.id), sum(length(q.reference_answer)) FROM questions q"
            " JOIN datasets d ON d.id = q.dataset_id WHERE d.name = 'gros'").fetchone()
    assert stored[:2] == (rows, rows) and stored[2] > 0.8 * size

    print(f"\n100 MB drill: {size / MIB:.0f} MiB, {rows} questions; peak RSS refused "
          f"{refused_peak / MIB:.0f} MiB, imported {imported_peak / MIB:.0f} MiB")
    assert refused_peak < INTERPRETER_BYTES + 1.5 * size, refused_peak
    assert imported_peak < INTERPRETER_BYTES + 12 * size, imported_peak
