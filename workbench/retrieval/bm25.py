"""BM25 over French passages (bm25s + PyStemmer), index built once per corpus version.

bm25s builds and stores the index; queries are answered by :mod:`workbench.retrieval.topk`
(exact top-k by MaxScore pruning or a dense pass: the same scores as ``BM25.get_scores``, ties
broken by passage row). Query words are stemmed once per retriever and remembered.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from pathlib import Path

import bm25s
import numpy as np

from workbench.retrieval.base import Hit, PassageTable, digest
from workbench.retrieval.text import stem_tokens, words
from workbench.retrieval.topk import ImpactIndex

log = logging.getLogger(__name__)
INDEX_VERSION = "1"
WORD_CACHE_SIZE = 100_000  # distinct query words remembered per retriever


class BM25Retriever:
    def __init__(self, passages: PassageTable, model: bm25s.BM25) -> None:
        self.passages = passages
        self.model = model
        self.key = f"bm25:{INDEX_VERSION}:{passages.key}"
        self._vocab: dict[str, int] = model.vocab_dict
        self._word_terms: dict[str, tuple[int, ...]] = {}
        scores = model.scores
        self.impacts = ImpactIndex(scores["data"], scores["indices"], scores["indptr"], len(passages.frame))

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
        """The query's term ids in query order: ``stem_tokens(query)`` found in the vocabulary."""
        ids: list[int] = []
        cache = self._word_terms
        for word in words(query):
            terms = cache.get(word)
            if terms is None:
                # A word alone gives what it gives inside the query (stop word: nothing).
                terms = tuple(self._vocab[t] for t in stem_tokens(word) if t in self._vocab)
                if len(cache) >= WORD_CACHE_SIZE:
                    cache.clear()
                cache[word] = terms
            ids.extend(terms)
        return ids

    def scores(self, query: str) -> np.ndarray:
        ids = self._query_ids(query)
        if not ids:
            return np.zeros(len(self.passages.frame), dtype=np.float32)
        return self.model.get_scores(ids)

    def retrieve(self, query: str, k: int) -> list[Hit]:
        return self.retrieve_many([query], k)[0]

    def retrieve_many(self, queries: list[str], k: int) -> list[list[Hit]]:
        rows, scores = self.impacts.top_k([self._query_ids(q) for q in queries], k)
        hit = self.passages.hit
        return [
            [hit(row, score) for row, score in zip(query_rows, query_scores) if row >= 0]
            for query_rows, query_scores in zip(rows.tolist(), scores.tolist())
        ]
