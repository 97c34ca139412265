"""A user who says they are under 18: youth services, remembered so intimacy planning stays closed."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.replies import send, user_country
from actions.store import user_data
from bot.content.crisis_card import render_youth_support


class ActionYouthSupport(Action):
    def name(self) -> str:
        return "action_youth_support"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        # Kept in the user data store as well, so it outlives the retention of the conversation.
        user_data().settings.set_minor(tracker.sender_id)
        send(dispatcher, render_youth_support(user_country(tracker)))
        return [SlotSet("is_minor", True)]
