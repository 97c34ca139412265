"""Messages due later: kept encrypted, claimed once, cancelled by name or by a stop, erased."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import text

from bot.content.reply import Button, Document, Image, Reply, TimedStep
from bot.store.database import open_engine
from bot.store.scheduled_messages import CLAIM_TIMEOUT_SECONDS, ScheduledMessages

NOW = 1_700_000_000.0
SECRET = "breathe with me, Sam, lighthouse"


@pytest.fixture
def messages(engine, cipher) -> ScheduledMessages:
    return ScheduledMessages(engine, cipher, owner="gateway-a")


def say(text: str) -> Reply:
    return Reply(text)


def texts(due) -> list[str]:
    return [message.reply.text for message in due]


def test_only_what_is_due_is_claimed_in_order(messages):
    messages.schedule("k", "check_in", NOW + 10, say("later"))
    messages.schedule("k", "sequence", NOW - 5, say("second"))
    messages.schedule("k", "sequence", NOW - 9, say("first"))
    messages.schedule("k", "sequence", NOW - 5, say("third"))  # same time: in the order scheduled
    assert texts(messages.claim_due(now=NOW)) == ["first", "second", "third"]
    assert messages.claim_due(now=NOW) == []  # claimed: not again
    assert texts(messages.claim_due(now=NOW + 10)) == ["later"]


def test_the_limit_takes_the_earliest(messages):
    for second in range(5):
        messages.schedule("k", "n", NOW - second, say(str(second)))
    assert texts(messages.claim_due(now=NOW, limit=2)) == ["4", "3"]


def test_a_due_message_carries_what_was_scheduled(messages):
    message_id = messages.schedule("k", "check_in", NOW, say("hello"), cancel_on_stop=True)
    [due] = messages.claim_due(now=NOW)
    assert (due.id, due.user_key, due.name, due.due_at, due.reply, due.cancel_on_stop) == (
        message_id, "k", "check_in", NOW, say("hello"), True)


def test_a_reply_with_buttons_image_and_document_comes_back_whole_and_is_encrypted(engine, messages):
    reply = Reply(SECRET, (Button("Again", "/ground"),),
                  document=Document("plan.pdf", b"%PDF-1.4\x00\xff" + SECRET.encode()),
                  image=Image("chart.png", b"\x89PNG\r\n\x1a\n\x00\x01"),
                  sequence=(TimedStep(3.0, "and out", (Button("Stop", "/stop"),)),))
    messages.schedule("k", "plan_review", NOW, reply)
    assert messages.pending("k")[0].reply == reply
    assert messages.claim_due(now=NOW)[0].reply == reply
    with engine.connect() as connection:
        stored = repr(connection.execute(text("SELECT * FROM scheduled_messages")).all())
    assert "lighthouse" not in stored and "Sam" not in stored and "Again" not in stored


def test_sent_removes_it_and_release_lets_it_be_claimed_again(messages):
    first = messages.schedule("k", "n", NOW, say("one"))
    second = messages.schedule("k", "n", NOW, say("two"))
    assert len(messages.claim_due(now=NOW)) == 2
    messages.sent(first)
    messages.release(second)
    assert [(m.id, m.reply.text) for m in messages.claim_due(now=NOW)] == [(second, "two")]
    assert [m.id for m in messages.pending("k")] == [second]


def test_release_leaves_a_claim_another_gateway_took_over(engine, cipher, messages):
    message_id = messages.schedule("k", "n", NOW, say("one"))
    messages.claim_due(now=NOW)
    other = ScheduledMessages(engine, cipher, owner="gateway-b")
    later = NOW + CLAIM_TIMEOUT_SECONDS + 1
    assert [m.id for m in other.claim_due(now=later)] == [message_id]
    messages.release(message_id)  # too late: it is gateway-b's now
    assert other.claim_due(now=later) == [] and messages.claim_due(now=later) == []


def test_a_claim_left_by_a_stopped_gateway_is_taken_over_after_the_timeout(engine, cipher, messages):
    messages.schedule("k", "n", NOW, say("one"))
    assert len(messages.claim_due(now=NOW)) == 1  # ... and gateway-a stopped before sending it
    other = ScheduledMessages(engine, cipher, owner="gateway-b")
    assert other.claim_due(now=NOW + CLAIM_TIMEOUT_SECONDS - 1) == []
    assert texts(other.claim_due(now=NOW + CLAIM_TIMEOUT_SECONDS + 1)) == ["one"]


def test_the_claim_timeout_is_a_parameter(engine, cipher, messages):
    messages.schedule("k", "n", NOW, say("one"))
    messages.claim_due(now=NOW)
    impatient = ScheduledMessages(engine, cipher, owner="gateway-b", claim_timeout=2)
    assert texts(impatient.claim_due(now=NOW + 3)) == ["one"]


def test_cancel_all_by_name_or_only_what_a_stop_cancels(messages):
    def schedule_three(user_key):
        messages.schedule(user_key, "sequence", NOW + 1, say("step"), cancel_on_stop=True)
        messages.schedule(user_key, "check_in", NOW + 2, say("check in"))
        messages.schedule(user_key, "plan_review", NOW + 3, say("review"))

    for user_key in ("a", "b", "c", "d"):
        schedule_three(user_key)
    assert messages.cancel("a", stop_only=True) == 1
    assert texts(messages.pending("a")) == ["check in", "review"]
    assert messages.cancel("b", "check_in") == 1
    assert texts(messages.pending("b")) == ["step", "review"]
    assert messages.cancel("c", "check_in", stop_only=True) == 0
    assert messages.cancel("c") == 3 and messages.pending("c") == []
    assert len(messages.pending("d")) == 3  # nobody else's


def test_replace_drops_the_unsent_ones_of_that_name_for_that_user(messages):
    messages.schedule("k", "check_in", NOW + 1, say("old"))
    messages.schedule("k", "check_in", NOW + 2, say("older"))
    messages.schedule("k", "plan_review", NOW + 3, say("review"))
    messages.schedule("other", "check_in", NOW + 1, say("theirs"))
    messages.schedule("k", "check_in", NOW + 5, say("new"), replace=True)
    assert texts(messages.pending("k")) == ["review", "new"]
    assert texts(messages.pending("other")) == ["theirs"]


def test_next_due_at_is_the_earliest_unclaimed(messages):
    assert messages.next_due_at() is None
    messages.schedule("k", "n", NOW + 7, say("later"))
    messages.schedule("k", "n", NOW, say("now"))
    assert messages.next_due_at() == NOW
    messages.claim_due(now=NOW)
    assert messages.next_due_at() == NOW + 7


def test_is_pending_until_sent_or_cancelled(messages):
    first = messages.schedule("k", "n", NOW, say("one"))
    second = messages.schedule("k", "n", NOW, say("two"))
    messages.claim_due(now=NOW)
    assert messages.is_pending(first) and messages.is_pending(second)
    messages.sent(first)
    messages.cancel("k")
    assert not messages.is_pending(first) and not messages.is_pending(second)


def test_erase_removes_only_that_user(messages):
    messages.schedule("k", "n", NOW, say("one"))
    messages.schedule("k", "m", NOW + 1, say("two"))
    messages.schedule("other", "n", NOW, say("theirs"))
    assert messages.erase("k") == 2
    assert messages.pending("k") == [] and texts(messages.pending("other")) == ["theirs"]


def test_two_gateways_claiming_at_once_claim_every_message_exactly_once(database_url, cipher, messages):
    count = 200
    expected = {messages.schedule(f"user-{n % 7}", "n", NOW - n % 13, say(str(n))) for n in range(count)}
    claimers = [ScheduledMessages(open_engine(database_url), cipher, owner=owner)
                for owner in ("gateway-a", "gateway-b")]
    claimed: dict[str, list[int]] = {claimer.owner: [] for claimer in claimers}
    start = threading.Barrier(len(claimers))
    failures: list[BaseException] = []

    def claim_until_empty(claimer: ScheduledMessages) -> None:
        try:
            start.wait()
            # An empty batch may only mean the other took these: stop when none is unclaimed.
            while (batch := claimer.claim_due(now=NOW, limit=7)) or claimer.next_due_at() is not None:
                claimed[claimer.owner].extend(message.id for message in batch)
                time.sleep(0.002)  # as a gateway sends between claims: the other gets its turns
        except BaseException as error:
            failures.append(error)

    threads = [threading.Thread(target=claim_until_empty, args=(claimer,)) for claimer in claimers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    for claimer in claimers:
        claimer._engine.dispose()
    assert failures == []
    every_claim = claimed["gateway-a"] + claimed["gateway-b"]
    assert len(every_claim) == count and set(every_claim) == expected
    assert claimed["gateway-a"] and claimed["gateway-b"]  # both took part


def test_erasing_a_user_erases_what_was_scheduled_for_them_and_where_to_reach_them(user_data, tmp_path):
    key, other = user_data.user_key(7), user_data.user_key(8)
    for who in (key, other):
        user_data.addresses.remember(who, "telegram", "987654321")
        user_data.scheduled.schedule(who, "check_in", NOW, say(SECRET))
    erased = user_data.erase(key)
    assert erased["scheduled messages"] == 1 and erased["chat address"] == 1
    assert user_data.addresses.get(key) is None and user_data.scheduled.pending(key) == []
    assert user_data.addresses.get(other) is not None and len(user_data.scheduled.pending(other)) == 1
    assert key.encode() not in (tmp_path / "harbor.db").read_bytes()  # not left in free pages either
