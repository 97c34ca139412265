from __future__ import annotations

import pytest
from rasa_sdk.events import SlotSet

from actions.grounding import ActionGroundingNext, ActionGroundingStop, ActionStartGrounding
from bot.content.exercises import load_exercise
from tests.actions.conftest import make_tracker, sent_replies


@pytest.mark.asyncio
async def test_exercise_runs_step_by_step_to_its_end(dispatcher, domain):
    exercise = load_exercise()
    events = await ActionStartGrounding().run(dispatcher, make_tracker(), domain)
    slots = {e["name"]: e["value"] for e in events}
    assert slots["exercise_active"] is True
    for _ in range(len(exercise.steps) - 1):
        events = await ActionGroundingNext().run(dispatcher, make_tracker(slots), domain)
        slots.update({e["name"]: e["value"] for e in events})
    events = await ActionGroundingNext().run(dispatcher, make_tracker(slots), domain)
    assert SlotSet("exercise_active", False) in events
    texts = [m["text"] for m in dispatcher.messages]
    assert texts[0].startswith(exercise.intro)
    assert [t.split(") ", 1)[0] for t in texts[:5]][-1].endswith("(5/5")
    assert texts[-1] == exercise.outro
    for message in dispatcher.messages[:-1]:
        assert [b["payload"] for b in message["buttons"]] == ["/next_step", "/stop_exercise"]


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
    tracker = make_tracker(text="can we do box breathing")
    events = await ActionStartGrounding().run(dispatcher, tracker, domain)
    (reply,) = sent_replies(dispatcher)
    assert reply.text.endswith(exercise.steps[0]) and [b.payload for b in reply.buttons] == ["/stop_exercise"]
    assert [step.text for step in reply.sequence] == [*exercise.steps[1:], exercise.outro]
    assert all(step.after_seconds == exercise.pace_seconds for step in reply.sequence)
    assert SlotSet("exercise_active", False) in events  # typed words do not step a paced exercise


@pytest.mark.asyncio
async def test_a_body_scan_says_what_it_may_bring_up_before_it_starts(dispatcher, domain):
    await ActionStartGrounding().run(dispatcher, make_tracker(text="can we do a body scan"), domain)
    first, second = sent_replies(dispatcher)
    assert first.text == load_exercise("body_scan").before_starting
    assert second.text.startswith(load_exercise("body_scan").intro)


@pytest.mark.asyncio
async def test_another_one_avoids_the_exercises_just_done(dispatcher, domain):
    events = await ActionStartGrounding().run(
        dispatcher, make_tracker({"recent_exercises": ["grounding_54321"]}, text="/ground"), domain)
    slots = {e["name"]: e["value"] for e in events}
    assert slots["exercise_id"] != "grounding_54321"
    assert slots["recent_exercises"][:2] == [slots["exercise_id"], "grounding_54321"]


@pytest.mark.asyncio
async def test_stopping_says_the_running_exercises_own_words(dispatcher, domain):
    await ActionGroundingStop().run(dispatcher, make_tracker({"exercise_id": "safe_place",
                                                              "exercise_active": True}), domain)
    assert sent_replies(dispatcher)[0].text == load_exercise("safe_place").stopped


@pytest.mark.asyncio
async def test_at_night_the_night_variant_comes_with_fewer_words_to_its_end(dispatcher, domain):
    exercise = load_exercise("after_a_nightmare")
    tracker = make_tracker(text="had a nightmare and i can't breathe")
    events = await ActionStartGrounding().run(dispatcher, tracker, domain)
    slots = {e["name"]: e["value"] for e in events}
    assert slots["exercise_id"] == "after_a_nightmare" and slots["exercise_night"] is True
    for _ in range(len(exercise.night.steps)):
        events = await ActionGroundingNext().run(dispatcher, make_tracker(slots), domain)
        slots.update({e["name"]: e["value"] for e in events})
    texts = [reply.text for reply in sent_replies(dispatcher)]
    assert texts[0].startswith(exercise.night.intro)
    assert [t.split(") ", 1)[1] for t in texts[1:-1]] == list(exercise.night.steps[1:])
    assert texts[-1] == exercise.outro and slots["exercise_active"] is False
