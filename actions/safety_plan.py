"""The safety plan walkthrough: a Rasa form whose steps are data
(data/content/plans/safety_plan.yml). Every step can be skipped; "not now" (or a button for
something else) leaves the plan with what is written kept; /safety_plan goes on where it
stopped. The finished plan's card and its buttons are in actions/safety_plan_card.py."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.replies import send, user_country
from actions.safety_plan_store import guide, keep_plan, kept_plan, slot_answers
from bot.content.crisis_card import render_support_list
from bot.content.reply import Reply

MAX_ANSWER_CHARACTERS = 600


class ActionSafetyPlan(Action):
    """Before the form: the saved answers back into the form's slots, and a word of welcome."""

    def name(self) -> str:
        return "action_safety_plan"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        _, kept = kept_plan(tracker.sender_id)
        in_slots = {slot: value for slot, value in slot_answers(tracker).items() if value is not None}
        answers = {**(kept.get("answers") or {}), **in_slots}
        if not kept.get("complete"):
            send(dispatcher, Reply(guide().resumed if answers else guide().intro))
        # Only the answered steps: the form asks the rest.
        return [SlotSet(slot, value) for slot, value in answers.items() if slot in guide().slots]


def _leaving(tracker: Tracker) -> bool:
    """A step was asked and the user said "not now", or tapped a button for something else."""
    text = str((tracker.latest_message or {}).get("text") or "")
    asked = tracker.get_slot("requested_slot") in guide().slots
    return asked and (guide().is_pause(text) or text.startswith("/"))


class ValidateSafetyPlanForm(FormValidationAction):
    """Each answer as the user wrote it ("" for a skip); "not now" or a button ends the form."""

    def name(self) -> str:
        return "validate_safety_plan_form"

    async def required_slots(self, domain_slots: list[str], dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: DomainDict) -> list[str]:
        if _leaving(tracker):
            return []  # leave the plan; what is written is kept
        return domain_slots

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        requested = tracker.get_slot("requested_slot")
        leaving = _leaving(tracker)
        events = await super().run(dispatcher, tracker, domain)
        if leaving:  # "not now" is not an answer to the step
            events = [e for e in events if not (e.get("event") == "slot" and e.get("name") == requested)]
            events.insert(0, SlotSet(requested, None))
            tracker.slots[requested] = None
        keep_plan(tracker.sender_id, slot_answers(tracker))
        return events

    def __getattr__(self, name: str):
        # validate_<slot> for every step of the plan: a skip is "", the words are kept as written.
        if name.startswith("validate_sp_"):
            async def validate_step(value, dispatcher, tracker, domain):
                slot = name[len("validate_"):]
                if value is None:  # not answered yet (the saved answers put back before the form)
                    return {slot: None}
                words = " ".join(str(value or "").split())[:MAX_ANSWER_CHARACTERS]
                return {slot: "" if guide().is_skip(words) else words}
            return validate_step
        raise AttributeError(name)


def _ask_action(slot: str) -> type[Action]:
    """action_ask_<slot>: the step's question, why it matters and examples to tap; the crisis
    lines for the user's country are written in for the professionals' step."""

    class AskStep(Action):
        def name(self) -> str:
            return f"action_ask_{slot}"

        async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                      domain: dict[str, Any]) -> list[EventType]:
            step = guide().step(slot)
            prefilled = render_support_list(user_country(tracker)) if step.prefilled_from_country else None
            send(dispatcher, guide().ask(slot, prefilled))
            return []

    AskStep.__name__ = f"ActionAsk_{slot}"
    return AskStep


ASK_ACTIONS = [_ask_action(slot) for slot in guide().slots]
