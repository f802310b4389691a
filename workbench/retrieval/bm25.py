"""BM25 over French passages (bm25s + PyStemmer), index built once per corpus version."""

from __future__ import annotations

import logging
import shutil
import tempfile
from pathlib import Path

import bm25s
import numpy as np

from workbench.retrieval.base import Hit, PassageTable, digest
from workbench.retrieval.text import stem_tokens

log = logging.getLogger(__name__)
INDEX_VERSION = "1"


class BM25Retriever:
    def __init__(self, passages: PassageTable, model: bm25s.BM25) -> None:
        self.passages = passages
        self.model = model
        self.key = f"bm25:{INDEX_VERSION}:{passages.key}"
        self._vocab: dict[str, int] = model.vocab_dict

    @classmethod
    def build(cls, passages: PassageTable, *, cache: Path | None = None) -> "BM25Retriever":
        folder = cache / digest("bm25", INDEX_VERSION, passages.key) if cache else None
        if folder is not None and (folder / "params.index.json").exists():
            try:
                model = bm25s.BM25.load(str(folder), load_vocab=True, show_progress=False)
                return cls(passages, model)
            except Exception:  # a damaged cache is rebuilt, never fatal
                log.warning("BM25 index cache unreadable, rebuilding: %s", folder)
        corpus_tokens = [
            stem_tokens(f"{title or ''} {heading or ''} {text}")
            for title, heading, text in zip(
                passages.frame["title"], passages.frame["heading"], passages.frame["text"]
            )
        ]
        model = bm25s.BM25()
        model.index(corpus_tokens, show_progress=False)
        if folder is not None:
            # Write to a temporary folder then rename: readers never see half an index.
            tmp = Path(tempfile.mkdtemp(dir=folder.parent))
            model.save(str(tmp), show_progress=False)
            try:
                tmp.rename(folder)
            except OSError:  # another process built it first
                shutil.rmtree(tmp, ignore_errors=True)
        return cls(passages, model)

    def _query_ids(self, query: str) -> list[int]:
        return [self._vocab[t] for t in stem_tokens(query) if t in self._vocab]

    def scores(self, query: str) -> np.ndarray:
        ids = self._query_ids(query)
        if not ids:
            return np.zeros(len(self.passages.frame), dtype=np.float32)
        return self.model.get_scores(ids)

    def retrieve(self, query: str, k: int) -> list[Hit]:
        scores = self.scores(query)
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [self.passages.hit(int(i), float(scores[i])) for i in top if scores[i] > 0]

    def retrieve_many(self, queries: list[str], k: int) -> list[list[Hit]]:
        return [self.retrieve(q, k) for q in queries]
