"""The Retriever protocol and the factory that builds one from a pipeline configuration."""

from __future__ import annotations

import hashlib
import os
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, TypeVar

import pandas as pd

from workbench.chunking import chunk_text
from workbench.config import RetrievalConfig
from workbench.errors import WorkbenchError
from workbench.store import Store

T = TypeVar("T")
# Passage tables and indexes kept in memory per process, most recently used first: loading a
# 100,000-passage corpus and its BM25 index from the database and the disk cache takes ≈ 2 s,
# which every replay in the app or a notebook paid again. Loading one (40-word passages) grows
# the process by ≈ 300 MB; its passage table and BM25 index are two entries.
# WORKBENCH_RETRIEVER_CACHE sets the number of entries (0: keep nothing).
DEFAULT_MEMORY_CACHE_ENTRIES = 6


def _memory_cache_entries() -> int:
    value = os.environ.get("WORKBENCH_RETRIEVER_CACHE", "")
    try:
        return max(0, int(value)) if value.strip() else DEFAULT_MEMORY_CACHE_ENTRIES
    except ValueError:
        raise WorkbenchError(f"WORKBENCH_RETRIEVER_CACHE doit être un nombre entier (reçu « {value} »)") from None


@dataclass(frozen=True)
class Hit:
    """One retrieved passage, with what the answer needs to cite it."""

    passage_id: str
    document_id: str
    score: float
    text: str
    title: str | None = None
    url: str | None = None
    date: str | None = None
    heading: str | None = None

    def as_context(self) -> dict:
        return {
            "passage_id": self.passage_id,
            "document_id": self.document_id,
            "score": round(float(self.score), 6),
            "title": self.title,
            "url": self.url,
            "date": self.date,
            "heading": self.heading,
            "text": self.text,
        }


class Retriever(Protocol):
    """Search a corpus: ``retrieve`` returns the ``k`` best passages, best first."""

    key: str  # identifies the index (corpus version, chunking, method): part of the cache key
    passages: "PassageTable"

    def retrieve(self, query: str, k: int) -> list[Hit]: ...

    def retrieve_many(self, queries: list[str], k: int) -> list[list[Hit]]: ...


@dataclass
class PassageTable:
    """The passages a retriever searches, as parallel columns."""

    corpus_id: str
    chunking: str
    frame: pd.DataFrame  # id, document_id, heading, text, title, url, date

    def __post_init__(self) -> None:
        # Plain Python rows: building a Hit must not cost a pandas row lookup.
        def clean(value: object) -> str | None:
            return None if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)

        self._rows = [
            (str(r.id), str(r.document_id), str(r.text), clean(r.title), clean(r.url), (clean(r.date) or "")[:10] or None, clean(r.heading))
            for r in self.frame.itertuples(index=False)
        ]

    @property
    def key(self) -> str:
        return f"{self.corpus_id}:{self.chunking}"

    def hit(self, row: int, score: float) -> Hit:
        passage_id, document_id, text, title, url, date, heading = self._rows[row]
        return Hit(passage_id, document_id, float(score), text, title, url, date, heading)


def _corpus(store: Store, config: RetrievalConfig) -> dict[str, Any]:
    if not config.corpus:
        raise WorkbenchError("la recherche documentaire demande un corpus : ajoutez `corpus = \"...\"` dans [retrieval]")
    corpus = store.corpus(config.corpus)
    if corpus is None:
        raise WorkbenchError(
            f"corpus « {config.corpus} » introuvable ; importez-le avec `workbench import corpus`"
        )
    return corpus


def _chunking(corpus: dict[str, Any], config: RetrievalConfig) -> tuple[int | None, int | None]:
    size = config.chunk_size or corpus["chunk_size"]
    overlap = config.chunk_overlap if config.chunk_overlap is not None else corpus["chunk_overlap"]
    if size == corpus["chunk_size"] and overlap == corpus["chunk_overlap"]:
        return size, overlap
    if overlap is None or overlap >= size:
        overlap = min(size // 5, size - 1)
    return size, overlap


def _load_passages(store: Store, config: RetrievalConfig, corpus: dict[str, Any]) -> PassageTable:
    """The corpus's passages, re-chunked when the pipeline asks for another chunking."""
    size, overlap = _chunking(corpus, config)
    if size == corpus["chunk_size"] and overlap == corpus["chunk_overlap"]:
        frame = store.passages_frame(corpus["id"])
    else:
        docs = store.documents_text_frame(corpus["id"])
        rows = []
        for doc in docs.itertuples():
            for p in chunk_text(doc.text or "", chunk_size=size, chunk_overlap=overlap):
                rows.append(
                    {
                        "id": f"{doc.id}#{p.position}",
                        "document_id": doc.id,
                        "position": p.position,
                        "heading": p.heading,
                        "text": p.text,
                        "title": doc.title,
                        "url": doc.url,
                        "date": doc.date,
                        "theme": doc.theme,
                    }
                )
        frame = pd.DataFrame(rows, columns=["id", "document_id", "position", "heading", "text", "title", "url", "date", "theme"])
    if frame.empty:
        raise WorkbenchError(f"le corpus « {config.corpus} » ne contient aucun passage")
    return PassageTable(corpus["id"], f"{size}-{overlap}", frame.reset_index(drop=True))


def cache_dir(store: Store, *parts: str) -> Path:
    """A folder next to the database file for derived data (indexes, embeddings)."""
    folder = store.path.parent / f"{store.path.name}.cache"
    for part in parts:
        folder = folder / part
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def digest(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:16]


class _MemoryCache:
    """A small per-process LRU of built objects; each key is built once at a time (others wait)."""

    def __init__(self, entries: Callable[[], int]) -> None:
        self.entries = entries  # read at each insertion: the setting may change in a running process
        self._items: OrderedDict[tuple, Any] = OrderedDict()
        self._lock = threading.Lock()
        self._building: dict[tuple, threading.Lock] = {}

    def get(self, key: tuple, build: Callable[[], T]) -> T:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
            gate = self._building.setdefault(key, threading.Lock())
        with gate:
            with self._lock:
                if key in self._items:
                    return self._items[key]
            try:
                value = build()
            finally:
                with self._lock:
                    self._building.pop(key, None)
            with self._lock:
                self._items[key] = value
                while len(self._items) > self.entries():
                    self._items.popitem(last=False)
            return value


_memory = _MemoryCache(_memory_cache_entries)


def _encoder_fingerprint(config: RetrievalConfig) -> tuple:
    """What a dense retriever's encoder depends on (the key only as a digest, never its value)."""
    key = os.environ.get(config.embeddings_api_key_env, "") if config.embeddings_api_key_env else ""
    return (config.encoder, config.embeddings_base_url, config.embeddings_model, digest(key))


def build_retriever(store: Store, config: RetrievalConfig) -> Retriever | None:
    """The retriever a pipeline asks for; ``None`` for ``kind = "none"``.

    Corpus versions never change (their id hashes their content and chunking), so this process
    keeps the last few passage tables and indexes in memory (``WORKBENCH_RETRIEVER_CACHE``): only
    the corpus's current version is looked up each time."""
    if config.kind == "none":
        return None
    corpus = _corpus(store, config)
    size, overlap = _chunking(corpus, config)
    where = (str(store.path.resolve()), corpus["id"], size, overlap)
    passages = _memory.get(("passages", *where), lambda: _load_passages(store, config, corpus))

    def lexical() -> Retriever:
        from workbench.retrieval.bm25 import BM25Retriever

        return _memory.get(("bm25", *where), lambda: BM25Retriever.build(passages, cache=cache_dir(store, "bm25")))

    def dense() -> Retriever:
        from workbench.retrieval.dense import DenseRetriever

        return _memory.get(
            ("dense", *where, _encoder_fingerprint(config)),
            lambda: DenseRetriever.build(passages, config, cache=cache_dir(store, "dense")),
        )

    if config.kind == "bm25":
        return lexical()
    if config.kind == "dense":
        return dense()
    from workbench.retrieval.hybrid import HybridRetriever

    return HybridRetriever(lexical(), dense(), rrf_k=config.rrf_k)
