"""The crisis card, the gentle safety check-in, and what happens after the answer."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.replies import gateway_metadata, send, user_country
from actions.store import user_data
from bot.content.crisis_card import plan_contacts, render_check_in, render_crisis_card, render_not_safe
from bot.content.menu import after_safe
from bot.content.reply import Reply
from bot.metadata import CRISIS_CARD_SENT
from bot.store.records import SAFETY_PLAN

SAFE_INTENTS = {"i_am_safe", "affirm"}


def _pause_everything(tracker: Tracker) -> list[EventType]:
    """End any form, exercise or question, remembering the exercise so the user may go back to it.
    (The gateway has already cancelled a paced exercise's messages still to come.)"""
    requested = tracker.get_slot("requested_slot")
    events: list[EventType] = [ActiveLoop(None), SlotSet("requested_slot", None),
                               # The crisis message is not an answer to the step a form asked.
                               *([SlotSet(requested, None)] if requested else []),
                               SlotSet("safety_check_pending", True), SlotSet("distress_asked", None),
                               SlotSet("adding_thing_that_helps", False)]
    if tracker.get_slot("exercise_active") or tracker.get_slot("exercise_paced_until"):
        events += [SlotSet("interrupted_exercise", tracker.get_slot("exercise_id")),
                   SlotSet("exercise_active", False), SlotSet("exercise_paced_until", None)]
    return events


def _categories(tracker: Tracker) -> list[str]:
    assessment = (tracker.latest_message or {}).get("crisis") or {}
    return list(assessment.get("categories") or [])


def _crisis_card(tracker: Tracker, categories: list[str]) -> Reply:
    """The card with the user's country and the people on their own safety plan."""
    contacts = plan_contacts(user_data().records.list(tracker.sender_id, SAFETY_PLAN))
    return render_crisis_card(user_country(tracker), categories, contacts)


class ActionCrisisResponse(Action):
    def name(self) -> str:
        return "action_crisis_response"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        # The gateway sends the card the moment it reads the message; one card per message.
        if not gateway_metadata(tracker).get(CRISIS_CARD_SENT):
            send(dispatcher, _crisis_card(tracker, _categories(tracker)))
        return _pause_everything(tracker)


class ActionSafetyCheckIn(Action):
    def name(self) -> str:
        return "action_safety_check_in"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        send(dispatcher, render_check_in())
        return _pause_everything(tracker)


class ActionSafetyAnswer(Action):
    """After "are you safe right now?": stay with the user, let them choose what next."""

    def name(self) -> str:
        return "action_safety_answer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        intent = ((tracker.latest_message or {}).get("intent") or {}).get("name")
        events: list[EventType] = [SlotSet("safety_check_pending", False)]
        if intent not in SAFE_INTENTS:
            # Short and direct, not the long card again; the gateway may have sent it already.
            if not gateway_metadata(tracker).get(CRISIS_CARD_SENT):
                send(dispatcher, render_not_safe(user_country(tracker)))
            return events
        interrupted = tracker.get_slot("interrupted_exercise")
        choices = after_safe(going_back_to=interrupted if isinstance(interrupted, str) else None)
        dispatcher.utter_message(response="utter_glad_you_are_safe",
                                 buttons=[button.as_rasa() for button in choices])
        return [*events, SlotSet("interrupted_exercise", None)]
