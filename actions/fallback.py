"""When Harbor did not understand: during an exercise that is the user's answer to a step
("a lamp, my cat, the door"), so the exercise moves on; otherwise, a kind "not understood"
with the menu."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.grounding import advance_exercise


class ActionContinueOrFallback(Action):
    def name(self) -> str:
        return "action_continue_or_fallback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        if tracker.get_slot("exercise_active"):
            return advance_exercise(dispatcher, tracker)
        dispatcher.utter_message(response="utter_fallback")
        return []
