"""Parse generic document corpora: JSON Lines files and folders of Markdown files.

JSON Lines: one object a line with ``id``, ``title`` and ``text`` (required), and optionally
``url``, ``date`` (AAAA-MM-JJ), ``theme``, ``audience``, ``subject``, ``description``,
``doc_type``; any other key is kept in metadata. The text is chunked as one section.

Markdown: one document a ``.md`` file (searched recursively); id = file stem, title = the first
``# `` heading (else the front matter's ``title``, else the stem). ``#`` and ``##`` headings
open sections; deeper headings stay in the body, without their ``#`` marks. Optional front
matter between two ``---`` lines at the top, one ``key: value`` a line: ``url``, ``date``,
``theme``, ``audience``, ``subject``, ``description``, ``type``, ``title``; other keys go to
metadata.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from workbench.chunking import DEFAULT_CHUNK_OVERLAP, DEFAULT_CHUNK_SIZE, chunk_sections, validate_chunking
from workbench.errors import InputError
from workbench.importers.json_files import iter_json_lines, json_safe
from workbench.importers.text import read_text
from workbench.importers.values import parse_date
from workbench.records import Document

_OPTIONAL_TEXT_FIELDS = ("url", "theme", "audience", "subject", "description", "doc_type")
_HEADING = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t#]*$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_FRONT_MATTER_KEYS = {
    "url": "url",
    "date": "date",
    "theme": "theme",
    "audience": "audience",
    "subject": "subject",
    "description": "description",
    "type": "doc_type",
    "doc_type": "doc_type",
    "title": "title",
}


# --- JSON Lines ----------------------------------------------------------------------------


def parse_jsonl_documents(
    path: Path,
    *,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    chunk_overlap: int = DEFAULT_CHUNK_OVERLAP,
) -> list[Document]:
    """One document per non-blank line, in file order."""
    validate_chunking(chunk_size, chunk_overlap)
    path = Path(path)
    name = str(path)
    documents: list[Document] = []
    seen: dict[str, int] = {}
    for number, row in iter_json_lines(path):
        if not isinstance(row, dict):
            raise InputError("un objet JSON est attendu sur chaque ligne", file=name, line=number)
        document = _document_from_row(row, name, number)
        if document.external_id in seen:
            raise InputError(
                f"identifiant en double (déjà ligne {seen[document.external_id]})",
                file=name,
                line=number,
                record=document.external_id,
                column="id",
            )
        seen[document.external_id] = number
        document.passages = chunk_sections(
            [(None, document.text)], chunk_size=chunk_size, chunk_overlap=chunk_overlap
        )
        documents.append(document)
    if not documents:
        raise InputError("aucun document trouvé", file=name)
    return documents


def _document_from_row(row: dict[str, Any], name: str, number: int) -> Document:
    raw_id = row.get("id")
    if isinstance(raw_id, bool) or not isinstance(raw_id, (str, int)) or not str(raw_id).strip():
        raise InputError("identifiant manquant ou invalide", file=name, line=number, column="id")
    external_id = str(raw_id).strip()

    def required_text(key: str) -> str:
        value = row.get(key)
        if not isinstance(value, str) or not value.strip():
            raise InputError(
                "champ obligatoire manquant, vide ou non textuel",
                file=name,
                line=number,
                record=external_id,
                column=key,
            )
        return value.strip()

    def optional_text(key: str) -> str | None:
        value = row.get(key)
        if value is None:
            return None
        if not isinstance(value, str):
            raise InputError("texte attendu", file=name, line=number, record=external_id, column=key)
        return value.strip() or None

    title = required_text("title")
    text = required_text("text")
    fields = {key: optional_text(key) for key in _OPTIONAL_TEXT_FIELDS}
    known = {"id", "title", "text", "date", *_OPTIONAL_TEXT_FIELDS}
    return Document(
        external_id=external_id,
        title=title,
        text=text,
        date=_parse_day(row.get("date"), file=name, line=number, record=external_id),
        metadata={key: json_safe(value) for key, value in row.items() if key not in known},
        **fields,
    )


# --- Markdown ------------------------------------------------------------------------------


def parse_markdown_documents(
    path: Path,
    *,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    chunk_overlap: int = DEFAULT_CHUNK_OVERLAP,
) -> list[Document]:
    """One document per ``.md`` file under ``path`` (a folder, or one file), sorted by id."""
    validate_chunking(chunk_size, chunk_overlap)
    path = Path(path)
    if not path.exists():
        raise InputError("fichier ou dossier introuvable", file=str(path))
    if path.is_dir():
        files = sorted(
            p
            for p in path.rglob("*")
            if p.suffix.lower() == ".md"
            and p.is_file()
            and not any(part.startswith(".") for part in p.relative_to(path).parts)
        )
    else:
        files = [path]
    return unique_documents(
        ((str(file), parse_markdown(file, chunk_size=chunk_size, chunk_overlap=chunk_overlap)) for file in files),
        path=path,
        none_found="aucun fichier Markdown (.md) trouvé",
    )


def parse_markdown(
    file: Path,
    *,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    chunk_overlap: int = DEFAULT_CHUNK_OVERLAP,
) -> Document:
    """One Markdown file as a document."""
    name = str(file)
    lines = read_text(file).splitlines()
    front, body_start = _front_matter(lines, name)
    external_id = file.stem

    text_lines: list[str] = []
    sections: list[tuple[str | None, list[str]]] = [(None, [])]
    title: str | None = None
    in_fence = False
    for line in lines[body_start:]:
        if _FENCE.match(line):
            in_fence = not in_fence
        heading = None if in_fence else _HEADING.match(line)
        if heading is None:
            text_lines.append(line)
            sections[-1][1].append(line)
            continue
        level, heading_text = len(heading[1]), heading[2].strip()
        text_lines.append(heading_text)
        if level == 1 and title is None and heading_text:
            title = heading_text
        if level <= 2:
            sections.append((heading_text or None, []))
        else:
            sections[-1][1].append(heading_text)

    text = "\n".join(text_lines).strip()
    if not text:
        raise InputError("document vide", file=name, record=external_id)
    title = title or front.pop("title", None) or external_id
    front.pop("title", None)
    fields = {key: front.pop(key, None) for key in _OPTIONAL_TEXT_FIELDS}
    document_date = _parse_day(front.pop("date", None), file=name, line=None, record=external_id)
    return Document(
        external_id=external_id,
        title=title,
        text=text,
        date=document_date,
        metadata=front,
        passages=chunk_sections(
            [(heading, "\n".join(body)) for heading, body in sections],
            chunk_size=chunk_size,
            chunk_overlap=chunk_overlap,
        ),
        **fields,
    )


def _front_matter(lines: list[str], name: str) -> tuple[dict[str, Any], int]:
    """The ``key: value`` pairs between two leading ``---`` lines, and where the body starts."""
    if not lines or lines[0].strip() != "---":
        return {}, 0
    values: dict[str, Any] = {}
    for index in range(1, len(lines)):
        line = lines[index]
        if line.strip() == "---":
            return values, index + 1
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, colon, value = line.partition(":")
        key = key.strip()
        if not colon or not key:
            raise InputError(
                "ligne d'en-tête illisible (attendu : « clé: valeur »)", file=name, line=index + 1
            )
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        values[_FRONT_MATTER_KEYS.get(key.lower(), key)] = value or None
    raise InputError("en-tête non refermé : la ligne « --- » de fin manque", file=name, line=1)


# --- shared helpers ------------------------------------------------------------------------


def _parse_day(value: Any, *, file: str, line: int | None, record: str) -> date | None:
    """The calendar day of an ISO or ``JJ/MM/AAAA`` date; empty gives None."""
    moment = parse_date(value, file=file, line=line, record=record, column="date")
    return moment.date() if moment is not None else None


def unique_documents(parsed: Iterable[tuple[str, Document]], *, path: Path, none_found: str) -> list[Document]:
    """Documents from ``(source name, document)`` pairs, sorted by id; a repeated id is an error."""
    seen: dict[str, str] = {}  # external id -> source it came from
    documents = []
    for source, document in parsed:
        first = seen.get(document.external_id)
        if first is not None:
            raise InputError(
                f"identifiant {document.external_id} en double (déjà présent dans {first})",
                file=source,
                record=document.external_id,
            )
        seen[document.external_id] = source
        documents.append(document)
    if not documents:
        raise InputError(none_found, file=str(path))
    documents.sort(key=lambda d: d.external_id)
    return documents
