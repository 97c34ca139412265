"""The user data store: one schema, SQLAlchemy, SQLite by default, PostgreSQL by DATABASE_URL."""

from bot.store.crypto import DataCipher
from bot.store.settings import SettingsStore, UserSettings
from bot.store.user_data import UserData

__all__ = ["DataCipher", "SettingsStore", "UserData", "UserSettings"]
