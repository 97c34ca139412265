"""The safety plan walkthrough: a Rasa form whose steps are data
(data/content/plans/safety_plan.yml). Every step can be skipped; "not now" (or a button for
something else) leaves the plan with what is written kept; /safety_plan goes on where it
stopped. The plan is one encrypted record; its people go on the crisis card."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.replies import message_entities, send, user_country
from actions.store import user_data
from bot.content.crisis_card import render_support_list
from bot.content.plan_pdf import render_plan_pdf
from bot.content.plans import contacts_of, load_plan_guide, render_plan
from bot.content.reply import Document, Reply
from bot.store.records import SAFETY_PLAN

MAX_ANSWER_CHARACTERS = 600
FORM = "safety_plan_form"


def guide():
    return load_plan_guide(SAFETY_PLAN)


def _kept(user_key: str) -> tuple[int | None, dict]:
    """The saved plan (or draft): its record id and {"answers", "contacts", "complete"}."""
    records = user_data().records.list(user_key, SAFETY_PLAN)
    return (records[0].id, records[0].content) if records else (None, {"answers": {}})


def _keep(user_key: str, answers: dict[str, str | None]) -> None:
    """Save the plan so far: answered steps ("" when skipped); its people for the crisis card."""
    filled = {slot: value for slot, value in answers.items() if value is not None}
    content = {"answers": filled, "contacts": contacts_of(filled.get("sp_helpers") or ""),
               "complete": all(slot in filled for slot in guide().slots)}
    record_id, _ = _kept(user_key)
    if record_id is None:
        user_data().records.add(user_key, SAFETY_PLAN, content)
    else:
        user_data().records.replace(user_key, record_id, content)


def _slot_answers(tracker: Tracker) -> dict[str, str | None]:
    return {slot: tracker.get_slot(slot) for slot in guide().slots}


class ActionSafetyPlan(Action):
    """Before the form: the saved answers back into the form's slots, and a word of welcome."""

    def name(self) -> str:
        return "action_safety_plan"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        _, kept = _kept(tracker.sender_id)
        in_slots = {slot: value for slot, value in _slot_answers(tracker).items() if value is not None}
        answers = {**(kept.get("answers") or {}), **in_slots}
        if not kept.get("complete"):
            send(dispatcher, Reply(guide().resumed if answers else guide().intro))
        # Only the answered steps: the form asks the rest.
        return [SlotSet(slot, value) for slot, value in answers.items() if slot in guide().slots]


class ActionManageSafetyPlan(Action):
    """The buttons under the plan: a PDF, change one step, start over, delete it."""

    def name(self) -> str:
        return "action_manage_safety_plan"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        plan = guide()
        wanted = str(message_entities(tracker).get("plan") or "")
        record_id, kept = _kept(tracker.sender_id)
        answers = dict(kept.get("answers") or {})
        if wanted == "pdf":
            pdf = render_plan_pdf(plan, answers)
            send(dispatcher, Reply(plan.card.title, document=Document(plan.pdf_file_name, pdf)))
            return []
        if wanted == "steps":
            send(dispatcher, Reply(plan.change_prompt, plan.change_buttons()))
            return []
        step = plan.step_numbered(wanted[len("change:"):]) if wanted.startswith("change:") else None
        if step is not None:
            answers.pop(step.slot, None)
            return [*(SlotSet(slot, answers.get(slot)) for slot in plan.slots), FollowupAction(FORM)]
        if wanted == "restart":
            send(dispatcher, Reply(plan.intro))
            return [*(SlotSet(slot, None) for slot in plan.slots), FollowupAction(FORM)]
        if wanted == "delete" and record_id is not None:
            user_data().records.delete(tracker.sender_id, record_id)
            send(dispatcher, Reply(plan.deleted))
            return [SlotSet(slot, None) for slot in plan.slots]
        send(dispatcher, Reply(render_plan(plan, answers), plan.plan_buttons()))
        return []


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
        _keep(tracker.sender_id, _slot_answers(tracker))
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


class ActionSaveSafetyPlan(Action):
    """The form has ended: the plan's card when every step is answered, else a kind pause."""

    def name(self) -> str:
        return "action_save_safety_plan"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        plan = guide()
        answers = _slot_answers(tracker)
        _keep(tracker.sender_id, answers)
        if any(value is None for value in answers.values()):
            send(dispatcher, Reply(plan.paused))
            return []
        send(dispatcher, Reply(f"{plan.saved}\n\n{render_plan(plan, answers)}", plan.plan_buttons()))
        likelihood = (answers.get("sp_likelihood") or "").lower()
        if likelihood and likelihood not in plan.likely_answers:
            send(dispatcher, Reply(plan.obstacles))
        return []


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
