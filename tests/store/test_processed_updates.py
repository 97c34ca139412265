"""Once-only handling of Telegram updates, which must never drop a new message (issue 23).

The key is (bot, update id); the fingerprint tells a true redelivery from a new update
that reuses an old id.
"""

from __future__ import annotations

import logging
import threading

import pytest
from sqlalchemy import select

from bot.store.database import open_engine
from bot.store.processed_updates import Claim, ProcessedUpdates
from bot.store.schema import processed_updates

BOT, OTHER_BOT = 111, 222
NEW = Claim(handle=True, redelivery=False, crisis_card_sent=False)


@pytest.fixture
def updates(engine) -> ProcessedUpdates:
    return ProcessedUpdates(engine, owner="gateway-a")


def stored(engine, bot_id: int, update_id: int):
    with engine.connect() as connection:
        return connection.execute(select(processed_updates).where(
            processed_updates.c.bot_id == bot_id, processed_updates.c.update_id == update_id)).one()


def test_a_new_update_is_handled_and_a_redelivery_while_handling_it_is_not(updates):
    assert updates.claim(BOT, 1, "fp-1", "k") == NEW
    assert updates.claim(BOT, 1, "fp-1", "k") == Claim(handle=False, redelivery=True, crisis_card_sent=False)
    assert not updates.is_finished(BOT, 1)


def test_a_new_bot_with_an_old_update_id_is_handled(updates):
    """A new bot token on an old database: the same update id, another bot."""
    updates.claim(BOT, 500, "fp-old", "k")
    updates.finish(BOT, 500)
    assert updates.claim(OTHER_BOT, 500, "fp-new", "k") == NEW
    assert not updates.is_finished(OTHER_BOT, 500) and updates.is_finished(BOT, 500)


def test_the_same_bot_reusing_an_update_id_for_a_new_message_is_handled(engine, updates, caplog):
    """Telegram restarts update ids after a quiet week: same bot, same id, another message."""
    updates.claim(BOT, 7, "fp-last-week", "k-old")
    updates.mark_crisis_card_sent(BOT, 7)
    updates.finish(BOT, 7)
    restarted = ProcessedUpdates(engine, owner="gateway-b")
    with caplog.at_level(logging.WARNING, logger="bot.store.processed_updates"):
        assert restarted.claim(BOT, 7, "fp-today", "k-new") == NEW
    assert "reused" in caplog.text and "fp-" not in caplog.text and "k-new" not in caplog.text
    row = stored(engine, BOT, 7)
    assert (row.fingerprint, row.user_key, row.owner, row.finished, row.crisis_card_sent) == (
        "fp-today", "k-new", "gateway-b", False, False)
    # ... and from then on it is that update's record: its redelivery is dropped.
    assert not restarted.claim(BOT, 7, "fp-today", "k-new").handle


@pytest.mark.parametrize("card_sent", [True, False])
def test_a_finished_update_redelivered_is_not_handled_and_says_whether_the_card_went_out(
        engine, updates, card_sent):
    updates.claim(BOT, 9, "fp", "k")
    if card_sent:
        updates.mark_crisis_card_sent(BOT, 9)
    updates.finish(BOT, 9)
    expected = Claim(handle=False, redelivery=True, crisis_card_sent=card_sent)
    assert updates.claim(BOT, 9, "fp", "k") == expected
    assert ProcessedUpdates(engine, owner="gateway-b").claim(BOT, 9, "fp", "k") == expected  # after a restart


@pytest.mark.parametrize("card_sent", [True, False])
def test_an_update_a_crashed_gateway_left_unfinished_is_taken_over_once(engine, updates, card_sent):
    updates.claim(BOT, 12, "fp", "k")  # ... and gateway-a died before answering
    if card_sent:
        updates.mark_crisis_card_sent(BOT, 12)
    restarted = ProcessedUpdates(engine, owner="gateway-b")
    taken_over = Claim(handle=True, redelivery=True, crisis_card_sent=card_sent)
    assert restarted.claim(BOT, 12, "fp", "k") == taken_over
    assert stored(engine, BOT, 12).owner == "gateway-b"
    assert not restarted.claim(BOT, 12, "fp", "k").handle  # being handled here now
    restarted.finish(BOT, 12)
    assert not ProcessedUpdates(engine, owner="gateway-c").claim(BOT, 12, "fp", "k").handle


def test_forget_older_than_then_the_id_is_new_again(updates):
    updates.claim(BOT, 1, "fp", "k")
    updates.finish(BOT, 1)
    assert updates.forget_older_than(60) == 0
    assert updates.forget_older_than(0, now=10**12) == 1
    assert updates.claim(BOT, 1, "fp", "k") == NEW


def test_erase_removes_only_that_users_records(updates):
    updates.claim(BOT, 1, "fp-1", "k")
    updates.claim(BOT, 2, "fp-2", "k")
    updates.claim(BOT, 3, "fp-3", "other")
    updates.claim(BOT, 4, "fp-4", None)  # not from a private chat
    assert updates.erase("k") == 2
    assert not updates.claim(BOT, 3, "fp-3", "other").handle


def test_gateways_claiming_the_same_new_update_at_once_handle_it_once(database_url, engine):
    """Race-safe: a lost insert re-reads the row instead of failing."""
    gateways = [ProcessedUpdates(open_engine(database_url), owner=f"gateway-{n}") for n in range(4)]
    for update_id in range(20):
        claims: list[Claim] = []
        start = threading.Barrier(len(gateways))

        def claim(gateway, update_id=update_id, claims=claims, start=start):
            start.wait()
            claims.append(gateway.claim(BOT, update_id, "fp", "k"))

        threads = [threading.Thread(target=claim, args=(gateway,)) for gateway in gateways]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert sum(claim.redelivery is False for claim in claims) == 1, update_id
    for gateway in gateways:
        gateway._engine.dispose()


def test_a_gateway_outrun_to_a_reused_id_leaves_the_update_to_the_winner(engine, updates, monkeypatch):
    updates.claim(BOT, 7, "fp-last-week", "k")
    updates.finish(BOT, 7)
    slow, fast = (ProcessedUpdates(engine, owner=owner) for owner in ("gateway-b", "gateway-c"))
    overwrite = slow._overwrite

    def outrun(*args):
        assert fast.claim(BOT, 7, "fp-today", "k") == NEW  # gets there first, and is alive
        return overwrite(*args)

    monkeypatch.setattr(slow, "_overwrite", outrun)
    assert slow.claim(BOT, 7, "fp-today", "k") == Claim(handle=False, redelivery=True, crisis_card_sent=False)
    assert stored(engine, BOT, 7).owner == "gateway-c"
