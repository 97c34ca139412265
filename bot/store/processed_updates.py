"""The Telegram updates already handled, so a redelivered update is not answered twice."""

from __future__ import annotations

import time

from sqlalchemy import delete
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from bot.store.schema import processed_updates

# Telegram redelivers an update for at most a day; a week leaves a wide margin.
KEEP_SECONDS = 7 * 86_400


class ProcessedUpdates:
    def __init__(self, engine: Engine):
        self._engine = engine

    def claim(self, update_id: int, user_key: str | None) -> bool:
        """True the first time an update is seen; False for a redelivery."""
        try:
            with self._engine.begin() as connection:
                connection.execute(processed_updates.insert().values(
                    update_id=update_id, user_key=user_key, processed_at=time.time()))
        except IntegrityError:
            return False
        return True

    def forget_older_than(self, seconds: float = KEEP_SECONDS, now: float | None = None) -> int:
        cutoff = (time.time() if now is None else now) - seconds
        with self._engine.begin() as connection:
            return connection.execute(
                delete(processed_updates).where(processed_updates.c.processed_at < cutoff)).rowcount

    def erase(self, user_key: str) -> int:
        with self._engine.begin() as connection:
            return connection.execute(
                delete(processed_updates).where(processed_updates.c.user_key == user_key)).rowcount
