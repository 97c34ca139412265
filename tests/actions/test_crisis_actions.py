from __future__ import annotations

import pytest
from rasa_sdk.events import ActiveLoop, SlotSet

from actions.crisis import ActionCrisisResponse, ActionSafetyAnswer, ActionSafetyCheckIn
from tests.actions.conftest import make_tracker

CRISIS = {"level": "crisis", "categories": ["suicide"], "rules": ["suicide.kill_self"], "spans": []}


@pytest.mark.asyncio
async def test_crisis_action_sends_the_card_and_ends_any_form(dispatcher, domain):
    tracker = make_tracker({"exercise_active": True, "exercise_id": "grounding_54321"},
                           text="i want to die", crisis=CRISIS)
    events = await ActionCrisisResponse().run(dispatcher, tracker, domain)
    assert len(dispatcher.messages) == 1
    assert "call 911" in dispatcher.messages[0]["text"]
    assert ActiveLoop(None) in events
    assert SlotSet("exercise_active", False) in events
    assert SlotSet("interrupted_exercise", "grounding_54321") in events
    assert SlotSet("safety_check_pending", True) in events


@pytest.mark.asyncio
async def test_crisis_action_sends_no_second_card_when_the_gateway_sent_one(dispatcher, domain):
    tracker = make_tracker(text="i want to die", crisis=CRISIS, metadata={"crisis_card_sent": True})
    events = await ActionCrisisResponse().run(dispatcher, tracker, domain)
    assert dispatcher.messages == []
    assert SlotSet("safety_check_pending", True) in events


@pytest.mark.asyncio
async def test_crisis_card_uses_the_country_from_the_gateway(dispatcher, domain):
    tracker = make_tracker(text="i want to die", crisis=CRISIS, metadata={"country": "AU"})
    await ActionCrisisResponse().run(dispatcher, tracker, domain)
    assert "13 11 14" in dispatcher.messages[0]["text"]


@pytest.mark.asyncio
async def test_check_in_asks_gently(dispatcher, domain):
    tracker = make_tracker(text="i wish i could disappear")
    events = await ActionSafetyCheckIn().run(dispatcher, tracker, domain)
    assert "safe right now" in dispatcher.messages[0]["text"]
    assert SlotSet("safety_check_pending", True) in events


@pytest.mark.asyncio
async def test_safe_answer_offers_choices_and_does_not_resume_by_itself(dispatcher, domain):
    tracker = make_tracker({"safety_check_pending": True, "interrupted_exercise": "grounding_54321"},
                           intent="i_am_safe")
    events = await ActionSafetyAnswer().run(dispatcher, tracker, domain)
    message = dispatcher.messages[0]
    assert message["response"] == "utter_glad_you_are_safe"
    assert [b["title"] for b in message["buttons"]][0] == "Start the exercise again"
    assert SlotSet("safety_check_pending", False) in events


@pytest.mark.asyncio
async def test_not_safe_answer_gets_the_short_direct_reply_not_the_card_again(dispatcher, domain):
    tracker = make_tracker({"safety_check_pending": True}, intent="deny")
    await ActionSafetyAnswer().run(dispatcher, tracker, domain)
    text = dispatcher.messages[0]["text"]
    assert text.startswith("Please call 911 now.") and "staying here with you" in text
    assert "Are you somewhere safe" not in text


@pytest.mark.asyncio
async def test_not_safe_answer_the_gateway_already_answered_is_not_answered_twice(dispatcher, domain):
    tracker = make_tracker({"safety_check_pending": True}, intent="nlu_fallback", text="idk",
                           metadata={"crisis_card_sent": True})
    await ActionSafetyAnswer().run(dispatcher, tracker, domain)
    assert dispatcher.messages == []
