"""The user data store on a real database: settings, encrypted records, update records, erasure."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect

from bot.store import DataCipher, UserData
from bot.store.migrate import upgrade_to_latest
from bot.store.processed_updates import ProcessedUpdates
from tests.support.raw_database import raw_dump

SECRET = "call Sam if he comes back, stop word is lighthouse"


def test_migrations_create_the_schema(user_data):
    tables = set(inspect(user_data.engine).get_table_names())
    assert {"user_settings", "user_records", "processed_updates", "alembic_version"} <= tables
    upgrade_to_latest(user_data.engine)  # running again is harmless


def test_settings_consent_and_age(user_data):
    key = user_data.user_key(7)
    assert not user_data.settings.get(key).consent_given
    user_data.settings.set_country(key, "UK")
    user_data.settings.record_consent(key, at=1_700_000_000)
    user_data.settings.set_minor(key)
    settings = user_data.settings.get(key)
    assert (settings.country, settings.consented_at, settings.is_minor) == ("UK", 1_700_000_000, True)


def test_records_are_encrypted_at_rest_and_read_back(user_data, tmp_path):
    key = user_data.user_key(7)
    record_id = user_data.records.add(key, "safety_plan", {"note": SECRET})
    user_data.records.replace(key, record_id, {"note": SECRET, "contacts": [{"name": "Sam"}]})
    [record] = user_data.records.list(key, "safety_plan")
    assert record.content["note"] == SECRET
    dump = raw_dump(tmp_path / "harbor.db")
    assert "lighthouse" not in dump and "Sam" not in dump


def test_an_update_is_claimed_once(user_data):
    assert user_data.updates.claim(1, 1001, "fp", "k").handle
    assert not user_data.updates.claim(1, 1001, "fp", "k").handle  # being handled here right now
    user_data.updates.finish(1, 1001)
    assert not user_data.updates.claim(1, 1001, "fp", "k").handle
    # finished: not after a restart either
    assert not ProcessedUpdates(user_data.engine).claim(1, 1001, "fp", "k").handle
    assert user_data.updates.forget_older_than(0, now=10**12) == 1
    assert user_data.updates.claim(1, 1001, "fp", "k").handle


def test_an_update_left_unfinished_by_a_stopped_gateway_is_taken_on_again(user_data):
    crashed = ProcessedUpdates(user_data.engine)
    assert crashed.claim(1, 2002, "fp", "k").handle  # ... and the process died before answering
    restarted = ProcessedUpdates(user_data.engine)
    assert restarted.claim(1, 2002, "fp", "k").handle
    restarted.finish(1, 2002)
    assert not ProcessedUpdates(user_data.engine).claim(1, 2002, "fp", "k").handle


def test_a_paused_dialogue_is_remembered(user_data):
    key = user_data.user_key(7)
    assert not user_data.settings.get(key).dialogue_paused
    user_data.settings.set_dialogue_paused(key, True)
    assert user_data.settings.get(key).dialogue_paused
    user_data.settings.set_dialogue_paused(key, False)
    assert not user_data.settings.get(key).dialogue_paused


def test_an_update_fingerprint_is_keyed_and_names_no_id(user_data, sqlite_url):
    from cryptography.fernet import Fernet

    fingerprint = user_data.fingerprint(987654321, 42, None)
    assert fingerprint == user_data.fingerprint(987654321, 42, None)
    assert fingerprint != user_data.fingerprint(987654321, 42, 1)  # edited
    assert "987654321" not in fingerprint
    other_key = UserData.open(sqlite_url, DataCipher(Fernet.generate_key()))
    assert other_key.fingerprint(987654321, 42, None) != fingerprint


def test_erase_leaves_nothing_of_that_user_and_keeps_others(user_data, tmp_path):
    key, other = user_data.user_key(7), user_data.user_key(8)
    for who in (key, other):
        user_data.settings.record_consent(who)
        user_data.records.add(who, "journal", {"text": SECRET})
    user_data.updates.claim(1, 5, "fp", key)
    erased = user_data.erase(key)
    assert erased["plans and entries"] == 1 and erased["settings"] == 1 and erased["update records"] == 1
    dump = raw_dump(tmp_path / "harbor.db")
    assert key not in dump and other in dump
    # SQLite's secure_delete: the erased rows are not left in the file's free pages either.
    assert key.encode() not in (tmp_path / "harbor.db").read_bytes()


@pytest.mark.postgres
def test_the_same_store_on_postgresql(postgres_url, cipher):
    data = UserData.open(postgres_url, cipher)
    upgrade_to_latest(data.engine)
    key = data.user_key(9)
    data.settings.record_consent(key)
    data.records.add(key, "journal", {"text": SECRET})
    assert data.updates.claim(2**40, 2**40, "fp", key).handle
    assert not data.updates.claim(2**40, 2**40, "fp", key).handle
    assert data.records.list(key)[0].content["text"] == SECRET
    assert data.erase(key)["settings"] == 1
    assert data.records.list(key) == [] and not data.settings.get(key).consent_given
    data.engine.dispose()


def test_a_store_opened_with_another_key_finds_other_pseudonyms(sqlite_url, user_data):
    from cryptography.fernet import Fernet

    other = UserData.open(sqlite_url, DataCipher(Fernet.generate_key()))
    assert other.user_key(7) != user_data.user_key(7)


def test_the_users_clock_is_kept_as_a_difference_from_utc_and_asked_for_once(tmp_path):
    from cryptography.fernet import Fernet

    from bot.store import DataCipher, UserData
    from bot.store.migrate import upgrade_to_latest

    data = UserData.open(f"sqlite:///{tmp_path / 'harbor.db'}", DataCipher(Fernet.generate_key()))
    upgrade_to_latest(data.engine)
    assert data.settings.get("k").utc_offset_minutes is None and not data.settings.get("k").local_time_asked
    data.settings.mark_local_time_asked("k")
    assert data.settings.get("k").local_time_asked and data.settings.get("k").utc_offset_minutes is None
    data.settings.set_utc_offset("k", -330)
    assert data.settings.get("k").utc_offset_minutes == -330
    data.erase("k")
    assert data.settings.get("k").utc_offset_minutes is None


def test_a_record_kept_once_per_user_is_replaced_not_added(tmp_path):
    from cryptography.fernet import Fernet

    from bot.store import DataCipher, UserData
    from bot.store.migrate import upgrade_to_latest

    data = UserData.open(f"sqlite:///{tmp_path / 'harbor.db'}", DataCipher(Fernet.generate_key()))
    upgrade_to_latest(data.engine)
    assert data.records.single("k", "safety_plan") is None
    first = data.records.keep_single("k", "safety_plan", {"answers": {"a": "1"}})
    assert data.records.keep_single("k", "safety_plan", {"answers": {"a": "2"}}) == first
    assert [r.content for r in data.records.list("k", "safety_plan")] == [{"answers": {"a": "2"}}]
    assert data.records.get("k", first).content == {"answers": {"a": "2"}}
    assert data.records.get("someone else", first) is None
    assert data.records.delete("k", first) and data.records.single("k", "safety_plan") is None
