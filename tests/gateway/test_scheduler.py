"""The scheduler loop: messages due later are delivered once, in order, after restarts too."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time

import pytest

from bot.content.reply import Button, Reply, TimedStep
from bot.gateway.scheduler import Scheduler
from bot.store.scheduled_messages import ScheduledMessages
from tests.store import conftest as store_fixtures

# The store's fixtures: a data key, a SQLite file, a throw-away PostgreSQL database.
cipher = store_fixtures.cipher
sqlite_url = store_fixtures.sqlite_url
postgres_url = store_fixtures.postgres_url
database_url = store_fixtures.database_url
engine = store_fixtures.engine

POLL = 0.05


@pytest.fixture
def messages(engine, cipher) -> ScheduledMessages:
    return ScheduledMessages(engine, cipher)


class Recipient:
    """A deliver function that records what arrived, and fails as told."""

    def __init__(self, failures: int = 0, error: Exception | None = None):
        self.arrived: list[tuple[str, str, float]] = []
        self.attempts = 0
        self._failures = failures
        self._error = error

    async def __call__(self, user_key: str, reply: Reply) -> bool:
        self.attempts += 1
        if self.attempts <= self._failures:
            if self._error is not None:
                raise self._error
            return False
        self.arrived.append((user_key, reply.text, time.monotonic()))
        return True

    @property
    def texts(self) -> list[str]:
        return [text for _, text, _ in self.arrived]


async def until(condition, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.01)


@contextlib.asynccontextmanager
async def running(scheduler: Scheduler):
    await scheduler.start()
    try:
        yield scheduler
    finally:
        await scheduler.stop()


@pytest.mark.asyncio
async def test_a_message_scheduled_ahead_is_delivered_when_due_not_at_the_next_poll(messages):
    recipient = Recipient()
    async with running(Scheduler(messages, recipient, poll_seconds=30)) as scheduler:
        scheduled_at = time.monotonic()
        scheduler.schedule("k", "check_in", Reply("How are you today?"), after_seconds=0.2)
        await until(lambda: recipient.arrived)
    [(user_key, text, arrived_at)] = recipient.arrived
    assert (user_key, text) == ("k", "How are you today?")
    assert 0.15 <= arrived_at - scheduled_at < 2
    assert messages.pending("k") == []


@pytest.mark.asyncio
async def test_what_another_gateway_scheduled_is_found_by_polling(messages):
    recipient = Recipient()
    async with running(Scheduler(messages, recipient, poll_seconds=POLL)):
        await asyncio.sleep(POLL)
        messages.schedule("k", "check_in", time.time(), Reply("hello"))  # no poke
        await until(lambda: recipient.arrived)
    assert recipient.texts == ["hello"]


@pytest.mark.asyncio
async def test_a_sequence_arrives_in_order(messages):
    recipient = Recipient()
    steps = (TimedStep(0.05, "Breathe in"), TimedStep(0.05, "Hold", (Button("Stop", "/stop"),)),
             TimedStep(0.0, "Breathe out"))
    async with running(Scheduler(messages, recipient, poll_seconds=POLL)) as scheduler:
        assert len(scheduler.schedule_sequence("k", steps)) == 3
        await until(lambda: len(recipient.arrived) == 3)
    assert recipient.texts == ["Breathe in", "Hold", "Breathe out"]
    times = [arrived_at for _, _, arrived_at in recipient.arrived]
    assert times == sorted(times) and times[1] - times[0] >= 0.04


@pytest.mark.asyncio
async def test_a_new_sequence_replaces_the_unsent_one(messages):
    recipient = Recipient()
    scheduler = Scheduler(messages, recipient, poll_seconds=POLL)
    scheduler.schedule_sequence("k", (TimedStep(0.1, "old one"), TimedStep(0.1, "old two")))
    scheduler.schedule_sequence("k", (TimedStep(0.1, "new one"),))
    scheduler.schedule_sequence("other", (TimedStep(0.1, "theirs"),))
    async with running(scheduler):
        await until(lambda: len(recipient.arrived) == 2)
        await asyncio.sleep(0.3)
    assert sorted(recipient.texts) == ["new one", "theirs"]


@pytest.mark.asyncio
async def test_cancel_stoppable_stops_the_rest_of_a_sequence_and_keeps_other_messages(messages):
    recipient = Recipient()
    steps = (TimedStep(0.0, "one"), TimedStep(0.4, "two"), TimedStep(0.4, "three"))
    async with running(Scheduler(messages, recipient, poll_seconds=POLL)) as scheduler:
        scheduler.schedule("k", "check_in", Reply("check in"), after_seconds=0.6)
        scheduler.schedule_sequence("k", steps)
        await until(lambda: recipient.arrived)
        assert scheduler.cancel_stoppable("k") == 2  # the user said stop
        await until(lambda: len(recipient.arrived) == 2)
        await asyncio.sleep(0.5)
    assert recipient.texts == ["one", "check in"]


@pytest.mark.asyncio
async def test_cancel_by_name_or_all(messages):
    recipient = Recipient()
    scheduler = Scheduler(messages, recipient, poll_seconds=POLL)
    scheduler.schedule("k", "check_in", Reply("check in"), after_seconds=0.1)
    scheduler.schedule("k", "plan_review", Reply("review"), after_seconds=0.1)
    scheduler.schedule("other", "check_in", Reply("theirs"), after_seconds=0.1)
    assert scheduler.cancel("k", "check_in") == 1
    assert scheduler.cancel("other") == 1
    async with running(scheduler):
        await until(lambda: recipient.arrived)
        await asyncio.sleep(0.2)
    assert recipient.texts == ["review"]


@pytest.mark.asyncio
async def test_a_message_cancelled_while_earlier_ones_are_sent_is_not_sent(messages):
    scheduler: Scheduler

    class StopsAfterTheFirst(Recipient):
        async def __call__(self, user_key, reply):
            scheduler.cancel_stoppable(user_key)  # "stop", handled while this one went out
            return await super().__call__(user_key, reply)

    recipient = StopsAfterTheFirst()
    for text in ("one", "two", "three"):  # all due at once (the gateway was down)
        messages.schedule("k", "sequence", time.time() - 1, Reply(text), cancel_on_stop=True)
    async with running(Scheduler(messages, recipient, poll_seconds=POLL)) as scheduler:
        await until(lambda: recipient.arrived)
        await asyncio.sleep(0.2)
    assert recipient.texts == ["one"] and messages.pending("k") == []


@pytest.mark.asyncio
async def test_a_delivery_that_fails_is_tried_again_at_a_later_poll(messages):
    recipient = Recipient(failures=2)
    async with running(Scheduler(messages, recipient, poll_seconds=POLL)) as scheduler:
        started = time.monotonic()
        scheduler.schedule("k", "check_in", Reply("hello"), after_seconds=0)
        await until(lambda: recipient.arrived)
    assert recipient.attempts == 3 and recipient.texts == ["hello"]
    assert recipient.arrived[0][2] - started >= 2 * POLL * 0.9  # not retried in a tight loop
    assert messages.pending("k") == []


@pytest.mark.asyncio
async def test_a_delivery_that_raises_is_logged_by_type_only_and_tried_again(messages, caplog):
    recipient = Recipient(failures=1, error=ValueError("chat 987654321 said: lighthouse"))
    with caplog.at_level(logging.ERROR, logger="bot.gateway.scheduler"):
        async with running(Scheduler(messages, recipient, poll_seconds=POLL)) as scheduler:
            scheduler.schedule("k", "check_in", Reply("lighthouse"), after_seconds=0)
            await until(lambda: recipient.arrived)
    assert recipient.texts == ["lighthouse"]
    assert "ValueError" in caplog.text
    assert "987654321" not in caplog.text and "lighthouse" not in caplog.text


@pytest.mark.asyncio
async def test_what_was_due_survives_a_restart(engine, cipher):
    before = Recipient()
    first = Scheduler(ScheduledMessages(engine, cipher), before, poll_seconds=POLL)
    async with running(first):
        first.schedule("k", "check_in", Reply("due while down"), after_seconds=0.3)
        first.schedule_sequence("k", (TimedStep(0.4, "step"),))
    assert before.arrived == []  # stopped before either was due
    await asyncio.sleep(0.5)
    after = Recipient()
    second = ScheduledMessages(engine, cipher)  # a new process: a new owner
    async with running(Scheduler(second, after, poll_seconds=POLL)):
        await until(lambda: len(after.arrived) == 2)
    assert after.texts == ["due while down", "step"]


@pytest.mark.asyncio
async def test_a_message_claimed_by_a_dead_gateway_is_sent_after_the_claim_timeout(engine, cipher):
    dead = ScheduledMessages(engine, cipher, owner="dead", claim_timeout=0.3)
    dead.schedule("k", "check_in", time.time(), Reply("hello"))
    assert len(dead.claim_due()) == 1  # ... and that gateway died before sending it
    claimed_at = time.monotonic()
    recipient = Recipient()
    alive = ScheduledMessages(engine, cipher, owner="alive", claim_timeout=0.3)
    async with running(Scheduler(alive, recipient, poll_seconds=POLL)):
        await until(lambda: recipient.arrived)
    assert recipient.texts == ["hello"]
    assert recipient.arrived[0][2] - claimed_at >= 0.25
    assert alive.pending("k") == []


@pytest.mark.asyncio
async def test_stop_lets_the_delivery_under_way_finish_and_releases_the_rest(messages):
    release = asyncio.Event()

    class Slow(Recipient):
        async def __call__(self, user_key, reply):
            await release.wait()
            return await super().__call__(user_key, reply)

    recipient = Slow()
    for text in ("one", "two"):
        messages.schedule("k", "n", time.time() - 1, Reply(text))
    scheduler = Scheduler(messages, recipient, poll_seconds=POLL)
    await scheduler.start()
    await asyncio.sleep(0.1)  # "one" is being delivered
    stopping = asyncio.create_task(scheduler.stop())
    await asyncio.sleep(0.05)
    release.set()
    await asyncio.wait_for(stopping, 5)
    assert recipient.texts == ["one"]
    [left] = messages.pending("k")
    assert left.reply.text == "two"
    assert [m.reply.text for m in messages.claim_due()] == ["two"]  # released: not waiting for a timeout


@pytest.mark.asyncio
async def test_start_and_stop_are_safe_to_repeat(messages):
    scheduler = Scheduler(messages, Recipient(), poll_seconds=POLL)
    await scheduler.stop()  # never started
    await scheduler.start()
    await scheduler.start()
    await scheduler.stop()
    await scheduler.stop()


@pytest.mark.asyncio
async def test_a_message_that_falls_due_just_after_a_look_is_not_left_for_the_next_poll(messages):
    recipient = Recipient()
    async with running(Scheduler(messages, recipient, poll_seconds=30)) as scheduler:
        # Due a hair after the loop wakes to look: it must not wait 30 s for the next poll.
        for after in (0.0005, 0.001, 0.002, 0.005, 0.01, 0.02):
            scheduler.schedule("k", "check_in", Reply("now"), after_seconds=after)
            await until(lambda: len(recipient.arrived) >= 1, timeout=2)
            recipient.arrived.clear()


@pytest.mark.asyncio
async def test_a_late_step_keeps_the_pace_of_the_steps_after_it(messages):
    recipient = Recipient()
    steps = (TimedStep(0.0, "In"), TimedStep(0.3, "Hold"), TimedStep(0.3, "Out"))
    scheduler = Scheduler(messages, recipient, poll_seconds=POLL)
    scheduler.schedule_sequence("k", steps)
    await asyncio.sleep(0.7)  # the gateway was busy: every step is due, or overdue, at once
    async with running(scheduler):
        await until(lambda: len(recipient.arrived) == 3)
    times = [arrived_at for _, _, arrived_at in recipient.arrived]
    assert recipient.texts == ["In", "Hold", "Out"]
    assert times[1] - times[0] >= 0.25 and times[2] - times[1] >= 0.25
