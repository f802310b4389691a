"""Dense retrieval: cosine similarity between the question and passage embeddings."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import numpy as np

from workbench.config import RetrievalConfig
from workbench.embeddings import Embedder, LocalEmbedder, OpenAIEmbedder
from workbench.errors import WorkbenchError
from workbench.retrieval.base import Hit, PassageTable, digest

log = logging.getLogger(__name__)


def embedder_for(config: RetrievalConfig) -> Embedder:
    if config.encoder == "local":
        return LocalEmbedder()
    if not (config.embeddings_base_url and config.embeddings_model):
        raise WorkbenchError(
            "encoder = \"openai\" demande embeddings_base_url et embeddings_model dans [retrieval]"
        )
    return OpenAIEmbedder(config.embeddings_base_url, config.embeddings_model, config.embeddings_api_key_env)


class DenseRetriever:
    def __init__(self, passages: PassageTable, embedder: Embedder, matrix: np.ndarray) -> None:
        self.passages = passages
        self.embedder = embedder
        self.matrix = matrix
        self.key = f"dense:{embedder.name}:{passages.key}"

    @classmethod
    def build(cls, passages: PassageTable, config: RetrievalConfig, *, cache: Path | None = None) -> "DenseRetriever":
        embedder = embedder_for(config)
        file = cache / f"{digest('dense', embedder.name, passages.key)}.npy" if cache else None
        if file is not None and file.exists():
            matrix = np.load(file)
            if matrix.shape[0] == len(passages.frame):
                return cls(passages, embedder, matrix)
        texts = [
            f"{title or ''}. {text}" for title, text in zip(passages.frame["title"], passages.frame["text"])
        ]
        matrix = embedder.embed(texts)
        if file is not None:
            tmp = file.with_suffix(f".{os.getpid()}.tmp.npy")
            np.save(tmp, matrix)
            os.replace(tmp, file)
        return cls(passages, embedder, matrix)

    def scores(self, query: str) -> np.ndarray:
        return self.matrix @ self.embedder.embed([query])[0]

    def retrieve(self, query: str, k: int) -> list[Hit]:
        scores = self.scores(query)
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [self.passages.hit(int(i), float(scores[i])) for i in top]

    def retrieve_many(self, queries: list[str], k: int) -> list[list[Hit]]:
        if not queries:
            return []
        all_scores = self.embedder.embed(queries) @ self.matrix.T
        results = []
        for scores in all_scores:
            kk = min(k, len(scores))
            top = np.argpartition(-scores, kk - 1)[:kk]
            top = top[np.argsort(-scores[top], kind="stable")]
            results.append([self.passages.hit(int(i), float(scores[i])) for i in top])
        return results
