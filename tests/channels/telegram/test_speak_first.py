"""Harbor speaks first: scheduled messages survive a restart and are cancelled by Stop, a crisis
and /delete; pictures and documents reach Telegram as sendPhoto and sendDocument; a paused
dialogue still gets the crisis card. Real python-telegram-bot against the fake Bot API."""

from __future__ import annotations

import asyncio

import pytest
from cryptography.fernet import Fernet

from bot.channels.telegram.app import GATEWAY
from bot.content.reply import PAUSE, RESUME, Document, Image, Reply, TimedStep
from tests.channels.telegram.conftest import CHAT, messages_with, open_user_data, running_bot, wait_for_text
from tests.support.raw_database import raw_dump
from tests.support.stack import free_port

pytestmark = pytest.mark.asyncio
PNG = b"\x89PNG\r\n\x1a\n" + bytes(64)
PDF = b"%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n"
RASA_DOWN = "http://127.0.0.1:{port}"


def rasa_down() -> str:
    return RASA_DOWN.format(port=free_port())


async def reachable_user(telegram, user_data) -> str:
    """The user has written once (so Harbor knows where to reach them); their key."""
    await say(telegram, "/safety", "emergency")
    return user_data.user_key(CHAT)


async def say(telegram, text: str, fragment: str):
    telegram.push_update(telegram.text_update(CHAT, text))
    return await wait_for_text(telegram, fragment)


async def test_a_scheduled_message_arrives_after_the_gateway_restarts(telegram, tmp_path):
    database_url, data_key = f"sqlite:///{tmp_path / 'h.db'}", Fernet.generate_key().decode()
    user_data = open_user_data(database_url, data_key)
    async with running_bot(telegram, rasa_down(), user_data, timeout=2) as app:
        key = await reachable_user(telegram, user_data)
        app.bot_data[GATEWAY].scheduler.schedule(key, "check_in", Reply("How are you this evening?"),
                                                 after_seconds=2)
    assert not messages_with(telegram, "How are you this evening?")  # not due before the stop
    # A new gateway process: nothing in memory, the same database.
    async with running_bot(telegram, rasa_down(), open_user_data(database_url, data_key)):
        await wait_for_text(telegram, "How are you this evening?", timeout=15)
    assert len(messages_with(telegram, "How are you this evening?")) == 1
    assert user_data.scheduled.pending(key) == []


async def test_timed_steps_arrive_by_themselves_and_stop_silences_them(telegram, tmp_path):
    user_data = open_user_data(f"sqlite:///{tmp_path / 's.db'}")
    async with running_bot(telegram, rasa_down(), user_data, timeout=1) as app:
        key = await reachable_user(telegram, user_data)
        await app.bot_data[GATEWAY].send(key, Reply("Breathe in slowly.", sequence=(
            TimedStep(0.5, "Hold it gently."), TimedStep(0.5, "And out."), TimedStep(3, "Once more, in."))))
        await wait_for_text(telegram, "And out.")  # no tap needed
        telegram.push_update(telegram.text_update(CHAT, "/stop"))
        await asyncio.sleep(4)
    assert not messages_with(telegram, "Once more, in.")
    assert user_data.scheduled.pending(key) == []


async def test_a_crisis_mid_timer_gets_the_card_and_no_further_steps(telegram, tmp_path):
    user_data = open_user_data(f"sqlite:///{tmp_path / 'c.db'}")
    async with running_bot(telegram, rasa_down(), user_data, timeout=1) as app:
        key = await reachable_user(telegram, user_data)
        await app.bot_data[GATEWAY].send(key, Reply("Breathe in.", sequence=(
            TimedStep(0.3, "Hold."), TimedStep(2.5, "Out, slowly."))))
        await wait_for_text(telegram, "Hold.")
        await say(telegram, "i took all my pills", "Are you somewhere safe")
        await asyncio.sleep(3.5)
    assert not messages_with(telegram, "Out, slowly.")


async def test_delete_cancels_what_was_scheduled_and_forgets_the_chat(telegram, tmp_path):
    database = tmp_path / "d.db"
    user_data = open_user_data(f"sqlite:///{database}")
    async with running_bot(telegram, rasa_down(), user_data, timeout=1) as app:
        key = await reachable_user(telegram, user_data)
        app.bot_data[GATEWAY].scheduler.schedule(key, "check_in", Reply("Checking in on you."),
                                                 after_seconds=3)
        question = await say(telegram, "/delete", "erase everything?")
        erase = question.callback_data_for("Yes, erase everything")
        telegram.push_update(telegram.callback_update(CHAT, erase, message_id=question.message_id))
        await wait_for_text(telegram, "has been erased")
        await asyncio.sleep(4)
    assert not messages_with(telegram, "Checking in on you.")
    dump = raw_dump(database)
    assert key not in dump and str(CHAT) not in dump


async def test_a_picture_and_a_pdf_reach_telegram_as_photo_and_document(telegram, tmp_path):
    user_data = open_user_data(f"sqlite:///{tmp_path / 'p.db'}")
    async with running_bot(telegram, rasa_down(), user_data, timeout=1) as app:
        gateway = app.bot_data[GATEWAY]
        key = await reachable_user(telegram, user_data)
        assert await gateway.send(key, Reply("Your mood this week", image=Image("mood.png", PNG)))
        assert await gateway.send(key, Reply("Your safety plan", document=Document("safety-plan.pdf", PDF)))
    photo = next(m for m in telegram.sent_messages(CHAT) if m.method == "sendPhoto")
    document = next(m for m in telegram.sent_messages(CHAT) if m.method == "sendDocument")
    assert photo.caption == "Your mood this week" and photo.document.content == PNG
    assert document.caption == "Your safety plan" and document.document.content == PDF
    assert document.document.filename == "safety-plan.pdf"


async def test_nobody_is_sent_anything_before_they_have_written(telegram, tmp_path):
    user_data = open_user_data(f"sqlite:///{tmp_path / 'n.db'}")
    async with running_bot(telegram, rasa_down(), user_data, timeout=1) as app:
        assert not await app.bot_data[GATEWAY].send(user_data.user_key(CHAT), Reply("hello?"))
    assert telegram.sent_messages(CHAT) == []


async def test_while_a_person_has_the_conversation_the_card_still_comes(telegram, tmp_path):
    user_data = open_user_data(f"sqlite:///{tmp_path / 'h.db'}")
    relayed: list[str] = []
    async with running_bot(telegram, rasa_down(), user_data, timeout=1) as app:
        gateway = app.bot_data[GATEWAY]

        async def to_staff(key: str, text: str) -> None:
            relayed.append(text)

        gateway.on_paused_message = to_staff
        key = await reachable_user(telegram, user_data)
        await gateway.send(key, Reply("A person from the support team is here now.", dialogue=PAUSE))
        await say(telegram, "thank you for being here", "passed your message on")
        await say(telegram, "he is here and he has a knife", "Are you somewhere safe")
        await telegram.wait_for_async(lambda: len(relayed) == 2, 10, description="the relay")
        await gateway.send(key, Reply("You're back with Harbor.", dialogue=RESUME))
        await say(telegram, "hello again", "having trouble")  # Rasa is asked again (and is down)
    assert relayed == ["thank you for being here", "he is here and he has a knife"]
    assert not user_data.settings.get(key).dialogue_paused
