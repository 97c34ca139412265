"""The Telegram updates taken on, so each is answered once across redeliveries and restarts.

An update is claimed before it is handled and marked finished after. A redelivery of a
finished update, or of one this gateway is handling right now, is dropped. One claimed by a
gateway that stopped before finishing it (a crash between getUpdates and the reply) is taken
on again, so the user still gets their answer.
"""

from __future__ import annotations

import time
import uuid

from sqlalchemy import delete, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from bot.store.schema import processed_updates

# Telegram redelivers an update for at most a day; a week leaves a wide margin.
KEEP_SECONDS = 7 * 86_400


class ProcessedUpdates:
    def __init__(self, engine: Engine, owner: str | None = None):
        self._engine = engine
        self.owner = owner or uuid.uuid4().hex  # this gateway process

    def claim(self, update_id: int, user_key: str | None) -> bool:
        """True when this gateway should handle the update; False for a redelivery."""
        try:
            with self._engine.begin() as connection:
                connection.execute(processed_updates.insert().values(
                    update_id=update_id, user_key=user_key, processed_at=time.time(),
                    owner=self.owner, finished=False))
            return True
        except IntegrityError:
            pass
        with self._engine.begin() as connection:
            taken_over = connection.execute(
                update(processed_updates)
                .where(processed_updates.c.update_id == update_id,
                       processed_updates.c.finished.is_(False),
                       processed_updates.c.owner != self.owner)
                .values(owner=self.owner, processed_at=time.time())).rowcount
        return bool(taken_over)

    def finish(self, update_id: int) -> None:
        with self._engine.begin() as connection:
            connection.execute(update(processed_updates).where(processed_updates.c.update_id == update_id)
                               .values(finished=True))

    def is_finished(self, update_id: int) -> bool:
        with self._engine.connect() as connection:
            return bool(connection.execute(select(processed_updates.c.finished)
                                           .where(processed_updates.c.update_id == update_id)).scalar())

    def forget_older_than(self, seconds: float = KEEP_SECONDS, now: float | None = None) -> int:
        cutoff = (time.time() if now is None else now) - seconds
        with self._engine.begin() as connection:
            return connection.execute(
                delete(processed_updates).where(processed_updates.c.processed_at < cutoff)).rowcount

    def erase(self, user_key: str) -> int:
        with self._engine.begin() as connection:
            return connection.execute(
                delete(processed_updates).where(processed_updates.c.user_key == user_key)).rowcount
