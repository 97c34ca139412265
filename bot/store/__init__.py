"""The user data store: one schema, SQLAlchemy, SQLite by default, PostgreSQL by DATABASE_URL."""

from bot.store.settings import SettingsStore

__all__ = ["SettingsStore"]
