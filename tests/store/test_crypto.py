"""The data key: encryption round trip, pseudonyms, and the key file made on first run."""

from __future__ import annotations

import stat

import pytest
from cryptography.fernet import Fernet

from bot.store.crypto import KEY_ENV, DataCipher, DataKeyError, load_or_create_key


def test_text_round_trips_and_is_not_readable_at_rest(cipher):
    sealed = cipher.encrypt("he’s outside — 🩸")
    assert "outside" not in sealed
    assert cipher.decrypt(sealed) == "he’s outside — 🩸"


def test_another_key_cannot_read_it(cipher):
    with pytest.raises(DataKeyError):
        DataCipher(Fernet.generate_key()).decrypt(cipher.encrypt("private"))


def test_pseudonyms_are_stable_per_key_and_reveal_nothing(cipher):
    assert cipher.pseudonym(424242) == cipher.pseudonym("424242")
    assert "424242" not in cipher.pseudonym(424242)
    assert cipher.pseudonym(424242) != DataCipher(Fernet.generate_key()).pseudonym(424242)
    assert cipher.pseudonym(1) != cipher.pseudonym(2)


def test_a_key_file_is_made_once_readable_by_its_owner_only(tmp_path):
    key = load_or_create_key(tmp_path, env={})
    path = tmp_path / "data.key"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_or_create_key(tmp_path, env={}) == key
    DataCipher(key)  # a valid Fernet key


def test_the_environment_wins_over_the_file(tmp_path):
    key = Fernet.generate_key().decode()
    assert load_or_create_key(tmp_path, env={KEY_ENV: key}) == key
    assert not (tmp_path / "data.key").exists()


def test_a_malformed_or_missing_key_is_one_clear_error():
    with pytest.raises(DataKeyError, match="Fernet key"):
        DataCipher("not-a-key")
    with pytest.raises(DataKeyError, match="not set"):
        DataCipher.from_env({})
