"""A per-chat pacer: Telegram allows about one message a second in a chat, with short bursts.

PTB's AIORateLimiter keeps the whole bot under Telegram's overall limit (and retries a 429
after its retry_after); it does not pace one private chat. A reply of several messages
(the welcome is five) goes out as a burst; after that, one a second.
"""

from __future__ import annotations

import asyncio
import time

BURST = 6
PER_SECOND = 1.0
# Chats idle this long are forgotten, so the table does not grow with every user ever seen.
FORGET_AFTER_SECONDS = 600


class ChatPacer:
    def __init__(self, burst: int = BURST, per_second: float = PER_SECOND):
        self.burst, self.per_second = burst, per_second
        self._buckets: dict[int, tuple[float, float]] = {}  # chat → (tokens, when counted)

    async def wait_turn(self, chat_id: int, urgent: bool = False) -> None:
        """Wait until this chat may get another message; an urgent one (the crisis card) never waits.

        An urgent message still counts, so what comes after it is paced as usual; the ones
        already waiting go after it.
        """
        now = time.monotonic()
        tokens, counted = self._buckets.get(chat_id, (float(self.burst), now))
        tokens = min(self.burst, tokens + (now - counted) * self.per_second)
        if urgent:
            self._buckets[chat_id] = (tokens - 1, now)
            return
        if tokens < 1:
            await asyncio.sleep((1 - tokens) / self.per_second)
            now, tokens = time.monotonic(), 1.0
        self._buckets[chat_id] = (tokens - 1, now)
        if len(self._buckets) > 10_000:
            self._forget_idle(now)

    def _forget_idle(self, now: float) -> None:
        for chat_id, (_, counted) in list(self._buckets.items()):
            if now - counted > FORGET_AFTER_SECONDS:
                del self._buckets[chat_id]
