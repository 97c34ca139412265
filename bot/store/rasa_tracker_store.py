"""Rasa's SQL tracker store, with every event encrypted at rest.

Configured in endpoints.yml as `type: bot.store.rasa_tracker_store.EncryptedSQLTrackerStore`
(bot/store/rasa_endpoints.py writes it); the key comes from HARBOR_DATA_KEY in Rasa's
environment. Loaded by the Rasa server only. Retention is applied here too: old events are
purged at start-up and then at most once an hour, as conversations are saved.
"""

from __future__ import annotations

import logging
import os
import time
from typing import Any

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.trackers import DialogueStateTracker

from bot.store.conversations import Conversations, decode_event, encode_event
from bot.store.crypto import DataCipher
from bot.store.database import overwrite_deleted_rows

logger = logging.getLogger(__name__)

RETENTION_ENV = "HARBOR_RETENTION_DAYS"
DEFAULT_RETENTION_DAYS = 30
PURGE_EVERY_SECONDS = 3600


class EncryptedSQLTrackerStore(SQLTrackerStore):
    def __init__(self, *args: Any, retention_days: float | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        overwrite_deleted_rows(self.engine)
        self.cipher = DataCipher.from_env()
        self.retention_days = float(retention_days if retention_days is not None
                                    else os.environ.get(RETENTION_ENV, DEFAULT_RETENTION_DAYS))
        self._conversations = Conversations(self.engine, self.cipher)
        self._last_purge = 0.0
        self._purge_if_due()

    async def _retrieve(self, sender_id: str,
                        fetch_events_from_all_sessions: bool) -> DialogueStateTracker | None:
        with self.session_scope() as session:
            rows = self._event_query(session, sender_id,
                                     fetch_events_from_all_sessions=fetch_events_from_all_sessions).all()
            stored = [decode_event(self.cipher, row.data) for row in rows]
        if not (self.domain and stored):
            return None
        return DialogueStateTracker.from_dict(sender_id, stored, self.domain.slots)

    async def save(self, tracker: DialogueStateTracker) -> None:
        await self.stream_events(tracker)
        with self.session_scope() as session:
            for event in self._additional_events(session, tracker):
                data = event.as_dict()
                # Intent and action names stay inside the encrypted data: Rasa's queries
                # need only the sender, the event type and the time.
                session.add(self.SQLEvent(sender_id=tracker.sender_id, type_name=event.type_name,
                                          timestamp=data.get("timestamp"), intent_name=None,
                                          action_name=None, data=encode_event(self.cipher, data)))
            session.commit()
        self._purge_if_due()

    def _purge_if_due(self) -> None:
        now = time.time()
        if now - self._last_purge < PURGE_EVERY_SECONDS:
            return
        self._last_purge = now
        purged = self._conversations.purge_older_than(self.retention_days, now)
        if purged:
            logger.info("retention: purged %d conversation events older than %s days",
                        purged, self.retention_days)
