"""The hour where the user is: read from what they say ("it's 3am here"), or from the clock
difference they told Harbor once. Night (22:00–06:00) brings the night variants first.

Deterministic: every function takes the current UTC time as an argument.
"""

from __future__ import annotations

import math
import re
from datetime import datetime, timedelta, timezone

NIGHT_FROM_HOUR = 22
NIGHT_UNTIL_HOUR = 6
MINUTES_PER_DAY = 24 * 60
# Clocks run from UTC-12 to UTC+14; a difference outside this cannot be a real clock.
EARLIEST_OFFSET, LATEST_OFFSET = -12 * 60, 14 * 60

# "3am", "3 am", "11pm", "2:30am", "3 a.m."; or a 24-hour "23:40", "02:10".
_TWELVE_HOUR = re.compile(r"\b(1[0-2]|0?[1-9])(?::([0-5][0-9]))?\s?([ap])\.?\s?m\b\.?")
_TWENTY_FOUR_HOUR = re.compile(r"\b([01]?[0-9]|2[0-3]):([0-5][0-9])\b")


def said_time(text: str) -> tuple[int, int | None] | None:
    """The clock time the words say (hour 0–23, minute or None when only the hour was said), or None."""
    lowered = (text or "").lower()
    twelve = _TWELVE_HOUR.search(lowered)
    if twelve:
        hour = int(twelve.group(1)) % 12 + (12 if twelve.group(3) == "p" else 0)
        return hour, None if twelve.group(2) is None else int(twelve.group(2))
    twenty_four = _TWENTY_FOUR_HOUR.search(lowered)
    if twenty_four:
        return int(twenty_four.group(1)), int(twenty_four.group(2))
    return None


def offset_from_said(text: str, now_utc: datetime) -> int | None:
    """The user's clock minus UTC, in minutes, from a time they said; None when they said none.

    A time said with minutes is taken to the nearest quarter hour (clocks differ from UTC by
    whole quarters). An hour said alone ("3am") means some time in that hour: taken as a
    quarter past, to the nearest whole hour.
    """
    said = said_time(text)
    if said is None:
        return None
    hour, minute = said
    step = 60 if minute is None else 15
    meant = hour * 60 + (15 if minute is None else minute)
    difference = meant - (now_utc.hour * 60 + now_utc.minute)
    offset = math.floor(difference / step + 0.5) * step
    # The same clock reading is a day earlier or later: keep the difference a real clock can have.
    while offset < EARLIEST_OFFSET:
        offset += MINUTES_PER_DAY
    while offset > LATEST_OFFSET:
        offset -= MINUTES_PER_DAY
    return offset if offset >= EARLIEST_OFFSET else None


def local_hour(now_utc: datetime, offset_minutes: int) -> int:
    return (now_utc + timedelta(minutes=offset_minutes)).hour


def local_clock(now_utc: datetime, offset_minutes: int) -> str:
    return (now_utc + timedelta(minutes=offset_minutes)).strftime("%H:%M")


def is_night_hour(hour: int) -> bool:
    return hour >= NIGHT_FROM_HOUR or hour < NIGHT_UNTIL_HOUR


def is_night_where_they_are(now_utc: datetime, offset_minutes: int | None) -> bool:
    """Night where the user is; False while their clock is unknown (day variants are safe for all)."""
    return offset_minutes is not None and is_night_hour(local_hour(now_utc, offset_minutes))


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def clock_choices(now_utc: datetime) -> list[tuple[str, int]]:
    """Each whole-hour clock a user may have now ("03:14") and its offset, in clock order: the
    user taps the one that matches theirs."""
    offsets = range(-11 * 60, 13 * 60, 60)
    choices = [((now_utc + timedelta(minutes=offset)).strftime("%H:%M"), offset) for offset in offsets]
    return sorted(choices)
