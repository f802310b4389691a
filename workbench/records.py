"""Typed records produced by the importers and persisted by the Store.

Parsers (``workbench/importers/*``) turn files into these records and never touch the
database; ``workbench/importing.py`` pseudonymises them and hands them to the Store, which
writes them in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any


@dataclass
class Reply:
    """One structure's reply to an experience (Services Publics+); text is never empty."""

    position: int  # 1..3: the structure's column number in the export
    structure: str
    text: str
    typology: str | None = None
    channels: str | None = None
    ai_similarity: float | None = None  # 0-100, similarity of the published reply to the AI draft
    ai_assisted: bool | None = None  # explicit flag, when the export carries one


@dataclass
class Experience:
    """A citizen's experience published on Services Publics+, with its replies.

    Timestamps are naive local times in Europe/Paris (aware inputs are converted).
    """

    id: str
    description: str
    title: str | None = None
    status: str | None = None  # "Etat expérience", e.g. "Traitée"
    user_feeling: str | None = None  # positif | neutre | negatif
    written_at: datetime | None = None
    published_at: datetime | None = None
    first_reply_at: datetime | None = None
    useful: bool | None = None  # "Réponse utile": Oui -> True, Non -> False
    structures: list[str] = field(default_factory=list)  # every structure named, replied or not
    typologies: list[str] = field(default_factory=list)
    theme: str | None = None  # "Thème" when present, else the first "Démarches saisies par usager"
    procedures: str | None = None
    region: str | None = None
    department: str | None = None
    country: str | None = None
    pseudonym: str | None = None  # the citizen's pseudonym on the platform
    tags: dict[str, str] = field(default_factory=dict)  # accessibilite, reactivite...: positif|neutre|negatif
    metadata: dict[str, Any] = field(default_factory=dict)  # unknown columns, kept as text
    replies: list[Reply] = field(default_factory=list)


@dataclass
class AgentFeedback:
    agent: str
    date: date
    sentiment: str  # positif | neutre | negatif
    comment: str = ""


@dataclass
class Question:
    external_id: str  # the id users and the CLI refer to
    text: str
    theme: str | None = None
    structure: str | None = None
    reference_answer: str | None = None
    reference_context_ids: list[str] = field(default_factory=list)
    recorded_answer: str | None = None  # the historical human reply, a baseline
    metadata: dict[str, Any] = field(default_factory=dict)


@dataclass
class Passage:
    """A chunk of a document, the unit retrieval returns."""

    position: int
    text: str
    heading: str | None = None  # the section title the chunk sits under


@dataclass
class Document:
    external_id: str  # e.g. a fiche id "F1234"
    title: str
    text: str  # the whole text in reading order
    url: str | None = None
    audience: str | None = None  # e.g. "Particuliers"
    theme: str | None = None
    subject: str | None = None
    description: str | None = None
    date: date | None = None
    doc_type: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    passages: list[Passage] = field(default_factory=list)
