"""Action tests: real actions, a CollectingDispatcher and trackers built from events."""

from __future__ import annotations

from pathlib import Path

import pytest
from rasa.shared.core.domain import Domain
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.metadata import LOCAL_TIME_ASKED, UTC_OFFSET

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def domain() -> dict:
    return Domain.load(str(ROOT / "domain")).as_dict()


@pytest.fixture
def dispatcher() -> CollectingDispatcher:
    return CollectingDispatcher()


# The user's clock is known: no "what time is it where you are?" question gets in the way.
KNOWN_CLOCK = {UTC_OFFSET: 0, LOCAL_TIME_ASKED: True}


def make_tracker(slots: dict | None = None, text: str = "", intent: str = "nlu_fallback",
                 metadata: dict | None = None, crisis: dict | None = None,
                 entities: dict | None = None) -> Tracker:
    """A tracker whose latest message is `text`; `entities` as a button's payload carries them."""
    found = [{"entity": name, "value": value} for name, value in (entities or {}).items()]
    latest = {"text": text, "intent": {"name": intent, "confidence": 1.0}, "entities": found,
              "metadata": metadata or {}}
    if crisis:
        latest["crisis"] = crisis
    return Tracker("test-user", slots or {}, latest, [], False, None, {}, "action_listen")


@pytest.fixture(autouse=True)
def user_store(tmp_path, monkeypatch):
    """The action server's user data store: a real SQLite database with its own key."""
    from cryptography.fernet import Fernet

    from actions.store import user_data
    from bot.store.migrate import upgrade_to_latest

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'harbor.db'}")
    monkeypatch.setenv("HARBOR_DATA_KEY", Fernet.generate_key().decode())
    user_data.cache_clear()
    store = user_data()
    upgrade_to_latest(store.engine)
    yield store
    user_data.cache_clear()


def sent_replies(dispatcher: CollectingDispatcher) -> list:
    """What the actions sent, read back as the gateway reads Rasa's output (plain or Harbor's payload)."""
    from bot.content.reply import Reply

    return [reply for reply in (Reply.from_rasa(message) for message in dispatcher.messages) if reply]


def slots_after(events: list, slots: dict | None = None) -> dict:
    """The slots as they stand after an action's events."""
    merged = dict(slots or {})
    merged.update({e["name"]: e["value"] for e in events if e.get("event") == "slot"})
    return merged


async def start_exercise(dispatcher, domain, text: str = "", rating: int | None = None,
                         slots: dict | None = None, metadata: dict | None = None,
                         entities: dict | None = None) -> dict:
    """Ask for an exercise, then answer the distress question (a number, or Skip): the slots after."""
    from actions.distress_rating import ActionRateDistress
    from actions.grounding import ActionStartGrounding

    tracker = make_tracker(slots, text=text, metadata=metadata, entities=entities)
    slots = slots_after(await ActionStartGrounding().run(dispatcher, tracker, domain), slots)
    assert slots.get("distress_asked") == "before", "the exercise asks for a rating first"
    answer = {"distress": rating} if rating is not None else {}
    tracker = make_tracker(slots, text="/rate_distress", intent="rate_distress", metadata=metadata,
                           entities=answer)
    return slots_after(await ActionRateDistress().run(dispatcher, tracker, domain), slots)
