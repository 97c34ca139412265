"""Everything Harbor keeps about a user, in one place: to read it, export it and erase it."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import Engine

from bot.store.chat_addresses import ChatAddresses
from bot.store.conversations import Conversations
from bot.store.crypto import DataCipher
from bot.store.database import open_engine
from bot.store.processed_updates import ProcessedUpdates
from bot.store.records import RecordStore
from bot.store.scheduled_messages import ScheduledMessages
from bot.store.settings import SettingsStore


@dataclass
class UserData:
    engine: Engine
    cipher: DataCipher
    settings: SettingsStore
    records: RecordStore
    updates: ProcessedUpdates
    conversations: Conversations
    addresses: ChatAddresses
    scheduled: ScheduledMessages

    @classmethod
    def open(cls, database_url: str, cipher: DataCipher) -> UserData:
        engine = open_engine(database_url)
        return cls(engine, cipher, SettingsStore(engine), RecordStore(engine, cipher),
                   ProcessedUpdates(engine), Conversations(engine, cipher),
                   ChatAddresses(engine, cipher), ScheduledMessages(engine, cipher))

    def user_key(self, user_id: str | int) -> str:
        return self.cipher.pseudonym(user_id)

    def fingerprint(self, *parts) -> str:
        """A keyed hash of what identifies an update (chat, message, edit date): no id is stored."""
        return self.cipher.pseudonym(":".join(map(str, parts)))

    def erase(self, user_key: str) -> dict[str, int]:
        """Erase the user everywhere: conversation, plans and journal, settings, update records,
        where to reach them and what was still to be sent to them."""
        return {
            "conversation events": self.conversations.erase(user_key),
            "plans and entries": self.records.erase(user_key),
            "settings": self.settings.erase(user_key),
            "update records": self.updates.erase(user_key),
            "scheduled messages": self.scheduled.erase(user_key),
            "chat address": self.addresses.erase(user_key),
        }
