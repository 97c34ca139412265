from __future__ import annotations

from bot.channels.telegram.splitting import split_for_telegram


def test_short_text_is_one_piece():
    assert split_for_telegram("hello") == ["hello"]


def test_long_text_is_cut_at_paragraph_breaks_under_the_limit():
    paragraphs = [("word " * 150).strip() for _ in range(12)]
    pieces = split_for_telegram("\n\n".join(paragraphs))
    assert len(pieces) > 1
    assert all(len(piece) <= 4096 for piece in pieces)
    assert all(piece.endswith("word") for piece in pieces)  # never cut inside a paragraph
    assert " ".join(" ".join(pieces).split()) == " ".join(" ".join(paragraphs).split())


def test_text_without_breaks_is_still_cut():
    pieces = split_for_telegram("x" * 9000)
    assert [len(p) for p in pieces] == [4096, 4096, 808]
