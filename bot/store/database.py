"""Opening the database named by DATABASE_URL (SQLite under var/ by default)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url


def open_engine(database_url: str) -> Engine:
    url = make_url(database_url)
    if url.drivername.startswith("sqlite") and url.database and url.database != ":memory:":
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        # The gateway's handlers run on one thread each; SQLite needs to be told that is fine.
        engine = create_engine(url, connect_args={"check_same_thread": False}, future=True)
        overwrite_deleted_rows(engine)
        return engine
    return create_engine(url, pool_pre_ping=True, future=True)


def overwrite_deleted_rows(engine: Engine) -> None:
    """SQLite: zero what is deleted, so an erased user's rows are not left in free pages of the file."""
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _secure_delete(dbapi_connection, _record) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA secure_delete = ON")
        cursor.close()

    engine.dispose()  # connections opened before this listener reconnect with it
