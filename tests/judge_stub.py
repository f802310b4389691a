"""A deterministic judge for ragas's JSON prompts, used by the loopback OpenAI stub.

ragas 0.4.3 (instructor, JSON mode: ``response_format={"type": "json_object"}``) sends the
output's JSON schema in the system message and the input as JSON after "input: " at the end of
the user message. ``judge_reply`` answers the schemas of the ragas metrics the workbench uses
with a word-overlap rule — a statement is supported by a context when at least 60 % of its
content words appear in it — so tests know the expected scores exactly.
"""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Any

_STOPWORDS = frozenset(
    "les des une pour par avec dans sur est sont vous votre vos qui que aux ces cette mais plus pas "
    "the and for are with that this from".split()
)


def content_words(text: str) -> set[str]:
    plain = "".join(c for c in unicodedata.normalize("NFKD", str(text).lower()) if not unicodedata.combining(c))
    return {w for w in re.findall(r"[a-z0-9]+", plain) if len(w) >= 3 and w not in _STOPWORDS}


def judge_overlap(statement: str, context: str) -> float:
    words = content_words(statement)
    return len(words & content_words(context)) / len(words) if words else 0.0


def sentences(text: str) -> list[str]:
    """Lines and sentences with at least one content word (greetings and signatures included)."""
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n+", str(text)) if content_words(s)]


def _decode_after(text: str, marker: str) -> Any:
    start = text.rfind(marker)
    if start < 0:
        return None
    brace = text.find("{", start)
    try:
        return json.JSONDecoder().raw_decode(text[brace:])[0]
    except (ValueError, IndexError):
        return None


def judge_reply(body: dict) -> str | None:
    """A JSON answer to a ragas judge prompt, or None when the schema is not one we know."""
    messages = body.get("messages") or []
    system = " ".join(str(m.get("content", "")) for m in messages if m.get("role") == "system")
    user = str(messages[-1].get("content", "")) if messages else ""
    schema = _decode_after(system, "json_schema:") or {}
    data = _decode_after(user, "\ninput: ") or {}
    title = schema.get("title")

    def supported(statement: str, context: str) -> int:
        return int(judge_overlap(statement, context) >= 0.6)

    if title == "StatementGeneratorOutput":
        reply: dict = {"statements": sentences(data.get("answer", ""))}
    elif title == "ClaimDecompositionOutput":
        reply = {"claims": sentences(data.get("response", ""))}
    elif title == "NLIStatementOutput":
        context = data.get("context", "")
        reply = {
            "statements": [
                {"statement": s, "reason": "recoupement lexical", "verdict": supported(s, context)}
                for s in data.get("statements", [])
            ]
        }
    elif title == "ContextRecallOutput":
        context = data.get("context", "")
        reply = {
            "classifications": [
                {"statement": s, "reason": "recoupement lexical", "attributed": supported(s, context)}
                for s in sentences(data.get("answer", ""))
            ]
        }
    elif title == "ContextPrecisionOutput":
        useful = judge_overlap(data.get("answer", ""), data.get("context", "")) >= 0.3
        reply = {"reason": "recoupement lexical", "verdict": int(useful)}
    elif title == "AnswerRelevanceOutput":
        first = (sentences(data.get("response", "")) or [""])[0]
        reply = {"question": f"Que faut-il savoir : {first}", "noncommittal": 0}
    else:
        return None
    return json.dumps(reply, ensure_ascii=False)
