"""No model: a reply assembled from the retrieved passages' most relevant sentences."""

from __future__ import annotations

import re
import time

from workbench.generation.base import Generation, GenerationRequest
from workbench.retrieval.text import stem_tokens

_SENTENCE = re.compile(r"(?<=[.!?…])\s+(?=[A-ZÀ-ÖØ-Þ«\"(])")


def split_sentences(text: str) -> list[str]:
    sentences = []
    for line in text.splitlines():
        line = line.strip(" -•\t")
        if line:
            sentences.extend(s.strip() for s in _SENTENCE.split(line) if len(s.strip()) > 20)
    return sentences


class ExtractiveGenerator:
    uses_model = False  # no model call: replays cost nothing

    def __init__(self, config) -> None:
        self.config = config
        self.key = f"extractive:v1:{config.max_sentences}"

    async def generate(self, request: GenerationRequest) -> Generation:
        started = time.perf_counter()
        text = self.compose(request)
        return Generation(text=text, total_ms=(time.perf_counter() - started) * 1000, attempts=1)

    def compose(self, request: GenerationRequest) -> str:
        query = set(stem_tokens(request.question.text))
        scored = []
        for rank, hit in enumerate(request.hits):
            for position, sentence in enumerate(split_sentences(hit.text)):
                overlap = len(query & set(stem_tokens(sentence)))
                # Prefer sentences that share words with the question, from better passages.
                scored.append((overlap - 0.1 * rank, -rank, -position, sentence, hit))
        if not scored:
            return (
                "Bonjour,\n\nNous n'avons pas trouvé d'information correspondant à votre demande dans"
                " nos fiches. Nous vous invitons à contacter directement l'organisme concerné.\n\nCordialement,"
            )
        chosen = sorted(scored, key=lambda s: s[:3], reverse=True)[: self.config.max_sentences]
        # Keep the reading order of the chosen sentences inside each passage.
        chosen.sort(key=lambda s: (-s[1], -s[2]))
        body = " ".join(s[3] for s in chosen)
        sources, seen = [], set()
        for *_, hit in chosen:
            if hit.document_id not in seen:
                seen.add(hit.document_id)
                sources.append(f"- {hit.title} : {hit.url}" if hit.url else f"- {hit.title}")
        return "Bonjour,\n\n" + body + "\n\nPour en savoir plus :\n" + "\n".join(sources) + "\n\nCordialement,"
