"""In-process batch generation with ``vllm.LLM`` (a GPU machine; the optional ``vllm`` extra).

The engine is created once, on the first batch, in the calling (main) thread; prompts are sent
in batches that vLLM schedules itself. Token counts come from the engine's own outputs.
"""

from __future__ import annotations

import json
import time

from workbench.errors import WorkbenchError
from workbench.generation.base import Generation, GenerationRequest


class VLLMLocalGenerator:
    def __init__(self, config) -> None:
        self.config = config
        self._llm = None
        self.key = "vllm:v1:" + json.dumps(
            {k: getattr(config, k) for k in ("model", "temperature", "top_p", "max_tokens", "seed")}, sort_keys=True
        )

    def _engine(self):
        if self._llm is None:
            try:
                from vllm import LLM
            except ImportError:
                raise WorkbenchError(
                    "le moteur vLLM n'est pas installé dans cet environnement :"
                    " installez l'extra `pip install -e '.[vllm]'` (machine GPU) ou utilisez kind = \"openai\""
                ) from None
            args = {"model": self.config.model, "seed": self.config.seed or 0, **self.config.engine_args}
            if self.config.max_model_len:
                args["max_model_len"] = self.config.max_model_len
            self._llm = LLM(**args)
        return self._llm

    def generate_batch(self, requests: list[GenerationRequest]) -> list[Generation]:
        from vllm import SamplingParams

        llm = self._engine()
        params = SamplingParams(
            temperature=self.config.temperature,
            top_p=self.config.top_p,
            max_tokens=self.config.max_tokens,
            seed=self.config.seed,
        )
        started = time.perf_counter()
        try:
            outputs = llm.chat([r.messages for r in requests], params, use_tqdm=False)
        except Exception as error:  # noqa: BLE001 - recorded per question, resumable
            return [Generation(text=None, error=f"vLLM : {type(error).__name__}", attempts=1) for _ in requests]
        elapsed = (time.perf_counter() - started) * 1000
        results = []
        for output in outputs:
            completion = output.outputs[0]
            results.append(
                Generation(
                    text=completion.text,
                    prompt_tokens=len(output.prompt_token_ids or []),
                    completion_tokens=len(completion.token_ids or []),
                    total_ms=elapsed,  # a batch: per-request latency is not observable
                    attempts=1,
                )
            )
        return results
