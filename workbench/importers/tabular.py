"""Parser of question sets in CSV, TSV, JSON Lines, JSON arrays, Parquet (and SQuAD) files.

One record per question; the ``question`` column is required, ``id``, ``theme``,
``structure``, ``reference_answer``, ``reference_context_ids`` and ``recorded_answer`` are
optional, any other column goes to ``Question.metadata``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from workbench.errors import InputError
from workbench.importers.columns import find_columns, missing_column
from workbench.importers.csv_files import csv_table
from workbench.importers.json_files import (
    MAX_JSON_DEPTH,
    checked_json,
    iter_json_array,
    iter_json_lines,
    json_safe,
)
from workbench.importers.text import EmptyInputError, open_text
from workbench.importers.values import cell_text, multiline_text, shown
from workbench.importers.squad import parse_squad
from workbench.records import Question

FORMATS = ("csv", "tsv", "jsonl", "parquet", "json", "squad")
FORMAT_ALIASES = {"ndjson": "jsonl", "pq": "parquet", "txt": "csv"}
EXTENSIONS = {".csv": "csv", ".tsv": "tsv", ".jsonl": "jsonl", ".ndjson": "jsonl",
              ".parquet": "parquet", ".pq": "parquet", ".json": "json"}

COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("id", "question_id", "identifiant", "external_id"),
    "question": ("question",),
    "theme": ("theme", "thematique"),
    "structure": ("structure",),
    "reference_answer": ("reference_answer", "reponse_de_reference", "reponse_reference",
                         "ground_truth", "reference"),
    "reference_context_ids": ("reference_context_ids", "context_ids", "reference_contexts_ids",
                              "contextes_de_reference"),
    "recorded_answer": ("recorded_answer", "reponse_enregistree", "reponse_historique"),
}
_PARQUET_BATCH = 4096

Row = tuple[int | None, dict[str, Any]]  # physical line (None for Parquet), values


def parse_questions(path: Path, fmt: str | None = None) -> list[Question]:
    """Read a question set; ``fmt`` (csv, tsv, jsonl, parquet, json, squad) or from the extension.

    A ``.json`` file is SQuAD when it holds ``{"data": [...]}``, JSON Lines when each line is
    an object, or an array of question objects.
    """
    path = Path(path)
    file = str(path)
    kind = _format(path, fmt)
    if kind == "squad":
        return parse_squad(path)
    if kind == "parquet":
        return _questions(_parquet_rows(path), file)
    try:
        handle = open_text(path)
    except EmptyInputError:
        raise InputError("fichier vide : aucune question", file=file) from None
    with handle:
        if kind == "json":
            kind = _json_flavour(handle)
            handle.seek(0)
        if kind == "json-array":
            return _questions(_objects(iter_json_array(handle.read(), file), file), file)
        if kind in ("csv", "tsv"):
            return _questions(_csv_rows(handle, file, "\t" if kind == "tsv" else None), file)
    if kind == "squad":
        return parse_squad(path)
    return _questions(_objects(iter_json_lines(path), file), file)


def _format(path: Path, fmt: str | None) -> str:
    if fmt:
        name = fmt.strip().lower().lstrip(".")
        name = FORMAT_ALIASES.get(name, name)
        if name not in FORMATS:
            raise InputError(
                f"format inconnu « {fmt} » (formats acceptés : {', '.join(FORMATS)})", file=str(path)
            )
        return name
    suffix = path.suffix.lower()
    if suffix not in EXTENSIONS:
        raise InputError(
            f"extension « {suffix or '(aucune)'} » non reconnue : précisez le format "
            f"({', '.join(FORMATS)})",
            file=str(path),
        )
    return EXTENSIONS[suffix]


def _json_flavour(handle) -> str:
    """``squad``, ``jsonl`` or ``json-array`` from the beginning of a .json file."""
    first_line = handle.readline()
    while first_line and not first_line.strip():
        first_line = handle.readline()
    stripped = first_line.lstrip("\ufeff \t")
    if stripped.startswith("["):
        return "json-array"
    try:
        first = json.loads(stripped)
    except (json.JSONDecodeError, RecursionError):
        return "squad"  # a pretty-printed object: SQuAD (or an error located by its parser)
    if isinstance(first, dict) and isinstance(first.get("data"), list) and "question" not in first:
        return "squad"
    return "jsonl"


# --------------------------------------------------------------------------- sources


def _csv_rows(handle, file: str, delimiter: str | None) -> Iterator[Row]:
    with csv_table(handle, file, delimiter=delimiter) as table:
        columns = table.columns
        if "question" not in find_columns(columns, COLUMN_ALIASES):
            raise missing_column(file, "question", columns)
        yield from table


def _objects(items: Iterable[tuple[int, Any]], file: str) -> Iterator[Row]:
    for line, value in items:
        if not isinstance(value, dict):
            kind = "un tableau" if isinstance(value, list) else "une valeur simple"
            raise InputError(f"objet JSON attendu pour chaque question, trouvé {kind}",
                             file=file, line=line)
        yield line, value


def _parquet_rows(path: Path) -> Iterator[Row]:
    file = str(path)
    if not path.is_file():
        raise InputError("fichier introuvable", file=file)
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(path)
        columns = parquet.schema_arrow.names
    except (pa.ArrowException, OSError, ValueError) as exc:
        raise InputError(f"fichier Parquet illisible ou corrompu ({_short(exc)})", file=file) from None
    if "question" not in find_columns(columns, COLUMN_ALIASES):
        raise missing_column(file, "question", columns, line=None)
    number = 0
    try:
        for batch in parquet.iter_batches(batch_size=_PARQUET_BATCH):
            for row in batch.to_pylist():
                number += 1
                yield None, checked_json(row, file, record=f"n° {number}")
    except (pa.ArrowException, OSError, ValueError) as exc:
        raise InputError(f"fichier Parquet illisible ou corrompu ({_short(exc)})", file=file) from None


def _short(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:200] if text else type(exc).__name__


# --------------------------------------------------------------------------- records


def _questions(rows: Iterable[Row], file: str) -> list[Question]:
    questions: list[Question] = []
    first_seen: dict[str, str] = {}
    layouts: dict[tuple[str, ...], dict[str, str]] = {}
    for number, (line, row) in enumerate(rows, start=1):
        keys = tuple(row)
        if keys not in layouts:
            layouts[keys] = find_columns(list(keys), COLUMN_ALIASES)
            if "question" not in layouts[keys]:
                raise missing_column(file, "question", list(keys), line=line)
        question = _question(row, layouts[keys], file, line, number)
        where = f"ligne {line}" if line is not None else f"n° {number}"
        if question.external_id in first_seen:
            raise InputError(
                f"identifiant de question en double (déjà vu {first_seen[question.external_id]})",
                file=file, line=line, record=question.external_id,
                column=layouts[keys].get("id"),
            )
        first_seen[question.external_id] = where
        questions.append(question)
    if not questions:
        raise InputError("aucune question dans le fichier", file=file)
    return questions


def _question(row: dict[str, Any], columns: dict[str, str], file: str, line: int | None,
              number: int) -> Question:
    def value(name: str) -> Any:
        return row.get(columns[name]) if name in columns else None

    explicit_id = _scalar_text(value("id"), file, line, f"n° {number}", columns.get("id"))
    where = {"file": file, "line": line,
             "record": explicit_id or (None if line is not None else f"n° {number}")}

    def text(name: str) -> str | None:
        return _scalar_text(value(name), column=columns.get(name), **where) or None

    question_column = columns["question"]
    question_text = multiline_text(_scalar_text(value("question"), column=question_column, **where))
    if not question_text:
        raise InputError("texte de la question vide", column=question_column, **where)
    used = set(columns.values())
    return Question(
        external_id=explicit_id or f"q{number}",
        text=question_text,
        theme=text("theme"),
        structure=text("structure"),
        reference_answer=multiline_text(text("reference_answer")) or None,
        reference_context_ids=_context_ids(value("reference_context_ids"),
                                           column=columns.get("reference_context_ids"), **where),
        recorded_answer=multiline_text(text("recorded_answer")) or None,
        metadata={key: json_safe(item) for key, item in row.items() if key not in used},
    )


def _scalar_text(value: Any, file: str, line: int | None, record: str | None,
                 column: str | None) -> str:
    if isinstance(value, (dict, list, tuple)):
        raise InputError("texte attendu, trouvé un objet ou un tableau", file=file, line=line,
                         record=record, column=column)
    return cell_text(value)


def _context_ids(value: Any, *, file: str, line: int | None, record: str | None,
                 column: str | None) -> list[str]:
    """A list as such, a JSON list string, or a string separated by ``|``, ``;`` or ``,``."""
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        items = list(value)
    elif isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            try:
                items = json.loads(text)
            except json.JSONDecodeError:
                items = None
            except RecursionError:
                raise InputError(f"liste JSON trop profondément imbriquée (plus de {MAX_JSON_DEPTH} niveaux)",
                                 file=file, line=line, record=record, column=column) from None
            if not isinstance(items, list):
                raise InputError(f"liste JSON invalide {shown(text)}", file=file, line=line,
                                 record=record, column=column)
            checked_json(items, file, line=line, record=record, column=column)
        else:
            separator = next((s for s in "|;," if s in text), None)
            items = text.split(separator) if separator else [text]
    else:
        items = [value]
    ids = []
    for item in items:
        if isinstance(item, (dict, list)):
            raise InputError("identifiant de contexte attendu, trouvé un objet ou un tableau",
                             file=file, line=line, record=record, column=column)
        if cell_text(item):
            ids.append(cell_text(item))
    return ids

