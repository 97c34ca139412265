"""Bring the user data store's schema up to date (Alembic), before any process uses it."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Engine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def upgrade_to_latest(engine: Engine) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


if __name__ == "__main__":
    from bot.config import Settings
    from bot.store.database import open_engine

    upgrade_to_latest(open_engine(Settings.from_env().database_url))
