from __future__ import annotations

import pytest
from rasa_sdk.events import SlotSet

from actions.grounding import ActionGroundingNext, ActionGroundingStop, ActionStartGrounding
from bot.content.distress_rating import rating_words
from bot.content.exercise_delivery import exercise_delivery
from bot.content.exercises import load_exercise
from tests.actions.conftest import KNOWN_CLOCK, make_tracker, sent_replies, slots_after, start_exercise


@pytest.mark.asyncio
async def test_asking_with_nothing_said_offers_the_menu_of_what_is_going_on(dispatcher, domain):
    events = await ActionStartGrounding().run(dispatcher, make_tracker(text="/ground"), domain)
    (menu,) = sent_replies(dispatcher)
    assert events == [] and menu.text == exercise_delivery().menu.prompt
    payloads = [b.payload for b in menu.buttons]
    assert '/ground{"need":"panic"}' in payloads and '/ground{"need":"urge_self_harm"}' in payloads
    assert '/ground{"need":"any"}' in payloads and "/things_that_help" in payloads


@pytest.mark.asyncio
async def test_exercise_runs_step_by_step_to_its_end(dispatcher, domain):
    exercise = load_exercise()
    slots = await start_exercise(dispatcher, domain, metadata=KNOWN_CLOCK, entities={"exercise": exercise.id})
    assert slots["exercise_active"] is True and slots["exercise_id"] == exercise.id
    for _ in range(len(exercise.steps)):
        tracker = make_tracker(slots, metadata=KNOWN_CLOCK)
        events = await ActionGroundingNext().run(dispatcher, tracker, domain)
        slots = slots_after(events, slots)
    assert slots["exercise_active"] is False
    replies = sent_replies(dispatcher)
    assert replies[0].text == rating_words().before
    steps = replies[1:-1]
    assert steps[0].text.startswith(exercise.intro) and steps[-1].text.startswith("(5/5)")
    for step in steps:
        assert [b.payload for b in step.buttons] == ["/next_step", "/slower_exercise", "/stop_exercise"]
    assert replies[-1].text == exercise.outro
    assert [b.payload for b in replies[-1].buttons] == [b.payload for b in exercise_delivery().after]


@pytest.mark.asyncio
async def test_stop_is_always_allowed(dispatcher, domain):
    events = await ActionGroundingStop().run(dispatcher, make_tracker({"exercise_active": True}), domain)
    assert SlotSet("exercise_active", False) in events
    reply = sent_replies(dispatcher)[0]
    assert "Stopping is always allowed" in reply.text
    assert reply.stop_sequence  # the exercise's timed steps are cancelled too


@pytest.mark.asyncio
async def test_a_paced_exercise_sends_its_steps_to_arrive_by_themselves(dispatcher, domain):
    exercise = load_exercise("box_breathing")
    slots = await start_exercise(dispatcher, domain, text="can we do box breathing", metadata=KNOWN_CLOCK)
    reply = sent_replies(dispatcher)[-1]
    assert reply.text.endswith(exercise.steps[0])
    assert [b.payload for b in reply.buttons] == ["/slower_exercise", "/stop_exercise"]
    assert [step.text for step in reply.sequence] == [*exercise.steps[1:], exercise.outro]
    assert all(step.after_seconds == exercise.pace_seconds for step in reply.sequence)
    # Typed words do not step a paced exercise; until its end, a stop word stops it.
    assert slots["exercise_active"] is False and slots["exercise_paced_until"] > slots["exercise_paced_since"]


@pytest.mark.asyncio
async def test_an_urge_exercise_asks_each_minute_whether_the_urge_has_passed(dispatcher, domain):
    exercise = load_exercise("ride_out_urge_5")
    await start_exercise(dispatcher, domain, metadata=KNOWN_CLOCK, entities={"need": "urge_self_harm"})
    reply = sent_replies(dispatcher)[-1]
    assert reply.text.startswith(exercise.intro)
    checks = reply.sequence[:-1]
    assert len(checks) == exercise.minutes - 1 and all(step.after_seconds == 60 for step in reply.sequence)
    assert all(step.text.startswith(exercise_delivery().urge.check) for step in checks)
    assert all([b.payload for b in step.buttons] == ["/urge_passed", "/stop_exercise"] for step in checks)
    assert reply.sequence[-1].text == exercise.outro


@pytest.mark.asyncio
async def test_a_body_scan_says_what_it_may_bring_up_before_it_starts(dispatcher, domain):
    await start_exercise(dispatcher, domain, text="can we do a body scan", metadata=KNOWN_CLOCK)
    _, first, second = sent_replies(dispatcher)
    assert first.text == load_exercise("body_scan").before_starting
    assert second.text.startswith(load_exercise("body_scan").intro)


@pytest.mark.asyncio
async def test_another_one_avoids_the_exercises_just_done(dispatcher, domain):
    events = await ActionStartGrounding().run(dispatcher, make_tracker(
        {"recent_exercises": ["grounding_54321"], "exercise_need": "flashback"},
        text='/ground{"need":"another"}', entities={"need": "another"}), domain)
    slots = slots_after(events)
    assert slots["exercise_id"] != "grounding_54321"
    assert "flashback" in load_exercise(slots["exercise_id"]).helps_with  # still for what it was for


@pytest.mark.asyncio
async def test_stopping_says_the_running_exercises_own_words(dispatcher, domain):
    await ActionGroundingStop().run(dispatcher, make_tracker({"exercise_id": "safe_place",
                                                              "exercise_active": True}), domain)
    assert sent_replies(dispatcher)[0].text == load_exercise("safe_place").stopped


@pytest.mark.asyncio
async def test_at_night_the_night_variant_comes_with_fewer_words_to_its_end(dispatcher, domain):
    exercise = load_exercise("after_a_nightmare")
    slots = await start_exercise(dispatcher, domain, text="had a nightmare and i can't breathe",
                                 metadata=KNOWN_CLOCK)
    assert slots["exercise_id"] == "after_a_nightmare" and slots["exercise_night"] is True
    for _ in range(len(exercise.night.steps)):
        tracker = make_tracker(slots, metadata=KNOWN_CLOCK)
        events = await ActionGroundingNext().run(dispatcher, tracker, domain)
        slots = slots_after(events, slots)
    texts = [reply.text for reply in sent_replies(dispatcher)][1:]
    assert texts[0].startswith(exercise.night.intro)
    assert [t.split(") ", 1)[1] for t in texts[1:-1]] == list(exercise.night.steps[1:])
    assert texts[-1] == exercise.outro and slots["exercise_active"] is False
