"""Action tests: real actions, a CollectingDispatcher and trackers built from events."""

from __future__ import annotations

from pathlib import Path

import pytest
from rasa.shared.core.domain import Domain
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def domain() -> dict:
    return Domain.load(str(ROOT / "domain")).as_dict()


@pytest.fixture
def dispatcher() -> CollectingDispatcher:
    return CollectingDispatcher()


def make_tracker(slots: dict | None = None, text: str = "", intent: str = "nlu_fallback",
                 metadata: dict | None = None, crisis: dict | None = None) -> Tracker:
    latest = {"text": text, "intent": {"name": intent, "confidence": 1.0}, "entities": [],
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
