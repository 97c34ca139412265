"""The user's hour: a time said in their words, and the clock difference it gives."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from bot.content.local_time import (
    clock_choices,
    is_night_hour,
    is_night_where_they_are,
    offset_from_said,
    said_time,
)

NOW = datetime(2026, 12, 2, 2, 30, tzinfo=timezone.utc)


@pytest.mark.parametrize("said, clock", [
    ("its 3am here", (3, None)), ("3 am and i cant sleep", (3, None)), ("11pm", (23, None)),
    ("2:45am", (2, 45)), ("it's 12am", (0, None)), ("12pm", (12, None)), ("its 23:40", (23, 40)),
    ("3 a.m.", (3, None)), ("8:00am", (8, 0)),
    ("5 4 3 2 1 please", None), ("i am 3 years into recovery", None), ("help", None)])
def test_a_time_said_in_words(said, clock):
    assert said_time(said) == clock


@pytest.mark.parametrize("said, offset", [
    ("its 3am here", 60),         # 02:30 UTC, "3am": some time in that hour: UTC+1
    ("its 2am", 0),
    ("its 9:30pm", -5 * 60),      # New York in winter
    ("its 8pm", -6 * 60),         # 20:30 at UTC-6
    ("its 8:00am", 5 * 60 + 30),  # India: minutes said, taken to the quarter hour
    ("1:30pm here", 11 * 60),     # Sydney in summer
    ("nothing said", None)])
def test_the_clock_difference_from_what_was_said(said, offset):
    assert offset_from_said(said, NOW) == offset


def test_night_is_from_ten_at_night_to_six_in_the_morning():
    assert {hour for hour in range(24) if is_night_hour(hour)} == {22, 23, 0, 1, 2, 3, 4, 5}
    assert is_night_where_they_are(NOW, 0) and not is_night_where_they_are(NOW, -5 * 60)
    assert not is_night_where_they_are(NOW, None)  # unknown clock: the day variants, safe for all


def test_the_clock_chooser_offers_every_hour_once():
    choices = clock_choices(NOW)
    assert len(choices) == 24 and len({clock[:2] for clock, _ in choices}) == 24
    assert ("02:30", 0) in choices and ("13:30", 11 * 60) in choices
