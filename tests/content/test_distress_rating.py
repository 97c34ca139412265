"""Reading a distress rating from a button or typed words, and the line that reflects the change."""

from __future__ import annotations

import pytest

from bot.content.distress_rating import ask_rating, rating_words, read_rating, reflect_change


@pytest.mark.parametrize("said, rating", [
    (7, 7), (0, 0), (10, 10), ("7", 7), ("like a 7/10", 7), ("8 out of 10", 8), ("zero", 0), ("0", 0),
    ("its a TEN", 10), ("honestly 9 right now", 9), ("ten out of 10", 10),
    (11, None), (-1, None), (True, None), ("skip", None), ("", None), ("between 6 and 8", None),
    ("a lot", None), (None, None), ("42", None)])
def test_a_rating_is_read_from_a_button_or_words(said, rating):
    assert read_rating(said) == rating


def test_the_question_offers_every_number_and_a_skip():
    before = ask_rating(before=True)
    assert [b.title for b in before.buttons][:11] == [str(n) for n in range(11)]
    assert before.buttons[11].payload == "/rate_distress" and before.buttons[12].payload == "/stop_exercise"
    assert ask_rating(before=False).buttons[-1].payload == "/rate_distress"


@pytest.mark.parametrize("before, after, line", [
    (8, 5, "went_down"), (3, 3, "stayed"), (0, 0, "stayed"), (2, 6, "went_up"), (None, 4, "after_only")])
def test_one_line_reflects_the_change(before, after, line):
    words = rating_words()
    expected = getattr(words, line).format(before=before, after=after)
    assert reflect_change(before, after).text.startswith(expected)
