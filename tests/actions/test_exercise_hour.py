"""Choosing by the hour where the user is: night variants first from 22:00 to 06:00 on their clock."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from actions import grounding
from actions.grounding import ActionStartGrounding
from bot.metadata import LOCAL_TIME_ASKED, UTC_OFFSET
from tests.actions.conftest import make_tracker, slots_after

# 02:30 UTC: night in London (UTC+0) and at UTC-4, evening in New York (UTC-5), morning in Sydney.
NOW = datetime(2026, 12, 2, 2, 30, tzinfo=timezone.utc)


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch):
    monkeypatch.setattr(grounding, "utc_now", lambda: NOW)


async def chosen(dispatcher, domain, text: str, offset: int | None) -> dict:
    metadata = {UTC_OFFSET: offset, LOCAL_TIME_ASKED: offset is not None}
    tracker = make_tracker(text=text, metadata=metadata)
    return slots_after(await ActionStartGrounding().run(dispatcher, tracker, domain))


@pytest.mark.asyncio
@pytest.mark.parametrize("offset, night", [(0, True), (-5 * 60, False), (-4 * 60, True), (11 * 60, False),
                                           (3 * 60 + 30, False), (None, False)])
async def test_the_night_variant_comes_at_night_on_the_users_clock(dispatcher, domain, offset, night):
    slots = await chosen(dispatcher, domain, "im so anxious", offset)
    assert slots["exercise_night"] is night


@pytest.mark.asyncio
async def test_a_time_said_in_the_words_chooses_night_and_is_kept_for_next_time(dispatcher, domain,
                                                                                 user_store):
    slots = await chosen(dispatcher, domain, "its 3am here and im so anxious", None)
    assert slots["exercise_night"] is True
    settings = user_store.settings.get("test-user")
    assert settings.utc_offset_minutes == 60 and settings.local_time_asked


@pytest.mark.asyncio
async def test_the_words_win_over_a_clock_told_before(dispatcher, domain):
    # Travelling: the clock Harbor knows says afternoon, the person says it is 11pm where they are.
    slots = await chosen(dispatcher, domain, "its 11pm and im anxious", 12 * 60)
    assert slots["exercise_night"] is True
