"""Harbor speaks first: `send(user, reply)` from anywhere — a timed step, a check-in, later a
staff member's reply — through the channel the user last wrote from.

The user's chat address is kept encrypted (bot.store.chat_addresses) and erased by /delete.
Each channel registers how it delivers; it paces and rate-limits outbound replies exactly as
it does answers, and an urgent reply (the crisis card) goes ahead of anything queued.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable
from typing import Protocol

from bot.content.reply import Reply
from bot.store.chat_addresses import ChatAddresses

logger = logging.getLogger(__name__)


class Deliver(Protocol):
    def __call__(self, address: str, reply: Reply, urgent: bool = False) -> Awaitable[bool]: ...


class Sender:
    def __init__(self, addresses: ChatAddresses):
        self._addresses = addresses
        self._channels: dict[str, Deliver] = {}

    def register(self, channel: str, deliver: Deliver) -> None:
        self._channels[channel] = deliver

    def remember(self, user_key: str, channel: str, address: str) -> None:
        """Where this user can be reached (called as their messages arrive)."""
        self._addresses.remember(user_key, channel, address)

    async def send(self, user_key: str, reply: Reply, urgent: bool = False) -> bool:
        """True when the reply went out; False when the user cannot be reached now."""
        found = self._addresses.get(user_key)
        deliver = self._channels.get(found[0]) if found else None
        if deliver is None:
            logger.info("no channel to reach the user on", extra={"user": user_key})
            return False
        return await deliver(found[1], reply, urgent)
