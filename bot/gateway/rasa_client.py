"""Talking to the Rasa server through its REST channel."""

from __future__ import annotations

import httpx

from bot.content.reply import Reply


class RasaUnavailable(Exception):
    """Rasa (or the action server behind it) is down, too slow, or answered an error."""


class RasaClient:
    def __init__(self, base_url: str, timeout_seconds: float = 4.0):
        self._url = base_url.rstrip("/") + "/webhooks/rest/webhook"
        self._client = httpx.AsyncClient(timeout=httpx.Timeout(timeout_seconds, connect=2.0))

    async def send(self, sender_id: str, text: str, metadata: dict | None = None) -> list[Reply]:
        body = {"sender": sender_id, "message": text, "metadata": metadata or {}}
        try:
            response = await self._client.post(self._url, json=body)
        except httpx.HTTPError as error:
            raise RasaUnavailable(type(error).__name__) from error
        if response.status_code != 200:
            raise RasaUnavailable(f"HTTP {response.status_code}")
        try:
            messages = response.json()
        except ValueError as error:
            raise RasaUnavailable("not JSON") from error
        if not isinstance(messages, list):
            raise RasaUnavailable("not a list of messages")
        # A message with neither text, buttons nor Harbor's own payload says nothing to the user.
        replies = (Reply.from_rasa(m) for m in messages if isinstance(m, dict))
        return [reply for reply in replies if reply is not None]

    async def close(self) -> None:
        await self._client.aclose()
