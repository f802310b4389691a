"""Chunking: word windows with overlap, sentence-aware cuts, sections kept apart."""

from __future__ import annotations

import random

import pytest

from workbench.chunking import chunk_sections, chunk_text, validate_chunking


def numbered(count: int, start: int = 0) -> str:
    return " ".join(f"w{i}" for i in range(start, start + count))


def words(text: str) -> list[str]:
    return text.split()


def test_windows_have_the_requested_size_and_overlap() -> None:
    passages = chunk_text(numbered(1000), chunk_size=200, chunk_overlap=40)
    starts = [int(words(p.text)[0][1:]) for p in passages]
    assert starts == [0, 160, 320, 480, 640, 800]
    assert all(len(words(p.text)) == 200 for p in passages)
    for previous, following in zip(passages, passages[1:]):
        assert words(previous.text)[-40:] == words(following.text)[:40]
    assert [p.position for p in passages] == list(range(len(passages)))
    assert all(p.heading is None for p in passages)


def test_short_text_is_one_passage() -> None:
    passages = chunk_text("Une seule phrase courte.", chunk_size=200, chunk_overlap=40)
    assert [(p.position, p.text) for p in passages] == [(0, "Une seule phrase courte.")]


def test_tiny_remainder_joins_the_last_passage() -> None:
    # 210 words: a 10-word remainder is not worth a passage of its own.
    assert [len(words(p.text)) for p in chunk_text(numbered(210), chunk_size=200, chunk_overlap=40)] == [210]
    # 300 words: the remainder is real, it gets its own passage (with the overlap).
    sizes = [len(words(p.text)) for p in chunk_text(numbered(300), chunk_size=200, chunk_overlap=40)]
    assert sizes == [200, 140]


def test_cut_prefers_a_sentence_end_close_to_the_window_end() -> None:
    text = numbered(185) + ". " + numbered(300, start=185)
    first = chunk_text(text, chunk_size=200, chunk_overlap=40)[0]
    assert first.text.endswith("w184.")
    assert len(words(first.text)) == 185


def test_a_far_sentence_end_does_not_shorten_the_window() -> None:
    text = numbered(50) + ". " + numbered(400, start=50)
    first = chunk_text(text, chunk_size=200, chunk_overlap=40)[0]
    assert len(words(first.text)) == 200


def test_cut_also_happens_at_line_ends_and_keeps_line_breaks() -> None:
    text = numbered(190) + "\n- " + numbered(300, start=190)
    passages = chunk_text(text, chunk_size=200, chunk_overlap=40)
    assert passages[0].text.endswith("w189")
    assert "\n- w190" in passages[1].text


def test_sections_never_share_a_passage_and_keep_their_heading() -> None:
    sections = [
        (None, "Introduction courte."),
        ("Conditions", numbered(250)),
        ("  ", ""),  # empty section: no passage
        ("Démarche", "Se rendre en mairie."),
    ]
    passages = chunk_sections(sections, chunk_size=100, chunk_overlap=20)
    assert [p.position for p in passages] == list(range(len(passages)))
    assert passages[0].heading is None and passages[0].text == "Introduction courte."
    assert {p.heading for p in passages[1:-1]} == {"Conditions"}
    assert passages[-1].heading == "Démarche"
    assert passages[-1].text == "Se rendre en mairie."
    assert all("Introduction" not in p.text and "mairie" not in p.text for p in passages[1:-1])


def test_chunks_cover_every_word_in_order_with_exact_overlap() -> None:
    generator = random.Random(7)
    vocabulary = ["le", "droit", "demande.", "mairie,", "« titre »", "délai", "2025 ;", "1er", "\n-", "\n\n"]
    for _ in range(200):
        text = " ".join(generator.choice(vocabulary) for _ in range(generator.randint(0, 400)))
        size = generator.randint(1, 60)
        overlap = generator.randint(0, size - 1)
        passages = chunk_text(text, chunk_size=size, chunk_overlap=overlap)
        rebuilt: list[str] = []
        for index, passage in enumerate(passages):
            assert passage.text in text
            assert len(words(passage.text)) <= size + size // 5
            chunk_words = words(passage.text)
            if index:
                assert chunk_words[:overlap] == rebuilt[len(rebuilt) - overlap :]
                chunk_words = chunk_words[overlap:]
            rebuilt.extend(chunk_words)
        assert rebuilt == words(text)


@pytest.mark.parametrize(
    ("size", "overlap"),
    [(0, 0), (-5, 0), (10, 10), (10, 12), (10, -1), (True, 0), (10.0, 2), (10, None)],
)
def test_invalid_sizes_are_refused_clearly(size: object, overlap: object) -> None:
    with pytest.raises(ValueError, match="chunk_"):
        validate_chunking(size, overlap)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        chunk_text("du texte", chunk_size=size, chunk_overlap=overlap)  # type: ignore[arg-type]
