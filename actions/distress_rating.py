"""Distress 0–10 before and after an exercise: always skippable, a 0 like any other number.
Before: 9 or 10 offers a person alongside the exercise, which then starts. After: one line on
the change, then another exercise or rest. Kept encrypted for the user's own history."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.exercise_session import begin, ended, number_slot, running_exercise, should_ask_time
from actions.replies import send, user_country
from actions.store import user_data
from bot.content.crisis_card import render_support_list
from bot.content.distress_rating import offers_person, rating_words, read_rating, reflect_change
from bot.content.exercise_delivery import ask_time_once
from bot.content.reply import Reply

STOP_INTENTS = {"stop_exercise"}
RECORD_KIND = "distress_rating"  # {"exercise", "before", "after"}: for the user's own history


def _rating(tracker: Tracker) -> int | None:
    message = tracker.latest_message or {}
    for entity in message.get("entities") or []:
        if entity.get("entity") == "distress":
            return read_rating(entity.get("value"))
    text = str(message.get("text") or "")
    return None if text.startswith("/") else read_rating(text)


class ActionRateDistress(Action):
    def name(self) -> str:
        return "action_rate_distress"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        rating = _rating(tracker)
        intent = ((tracker.latest_message or {}).get("intent") or {}).get("name")
        if intent in STOP_INTENTS:  # "not now": the exercise does not start, or the question ends
            send(dispatcher, running_exercise(tracker).stopped_early())
            return [*ended(tracker.get_slot("exercise_id")), SlotSet("distress_asked", None)]
        if tracker.get_slot("distress_asked") == "before":
            return self._before(dispatcher, tracker, rating)
        return self._after(dispatcher, tracker, rating)

    @staticmethod
    def _before(dispatcher: CollectingDispatcher, tracker: Tracker, rating: int | None) -> list[EventType]:
        """Anything that is not a number counts as skipping: the exercise starts either way."""
        exercise = running_exercise(tracker)
        events: list[EventType] = [SlotSet("distress_before", rating), SlotSet("distress_record", None)]
        if rating is not None:
            record = user_data().records.add(tracker.sender_id, RECORD_KIND,
                                              {"exercise": exercise.id, "before": rating, "after": None})
            events.append(SlotSet("distress_record", float(record)))
        if offers_person(rating):
            lines = render_support_list(user_country(tracker))
            send(dispatcher, Reply(f"{rating_words().offer_person}\n\n{lines}"))
        night = tracker.get_slot("exercise_night") is True
        return [*events, *begin(dispatcher, tracker, exercise, night, rated_before=rating is not None)]

    @staticmethod
    def _after(dispatcher: CollectingDispatcher, tracker: Tracker, rating: int | None) -> list[EventType]:
        events: list[EventType] = [SlotSet("distress_asked", None), SlotSet("distress_before", None),
                                   SlotSet("distress_record", None)]
        if tracker.get_slot("exercise_id") is None:  # a number with no exercise to rate
            dispatcher.utter_message(response="utter_default")
            return events
        if rating is None:  # skipped: where to go next, without a word about it
            words = rating_words()
            send(dispatcher, Reply(words.next_prompt, tuple(b.button() for b in words.next_buttons)))
        else:
            before = number_slot(tracker, "distress_before")
            _keep_after(tracker, rating)
            send(dispatcher, reflect_change(None if before is None else int(before), rating))
        if should_ask_time(tracker):
            send(dispatcher, ask_time_once())
            user_data().settings.mark_local_time_asked(tracker.sender_id)
        return events


def _keep_after(tracker: Tracker, rating: int) -> None:
    """The after-rating joins its before-rating's record (or stands alone, when there was none)."""
    records = user_data().records
    record_id = number_slot(tracker, "distress_record")
    record = records.get(tracker.sender_id, int(record_id)) if record_id is not None else None
    if record is not None:
        records.replace(tracker.sender_id, record.id, {**record.content, "after": rating})
        return
    records.add(tracker.sender_id, RECORD_KIND,
                {"exercise": running_exercise(tracker).id, "before": None, "after": rating})
