"""Guided grounding exercises: chosen for what the person said, one step per message with
Next / Stop, or paced steps that arrive by themselves (the gateway's scheduler) with Stop."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.replies import send
from bot.content.exercise_choice import choose_exercise, night_in
from bot.content.exercises import DEFAULT_EXERCISE, load_exercise
from bot.content.reply import Reply


def _end(exercise_id: str | None) -> list[EventType]:
    return [SlotSet("exercise_active", False), SlotSet("exercise_step", None),
            SlotSet("exercise_id", exercise_id)]


RECENT_KEPT = 3


class ActionStartGrounding(Action):
    """The exercise for what the person said (or something different when they ask again)."""

    def name(self) -> str:
        return "action_start_grounding"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        text = str((tracker.latest_message or {}).get("text") or "")
        words = "" if text.startswith("/") else text  # a button says nothing about the need
        recent = _recent(tracker)
        exercise = choose_exercise(words, recent)
        if exercise.body_focused and exercise.before_starting:
            send(dispatcher, Reply(exercise.before_starting))
        paced = exercise.kind == "timed"
        night = night_in(words)
        send(dispatcher, exercise.timed(night) if paced else exercise.step(0, night))
        return [SlotSet("exercise_id", exercise.id), SlotSet("exercise_step", 0.0),
                SlotSet("exercise_night", night),
                # A paced exercise runs by itself: typed words are not its next step.
                SlotSet("exercise_active", not paced), SlotSet("interrupted_exercise", None),
                SlotSet("recent_exercises", [exercise.id, *recent][:RECENT_KEPT])]


def _recent(tracker: Tracker) -> tuple[str, ...]:
    recent = tracker.get_slot("recent_exercises")
    return tuple(r for r in recent if isinstance(r, str)) if isinstance(recent, list) else ()


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
    night = tracker.get_slot("exercise_night") is True
    steps = exercise.steps_for(night)
    step = _current_step(tracker, len(steps)) + 1
    if step >= len(steps):
        send(dispatcher, exercise.finished())
        return _end(exercise.id)
    send(dispatcher, exercise.step(step, night))
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
        send(dispatcher, _running_exercise(tracker).stopped_early())
        return _end(_running_exercise(tracker).id)
