"""Slower (step by step: no rush; paced: the cues still to come further apart) and an urge that has passed."""

from __future__ import annotations

import time

import pytest

from actions.exercise_pace import ActionSlowerExercise, ActionUrgePassed
from bot.content.distress_rating import rating_words
from bot.content.exercise_delivery import exercise_delivery
from bot.content.exercises import load_exercise
from tests.actions.conftest import KNOWN_CLOCK, make_tracker, sent_replies, slots_after, start_exercise


async def slower(dispatcher, domain, slots: dict) -> dict:
    tracker = make_tracker(slots, text="/slower_exercise", intent="slower_exercise", metadata=KNOWN_CLOCK)
    return slots_after(await ActionSlowerExercise().run(dispatcher, tracker, domain), slots)


@pytest.mark.asyncio
async def test_slower_in_a_step_by_step_exercise_says_there_is_no_rush(dispatcher, domain):
    slots = await start_exercise(dispatcher, domain, metadata=KNOWN_CLOCK,
                                 entities={"exercise": "safe_place"})
    after = await slower(dispatcher, domain, slots)
    reply = sent_replies(dispatcher)[-1]
    assert reply.text == exercise_delivery().slower.step and after == slots  # still on the same step
    assert [b.payload for b in reply.buttons] == ["/next_step", "/stop_exercise"]


@pytest.mark.asyncio
async def test_slower_in_a_paced_exercise_sends_the_cues_still_to_come_further_apart(dispatcher, domain):
    exercise = load_exercise("box_breathing")
    slots = await start_exercise(dispatcher, domain, metadata=KNOWN_CLOCK, entities={"exercise": exercise.id})
    # Three cues have gone out since it started.
    slots["exercise_paced_since"] = time.time() - 3 * exercise.pace - 1
    slots = await slower(dispatcher, domain, slots)
    reply = sent_replies(dispatcher)[-1]
    assert reply.stop_sequence  # the cues at the old pace are cancelled...
    # ...and the rest rescheduled.
    assert [s.text for s in reply.sequence] == [*exercise.steps[4:], exercise.outro]
    assert all(s.after_seconds == 6 for s in reply.sequence) and slots["exercise_pace"] == 6
    assert reply.text == exercise_delivery().slower.paced.format(seconds=6)


@pytest.mark.asyncio
async def test_slower_stops_at_the_slowest_pace(dispatcher, domain):
    exercise = load_exercise("box_breathing")
    slots = await start_exercise(dispatcher, domain, metadata=KNOWN_CLOCK, entities={"exercise": exercise.id})
    paces = []
    for _ in range(5):
        slots = await slower(dispatcher, domain, slots)
        paces.append(slots["exercise_pace"])
    assert paces == sorted(paces) and max(paces) <= exercise.pace * exercise_delivery().slower.slowest_factor
    assert sent_replies(dispatcher)[-1].text.startswith("This is as slow as the cues go")


@pytest.mark.asyncio
async def test_slower_with_nothing_running_says_so(dispatcher, domain):
    await slower(dispatcher, domain, {})
    assert dispatcher.messages[-1]["response"] == "utter_no_exercise_running"


@pytest.mark.asyncio
async def test_an_urge_that_has_passed_ends_the_minutes_and_asks_how_it_is_now(dispatcher, domain):
    slots = await start_exercise(dispatcher, domain, rating=7, metadata=KNOWN_CLOCK,
                                 entities={"need": "urge_self_harm"})
    assert slots["exercise_id"] == "ride_out_urge_5"
    tracker = make_tracker(slots, text="it passed", intent="urge_passed", metadata=KNOWN_CLOCK)
    slots = slots_after(await ActionUrgePassed().run(dispatcher, tracker, domain), slots)
    passed, question = sent_replies(dispatcher)[-2:]
    assert passed.text == exercise_delivery().urge.passed and passed.stop_sequence
    assert question.text == rating_words().after and slots["distress_asked"] == "after"
