"""The question's historical human reply, replayed as a baseline."""

from __future__ import annotations

from workbench.generation.base import Generation, GenerationRequest


class RecordedGenerator:
    uses_model = False  # no model call: replays cost nothing

    key = "recorded:v1"

    def __init__(self, config) -> None:
        self.config = config

    async def generate(self, request: GenerationRequest) -> Generation:
        answer = request.question.recorded_answer
        if answer is None:
            return Generation(text=None, error="pas de réponse historique (colonne recorded_answer) pour cette question", attempts=1)
        return Generation(text=answer, total_ms=0.0, attempts=1)
