"""Hybrid retrieval: reciprocal rank fusion (RRF) of BM25 and dense rankings."""

from __future__ import annotations

from dataclasses import replace

from workbench.retrieval.base import Hit


class HybridRetriever:
    def __init__(self, lexical, dense, *, rrf_k: int = 60, depth: int = 50) -> None:
        self.lexical = lexical
        self.dense = dense
        self.passages = lexical.passages
        self.rrf_k = rrf_k
        self.depth = depth
        self.key = f"hybrid:{rrf_k}:{lexical.key}|{dense.key}"

    def _fuse(self, rankings: list[list[Hit]], k: int) -> list[Hit]:
        fused: dict[str, float] = {}
        hits: dict[str, Hit] = {}
        for ranking in rankings:
            for rank, hit in enumerate(ranking):
                fused[hit.passage_id] = fused.get(hit.passage_id, 0.0) + 1.0 / (self.rrf_k + rank + 1)
                hits.setdefault(hit.passage_id, hit)
        best = sorted(fused, key=lambda pid: (-fused[pid], pid))[:k]
        return [replace(hits[pid], score=fused[pid]) for pid in best]

    def retrieve(self, query: str, k: int) -> list[Hit]:
        depth = max(k, self.depth)
        return self._fuse([self.lexical.retrieve(query, depth), self.dense.retrieve(query, depth)], k)

    def retrieve_many(self, queries: list[str], k: int) -> list[list[Hit]]:
        depth = max(k, self.depth)
        lexical = self.lexical.retrieve_many(queries, depth)
        dense = self.dense.retrieve_many(queries, depth)
        return [self._fuse([a, b], k) for a, b in zip(lexical, dense)]
