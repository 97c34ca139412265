"""The pace of a running exercise: "slower", and "it has passed" during an urge exercise."""

from __future__ import annotations

import time
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.exercise_session import (
    finish,
    is_paced_running,
    number_slot,
    paced_ending,
    paced_messages_sent,
    paced_until,
    running_exercise,
)
from actions.replies import send
from bot.content.exercise_delivery import exercise_delivery
from bot.content.reply import Reply


class ActionSlowerExercise(Action):
    """Step by step: reassurance that there is no rush. Paced: the cues still to come, further apart."""

    def name(self) -> str:
        return "action_slower_exercise"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        delivery = exercise_delivery()
        buttons = delivery.buttons
        if tracker.get_slot("exercise_active"):
            send(dispatcher, Reply(delivery.slower.step, (buttons.next.button(), buttons.stop.button())))
            return []
        now = time.time()
        if not is_paced_running(tracker, now):
            dispatcher.utter_message(response="utter_no_exercise_running")
            return []
        exercise = running_exercise(tracker)
        pace = number_slot(tracker, "exercise_pace") or exercise.pace
        slower = min(pace * delivery.slower.factor, exercise.pace * delivery.slower.slowest_factor)
        if exercise.kind == "urge" or slower <= pace:
            slowest = delivery.slower.slowest.format(seconds=round(pace))
            send(dispatcher, Reply(slowest, (buttons.stop.button(),)))
            return []
        sent = paced_messages_sent(tracker, now)
        night = tracker.get_slot("exercise_night") is True
        rated_before = number_slot(tracker, "distress_before") is not None
        sequence = (*exercise.sequence_of(exercise.later_messages(night)[sent:], slower),
                    *paced_ending(tracker, rated_before))
        # Cancel the cues at the old pace, then schedule the rest at the new one.
        send(dispatcher, Reply(delivery.slower.paced.format(seconds=round(slower)),
                               (buttons.slower.button(), buttons.stop.button()),
                               sequence=sequence, stop_sequence=True))
        return [SlotSet("exercise_pace", slower), SlotSet("exercise_paced_since", now),
                SlotSet("exercise_paced_sent", float(sent)),
                SlotSet("exercise_paced_until", paced_until(now, slower, len(sequence)))]


class ActionUrgePassed(Action):
    def name(self) -> str:
        return "action_urge_passed"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        delivery = exercise_delivery()
        # The minutes still to come are cancelled: the user does not need them now.
        passed = Reply(delivery.urge.passed, delivery.after_buttons, stop_sequence=True)
        return finish(dispatcher, tracker, running_exercise(tracker), passed)
