"""One exercise run, as the grounding, pace and rating actions share it: starting it, where a
paced one has got to, and ending it. The slots are declared in domain/grounding.yml."""

from __future__ import annotations

import math
import time

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.replies import gateway_metadata, send
from actions.store import user_data
from actions.things_that_help import own_things
from bot.content.distress_rating import ask_rating
from bot.content.exercise_delivery import ask_time_once
from bot.content.exercises import DEFAULT_EXERCISE, Exercise, load_exercise
from bot.content.reply import Reply, TimedStep
from bot.content.things_that_help import offered_back
from bot.metadata import LOCAL_TIME_ASKED, UTC_OFFSET

RECENT_KEPT = 3
# A paced exercise still counts as running (stop words stop it) this long after its last message.
PACED_GRACE_SECONDS = 30
# The after-rating question follows a paced exercise's last message by this much.
AFTER_QUESTION_SECONDS = 4


def running_exercise(tracker: Tracker) -> Exercise:
    exercise_id = tracker.get_slot("exercise_id")
    try:
        return load_exercise(exercise_id if isinstance(exercise_id, str) else DEFAULT_EXERCISE)
    except KeyError:  # an exercise since removed from data/content: carry on with the default
        return load_exercise(DEFAULT_EXERCISE)


def recent_exercises(tracker: Tracker) -> tuple[str, ...]:
    recent = tracker.get_slot("recent_exercises")
    return tuple(r for r in recent if isinstance(r, str)) if isinstance(recent, list) else ()


def number_slot(tracker: Tracker, name: str) -> float | None:
    value = tracker.get_slot(name)
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def should_ask_time(tracker: Tracker) -> bool:
    """Once, ever: when the user's clock is unknown and Harbor has not asked before."""
    metadata = gateway_metadata(tracker)
    return metadata.get(UTC_OFFSET) is None and not metadata.get(LOCAL_TIME_ASKED)


def begin(dispatcher: CollectingDispatcher, tracker: Tracker, exercise: Exercise, night: bool,
          rated_before: bool) -> list[EventType]:
    """Send the exercise's first step (a paced one's later messages go to the scheduler)."""
    if exercise.body_focused and exercise.before_starting:
        send(dispatcher, Reply(exercise.before_starting))
    recent = recent_exercises(tracker)
    events: list[EventType] = [
        SlotSet("exercise_id", exercise.id), SlotSet("exercise_step", 0.0), SlotSet("exercise_night", night),
        SlotSet("interrupted_exercise", None), SlotSet("distress_asked", None),
        SlotSet("recent_exercises", [exercise.id, *[r for r in recent if r != exercise.id]][:RECENT_KEPT])]
    if not exercise.paced:
        send(dispatcher, exercise.step(0, night))
        return [*events, SlotSet("exercise_active", True), SlotSet("exercise_paced_until", None)]
    first = exercise.first_paced_message(night)
    asks_time = not rated_before and should_ask_time(tracker)  # paced_ending then ends with it
    send(dispatcher, Reply(first.text, first.buttons,
                           sequence=(*first.sequence, *paced_ending(tracker, rated_before))))
    if asks_time:
        user_data().settings.mark_local_time_asked(tracker.sender_id)
    now = time.time()
    # A paced exercise runs by itself: typed words are not its next step, but stop words stop it.
    return [*events, SlotSet("exercise_active", False), SlotSet("exercise_pace", exercise.pace),
            SlotSet("exercise_paced_since", now), SlotSet("exercise_paced_sent", 0.0),
            SlotSet("exercise_paced_until", paced_until(now, exercise.pace, len(first.sequence)))]


def paced_ending(tracker: Tracker, rated_before: bool) -> tuple[TimedStep, ...]:
    """After a paced exercise's last message: the after-rating, and once ever the time question."""
    ending = []
    if rated_before:
        question = ask_rating(before=False)
        ending.append(TimedStep(AFTER_QUESTION_SECONDS, question.text, question.buttons))
    elif should_ask_time(tracker):
        ending.append(TimedStep(AFTER_QUESTION_SECONDS, ask_time_once().text, ask_time_once().buttons))
    return tuple(ending)


def paced_until(since: float, pace: float, messages_left: int) -> float:
    return since + pace * messages_left + PACED_GRACE_SECONDS


def paced_messages_sent(tracker: Tracker, now: float) -> int:
    """How many of a paced exercise's later messages have gone out by `now`."""
    since = number_slot(tracker, "exercise_paced_since") or now
    pace = number_slot(tracker, "exercise_pace") or 1.0
    sent = int(number_slot(tracker, "exercise_paced_sent") or 0)
    return sent + max(0, math.floor((now - since) / pace))


def is_paced_running(tracker: Tracker, now: float) -> bool:
    until = number_slot(tracker, "exercise_paced_until")
    return until is not None and now <= until


def finish(dispatcher: CollectingDispatcher, tracker: Tracker, exercise: Exercise,
           reply: Reply) -> list[EventType]:
    """The exercise has ended (its last step, or the urge passed): its closing words, the user's
    own things offered back, then the after-rating when there was a before-rating, or once ever
    the time question."""
    back = offered_back(own_things(tracker.sender_id))
    rated_before = number_slot(tracker, "distress_before") is not None
    closing = Reply(f"{reply.text}\n\n{back}" if back else reply.text,
                    () if rated_before else reply.buttons, stop_sequence=reply.stop_sequence)
    send(dispatcher, closing)
    events = ended(exercise.id)
    if rated_before:
        send(dispatcher, ask_rating(before=False))
        return [*events, SlotSet("distress_asked", "after")]
    if should_ask_time(tracker):
        send(dispatcher, ask_time_once())
        user_data().settings.mark_local_time_asked(tracker.sender_id)
    return events


def ended(exercise_id: str | None) -> list[EventType]:
    return [SlotSet("exercise_active", False), SlotSet("exercise_step", None),
            SlotSet("exercise_id", exercise_id), SlotSet("exercise_paced_until", None)]
