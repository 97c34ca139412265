"""A fresh user data store per test, on SQLite, or on PostgreSQL for the tests marked so."""

from __future__ import annotations

import uuid

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import create_engine, text

from bot.store import DataCipher, UserData
from bot.store.migrate import upgrade_to_latest

POSTGRES_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"


@pytest.fixture
def cipher() -> DataCipher:
    return DataCipher(Fernet.generate_key())


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'harbor.db'}"


@pytest.fixture
def user_data(sqlite_url, cipher) -> UserData:
    data = UserData.open(sqlite_url, cipher)
    upgrade_to_latest(data.engine)
    return data


@pytest.fixture
def postgres_url():
    """A throw-away PostgreSQL database (the server runs on this machine for the scale-out tests)."""
    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    name = f"harbor_test_{uuid.uuid4().hex[:8]}"
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as error:
        pytest.skip(f"PostgreSQL is not running on 127.0.0.1:5432 ({type(error).__name__})")
    yield f"postgresql://postgres@127.0.0.1:5432/{name}"
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request) -> str:
    """The same test on SQLite and on PostgreSQL."""
    return request.getfixturevalue(f"{request.param}_url")


@pytest.fixture
def engine(database_url):
    """A migrated database on either dialect."""
    from bot.store.database import open_engine

    engine = open_engine(database_url)
    upgrade_to_latest(engine)
    yield engine
    engine.dispose()
