"""A user's plans, journal entries and free-text answers: encrypted, kept until they delete them."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass

from sqlalchemy import delete, select, update
from sqlalchemy.engine import Engine

from bot.store.crypto import DataCipher
from bot.store.schema import user_records

SAFETY_PLAN = "safety_plan"  # its contacts go on the crisis card


@dataclass(frozen=True)
class Record:
    id: int
    kind: str
    content: dict
    created_at: float
    updated_at: float


class RecordStore:
    def __init__(self, engine: Engine, cipher: DataCipher):
        self._engine = engine
        self._cipher = cipher

    def add(self, user_key: str, kind: str, content: dict) -> int:
        now = time.time()
        with self._engine.begin() as connection:
            result = connection.execute(user_records.insert().values(
                user_key=user_key, kind=kind, content=self._seal(content), created_at=now, updated_at=now))
            return result.inserted_primary_key[0]

    def replace(self, user_key: str, record_id: int, content: dict) -> bool:
        with self._engine.begin() as connection:
            return bool(connection.execute(
                update(user_records)
                .where(user_records.c.id == record_id, user_records.c.user_key == user_key)
                .values(content=self._seal(content), updated_at=time.time())).rowcount)

    def list(self, user_key: str, kind: str | None = None) -> list[Record]:
        query = select(user_records).where(user_records.c.user_key == user_key).order_by(user_records.c.id)
        if kind is not None:
            query = query.where(user_records.c.kind == kind)
        with self._engine.connect() as connection:
            rows = connection.execute(query).all()
        return [Record(row.id, row.kind, json.loads(self._cipher.decrypt(row.content)),
                       row.created_at, row.updated_at) for row in rows]

    def delete(self, user_key: str, record_id: int) -> bool:
        """One record of the user's ("delete this plan")."""
        with self._engine.begin() as connection:
            return bool(connection.execute(
                delete(user_records)
                .where(user_records.c.id == record_id, user_records.c.user_key == user_key)).rowcount)

    def get(self, user_key: str, record_id: int) -> Record | None:
        return next((record for record in self.list(user_key) if record.id == record_id), None)

    def single(self, user_key: str, kind: str) -> Record | None:
        """The user's one record of a kind kept once per user (their safety plan, their list)."""
        records = self.list(user_key, kind)
        return records[0] if records else None

    def keep_single(self, user_key: str, kind: str, content: dict) -> int:
        """Write the user's one record of `kind`: replaced when there is one, else added."""
        kept = self.single(user_key, kind)
        if kept is None:
            return self.add(user_key, kind, content)
        self.replace(user_key, kept.id, content)
        return kept.id

    def erase(self, user_key: str) -> int:
        with self._engine.begin() as connection:
            return connection.execute(
                delete(user_records).where(user_records.c.user_key == user_key)).rowcount

    def _seal(self, content: dict) -> str:
        return self._cipher.encrypt(json.dumps(content, ensure_ascii=False))
