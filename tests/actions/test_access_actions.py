"""Consent and age are recorded in the user data store, where they outlive the conversation."""

from __future__ import annotations

import pytest
from rasa_sdk.events import SlotSet

from actions.consent import ActionRecordConsent
from actions.crisis import ActionCrisisResponse
from actions.youth import ActionYouthSupport
from bot.store.records import SAFETY_PLAN
from tests.actions.conftest import make_tracker

pytestmark = pytest.mark.asyncio


async def test_consent_is_kept_in_the_store(dispatcher, domain, user_store):
    events = await ActionRecordConsent().run(dispatcher, make_tracker(), domain)
    assert SlotSet("consent_given", True) in events
    assert user_store.settings.get("test-user").consent_given


async def test_under_18_gets_youth_services_and_is_remembered(dispatcher, domain, user_store):
    events = await ActionYouthSupport().run(dispatcher, make_tracker(metadata={"country": "UK"}), domain)
    assert SlotSet("is_minor", True) in events
    assert user_store.settings.get("test-user").is_minor
    [message] = dispatcher.messages
    assert "Childline" in message["text"] and "999" in message["text"]
    assert {b["payload"] for b in message["buttons"]} == {"/ground", "/find_support"}


async def test_the_crisis_card_names_the_people_on_the_users_safety_plan(dispatcher, domain, user_store):
    user_store.records.add("test-user", SAFETY_PLAN, {"contacts": [{"name": "Aunt Jo", "phone": "555 0101"}]})
    await ActionCrisisResponse().run(dispatcher, make_tracker(text="i want to die"), domain)
    assert "Aunt Jo" in dispatcher.messages[0]["text"]
