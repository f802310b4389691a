"""Split document text into passages, the unit retrieval returns.

Sizes are counted in words (runs of non-space characters). A document is a list of sections
``(heading, body)``: a section never shares a passage with another one. Inside a section,
windows of ``chunk_size`` words overlap by ``chunk_overlap`` words; a window ends at a sentence
or line end when one lies in its last quarter, and a tiny remainder is merged into the last
passage instead of becoming a passage of its own. Passage text is a slice of the section body,
so line breaks survive; the heading is kept apart, in ``Passage.heading``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from workbench.records import Passage

DEFAULT_CHUNK_SIZE = 200
DEFAULT_CHUNK_OVERLAP = 40

_WORD = re.compile(r"\S+")
# A word that closes a sentence: ends with . ! ? … : ; possibly followed by closing quotes or
# brackets.
_SENTENCE_END = re.compile(r"[.!?…:;][»\"'’)\]]*$")


def validate_chunking(chunk_size: int, chunk_overlap: int) -> None:
    """Raise ValueError unless 0 <= chunk_overlap < chunk_size."""
    if isinstance(chunk_size, bool) or not isinstance(chunk_size, int) or chunk_size <= 0:
        raise ValueError(
            f"chunk_size doit être un nombre entier de mots strictement positif (reçu : {chunk_size!r})"
        )
    if isinstance(chunk_overlap, bool) or not isinstance(chunk_overlap, int) or chunk_overlap < 0:
        raise ValueError(
            f"chunk_overlap doit être un nombre entier de mots positif ou nul (reçu : {chunk_overlap!r})"
        )
    if chunk_overlap >= chunk_size:
        raise ValueError(
            f"chunk_overlap ({chunk_overlap}) doit être strictement inférieur à chunk_size ({chunk_size})"
        )


def chunk_sections(
    sections: Iterable[tuple[str | None, str]],
    *,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    chunk_overlap: int = DEFAULT_CHUNK_OVERLAP,
) -> list[Passage]:
    """Passages of every section in order, numbered 0..n-1; empty sections give none."""
    validate_chunking(chunk_size, chunk_overlap)
    passages: list[Passage] = []
    for heading, body in sections:
        heading = (heading or "").strip() or None
        for text in _windows(body or "", chunk_size, chunk_overlap):
            passages.append(Passage(position=len(passages), text=text, heading=heading))
    return passages


def chunk_text(
    text: str,
    *,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    chunk_overlap: int = DEFAULT_CHUNK_OVERLAP,
    heading: str | None = None,
) -> list[Passage]:
    """Passages of a plain text, as one section."""
    return chunk_sections([(heading, text)], chunk_size=chunk_size, chunk_overlap=chunk_overlap)


def _windows(text: str, size: int, overlap: int) -> list[str]:
    words = list(_WORD.finditer(text))
    n = len(words)
    if n == 0:
        return []
    # A remainder of at most `tail` words joins the last window rather than forming its own.
    tail = size // 5
    # How far back from a full window a sentence end may pull the cut; it never pulls the cut
    # into the overlap, so every window moves forward.
    slack = min(size // 4, size - overlap - 1)
    pieces: list[str] = []
    start = 0
    while True:
        end = start + size
        if end + tail >= n:
            pieces.append(text[words[start].start() : words[-1].end()])
            return pieces
        end = _sentence_cut(text, words, start + size - slack, end)
        pieces.append(text[words[start].start() : words[end - 1].end()])
        start = end - overlap


def _sentence_cut(text: str, words: list[re.Match[str]], lowest: int, end: int) -> int:
    """The latest cut in [lowest, end] that follows a sentence or line end, else ``end``."""
    for cut in range(end, max(lowest, 1) - 1, -1):
        word = words[cut - 1]
        if _SENTENCE_END.search(word.group()):
            return cut
        following = words[cut].start() if cut < len(words) else len(text)
        if "\n" in text[word.end() : following]:
            return cut
    return end
