"""Exercises end to end: Telegram wire format → real PTB → gateway → real Rasa + actions → back.

The distress rating before and after, a person offered at 9 or 10, Slower, the urge exercise's
check each minute, favourites and the user's own things, and telling Harbor the time.
"""

from __future__ import annotations

import asyncio

import pytest

from bot.content.exercises import load_exercise
from tests.channels.telegram.conftest import CHAT, messages_with, tap, wait_for_text

pytestmark = [pytest.mark.asyncio, pytest.mark.rasa_model]


def newest_with(telegram, button: str, after: int = 0):
    return next((m for m in reversed(telegram.sent_messages(CHAT))
                 if button in m.button_texts and m.message_id > after), None)


async def wait_for_button(telegram, button: str, after: int = 0):
    return await telegram.wait_for_async(lambda: newest_with(telegram, button, after), 30,
                                         description=f"a message with {button!r}")


def scheduled_for(stack_user_data) -> int:
    return len(stack_user_data.scheduled.pending(stack_user_data.user_key(CHAT)))


async def test_a_rating_of_nine_offers_a_person_and_the_change_is_reflected_after(
        telegram, consented_bot, stack_user_data):
    stack_user_data.settings.set_country(stack_user_data.user_key(CHAT), "UK")
    telegram.push_update(telegram.text_update(CHAT, "can we do 5 4 3 2 1"))
    rating = await wait_for_button(telegram, "Skip")
    await tap(telegram, rating, "9")
    await wait_for_text(telegram, "you don't have to get through it alone")
    await wait_for_text(telegram, "Samaritans")  # the lines for the user's country
    step = await wait_for_text(telegram, "(1/5)")
    for number in range(2, len(load_exercise().steps) + 2):
        await tap(telegram, step, "Next")
        if number <= len(load_exercise().steps):
            step = await wait_for_text(telegram, f"({number}/5)")
    after = await wait_for_text(telegram, "how strong is it now")
    telegram.push_update(telegram.text_update(CHAT, "maybe a 4 now"))  # typed, not tapped
    reflection = await wait_for_text(telegram, "It went from 9 to 4")
    assert "Rest for now" in reflection.button_texts and after.message_id < reflection.message_id
    (record,) = stack_user_data.records.list(stack_user_data.user_key(CHAT), "distress_rating")
    assert record.content == {"exercise": "grounding_54321", "before": 9, "after": 4}


async def test_slower_sends_the_cues_still_to_come_further_apart(telegram, consented_bot):
    telegram.push_update(telegram.text_update(CHAT, "can we do box breathing"))
    await tap(telegram, await wait_for_button(telegram, "Skip"), "Skip")
    first = await wait_for_text(telegram, "Breathing in")
    await tap(telegram, first, "Slower")
    await wait_for_text(telegram, "The next cues will come every 6 seconds")
    count = len(telegram.sent_messages(CHAT))
    await asyncio.sleep(4.5)  # at the old pace, one more cue would have come by now
    assert len(telegram.sent_messages(CHAT)) == count
    await telegram.wait_for_async(lambda: len(telegram.sent_messages(CHAT)) > count, 10,
                                  description="the next cue, at the slower pace")
    telegram.push_update(telegram.text_update(CHAT, "/stop"))
    await wait_for_text(telegram, "Stopping is always allowed")


async def test_not_now_stops_a_paced_exercise_at_once(telegram, consented_bot, stack_user_data):
    telegram.push_update(telegram.text_update(CHAT, "can we do box breathing"))
    await tap(telegram, await wait_for_button(telegram, "Skip"), "Skip")
    await wait_for_text(telegram, "Breathing in")
    telegram.push_update(telegram.text_update(CHAT, "not now"))
    await wait_for_text(telegram, "Stopping is always allowed")
    assert scheduled_for(stack_user_data) == 0
    sent = len(telegram.sent_messages(CHAT))
    await asyncio.sleep(5)
    assert len(telegram.sent_messages(CHAT)) == sent


async def test_an_urge_exercise_can_end_when_the_urge_passes(telegram, consented_bot, stack_user_data):
    stack_user_data.settings.mark_local_time_asked(stack_user_data.user_key(CHAT))  # no time question
    telegram.push_update(telegram.text_update(CHAT, "/ground"))
    going_on = await wait_for_text(telegram, "What's going on for you right now?")
    await tap(telegram, going_on, "An urge to hurt myself")
    await tap(telegram, await wait_for_button(telegram, "Skip"), "Skip")
    first = await wait_for_text(telegram, "Urges are like waves")
    assert first.button_texts == ["It has passed", "Stop"]
    assert scheduled_for(stack_user_data) == 5  # four checks, a minute apart, then the ending
    await tap(telegram, first, "It has passed")
    await wait_for_text(telegram, "I'm really glad it has passed")
    assert scheduled_for(stack_user_data) == 0


async def test_a_crisis_mid_urge_gets_the_card_and_no_further_minutes(telegram, consented_bot,
                                                                     stack_user_data):
    telegram.push_update(telegram.text_update(CHAT, "/ground"))
    going_on = await wait_for_text(telegram, "What's going on for you right now?")
    await tap(telegram, going_on, "An urge to hurt myself")
    await tap(telegram, await wait_for_button(telegram, "Skip"), "Skip")
    await wait_for_text(telegram, "Urges are like waves")
    telegram.push_update(telegram.text_update(CHAT, "i'm going to cut deep tonight, i can't stop"))
    await wait_for_text(telegram, "Are you somewhere safe right now?")
    assert scheduled_for(stack_user_data) == 0


async def test_a_favourite_and_an_own_thing_are_offered_back(telegram, consented_bot, stack_user_data):
    telegram.push_update(telegram.text_update(CHAT, "can we do the container one"))
    await tap(telegram, await wait_for_button(telegram, "Skip"), "Skip")
    step = await wait_for_button(telegram, "Stop")
    await tap(telegram, step, "Stop")
    stopped = await wait_for_button(telegram, "Keep as a favourite", after=step.message_id)
    await tap(telegram, stopped, "Keep as a favourite")
    await wait_for_text(telegram, 'as a favourite')

    telegram.push_update(telegram.text_update(CHAT, "/ground"))
    going_on = await wait_for_text(telegram, "What's going on for you right now?")
    assert going_on.button_texts[0] == f"★ {load_exercise('container').title}"
    await tap(telegram, going_on, "Things that help me")
    listed = await wait_for_button(telegram, "Add something that helps")
    await tap(telegram, listed, "Add something that helps")
    await wait_for_text(telegram, "What's something that helps you?")
    telegram.push_update(telegram.text_update(CHAT, "my dog Biscuit"))
    await wait_for_text(telegram, 'Added "my dog Biscuit"')
    own = stack_user_data.records.list(stack_user_data.user_key(CHAT), "things_that_help")[0].content
    assert own == {"favourites": ["container"], "own": ["my dog Biscuit"]}


async def test_telling_harbor_the_time_keeps_only_the_difference_from_utc(telegram, consented_bot,
                                                                          stack_user_data):
    telegram.push_update(telegram.text_update(CHAT, "/time"))
    chooser = await wait_for_text(telegram, "What time is it where you are?")
    clocks = [title for title in chooser.button_texts if title != "Skip"]
    assert len(clocks) == 24
    await tap(telegram, chooser, clocks[0])
    await wait_for_text(telegram, "I'll keep that in mind")
    settings = stack_user_data.settings.get(stack_user_data.user_key(CHAT))
    assert settings.utc_offset_minutes is not None and settings.local_time_asked
    assert not messages_with(telegram, "Are you somewhere safe")
