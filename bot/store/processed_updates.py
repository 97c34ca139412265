"""The Telegram updates taken on, so each is answered once across redeliveries and restarts.

An update is claimed before it is handled and marked finished after. Its key is (bot, update
id), and the caller's fingerprint (a keyed hash of chat, message and edit date) tells a true
redelivery from a new update that reuses an old id: a new bot token on an old database, or
Telegram restarting ids after a quiet week. A new update is always handled: once-only
handling must never drop a new message.

A redelivery of a finished update, or of one this gateway is handling right now, is dropped.
One claimed by a gateway that stopped before finishing it (a crash between getUpdates and the
reply) is taken on again, so the user still gets their answer.
"""

from __future__ import annotations

import logging
import time
import uuid
from dataclasses import dataclass

from sqlalchemy import delete, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from bot.store.schema import processed_updates as table

logger = logging.getLogger(__name__)

# Telegram redelivers an update for at most a day; a week leaves a wide margin.
KEEP_SECONDS = 7 * 86_400

# Each attempt loses only to another gateway changing the same row; a few are plenty.
ATTEMPTS = 4


@dataclass(frozen=True)
class Claim:
    handle: bool  # this gateway answers the update
    redelivery: bool  # the same update was taken on before
    crisis_card_sent: bool  # ... and its crisis card already went out


NEW_UPDATE = Claim(handle=True, redelivery=False, crisis_card_sent=False)


class ProcessedUpdates:
    def __init__(self, engine: Engine, owner: str | None = None):
        self._engine = engine
        self.owner = owner or uuid.uuid4().hex  # this gateway process

    def claim(self, bot_id: int, update_id: int, fingerprint: str, user_key: str | None) -> Claim:
        """Whether this gateway should handle the update, and what an earlier attempt did."""
        outrun = False  # another gateway took this very update on a moment ago: it is alive
        for _ in range(ATTEMPTS):
            if self._insert(bot_id, update_id, fingerprint, user_key):
                return NEW_UPDATE
            with self._engine.connect() as connection:
                row = connection.execute(select(table.c.fingerprint, table.c.owner, table.c.finished,
                                                table.c.crisis_card_sent)
                                         .where(self._key(bot_id, update_id))).first()
            if row is None:  # forgotten in between: insert again
                continue
            if row.fingerprint != fingerprint:
                if self._overwrite(bot_id, update_id, row.fingerprint, fingerprint, user_key):
                    logger.warning("bot %s: a new update reused an old update id; handled as new", bot_id)
                    return NEW_UPDATE
                outrun = True  # another gateway changed the row first: read it again
                continue
            handle = (not outrun and not row.finished and row.owner != self.owner
                      and self._take_over(bot_id, update_id, fingerprint, row.owner))
            return Claim(handle=handle, redelivery=True, crisis_card_sent=bool(row.crisis_card_sent))
        # Never seen in practice; answering twice is better than not answering a new message.
        logger.warning("an update of bot %s could not be claimed: handled anyway", bot_id)
        return NEW_UPDATE

    def mark_crisis_card_sent(self, bot_id: int, update_id: int) -> None:
        self._set(bot_id, update_id, crisis_card_sent=True)

    def finish(self, bot_id: int, update_id: int) -> None:
        self._set(bot_id, update_id, finished=True)

    def is_finished(self, bot_id: int, update_id: int) -> bool:
        with self._engine.connect() as connection:
            return bool(connection.execute(select(table.c.finished)
                                           .where(self._key(bot_id, update_id))).scalar())

    def forget_older_than(self, seconds: float = KEEP_SECONDS, now: float | None = None) -> int:
        cutoff = (time.time() if now is None else now) - seconds
        with self._engine.begin() as connection:
            return connection.execute(delete(table).where(table.c.processed_at < cutoff)).rowcount

    def erase(self, user_key: str) -> int:
        with self._engine.begin() as connection:
            return connection.execute(delete(table).where(table.c.user_key == user_key)).rowcount

    @staticmethod
    def _key(bot_id: int, update_id: int):
        return (table.c.bot_id == bot_id) & (table.c.update_id == update_id)

    def _insert(self, bot_id: int, update_id: int, fingerprint: str, user_key: str | None) -> bool:
        try:
            with self._engine.begin() as connection:
                connection.execute(table.insert().values(
                    bot_id=bot_id, update_id=update_id, fingerprint=fingerprint, user_key=user_key,
                    processed_at=time.time(), owner=self.owner, finished=False, crisis_card_sent=False))
            return True
        except IntegrityError:
            return False

    def _overwrite(self, bot_id: int, update_id: int, old_fingerprint: str, fingerprint: str,
                   user_key: str | None) -> bool:
        """Replace the row an older update with this id left; False if another gateway changed it first."""
        with self._engine.begin() as connection:
            return connection.execute(
                update(table).where(self._key(bot_id, update_id), table.c.fingerprint == old_fingerprint)
                .values(fingerprint=fingerprint, user_key=user_key, owner=self.owner, finished=False,
                        crisis_card_sent=False, processed_at=time.time())).rowcount == 1

    def _take_over(self, bot_id: int, update_id: int, fingerprint: str, crashed_owner: str) -> bool:
        """Take on an update a stopped gateway left unfinished; only one gateway wins it."""
        with self._engine.begin() as connection:
            return connection.execute(
                update(table).where(self._key(bot_id, update_id), table.c.fingerprint == fingerprint,
                                    table.c.owner == crashed_owner, table.c.finished.is_(False))
                .values(owner=self.owner, processed_at=time.time())).rowcount == 1

    def _set(self, bot_id: int, update_id: int, **values) -> None:
        with self._engine.begin() as connection:
            connection.execute(update(table).where(self._key(bot_id, update_id)).values(**values))
