"""Guided grounding exercises, one step per message, with Next / Stop at every step."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.replies import send
from bot.content.exercises import DEFAULT_EXERCISE, load_exercise


def _end(exercise_id: str | None) -> list[EventType]:
    return [SlotSet("exercise_active", False), SlotSet("exercise_step", None),
            SlotSet("exercise_id", exercise_id)]


class ActionStartGrounding(Action):
    def name(self) -> str:
        return "action_start_grounding"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        exercise = load_exercise(DEFAULT_EXERCISE)
        send(dispatcher, exercise.step(0))
        return [SlotSet("exercise_id", exercise.id), SlotSet("exercise_step", 0.0),
                SlotSet("exercise_active", True), SlotSet("interrupted_exercise", None)]


def _running_exercise(tracker: Tracker):
    exercise_id = tracker.get_slot("exercise_id")
    try:
        return load_exercise(exercise_id if isinstance(exercise_id, str) else DEFAULT_EXERCISE)
    except KeyError:  # an exercise since removed from data/content: carry on with the default
        return load_exercise(DEFAULT_EXERCISE)


def _current_step(tracker: Tracker, step_count: int) -> int:
    """The step shown last; a value the slot should never hold counts as the first step."""
    step = tracker.get_slot("exercise_step")
    if isinstance(step, (int, float)) and not isinstance(step, bool) and 0 <= step < step_count:
        return int(step)
    return 0


def advance_exercise(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
    """The running exercise's next step, or its ending after the last one."""
    exercise = _running_exercise(tracker)
    step = _current_step(tracker, len(exercise.steps)) + 1
    if step >= len(exercise.steps):
        send(dispatcher, exercise.finished())
        return _end(exercise.id)
    send(dispatcher, exercise.step(step))
    return [SlotSet("exercise_step", float(step))]


class ActionGroundingNext(Action):
    def name(self) -> str:
        return "action_grounding_next"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        if not tracker.get_slot("exercise_active"):
            dispatcher.utter_message(response="utter_no_exercise_running")
            return []
        return advance_exercise(dispatcher, tracker)


class ActionGroundingStop(Action):
    def name(self) -> str:
        return "action_grounding_stop"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        exercise = load_exercise(DEFAULT_EXERCISE)
        send(dispatcher, exercise.stopped_early())
        return _end(_running_exercise(tracker).id)
