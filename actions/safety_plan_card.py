"""The finished safety plan: its card, and the buttons under it (a PDF, change one step, start
over, delete)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.replies import message_entities, send
from actions.safety_plan_store import FORM, guide, keep_plan, kept_plan, slot_answers
from actions.store import user_data
from bot.content.plan_pdf import render_plan_pdf
from bot.content.plans import render_plan
from bot.content.reply import Document, Reply


class ActionSaveSafetyPlan(Action):
    """The form has ended: the plan's card when every step is answered, else a kind pause."""

    def name(self) -> str:
        return "action_save_safety_plan"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        plan = guide()
        answers = slot_answers(tracker)
        keep_plan(tracker.sender_id, answers)
        if any(value is None for value in answers.values()):
            send(dispatcher, Reply(plan.paused))
            return []
        send(dispatcher, Reply(f"{plan.saved}\n\n{render_plan(plan, answers)}", plan.plan_buttons()))
        likelihood = (answers.get("sp_likelihood") or "").lower()
        if likelihood and likelihood not in plan.likely_answers:
            send(dispatcher, Reply(plan.obstacles))
        return []


class ActionManageSafetyPlan(Action):
    """The buttons under the plan: a PDF, change one step, start over, delete it."""

    def name(self) -> str:
        return "action_manage_safety_plan"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        plan = guide()
        wanted = str(message_entities(tracker).get("plan") or "")
        record_id, kept = kept_plan(tracker.sender_id)
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
