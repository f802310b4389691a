"""Import files into the store: parse, pseudonymise, then write in one transaction.

The CLI and the app's "Jeux de données" page both call these functions. Parsers never touch the
database and the Store never sees raw personal data: pseudonymisation happens in between.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path
from typing import Any

from workbench.errors import InputError
from workbench.privacy import default_pseudonymizer
from workbench.records import AgentFeedback, Document, Experience, Question
from workbench.store import Store, VersionedImport

QUESTION_FORMATS = ("csv", "tsv", "jsonl", "json", "parquet", "squad")
CORPUS_FORMATS = ("dila", "jsonl", "markdown")


def _check_file(path: Path) -> None:
    if not path.exists():
        raise InputError("fichier introuvable", file=str(path))


def _pseudonym_token(pseudonym: str | None) -> str | None:
    """A platform pseudonym can be a real name: keep only a stable, non-reversible token."""
    if not pseudonym:
        return None
    return "usager-" + hashlib.sha256(pseudonym.strip().lower().encode("utf-8")).hexdigest()[:10]


def _pseudonymise_metadata(pseudo: Any, metadatas: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Columns a file adds beyond the known ones are kept as metadata; they may hold free text
    (a comment, a contact), so every string in them is pseudonymised too."""
    texts: list[str] = []

    def collect(value: Any) -> None:
        if isinstance(value, str):
            texts.append(value)
        elif isinstance(value, dict):
            for item in value.values():
                collect(item)
        elif isinstance(value, list):
            for item in value:
                collect(item)

    for metadata in metadatas:
        collect(metadata)
    if not texts:
        return metadatas
    masked = iter(pseudo.pseudonymize_many(texts))

    def rebuild(value: Any) -> Any:
        if isinstance(value, str):
            return next(masked)
        if isinstance(value, dict):
            return {key: rebuild(item) for key, item in value.items()}
        if isinstance(value, list):
            return [rebuild(item) for item in value]
        return value

    return [rebuild(metadata) for metadata in metadatas]


def pseudonymise_experiences(experiences: list[Experience]) -> list[Experience]:
    pseudo = default_pseudonymizer()
    descriptions = pseudo.pseudonymize_many([e.description for e in experiences])
    titles = pseudo.pseudonymize_many([e.title for e in experiences])
    replies = pseudo.pseudonymize_many([r.text for e in experiences for r in e.replies])
    metadatas = _pseudonymise_metadata(pseudo, [e.metadata for e in experiences])
    out, cursor = [], 0
    for e, description, title, metadata in zip(experiences, descriptions, titles, metadatas):
        new_replies = []
        for r in e.replies:
            new_replies.append(replace(r, text=replies[cursor]))
            cursor += 1
        out.append(
            replace(
                e,
                description=description,
                title=title,
                pseudonym=_pseudonym_token(e.pseudonym),
                replies=new_replies,
                metadata=metadata,
            )
        )
    return out


def pseudonymise_questions(questions: list[Question]) -> list[Question]:
    pseudo = default_pseudonymizer()
    texts = pseudo.pseudonymize_many([q.text for q in questions])
    references = pseudo.pseudonymize_many([q.reference_answer for q in questions])
    recorded = pseudo.pseudonymize_many([q.recorded_answer for q in questions])
    metadatas = _pseudonymise_metadata(pseudo, [q.metadata for q in questions])
    return [
        replace(q, text=t, reference_answer=ref, recorded_answer=rec, metadata=m)
        for q, t, ref, rec, m in zip(questions, texts, references, recorded, metadatas)
    ]


def pseudonymise_feedback(rows: list[AgentFeedback]) -> list[AgentFeedback]:
    comments = default_pseudonymizer().pseudonymize_many([r.comment for r in rows])
    return [replace(r, comment=c or "") for r, c in zip(rows, comments)]


def import_experiences(store: Store, path: Path, *, pseudonymise: bool = True) -> dict[str, Any]:
    """Services Publics+ export (CSV or JSON) → experiences and replies."""
    from workbench.importers.spp import parse_experiences

    path = Path(path)
    _check_file(path)
    experiences = parse_experiences(path)
    if pseudonymise:
        experiences = pseudonymise_experiences(experiences)
    counts = store.import_experiences(experiences, source=path.name)
    return {**counts, "pseudonymised": pseudonymise}


def import_agent_feedback(store: Store, path: Path, *, pseudonymise: bool = True) -> dict[str, Any]:
    from workbench.importers.agent_feedback import parse_agent_feedback

    path = Path(path)
    _check_file(path)
    rows = parse_agent_feedback(path)
    if pseudonymise:
        rows = pseudonymise_feedback(rows)
    return store.import_agent_feedback(rows, source=path.name)


def parse_questions_file(path: Path, fmt: str | None = None) -> list[Question]:
    path = Path(path)
    _check_file(path)
    if fmt is not None and fmt not in QUESTION_FORMATS:
        raise InputError(f"format inconnu « {fmt} » (formats : {', '.join(QUESTION_FORMATS)})", file=str(path))
    if fmt == "squad":
        from workbench.importers.squad import parse_squad

        return parse_squad(path)
    from workbench.importers.tabular import parse_questions

    return parse_questions(path, fmt)


def import_questions(
    store: Store, path: Path, dataset: str, *, fmt: str | None = None, pseudonymise: bool = True
) -> VersionedImport:
    if not dataset.strip():
        raise InputError("le nom du jeu de données est vide", file=str(path))
    questions = parse_questions_file(path, fmt)
    if pseudonymise:
        questions = pseudonymise_questions(questions)
    return store.import_questions(dataset, questions, source=Path(path).name, pseudonymised=pseudonymise)


def parse_corpus_path(
    path: Path, fmt: str = "dila", *, chunk_size: int = 200, chunk_overlap: int = 40
) -> list[Document]:
    path = Path(path)
    _check_file(path)
    if fmt not in CORPUS_FORMATS:
        raise InputError(f"format inconnu « {fmt} » (formats : {', '.join(CORPUS_FORMATS)})", file=str(path))
    if not 0 < chunk_size or not 0 <= chunk_overlap < chunk_size:
        raise InputError(
            f"découpage invalide : taille {chunk_size}, recouvrement {chunk_overlap}"
            " (il faut taille > 0 et 0 ≤ recouvrement < taille)",
            file=str(path),
        )
    if fmt == "dila":
        from workbench.importers.dila import parse_dila

        return parse_dila(path, chunk_size=chunk_size, chunk_overlap=chunk_overlap)
    from workbench.importers.documents import parse_jsonl_documents, parse_markdown_documents

    parse = parse_jsonl_documents if fmt == "jsonl" else parse_markdown_documents
    return parse(path, chunk_size=chunk_size, chunk_overlap=chunk_overlap)


def import_corpus(
    store: Store,
    path: Path,
    corpus: str,
    *,
    fmt: str = "dila",
    chunk_size: int = 200,
    chunk_overlap: int = 40,
) -> VersionedImport:
    """A knowledge base (public fiches: not pseudonymised) → documents and passages."""
    if not corpus.strip():
        raise InputError("le nom du corpus est vide", file=str(path))
    documents = parse_corpus_path(path, fmt, chunk_size=chunk_size, chunk_overlap=chunk_overlap)
    return store.import_corpus(
        corpus,
        documents,
        source=Path(path).name,
        fmt=fmt,
        chunk_size=chunk_size,
        chunk_overlap=chunk_overlap,
    )
