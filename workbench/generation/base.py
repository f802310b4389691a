"""The Generator protocol and its request/result types."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from workbench.records import Question
from workbench.retrieval import Hit


@dataclass
class GenerationRequest:
    question: Question  # text already pseudonymised
    hits: list[Hit]
    messages: list[dict[str, str]]  # the rendered prompt


@dataclass
class Generation:
    text: str | None
    error: str | None = None
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    first_token_ms: float | None = None
    total_ms: float | None = None
    attempts: int = 1


class Generator(Protocol):
    """Turns a rendered request into an answer. ``key`` identifies its behaviour (cache)."""

    key: str

    async def generate(self, request: GenerationRequest) -> Generation: ...


def build_generator(config, *, concurrency: int = 16) -> "Generator":
    kind = config.kind
    if kind == "extractive":
        from workbench.generation.extractive import ExtractiveGenerator

        return ExtractiveGenerator(config)
    if kind == "recorded":
        from workbench.generation.recorded import RecordedGenerator

        return RecordedGenerator(config)
    if kind == "openai":
        from workbench.generation.openai_compat import OpenAICompatGenerator

        return OpenAICompatGenerator(config, concurrency=concurrency)
    if kind == "vllm":
        from workbench.generation.vllm_local import VLLMLocalGenerator

        return VLLMLocalGenerator(config)
    raise ValueError(f"unknown generation kind {kind!r}")
