"""Messages to Rasa, in order for each user, and kept while Rasa is down.

When Rasa does not answer, the message waits here (in memory, a bounded number per user)
and is delivered, in order, as soon as Rasa answers again; later messages from the same
user queue behind it. The gateway's "I'm having trouble" notice promises exactly that.
After a crisis card, the replies to what was waiting before it are not shown (they would
only get in the way); those messages still reach Rasa, so the conversation is complete.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable
from dataclasses import dataclass
from typing import Protocol

from bot.content.reply import Reply
from bot.gateway.rasa_client import RasaClient, RasaUnavailable

logger = logging.getLogger(__name__)

class Respond(Protocol):
    """How replies reach the user who wrote: `urgent` puts one (the crisis card) ahead of the queue."""

    def __call__(self, reply: Reply, urgent: bool = False) -> Awaitable[None]: ...
REDELIVERY_SECONDS = 2
MAX_WAITING_PER_USER = 20


async def _say_nothing(reply: Reply, urgent: bool = False) -> None:
    return None


@dataclass(frozen=True)
class _Waiting:
    text: str
    metadata: dict
    respond: Respond


class RasaDelivery:
    def __init__(self, rasa: RasaClient):
        self.rasa = rasa
        self._waiting: dict[str, list[_Waiting]] = {}
        self._locks: dict[str, asyncio.Lock] = {}
        self._redelivery: asyncio.Task | None = None

    async def send(self, key: str, text: str, metadata: dict, respond: Respond,
                   after_crisis_card: bool = False) -> bool:
        """True when Rasa answered (its replies went to `respond`); False when the message waits."""
        message = _Waiting(text, metadata, respond)
        if key in self._waiting:  # earlier messages are still waiting: keep the order
            if after_crisis_card:
                self._waiting[key] = [_Waiting(m.text, m.metadata, _say_nothing) for m in self._waiting[key]]
            self._waiting[key].append(message)
            lock = self._lock(key)
            # While a redelivery is under way this one is in its queue: answer now, not after it.
            if not lock.locked():
                async with lock:
                    return await self._deliver_waiting(key)
            return False
        try:
            replies = await self.rasa.send(key, text, metadata)
        except RasaUnavailable as error:
            logger.error("dialogue engine unavailable: %s", error, extra={"user": key})
            self._waiting[key] = [message]
            self._start_redelivery()
            return False
        for reply in replies:
            await respond(reply)
        return True

    def forget(self, key: str) -> None:
        """Drop what waits for a user (they erased their data)."""
        self._waiting.pop(key, None)

    async def close(self) -> None:
        if self._redelivery is not None:
            self._redelivery.cancel()
        await self.rasa.close()

    def _lock(self, key: str) -> asyncio.Lock:
        return self._locks.setdefault(key, asyncio.Lock())

    async def _deliver_waiting(self, key: str) -> bool:
        """Send a user's waiting messages in order; False when Rasa is still down."""
        waiting = self._waiting.get(key, [])
        if len(waiting) > MAX_WAITING_PER_USER:
            logger.warning("dropped %d waiting messages", len(waiting) - MAX_WAITING_PER_USER,
                           extra={"user": key})
            del waiting[:-MAX_WAITING_PER_USER]
        while waiting:
            message = waiting[0]
            try:
                replies = await self.rasa.send(key, message.text, message.metadata)
            except RasaUnavailable:
                return False
            waiting.pop(0)
            for reply in replies:
                await message.respond(reply)
        self._waiting.pop(key, None)
        self._locks.pop(key, None)
        logger.info("waiting messages delivered", extra={"user": key})
        return True

    def _start_redelivery(self) -> None:
        if self._redelivery is None or self._redelivery.done():
            self._redelivery = asyncio.create_task(self._redeliver_until_empty())

    async def _redeliver_until_empty(self) -> None:
        while self._waiting:
            await asyncio.sleep(REDELIVERY_SECONDS)
            for key in list(self._waiting):
                async with self._lock(key):
                    await self._deliver_waiting(key)
