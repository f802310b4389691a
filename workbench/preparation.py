"""Preparing a replay's prompts: pseudonymisation, retrieval, rendering and the content-addressed
cache key of each question (CPU work, run in a thread, chunk by chunk)."""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from typing import Any

from workbench.config import PipelineConfig
from workbench.privacy import Pseudonymizer, default_pseudonymizer
from workbench.prompts import Prompt, messages_hash
from workbench.records import Question
from workbench.retrieval import Hit, build_retriever
from workbench.store import Store


@dataclass
class Prepared:
    question: Question
    hits: list[Hit]
    messages: list[dict[str, str]]
    prompt_hash: str
    cache_key: str
    retrieval_ms: float


def _default_messages(question: Question) -> list[dict[str, str]]:
    return [{"role": "user", "content": question.text}]


class Preparer:
    """Retrieves passages and renders prompts for a pipeline.

    ``pseudonymised``: the questions went through the full pseudonymiser on import, so the
    replay's own pass keeps to the rules (no NER model to load)."""

    def __init__(self, store: Store, pipeline: PipelineConfig, generator_key: str, *, pseudonymised: bool = False) -> None:
        self.pipeline = pipeline
        self.generator_key = generator_key
        self.retriever = build_retriever(store, pipeline.retrieval)
        self.pseudo = Pseudonymizer(use_ner=False) if pseudonymised else default_pseudonymizer()
        self.corpus_id = self.retriever.passages.corpus_id if self.retriever is not None else None
        self.prompt = Prompt(pipeline.generation.prompt) if pipeline.generation.prompt else None

    def prepare(self, questions: list[Question]) -> list[Prepared]:
        pipeline = self.pipeline
        texts = self.pseudo.pseudonymize_many([q.text for q in questions])
        questions = [Question(**{**q.__dict__, "text": t}) for q, t in zip(questions, texts)]
        # Retrieval runs on the whole chunk (dense encoders are much faster on batches); each
        # question's retrieval_ms is its share of the chunk's time.
        started = time.perf_counter()
        batch = [q.text for q in questions]
        all_hits = self.retriever.retrieve_many(batch, pipeline.retrieval.k) if self.retriever else [[] for _ in batch]
        share = (time.perf_counter() - started) * 1000 / max(1, len(batch))
        prepared = []
        for question, hits in zip(questions, all_hits):
            if pipeline.retrieval.min_score is not None:
                hits = [h for h in hits if h.score >= pipeline.retrieval.min_score]
            if self.prompt is not None:
                messages = self.prompt.render(
                    question=question.text,
                    passages=[h.as_context() for h in hits],
                    structure=question.structure,
                    theme=question.theme,
                )
            else:
                messages = _default_messages(question)
            prompt_hash = messages_hash(messages)
            key_parts = [self.generator_key, prompt_hash, "|".join(h.passage_id for h in hits)]
            if pipeline.generation.kind == "recorded":
                key_parts.append(question.recorded_answer or "")
            cache_key = hashlib.sha256("\0".join(key_parts).encode()).hexdigest()
            prepared.append(Prepared(question, hits, messages, prompt_hash, cache_key, share))
        return prepared


Chunk = tuple[list[Prepared], dict[str, dict[str, Any]]]  # prompts, and the answers cached for them


def prepare_chunk(store: Store, preparer: Preparer, questions: list[Question]) -> Chunk:
    """A chunk's prompts and the answers already cached for them (one trip to a thread)."""
    prepared = preparer.prepare(questions)
    return prepared, store.cached_answers([p.cache_key for p in prepared])
