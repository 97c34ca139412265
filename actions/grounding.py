"""Guided grounding exercises: the menu of what is going on, or the exercise for what the person
said; an optional distress rating first; then one step per message with Next / Slower / Stop,
or paced steps that arrive by themselves (the gateway's scheduler)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.exercise_session import (
    ended,
    finish,
    recent_exercises,
    running_exercise,
)
from actions.replies import gateway_metadata, message_entities, send
from actions.store import user_data
from actions.things_that_help import favourites
from bot.content.distress_rating import ask_rating
from bot.content.exercise_choice import (
    asks_for_another,
    choose_exercise,
    is_symptom,
    named_in,
    needs_in,
    night_in,
)
from bot.content.exercise_delivery import needs_menu
from bot.content.exercises import all_exercises
from bot.content.local_time import is_night_where_they_are, offset_from_said, utc_now
from bot.metadata import UTC_OFFSET

ANY, ANOTHER = "any", "another"  # the menu's "just pick one", and the "another exercise" button


class ActionStartGrounding(Action):
    """Ask what is going on, or choose the exercise for what was said; then offer the rating."""

    def name(self) -> str:
        return "action_start_grounding"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        text = str((tracker.latest_message or {}).get("text") or "")
        words = "" if text.startswith("/") else text  # a button says nothing about the need
        entities = message_entities(tracker)
        need = entities.get("need")
        another = need == ANOTHER or asks_for_another(words)
        if another:  # something different, for what the last one was for
            need = tracker.get_slot("exercise_need")
        catalogue = all_exercises()
        if entities.get("exercise") in catalogue:
            exercise = catalogue[entities["exercise"]]
        elif another or need == ANY or is_symptom(need) or needs_in(words) or named_in(words):
            exercise = choose_exercise(words, recent_exercises(tracker), need if is_symptom(need) else None)
        else:  # nothing said about what is going on: ask, with their favourites
            send(dispatcher, needs_menu(favourites(tracker.sender_id)))
            return []
        send(dispatcher, ask_rating(before=True))
        need_events = [SlotSet("exercise_need", need if is_symptom(need) else (needs_in(words) or [None])[0])]
        return [SlotSet("exercise_id", exercise.id), SlotSet("exercise_night", self._night(tracker, words)),
                SlotSet("exercise_active", False), SlotSet("distress_asked", "before"),
                SlotSet("distress_before", None), SlotSet("distress_record", None), *need_events]

    @staticmethod
    def _night(tracker: Tracker, words: str) -> bool:
        """Night where the user is: from their words ("its 3am here", which also tells Harbor
        their clock from now on), or from the clock they told Harbor before."""
        now = utc_now()
        offset = offset_from_said(words, now)
        if offset is not None:
            user_data().settings.set_utc_offset(tracker.sender_id, offset)
        else:
            offset = gateway_metadata(tracker).get(UTC_OFFSET)
            offset = offset if isinstance(offset, int) and not isinstance(offset, bool) else None
        return night_in(words) or is_night_where_they_are(now, offset)


def _current_step(tracker: Tracker, step_count: int) -> int:
    """The step shown last; a value the slot should never hold counts as the first step."""
    step = tracker.get_slot("exercise_step")
    if isinstance(step, (int, float)) and not isinstance(step, bool) and 0 <= step < step_count:
        return int(step)
    return 0


class ActionGroundingNext(Action):
    """The running exercise's next step, or its ending after the last one."""

    def name(self) -> str:
        return "action_grounding_next"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        if not tracker.get_slot("exercise_active"):
            dispatcher.utter_message(response="utter_no_exercise_running")
            return []
        exercise = running_exercise(tracker)
        night = tracker.get_slot("exercise_night") is True
        step = _current_step(tracker, len(exercise.steps_for(night))) + 1
        if step >= len(exercise.steps_for(night)):
            return finish(dispatcher, tracker, exercise, exercise.finished())
        send(dispatcher, exercise.step(step, night))
        return [SlotSet("exercise_step", float(step))]


class ActionGroundingStop(Action):
    def name(self) -> str:
        return "action_grounding_stop"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        exercise = running_exercise(tracker)
        send(dispatcher, exercise.stopped_early())
        return [*ended(exercise.id), SlotSet("distress_asked", None)]
