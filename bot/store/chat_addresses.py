"""Where to reach each user when Harbor speaks first: the channel and its chat address, encrypted.

The gateway remembers the address on every message, so this store keeps a note of what it
wrote lately and writes again only when the address changes or the note is old. The note
expires so that an address erased by another gateway (a /delete handled there) is written
again once the person comes back here.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict

from sqlalchemy import delete, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from bot.store.crypto import DataCipher
from bot.store.schema import chat_addresses

# How long a written address is trusted to still be in the database, and how many are noted.
REMEMBERED_SECONDS = 600
REMEMBERED_USERS = 10_000


class ChatAddresses:
    def __init__(self, engine: Engine, cipher: DataCipher):
        self._engine = engine
        self._cipher = cipher
        # user_key -> (channel, address, when written): the most recently written last.
        self._written: OrderedDict[str, tuple[str, str, float]] = OrderedDict()
        self._lock = threading.Lock()  # handlers may run on several threads

    def remember(self, user_key: str, channel: str, address: str) -> None:
        address, now = str(address), time.time()
        with self._lock:
            noted = self._written.get(user_key)
        if noted and noted[:2] == (channel, address) and now - noted[2] < REMEMBERED_SECONDS:
            return
        values = {"channel": channel, "address": self._cipher.encrypt(address), "updated_at": now}
        try:
            self._upsert(user_key, values)
        except IntegrityError:  # another gateway inserted the same user a moment ago
            self._upsert(user_key, values)
        self._note(user_key, (channel, address, now))

    def get(self, user_key: str) -> tuple[str, str] | None:
        """(channel, address), or None when the user never wrote or erased their data."""
        with self._engine.connect() as connection:
            row = connection.execute(
                select(chat_addresses.c.channel, chat_addresses.c.address)
                .where(chat_addresses.c.user_key == user_key)).first()
        return (row.channel, self._cipher.decrypt(row.address)) if row else None

    def erase(self, user_key: str) -> int:
        with self._lock:
            self._written.pop(user_key, None)
        with self._engine.begin() as connection:
            return connection.execute(
                delete(chat_addresses).where(chat_addresses.c.user_key == user_key)).rowcount

    def _upsert(self, user_key: str, values: dict) -> None:
        with self._engine.begin() as connection:
            changed = connection.execute(
                update(chat_addresses).where(chat_addresses.c.user_key == user_key).values(**values)).rowcount
            if not changed:
                connection.execute(chat_addresses.insert().values(user_key=user_key, **values))

    def _note(self, user_key: str, written: tuple[str, str, float]) -> None:
        with self._lock:
            self._written[user_key] = written
            self._written.move_to_end(user_key)
            while len(self._written) > REMEMBERED_USERS:
                self._written.popitem(last=False)
