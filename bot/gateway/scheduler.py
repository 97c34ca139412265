"""Harbor speaking first: messages due later, sent by a loop in the gateway.

The messages wait in the database (bot/store/scheduled_messages.py), so they survive a
restart, and each is claimed by one gateway before it is sent. The loop polls every
`poll_seconds`, sooner when the next message is due sooner, and at once when poked (a
message was just scheduled). A message that could not be delivered is released and tried
again at the next poll; one whose gateway stopped mid-send is taken over after the claim
timeout.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable

from bot.content.reply import Reply, TimedStep
from bot.store.scheduled_messages import DueMessage, ScheduledMessages

logger = logging.getLogger(__name__)

# Delivers a reply to a user (by their key); False when it could not be sent now.
Deliver = Callable[[str, Reply], Awaitable[bool]]

SEQUENCE = "sequence"
CLAIM_BATCH = 100
# A timed step sent later than this keeps its pace: the steps after it move later too.
LATE_SECONDS = 0.05
# On stop, a delivery under way may finish (a half-sent message would be sent again later).
STOP_GRACE_SECONDS = 5.0


class Scheduler:
    def __init__(self, messages: ScheduledMessages, deliver: Deliver, poll_seconds: float = 1.0):
        self.messages = messages
        self._deliver = deliver
        self._poll_seconds = poll_seconds
        self._wake = asyncio.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._task: asyncio.Task | None = None
        self._stopping = False

    async def start(self) -> None:
        if self._task is not None and not self._task.done():
            return
        self._loop = asyncio.get_running_loop()
        self._wake = asyncio.Event()  # bound to this loop: a restarted scheduler may run on another
        self._stopping = False
        self._task = asyncio.create_task(self._run(), name="scheduled messages")

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is None:
            return
        self._stopping = True
        self.poke()
        done, _ = await asyncio.wait({task}, timeout=STOP_GRACE_SECONDS)
        if not done:
            task.cancel()  # its message stays claimed and is taken over after the claim timeout
            with contextlib.suppress(asyncio.CancelledError):
                await task

    def poke(self) -> None:
        """Look for due messages now, not at the next poll. Safe to call from any thread."""
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if self._loop is not None and running is not self._loop:
            self._loop.call_soon_threadsafe(self._wake.set)
        else:
            self._wake.set()

    def schedule(self, user_key: str, name: str, reply: Reply, after_seconds: float,
                 cancel_on_stop: bool = False, replace: bool = False) -> int:
        message_id = self.messages.schedule(user_key, name, time.time() + after_seconds, reply,
                                            cancel_on_stop=cancel_on_stop, replace=replace)
        self.poke()
        return message_id

    def schedule_sequence(self, user_key: str, steps: tuple[TimedStep, ...],
                          name: str = SEQUENCE) -> list[int]:
        """Each step `after_seconds` after the one before, replacing the user's unsent sequence.

        A stop or a crisis cancels the steps not sent yet (cancel_stoppable).
        """
        self.messages.cancel(user_key, name)
        due_at, ids = time.time(), []
        for step in steps:
            due_at += step.after_seconds
            ids.append(self.messages.schedule(user_key, name, due_at, Reply(step.text, step.buttons),
                                              cancel_on_stop=True))
        self.poke()
        return ids

    def cancel_stoppable(self, user_key: str) -> int:
        """The user said stop, or a crisis came: what a running exercise still has queued is dropped."""
        return self.messages.cancel(user_key, stop_only=True)

    def cancel(self, user_key: str, name: str | None = None) -> int:
        return self.messages.cancel(user_key, name)

    async def _run(self) -> None:
        while not self._stopping:
            self._wake.clear()  # a poke from here on wakes the sleep below
            try:
                batch = self.messages.claim_due(limit=CLAIM_BATCH)
            except Exception as error:
                logger.error("scheduled messages could not be read: %s", type(error).__name__)
                batch = []
            released = await self._send_all(batch)
            if len(batch) < CLAIM_BATCH:  # a full batch: more may be due already
                await self._sleep(retrying=released > 0)

    async def _send_all(self, batch: list[DueMessage]) -> int:
        """Deliver a claimed batch; the number released to be tried again."""
        released = 0
        late: dict[tuple[str, str], float] = {}  # sequences whose step went out late, by how much
        for index, message in enumerate(batch):
            if self._stopping:  # the next gateway (or this one, restarted) sends the rest at once
                self._settle(batch[index:], delivered=False)
                return released + len(batch) - index
            # While earlier ones were sent, a stop or a /delete may have cancelled this one.
            if index and not self._still_pending(message):
                continue
            if (message.user_key, message.name) in late:  # it keeps its pace after the late step
                self._settle([message], delivered=False)
                continue
            try:
                delivered = await self._deliver(message.user_key, message.reply)
            except Exception as error:
                logger.error("a scheduled message could not be delivered: %s", type(error).__name__,
                             extra={"user": message.user_key})
                delivered = False
            self._settle([message], delivered)
            released += not delivered
            lateness = time.time() - message.due_at
            if delivered and message.cancel_on_stop and lateness > LATE_SECONDS:
                late[(message.user_key, message.name)] = lateness
        self._keep_pace(late)
        return released

    def _keep_pace(self, late: dict[tuple[str, str], float]) -> None:
        """A timed step that went out late pushes the rest of its sequence back, so the pace holds."""
        for (user_key, name), seconds in late.items():
            try:
                self.messages.postpone(user_key, name, seconds)
            except Exception as error:
                logger.error("a sequence could not be postponed: %s", type(error).__name__)

    def _still_pending(self, message: DueMessage) -> bool:
        try:
            return self.messages.is_pending(message.id)
        except Exception as error:
            logger.error("a scheduled message could not be checked: %s", type(error).__name__)
            return True  # sent late rather than lost; the claim stands

    def _settle(self, messages: list[DueMessage], delivered: bool) -> None:
        for message in messages:
            try:
                if delivered:
                    self.messages.sent(message.id)
                else:
                    self.messages.release(message.id)
            except Exception as error:
                # Left claimed: taken over after the claim timeout (sent twice at worst, never lost).
                logger.error("a scheduled message could not be settled: %s", type(error).__name__)

    async def _sleep(self, retrying: bool) -> None:
        delay = self._poll_seconds
        try:
            next_due_at = self.messages.next_due_at()
        except Exception as error:
            logger.error("scheduled messages could not be read: %s", type(error).__name__)
            next_due_at = None
        # One due already either fell due a moment ago (look again at once) or was just released
        # after a failed delivery (it waits for the next poll, so a fault is not retried in a loop).
        now = time.time()
        if next_due_at is not None and next_due_at > now:
            delay = min(delay, next_due_at - now)
        elif next_due_at is not None and not retrying:
            delay = 0.0
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(self._wake.wait(), timeout=delay)
