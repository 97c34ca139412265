"""Support lines for the user's country."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.replies import send, user_country
from bot.content.crisis_card import render_support_list
from bot.content.menu import menu
from bot.content.reply import Reply


class ActionShowSupport(Action):
    def name(self) -> str:
        return "action_show_support"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        footer = menu().after_support
        send(dispatcher, Reply(f"{render_support_list(user_country(tracker))}\n\n{footer.note}",
                               tuple(b.button() for b in footer.buttons)))
        return []
