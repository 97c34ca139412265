"""Harbor's tracker store: Rasa's SQL store with every event encrypted, and old events purged."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.store.conversations import Conversations
from bot.store.crypto import DataCipher
from bot.store.rasa_tracker_store import EncryptedSQLTrackerStore
from tests.support.raw_database import raw_dump

DOMAIN = Domain.load(str(Path(__file__).resolve().parents[2] / "domain"))
WORDS = "my stepbrother comes in at night"


@pytest.fixture
def key(monkeypatch) -> str:
    key = Fernet.generate_key().decode()
    monkeypatch.setenv("HARBOR_DATA_KEY", key)
    return key


def store_at(path: Path, **kwargs) -> EncryptedSQLTrackerStore:
    return EncryptedSQLTrackerStore(domain=DOMAIN, dialect="sqlite", db=str(path), **kwargs)


def conversation(sender: str, at: float) -> DialogueStateTracker:
    return DialogueStateTracker.from_events(sender, [
        ActionExecuted("action_listen", timestamp=at),
        UserUttered(WORDS, {"name": "talk_other", "confidence": 0.9}, timestamp=at),
        ActionExecuted("utter_talk_other", timestamp=at),
        BotUttered("I'm listening.", timestamp=at),
        SlotSet("country", "Aotearoa", timestamp=at),
    ], slots=DOMAIN.slots)


@pytest.mark.asyncio
async def test_events_are_encrypted_at_rest_and_read_back(tmp_path, key):
    store = store_at(tmp_path / "t.db")
    await store.save(conversation("pseudonym-1", time.time()))
    dump = raw_dump(tmp_path / "t.db")
    assert "stepbrother" not in dump and "talk_other" not in dump and "Aotearoa" not in dump
    tracker = await store.retrieve("pseudonym-1")
    assert tracker.latest_message.text == WORDS
    assert tracker.get_slot("country") == "Aotearoa"
    # Saving again only adds what is new, as Rasa's own store does.
    tracker.update(UserUttered("and again", {"name": "talk_other"}))
    await store.save(tracker)
    assert [e.text for e in (await store.retrieve("pseudonym-1")).events
            if isinstance(e, UserUttered)] == [WORDS, "and again"]


@pytest.mark.asyncio
async def test_the_conversation_reads_back_as_a_transcript_for_export(tmp_path, key):
    store = store_at(tmp_path / "t.db")
    await store.save(conversation("pseudonym-1", time.time()))
    transcript = Conversations(store.engine, DataCipher(key)).transcript("pseudonym-1")
    assert [(line["who"], line["text"]) for line in transcript] == [
        ("you", WORDS), ("Harbor", "I'm listening.")]


@pytest.mark.asyncio
async def test_events_older_than_the_retention_are_purged(tmp_path, key):
    store = store_at(tmp_path / "t.db", retention_days=30)
    await store.save(conversation("old", time.time() - 31 * 86_400))
    await store.save(conversation("recent", time.time() - 29 * 86_400))
    # A new process (or the hourly pass) purges what is older than 30 days.
    store_at(tmp_path / "t.db", retention_days=30)
    assert await store.retrieve("old") is None
    assert (await store.retrieve("recent")).latest_message.text == WORDS


def test_without_a_key_rasa_does_not_start(tmp_path, monkeypatch):
    monkeypatch.delenv("HARBOR_DATA_KEY", raising=False)
    with pytest.raises(RuntimeError, match="HARBOR_DATA_KEY"):
        store_at(tmp_path / "t.db")


@pytest.mark.postgres
@pytest.mark.asyncio
async def test_the_same_on_postgresql_with_the_endpoint_config_harbor_writes(postgres_url, key):
    from sqlalchemy.engine import make_url

    from bot.store.rasa_endpoints import TRACKER_STORE, tracker_store_config

    config = tracker_store_config(postgres_url)
    assert config.pop("type") == TRACKER_STORE
    store = EncryptedSQLTrackerStore(domain=DOMAIN, host=config.pop("url"), **config)
    await store.save(conversation("pseudonym-pg", time.time()))
    assert (await store.retrieve("pseudonym-pg")).latest_message.text == WORDS
    with store.engine.connect() as connection:
        from sqlalchemy import text

        stored = " ".join(str(row) for row in connection.execute(text("SELECT * FROM events")))
    assert "stepbrother" not in stored and "pseudonym-pg" in stored
    assert Conversations(store.engine, DataCipher(key)).erase("pseudonym-pg") == 5
    assert await store.retrieve("pseudonym-pg") is None
    store.engine.dispose()
    assert make_url(postgres_url).database.startswith("harbor_test_")
