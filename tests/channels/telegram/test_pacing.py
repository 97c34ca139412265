"""The per-chat pacer: a burst goes out at once, then messages wait their turn; chats are independent."""

from __future__ import annotations

import time

import pytest

from bot.channels.telegram.keyboards import LiveKeyboards
from bot.channels.telegram.pacing import ChatPacer


@pytest.mark.asyncio
async def test_a_burst_then_the_rate():
    pacer = ChatPacer(burst=3, per_second=20)
    started = time.monotonic()
    for _ in range(3):
        await pacer.wait_turn(1)
    assert time.monotonic() - started < 0.04  # the burst is not held back
    for _ in range(4):
        await pacer.wait_turn(1)
    assert time.monotonic() - started >= 4 / 20 * 0.9  # then one every 1/20 s
    other = time.monotonic()
    await pacer.wait_turn(2)
    assert time.monotonic() - other < 0.04  # another chat has its own allowance


def test_only_the_keyboards_of_the_latest_answer_are_current():
    live = LiveKeyboards()
    assert live.is_current(1, 10)  # nothing known (a restart): trust the tap
    live.sent(1, update_id=100, message_id=10)
    live.sent(1, update_id=100, message_id=11)  # two keyboards in one answer
    assert live.is_current(1, 10) and live.is_current(1, 11)
    live.sent(1, update_id=101, message_id=12)
    assert not live.is_current(1, 10) and live.is_current(1, 12)
    assert live.is_current(2, 10)  # chats are separate


@pytest.mark.asyncio
async def test_the_crisis_card_goes_ahead_of_messages_waiting_their_turn():
    import asyncio

    pacer = ChatPacer(burst=1, per_second=2)
    await pacer.wait_turn(1)  # the burst is spent: the next ordinary message waits ~0.5 s
    queued = asyncio.create_task(pacer.wait_turn(1))
    await asyncio.sleep(0.05)
    started = time.monotonic()
    await pacer.wait_turn(1, urgent=True)
    assert time.monotonic() - started < 0.02
    assert not queued.done()  # the ordinary one is still waiting: the card went first
    await queued
