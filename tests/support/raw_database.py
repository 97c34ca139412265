"""The database as it lies on disk, read past SQLAlchemy and every layer of Harbor."""

from __future__ import annotations

import sqlite3


def raw_dump(database_path) -> str:
    """Every value in every table, as text, read past SQLAlchemy."""
    connection = sqlite3.connect(database_path)
    try:
        tables = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return "\n".join(repr(row) for table in tables
                         for row in connection.execute(f'SELECT * FROM "{table}"'))
    finally:
        connection.close()
