"""The safety plan as it is kept: one encrypted record per user, {"answers", "contacts",
"complete"}, saved after every step so nothing written is lost; its people go on the crisis card."""

from __future__ import annotations

from rasa_sdk import Tracker

from actions.store import user_data
from bot.content.plans import PlanGuide, contacts_of, load_plan_guide
from bot.store.records import SAFETY_PLAN

FORM = "safety_plan_form"


def guide() -> PlanGuide:
    return load_plan_guide(SAFETY_PLAN)


def kept_plan(user_key: str) -> tuple[int | None, dict]:
    """The saved plan (or draft): its record id and {"answers", "contacts", "complete"}."""
    record = user_data().records.single(user_key, SAFETY_PLAN)
    return (record.id, record.content) if record else (None, {"answers": {}})


def keep_plan(user_key: str, answers: dict[str, str | None]) -> None:
    """Save the plan so far: answered steps ("" when skipped); its people for the crisis card."""
    filled = {slot: value for slot, value in answers.items() if value is not None}
    content = {"answers": filled, "contacts": contacts_of(filled.get("sp_helpers") or ""),
               "complete": all(slot in filled for slot in guide().slots)}
    user_data().records.keep_single(user_key, SAFETY_PLAN, content)


def slot_answers(tracker: Tracker) -> dict[str, str | None]:
    return {slot: tracker.get_slot(slot) for slot in guide().slots}
