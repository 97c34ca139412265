"""Recording the user's OK to use Harbor, after the welcome."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.store import user_data


class ActionRecordConsent(Action):
    def name(self) -> str:
        return "action_record_consent"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        # In the user data store too: the gateway passes it on with every message, so the
        # OK outlives the retention purge of old conversation events.
        user_data().settings.record_consent(tracker.sender_id)
        return [SlotSet("consent_given", True)]
