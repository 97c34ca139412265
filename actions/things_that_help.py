"""The user's favourite exercises and their own list of things that help: one encrypted record
each user can see, add to, take from, and erase with /delete."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.replies import message_entities, send
from actions.store import user_data
from bot.content.exercises import all_exercises
from bot.content.reply import Reply
from bot.content.things_that_help import FAVOURITE, OWN, RECORD_KIND, clean_item, help_words, render_list

CANCEL_INTENTS = {"stop_exercise", "deny"}


def _kept(user_key: str) -> dict:
    record = user_data().records.single(user_key, RECORD_KIND)
    content = record.content if record else {}
    return {"favourites": list(content.get("favourites") or []), "own": list(content.get("own") or [])}


def _keep(user_key: str, content: dict) -> None:
    user_data().records.keep_single(user_key, RECORD_KIND, content)


def favourites(user_key: str) -> list[tuple[str, str]]:
    """(exercise id, title) of the user's favourites that are still in the catalogue."""
    catalogue = all_exercises()
    return [(i, catalogue[i].title) for i in _kept(user_key)["favourites"] if i in catalogue]


def own_things(user_key: str) -> list[str]:
    return _kept(user_key)["own"]


def _show(dispatcher: CollectingDispatcher, user_key: str) -> None:
    send(dispatcher, render_list(favourites(user_key), _kept(user_key)["own"]))


class ActionSaveFavourite(Action):
    """Keep the exercise just done (or running) as a favourite."""

    def name(self) -> str:
        return "action_save_favourite"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        words = help_words()
        exercise = all_exercises().get(str(tracker.get_slot("exercise_id")))
        if exercise is None:
            send(dispatcher, Reply(words.no_exercise_to_save))
            return []
        content = _kept(tracker.sender_id)
        if exercise.id in content["favourites"]:
            send(dispatcher, Reply(words.already_favourite.format(title=exercise.title)))
            return []
        content["favourites"] = [*content["favourites"], exercise.id][-words.max_items:]
        _keep(tracker.sender_id, content)
        send(dispatcher, Reply(words.saved_favourite.format(title=exercise.title)))
        return []


class ActionThingsThatHelp(Action):
    """Show the list; or ask for a new thing to add; or remove one (a button names which)."""

    def name(self) -> str:
        return "action_things_that_help"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        entities = message_entities(tracker)
        words = help_words()
        if entities.get("helper") == "add":
            if len(_kept(tracker.sender_id)["own"]) >= words.max_items:
                send(dispatcher, Reply(words.too_many.format(count=words.max_items)))
                _show(dispatcher, tracker.sender_id)
                return []
            send(dispatcher, Reply(words.ask_item))
            return [SlotSet("adding_thing_that_helps", True)]
        if isinstance(entities.get("drop"), str):
            self._drop(dispatcher, tracker.sender_id, entities["drop"])
        _show(dispatcher, tracker.sender_id)
        return []

    @staticmethod
    def _drop(dispatcher: CollectingDispatcher, user_key: str, which: str) -> None:
        """`f:<exercise id>` or `o:<index>`; anything else (an old or forged button) removes nothing."""
        kind, _, key = which.partition(":")
        content = _kept(user_key)
        removed = None
        if kind == FAVOURITE and key in content["favourites"]:
            content["favourites"].remove(key)
            removed = all_exercises()[key].title if key in all_exercises() else key
        elif kind == OWN and key.isdigit() and int(key) < len(content["own"]):
            removed = content["own"].pop(int(key))
        if removed is not None:
            _keep(user_key, content)
            send(dispatcher, Reply(help_words().forgotten.format(item=removed)))


class ActionAddThingThatHelps(Action):
    """The user's answer to "what's something that helps you?" (or a cancel)."""

    def name(self) -> str:
        return "action_add_thing_that_helps"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        words = help_words()
        message = tracker.latest_message or {}
        item = clean_item(str(message.get("text") or ""))
        cancelled = ((message.get("intent") or {}).get("name") in CANCEL_INTENTS) or item.startswith("/")
        if cancelled or not item:
            send(dispatcher, Reply(words.nothing_added))
            return [SlotSet("adding_thing_that_helps", False)]
        content = _kept(tracker.sender_id)
        content["own"] = [*content["own"], item][:words.max_items]
        _keep(tracker.sender_id, content)
        send(dispatcher, Reply(words.added.format(item=item)))
        _show(dispatcher, tracker.sender_id)
        return [SlotSet("adding_thing_that_helps", False)]
