"""Button data Harbor can recognise as its own.

Telegram hands back whatever `callback_data` a client sends, so a forged tap could ask
for any payload. Each button's data carries a short HMAC of its payload; data without a
valid one is rejected.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

_SEPARATOR = "~"
_MAX_BYTES = 64  # Telegram's limit for callback_data


class CallbackSigner:
    def __init__(self, secret: bytes):
        self._key = hashlib.sha256(b"harbor-callback-data:" + secret).digest()

    def _mac(self, payload: str) -> str:
        digest = hmac.new(self._key, payload.encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest[:9]).decode()

    def sign(self, payload: str) -> str:
        data = f"{payload}{_SEPARATOR}{self._mac(payload)}"
        if len(data.encode()) > _MAX_BYTES:
            raise ValueError(f"button payload too long for Telegram: {payload[:20]}…")
        return data

    def verify(self, data: object) -> str | None:
        """The payload, or None when the data is not one Harbor issued."""
        if not isinstance(data, str) or _SEPARATOR not in data:
            return None
        payload, _, mac = data.rpartition(_SEPARATOR)
        return payload if hmac.compare_digest(mac, self._mac(payload)) else None
