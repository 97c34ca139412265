"""Logging that never carries message text, tokens, or raw user ids.

Users appear as a salted hash (`user=3f9a1c…`): enough to follow one conversation
through the logs, useless for finding out who it is.
"""

from __future__ import annotations

import hashlib
import logging
import os
import secrets
from pathlib import Path


class UserHashFilter(logging.Filter):
    def __init__(self, salt: bytes):
        super().__init__()
        self._salt = salt

    def filter(self, record: logging.LogRecord) -> bool:
        user = getattr(record, "user", None)
        record.user_tag = self.tag(user) if user is not None else "-"
        return True

    def tag(self, user_id: object) -> str:
        return hashlib.sha256(self._salt + str(user_id).encode()).hexdigest()[:10]


def _salt(var_dir: Path) -> bytes:
    if os.environ.get("HARBOR_LOG_SALT"):
        return os.environ["HARBOR_LOG_SALT"].encode()
    path = var_dir / "log-salt"
    if not path.exists():
        var_dir.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(16))
        path.chmod(0o600)
    return path.read_text().strip().encode()


class RedactSecrets(logging.Filter):
    """Last line of defence: a secret that reaches a log line anyway is blanked out."""

    def __init__(self, secrets_to_hide: list[str]):
        super().__init__()
        self._secrets = [s for s in secrets_to_hide if s]

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if any(secret in message for secret in self._secrets):
            for secret in self._secrets:
                message = message.replace(secret, "[redacted]")
            record.msg, record.args = message, ()
        return True


# Libraries that log request URLs (holding the bot token) or update contents (holding
# the user's words) at DEBUG or INFO; they are held at WARNING whatever the log level.
CHATTY_LIBRARIES = ("httpx", "httpcore", "telegram", "apscheduler", "hpack", "spacy")


def configure_logging(level: str, var_dir: Path, stream=None, secrets_to_hide: list[str] = ()) -> None:
    handler = logging.StreamHandler(stream)
    handler.addFilter(UserHashFilter(_salt(var_dir)))
    handler.addFilter(RedactSecrets(list(secrets_to_hide)))
    handler.setFormatter(logging.Formatter(
        "%(asctime)s %(levelname)s %(name)s user=%(user_tag)s %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # httpx logs every request URL at INFO, and a Telegram URL contains the bot token.
    for library in CHATTY_LIBRARIES:
        logging.getLogger(library).setLevel(logging.WARNING)
