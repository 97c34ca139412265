"""Per-user settings the gateway needs before Rasa answers: the user's country."""

from __future__ import annotations

from sqlalchemy import Column, MetaData, String, Table, delete, select
from sqlalchemy.engine import Engine

from bot.store.database import open_engine

metadata = MetaData()

user_settings = Table(
    "user_settings",
    metadata,
    Column("user_id", String(64), primary_key=True),
    Column("country", String(8), nullable=True),
)


class SettingsStore:
    def __init__(self, engine: Engine):
        self._engine = engine
        metadata.create_all(engine)

    @classmethod
    def from_url(cls, database_url: str) -> SettingsStore:
        return cls(open_engine(database_url))

    def country(self, user_id: str) -> str | None:
        with self._engine.connect() as connection:
            return connection.execute(
                select(user_settings.c.country).where(user_settings.c.user_id == user_id)
            ).scalar_one_or_none()

    def set_country(self, user_id: str, country: str) -> None:
        with self._engine.begin() as connection:
            connection.execute(delete(user_settings).where(user_settings.c.user_id == user_id))
            connection.execute(user_settings.insert().values(user_id=user_id, country=country))

    def forget(self, user_id: str) -> None:
        with self._engine.begin() as connection:
            connection.execute(delete(user_settings).where(user_settings.c.user_id == user_id))
