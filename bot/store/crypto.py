"""Encryption of user content at rest, and the pseudonyms users are stored under.

One Fernet key (HARBOR_DATA_KEY) protects everything Harbor keeps about a person. The
same key also derives a keyed hash of each Telegram id, so the database never holds an
id that could be looked up: rows are found by recomputing the pseudonym, never by the id.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken

KEY_ENV = "HARBOR_DATA_KEY"
KEY_FILE_NAME = "data.key"


class DataKeyError(RuntimeError):
    """The data key is missing or malformed; the message says what to do."""


class DataCipher:
    def __init__(self, key: bytes | str):
        key = key.encode() if isinstance(key, str) else key
        try:
            self._fernet = Fernet(key)
        except (ValueError, TypeError):
            raise DataKeyError(f"{KEY_ENV} is not a Fernet key (44 url-safe base64 characters); "
                               "create one with: python -m bot.store.keys") from None
        self._pseudonym_key = hmac.new(key, b"harbor user pseudonym", hashlib.sha256).digest()

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> DataCipher:
        key = (os.environ if env is None else env).get(KEY_ENV)
        if not key:
            raise DataKeyError(f"{KEY_ENV} is not set: `make run` creates it, see the README")
        return cls(key)

    def encrypt(self, text: str) -> str:
        return self._fernet.encrypt(text.encode("utf-8")).decode("ascii")

    def decrypt(self, token: str) -> str:
        try:
            return self._fernet.decrypt(token.encode("ascii")).decode("utf-8")
        except InvalidToken:
            raise DataKeyError("stored data cannot be decrypted with this HARBOR_DATA_KEY") from None

    def pseudonym(self, user_id: str | int) -> str:
        """The stable, unguessable name a user's rows are stored under."""
        return hmac.new(self._pseudonym_key, str(user_id).encode(), hashlib.sha256).hexdigest()[:40]


def load_or_create_key(var_dir: Path, env: dict[str, str] | None = None) -> str:
    """HARBOR_DATA_KEY from the environment, else var/data.key, created (mode 0600) on first use."""
    env = os.environ if env is None else env
    if env.get(KEY_ENV):
        return env[KEY_ENV]
    path = var_dir / KEY_FILE_NAME
    if not path.exists():
        var_dir.mkdir(parents=True, exist_ok=True)
        # Created with 0600 from the start, so the key is never readable by others, even briefly.
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as key_file:
            key_file.write(Fernet.generate_key().decode("ascii"))
    return path.read_text().strip()
