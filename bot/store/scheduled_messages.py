"""Messages due later (a timed step, a check-in), kept in the database so they survive restarts.

Before a message is sent, one gateway claims it; it is deleted once sent, or released to be
tried again. A claim older than the claim timeout belongs to a gateway that stopped
mid-send, and is taken over. Several gateways on one PostgreSQL each claim a row exactly
once: FOR UPDATE SKIP LOCKED there, elsewhere a conditional UPDATE per row whose rowcount
says who won.
"""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.engine import Connection, Engine, Row

from bot.content.reply import Reply
from bot.store.crypto import DataCipher
from bot.store.schema import scheduled_messages as table

# Sending one message takes seconds at most: a claim this old was left by a stopped gateway.
CLAIM_TIMEOUT_SECONDS = 120


@dataclass(frozen=True)
class DueMessage:
    id: int
    user_key: str
    name: str
    due_at: float
    reply: Reply
    cancel_on_stop: bool


class ScheduledMessages:
    def __init__(self, engine: Engine, cipher: DataCipher, owner: str | None = None,
                 claim_timeout: float = CLAIM_TIMEOUT_SECONDS):
        self._engine = engine
        self._cipher = cipher
        self.owner = owner or uuid.uuid4().hex  # this gateway process
        self.claim_timeout = claim_timeout

    def schedule(self, user_key: str, name: str, due_at: float, reply: Reply,
                 cancel_on_stop: bool = False, replace: bool = False) -> int:
        """Keep `reply` to be sent at `due_at`; `replace` drops the user's unsent ones of this name."""
        sealed = self._cipher.encrypt(json.dumps(reply.to_wire(), ensure_ascii=False))
        with self._engine.begin() as connection:
            if replace:
                connection.execute(delete(table).where(table.c.user_key == user_key, table.c.name == name))
            result = connection.execute(table.insert().values(
                user_key=user_key, name=name, due_at=due_at, reply=sealed, cancel_on_stop=cancel_on_stop,
                created_at=time.time(), claimed_by=None, claimed_at=None))
            return result.inserted_primary_key[0]

    def claim_due(self, now: float | None = None, limit: int = 100) -> list[DueMessage]:
        """Claim for this gateway the messages due by `now` that no live gateway has claimed."""
        now = time.time() if now is None else now
        candidates = (select(table)
                      .where(table.c.due_at <= now, self._claimable(now))
                      .order_by(table.c.due_at, table.c.id).limit(limit))
        with self._engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                rows = self._claim_locked(connection, candidates, now)
            else:
                rows = self._claim_one_by_one(connection, candidates, now)
        return [self._due_message(row) for row in rows]

    def sent(self, message_id: int) -> None:
        with self._engine.begin() as connection:
            connection.execute(delete(table).where(table.c.id == message_id))

    def release(self, message_id: int) -> None:
        """Unclaim a message that could not be sent now, so it is tried again at the next poll."""
        with self._engine.begin() as connection:
            # Only our own claim: another gateway may have taken the message over meanwhile.
            connection.execute(update(table)
                               .where(table.c.id == message_id, table.c.claimed_by == self.owner)
                               .values(claimed_by=None, claimed_at=None))

    def postpone(self, user_key: str, name: str, seconds: float) -> int:
        """Move a user's unsent messages of one name later (a sequence whose step went out late)."""
        with self._engine.begin() as connection:
            return connection.execute(
                update(table).where(table.c.user_key == user_key, table.c.name == name,
                                    table.c.claimed_by.is_(None))
                .values(due_at=table.c.due_at + seconds)).rowcount

    def cancel(self, user_key: str, name: str | None = None, stop_only: bool = False) -> int:
        """Drop the user's unsent messages: all, those of `name`, or (stop_only) those a stop cancels."""
        query = delete(table).where(table.c.user_key == user_key)
        if name is not None:
            query = query.where(table.c.name == name)
        if stop_only:
            query = query.where(table.c.cancel_on_stop.is_(True))
        with self._engine.begin() as connection:
            return connection.execute(query).rowcount

    def pending(self, user_key: str) -> list[DueMessage]:
        with self._engine.connect() as connection:
            rows = connection.execute(select(table).where(table.c.user_key == user_key)
                                      .order_by(table.c.due_at, table.c.id)).all()
        return [self._due_message(row) for row in rows]

    def is_pending(self, message_id: int) -> bool:
        """Still to be sent: not sent, cancelled or erased since it was claimed."""
        with self._engine.connect() as connection:
            return connection.execute(select(table.c.id).where(table.c.id == message_id)).first() is not None

    def next_due_at(self) -> float | None:
        """When the earliest message nobody has claimed is due (stale claims are found by polling)."""
        with self._engine.connect() as connection:
            return connection.execute(select(func.min(table.c.due_at))
                                      .where(table.c.claimed_by.is_(None))).scalar()

    def erase(self, user_key: str) -> int:
        with self._engine.begin() as connection:
            return connection.execute(delete(table).where(table.c.user_key == user_key)).rowcount

    def _claimable(self, now: float):
        return or_(table.c.claimed_by.is_(None), table.c.claimed_at < now - self.claim_timeout)

    def _claim_locked(self, connection: Connection, candidates, now: float) -> list[Row]:
        # Rows another gateway is claiming right now are locked by it, and skipped here.
        rows = connection.execute(candidates.with_for_update(skip_locked=True)).all()
        if rows:
            connection.execute(update(table).where(table.c.id.in_([row.id for row in rows]))
                               .values(claimed_by=self.owner, claimed_at=now))
        return rows

    def _claim_one_by_one(self, connection: Connection, candidates, now: float) -> list[Row]:
        rows = connection.execute(candidates).all()
        # A row is ours only if it was still claimable when we wrote the claim.
        return [row for row in rows if connection.execute(
            update(table).where(table.c.id == row.id, self._claimable(now))
            .values(claimed_by=self.owner, claimed_at=now)).rowcount == 1]

    def _due_message(self, row: Row) -> DueMessage:
        reply = Reply.from_wire(json.loads(self._cipher.decrypt(row.reply)))
        return DueMessage(row.id, row.user_key, row.name, row.due_at, reply, bool(row.cancel_on_stop))
