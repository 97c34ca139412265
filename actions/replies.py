"""Small helpers shared by the actions: sending a Reply, reading the gateway's metadata."""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.content.reply import WIRE_KEY, Reply
from bot.metadata import COUNTRY


def send(dispatcher: CollectingDispatcher, reply: Reply) -> None:
    """Text and buttons as Rasa sends them; anything richer as Harbor's custom payload."""
    if reply.is_plain:
        dispatcher.utter_message(text=reply.text,
                                 buttons=[button.as_rasa() for button in reply.buttons] or None)
    else:
        dispatcher.utter_message(json_message={WIRE_KEY: reply.to_wire()})


def gateway_metadata(tracker: Tracker) -> dict:
    metadata = (tracker.latest_message or {}).get("metadata") or {}
    return metadata if isinstance(metadata, dict) else {}


def user_country(tracker: Tracker) -> str | None:
    country = gateway_metadata(tracker).get(COUNTRY) or tracker.get_slot("country")
    return country if isinstance(country, str) else None


def message_entities(tracker: Tracker) -> dict:
    """The entities of the latest message by name (a button's `/ground{"need":"panic"}`)."""
    entities = (tracker.latest_message or {}).get("entities") or []
    return {e.get("entity"): e.get("value") for e in entities if isinstance(e, dict)}
