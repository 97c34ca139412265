"""Where Harbor reaches a user when it speaks first: encrypted at rest, read back, erased."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import select, text

from bot.store.chat_addresses import REMEMBERED_SECONDS, ChatAddresses
from bot.store.schema import chat_addresses

CHAT_ID = "987654321"


@pytest.fixture
def addresses(engine, cipher) -> ChatAddresses:
    return ChatAddresses(engine, cipher)


def raw_rows(engine) -> str:
    with engine.connect() as connection:
        return repr(connection.execute(text("SELECT * FROM chat_addresses")).all())


def test_an_address_is_read_back_and_encrypted_at_rest(engine, addresses):
    addresses.remember("key-1", "telegram", CHAT_ID)
    assert addresses.get("key-1") == ("telegram", CHAT_ID)
    assert addresses.get("key-2") is None
    stored = raw_rows(engine)
    assert "key-1" in stored and "telegram" in stored
    assert CHAT_ID not in stored


def test_a_new_address_replaces_the_old_one(addresses):
    addresses.remember("key-1", "telegram", 111)
    addresses.remember("key-1", "terminal", "local")
    assert addresses.get("key-1") == ("terminal", "local")


def test_the_same_address_on_every_message_is_written_once(engine, addresses):
    addresses.remember("key-1", "telegram", CHAT_ID)
    written = select(chat_addresses.c.address, chat_addresses.c.updated_at)
    with engine.connect() as connection:
        first = connection.execute(written).one()
    for _ in range(5):
        addresses.remember("key-1", "telegram", CHAT_ID)
    with engine.connect() as connection:
        assert connection.execute(written).one() == first


def test_another_gateway_reads_it_and_two_gateways_can_both_write_it(engine, cipher, addresses):
    other = ChatAddresses(engine, cipher)
    addresses.remember("key-1", "telegram", CHAT_ID)
    other.remember("key-1", "telegram", CHAT_ID)  # its own note is empty: an update, no conflict
    assert other.get("key-1") == ("telegram", CHAT_ID)


def test_erase_removes_only_that_user_and_a_later_message_writes_again(engine, addresses):
    addresses.remember("key-1", "telegram", CHAT_ID)
    addresses.remember("key-2", "telegram", "222")
    assert addresses.erase("key-1") == 1
    assert addresses.get("key-1") is None and addresses.get("key-2") == ("telegram", "222")
    assert addresses.erase("key-1") == 0
    addresses.remember("key-1", "telegram", CHAT_ID)  # they came back
    assert addresses.get("key-1") == ("telegram", CHAT_ID)


def test_an_address_erased_by_another_gateway_is_written_again_later(engine, cipher, addresses, monkeypatch):
    addresses.remember("key-1", "telegram", CHAT_ID)
    ChatAddresses(engine, cipher).erase("key-1")  # /delete, handled by another gateway
    addresses.remember("key-1", "telegram", CHAT_ID)
    assert addresses.get("key-1") is None  # this gateway still trusts its note ...
    later = time.time() + REMEMBERED_SECONDS + 1
    monkeypatch.setattr("bot.store.chat_addresses.time.time", lambda: later)
    addresses.remember("key-1", "telegram", CHAT_ID)
    assert addresses.get("key-1") == ("telegram", CHAT_ID)  # ... but not for long
