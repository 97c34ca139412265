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
