"""Rasa's conversation events as Harbor stores them: encrypted, under the user's pseudonym.

Rasa's SQL tracker store owns the `events` table; Harbor's subclass of it
(rasa_tracker_store.py) writes each event's JSON encrypted and leaves the intent and action
columns empty, since they, too, say what a person talked about. This module is the one
place that knows that format, without importing Rasa, so the gateway can export, purge and
erase a user's conversation.
"""

from __future__ import annotations

import json
import time

from sqlalchemy import Column, Float, Integer, MetaData, String, Table, Text, delete, inspect, select
from sqlalchemy.engine import Engine

from bot.store.crypto import DataCipher

# The columns of Rasa 3.6's SQLTrackerStore.SQLEvent (rasa/core/tracker_store.py).
rasa_metadata = MetaData()
events = Table(
    "events",
    rasa_metadata,
    Column("id", Integer, primary_key=True),
    Column("sender_id", String(255), nullable=False, index=True),
    Column("type_name", String(255), nullable=False),
    Column("timestamp", Float),
    Column("intent_name", String(255)),
    Column("action_name", String(255)),
    Column("data", Text),
)

SECONDS_PER_DAY = 86_400


def encode_event(cipher: DataCipher, event: dict) -> str:
    return cipher.encrypt(json.dumps(event))


def decode_event(cipher: DataCipher, data: str) -> dict:
    return json.loads(cipher.decrypt(data))


class Conversations:
    def __init__(self, engine: Engine, cipher: DataCipher):
        self._engine = engine
        self._cipher = cipher

    def _table_exists(self) -> bool:
        """Rasa creates the table when it first starts: before that there is nothing to read."""
        return inspect(self._engine).has_table(events.name)

    def transcript(self, user_key: str) -> list[dict]:
        """What was said, in order: [{"time", "who" ("you" | "Harbor"), "text"}]."""
        if not self._table_exists():
            return []
        with self._engine.connect() as connection:
            rows = connection.execute(
                select(events.c.type_name, events.c.data)
                .where(events.c.sender_id == user_key, events.c.type_name.in_(("user", "bot")))
                .order_by(events.c.id)).all()
        lines = []
        for type_name, data in rows:
            event = decode_event(self._cipher, data)
            if event.get("text"):
                lines.append({"time": event.get("timestamp"),
                              "who": "you" if type_name == "user" else "Harbor",
                              "text": event["text"]})
        return lines

    def erase(self, user_key: str) -> int:
        if not self._table_exists():
            return 0
        with self._engine.begin() as connection:
            return connection.execute(delete(events).where(events.c.sender_id == user_key)).rowcount

    def purge_older_than(self, days: float, now: float | None = None) -> int:
        """Retention: drop every event older than `days`, for every user."""
        if not self._table_exists():
            return 0
        cutoff = (time.time() if now is None else now) - days * SECONDS_PER_DAY
        with self._engine.begin() as connection:
            return connection.execute(delete(events).where(events.c.timestamp < cutoff)).rowcount
