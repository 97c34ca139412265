"""What the bot needs to know about a user to work: their country, their OK, whether they are under 18,
whether a person (staff) has taken the conversation over, and how their clock differs from UTC."""

from __future__ import annotations

import time
from dataclasses import dataclass

from sqlalchemy import delete, select, update
from sqlalchemy.engine import Engine

from bot.store.schema import user_settings


@dataclass(frozen=True)
class UserSettings:
    country: str | None = None
    consented_at: float | None = None
    is_minor: bool = False
    dialogue_paused: bool = False  # a person has the conversation: the dialogue engine is not asked
    utc_offset_minutes: int | None = None  # their clock minus UTC; None until they tell Harbor
    local_time_asked: bool = False  # Harbor asks for their time once, never again

    @property
    def consent_given(self) -> bool:
        return self.consented_at is not None


class SettingsStore:
    def __init__(self, engine: Engine):
        self._engine = engine

    def get(self, user_key: str) -> UserSettings:
        with self._engine.connect() as connection:
            row = connection.execute(
                select(user_settings.c.country, user_settings.c.consented_at, user_settings.c.is_minor,
                       user_settings.c.dialogue_paused, user_settings.c.utc_offset_minutes,
                       user_settings.c.local_time_asked)
                .where(user_settings.c.user_key == user_key)).first()
        if row is None:
            return UserSettings()
        return UserSettings(row.country, row.consented_at, bool(row.is_minor), bool(row.dialogue_paused),
                            row.utc_offset_minutes, bool(row.local_time_asked))

    def country(self, user_key: str) -> str | None:
        return self.get(user_key).country

    def set_country(self, user_key: str, country: str) -> None:
        self._set(user_key, country=country)

    def record_consent(self, user_key: str, at: float | None = None) -> None:
        self._set(user_key, consented_at=time.time() if at is None else at)

    def withdraw_consent(self, user_key: str) -> None:
        self._set(user_key, consented_at=None)

    def set_minor(self, user_key: str, is_minor: bool = True) -> None:
        self._set(user_key, is_minor=is_minor)

    def set_dialogue_paused(self, user_key: str, paused: bool) -> None:
        self._set(user_key, dialogue_paused=paused)

    def set_utc_offset(self, user_key: str, minutes: int) -> None:
        self._set(user_key, utc_offset_minutes=int(minutes), local_time_asked=True)

    def mark_local_time_asked(self, user_key: str) -> None:
        self._set(user_key, local_time_asked=True)

    def _set(self, user_key: str, **values) -> None:
        with self._engine.begin() as connection:
            changed = connection.execute(
                update(user_settings).where(user_settings.c.user_key == user_key).values(**values)).rowcount
            if not changed:
                connection.execute(user_settings.insert().values(user_key=user_key, **values))

    def erase(self, user_key: str) -> int:
        with self._engine.begin() as connection:
            return connection.execute(
                delete(user_settings).where(user_settings.c.user_key == user_key)).rowcount
