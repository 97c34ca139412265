"""Tests of the fake Telegram server itself, driven by the real python-telegram-bot."""

from __future__ import annotations

import asyncio
import datetime as dtm
import threading
import time
import warnings

import httpx
import pytest
from aiohttp import web
from telegram import (
    Bot,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
    Update,
)
from telegram.error import (
    BadRequest,
    Conflict,
    EndPointNotFound,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
)
from telegram.ext import ApplicationBuilder, CommandHandler, MessageHandler, filters

from .telegram_server import FakeTelegram

CHAT = 4242


@pytest.fixture
def fake():
    with FakeTelegram() as server:
        yield server


def make_bot(fake: FakeTelegram, token: str | None = None) -> Bot:
    return Bot(token or fake.token, base_url=fake.base_url, base_file_url=fake.base_file_url)


KEYBOARD = InlineKeyboardMarkup(
    [
        [
            InlineKeyboardButton("Yes", callback_data="confirm:yes"),
            InlineKeyboardButton("No", callback_data="confirm:no"),
        ]
    ]
)


@pytest.mark.asyncio
async def test_get_me(fake):
    async with make_bot(fake) as bot:
        me = await bot.get_me()
    assert me.id == fake.bot_id
    assert me.is_bot is True
    assert me.username == "harbor_test_bot"
    assert [name for name, _ in fake.requests] == ["getMe", "getMe"]  # initialize + explicit


@pytest.mark.asyncio
async def test_send_message_with_inline_keyboard_round_trips(fake):
    async with make_bot(fake) as bot:
        message = await bot.send_message(CHAT, "Proceed?", reply_markup=KEYBOARD)

    assert isinstance(message, Message)
    assert message.text == "Proceed?"
    assert message.chat.id == CHAT
    assert message.from_user.id == fake.bot_id
    assert isinstance(message.date, dtm.datetime)
    assert message.reply_markup == KEYBOARD

    [sent] = fake.sent_messages(CHAT)
    assert sent.text == "Proceed?"
    assert sent.message_id == message.message_id
    assert sent.button_texts == ["Yes", "No"]
    assert sent.callback_data_for("No") == "confirm:no"
    assert sent.reply_markup == KEYBOARD.to_dict()


@pytest.mark.asyncio
async def test_reply_keyboard_is_recorded_but_not_part_of_the_message(fake):
    keyboard = ReplyKeyboardMarkup([[KeyboardButton("Share phone", request_contact=True)]])
    async with make_bot(fake) as bot:
        message = await bot.send_message(CHAT, "Your number?", reply_markup=keyboard)
    assert message.reply_markup is None  # Telegram only echoes inline keyboards
    [sent] = fake.sent_messages(CHAT)
    assert sent.button_texts == ["Share phone"]
    assert sent.reply_markup["keyboard"][0][0]["request_contact"] is True


@pytest.mark.asyncio
async def test_edit_message_like_telegram(fake):
    async with make_bot(fake) as bot:
        message = await bot.send_message(CHAT, "Proceed?", reply_markup=KEYBOARD)
        edited = await bot.edit_message_text("Done.", chat_id=CHAT, message_id=message.message_id)
        assert edited.text == "Done."
        assert edited.reply_markup is None  # editing without reply_markup drops the keyboard
        assert edited.edit_date is not None
        with pytest.raises(BadRequest, match="(?i)message is not modified"):
            await bot.edit_message_text("Done.", chat_id=CHAT, message_id=message.message_id)
        with pytest.raises(BadRequest, match="(?i)message to edit not found"):
            await bot.edit_message_text("x", chat_id=CHAT, message_id=999)
        again = await bot.edit_message_reply_markup(
            chat_id=CHAT, message_id=message.message_id, reply_markup=KEYBOARD
        )
        assert again.reply_markup == KEYBOARD

    [sent] = fake.sent_messages(CHAT)
    assert sent.text == "Proceed?"
    assert sent.current_text == "Done."
    assert [e["method"] for e in sent.edits] == ["editMessageText", "editMessageReplyMarkup"]
    assert sent.button_texts == ["Yes", "No"]


@pytest.mark.asyncio
async def test_callback_query_carries_the_bot_message_and_can_be_answered(fake):
    async with make_bot(fake) as bot:
        message = await bot.send_message(CHAT, "Proceed?", reply_markup=KEYBOARD)
        sent = fake.sent_messages(CHAT)[0]
        fake.push_update(
            fake.callback_update(CHAT, sent.callback_data_for("Yes"), message_id=sent.message_id)
        )
        [update] = await bot.get_updates()
        query = update.callback_query
        assert query.data == "confirm:yes"
        assert query.message.message_id == message.message_id
        assert query.message.reply_markup == KEYBOARD
        assert await query.answer("Confirmed") is True
        with pytest.raises(BadRequest, match="(?i)query id is invalid"):
            await bot.answer_callback_query("no-such-query")
    assert fake.callback_answers[0]["text"] == "Confirmed"


@pytest.mark.asyncio
async def test_get_updates_offset_semantics(fake):
    first = [fake.push_update(fake.text_update(CHAT, f"m{i}")) for i in range(3)]
    async with make_bot(fake) as bot:
        updates = await bot.get_updates()
        assert [u.message.text for u in updates] == ["m0", "m1", "m2"]
        assert [u.update_id for u in updates] == [u["update_id"] for u in first]
        # Unconfirmed updates are delivered again.
        assert len(await bot.get_updates(limit=2)) == 2

        # offset = last + 1 confirms everything before it.
        assert await bot.get_updates(offset=updates[-1].update_id + 1) == ()
        fake.push_update(fake.text_update(CHAT, "m3"))
        # Confirmed updates never come back, even with an older offset.
        again = await bot.get_updates(offset=0)
        assert [u.message.text for u in again] == ["m3"]
        assert again[0].update_id == updates[-1].update_id + 1
    assert [name for name, _ in fake.requests].count("getUpdates") == 4


@pytest.mark.asyncio
async def test_long_poll_returns_as_soon_as_an_update_arrives(fake):
    async with make_bot(fake) as bot:
        started = time.monotonic()
        assert await bot.get_updates(timeout=5) == ()  # capped at max_long_poll (1s)
        assert 0.8 <= time.monotonic() - started < 3

        timer = threading.Timer(0.2, lambda: fake.push_update(fake.text_update(CHAT, "late")))
        timer.start()
        started = time.monotonic()
        updates = await bot.get_updates(timeout=5)
        elapsed = time.monotonic() - started
    timer.join()
    assert [u.message.text for u in updates] == ["late"]
    assert elapsed < 0.9


@pytest.mark.asyncio
async def test_second_poller_terminates_the_first_with_conflict(fake):
    async with make_bot(fake) as first, make_bot(fake) as second:
        older = asyncio.create_task(first.get_updates(timeout=5))
        await fake.wait_for_async(lambda: len(fake.calls("getUpdates")) == 1)
        newer = asyncio.create_task(second.get_updates(timeout=5))
        with pytest.raises(Conflict, match="(?i)terminated by other getUpdates request"):
            await older
        fake.push_update(fake.text_update(CHAT, "for the newer poller"))
        [update] = await newer
    assert update.message.text == "for the newer poller"


@pytest.mark.asyncio
async def test_429_surfaces_as_retry_after(fake):
    fake.fail_next("sendMessage", status=429, retry_after=7)
    async with make_bot(fake) as bot:
        with pytest.raises(RetryAfter) as caught:
            await bot.send_message(CHAT, "hi")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # PTB 22 deprecation notice about int vs timedelta
            retry_after = caught.value.retry_after
        seconds = (
            retry_after.total_seconds() if isinstance(retry_after, dtm.timedelta) else retry_after
        )
        assert seconds == 7
        await bot.send_message(CHAT, "hi")  # only the next call fails
    assert fake.sent_texts(CHAT) == ["hi"]
    assert fake.calls("sendMessage") == [{"chat_id": CHAT, "text": "hi"}] * 2


@pytest.mark.asyncio
async def test_500_surfaces_as_network_error(fake):
    fake.fail_next("sendMessage", status=500, times=2)
    async with make_bot(fake) as bot:
        for _ in range(2):
            with pytest.raises(NetworkError, match="Internal Server Error"):
                await bot.send_message(CHAT, "hi")
        await bot.send_message(CHAT, "hi")
    assert len(fake.calls("sendMessage")) == 3
    assert fake.sent_texts(CHAT) == ["hi"]


@pytest.mark.asyncio
async def test_blocked_chat_surfaces_as_forbidden(fake):
    fake.block_chat(CHAT)
    async with make_bot(fake) as bot:
        with pytest.raises(Forbidden, match="bot was blocked by the user"):
            await bot.send_message(CHAT, "hi")
        with pytest.raises(Forbidden):
            await bot.send_chat_action(CHAT, "typing")
        await bot.send_message(CHAT + 1, "other chats still work")
        fake.unblock_chat(CHAT)
        await bot.send_message(CHAT, "unblocked")
    assert fake.sent_texts() == ["other chats still work", "unblocked"]


@pytest.mark.asyncio
async def test_wrong_token_is_invalid_token(fake):
    bot = make_bot(fake, token="987654:not-the-right-token")
    try:
        with pytest.raises(InvalidToken):
            await bot.get_me()
    finally:
        await bot.shutdown()
    assert fake.requests == []


@pytest.mark.asyncio
async def test_unknown_method_is_404(fake):
    async with make_bot(fake) as bot:
        with pytest.raises(EndPointNotFound):
            await bot.do_api_request("sendTelepathy", api_kwargs={"chat_id": CHAT})


@pytest.mark.asyncio
async def test_send_document_records_upload(fake):
    async with make_bot(fake) as bot:
        message = await bot.send_document(
            CHAT, document=b"col1,col2\n1,2\n", filename="export.csv", caption="Your export"
        )
        assert message.document.file_name == "export.csv"
        assert message.caption == "Your export"
        # The returned file_id can be downloaded again through getFile.
        file = await message.document.get_file()
        assert bytes(await file.download_as_bytearray()) == b"col1,col2\n1,2\n"
    [sent] = fake.sent_messages(CHAT)
    assert sent.method == "sendDocument"
    assert sent.document.filename == "export.csv"
    assert sent.document.content == b"col1,col2\n1,2\n"


@pytest.mark.asyncio
async def test_commands_chat_action_webhook_and_leave_chat(fake):
    async with make_bot(fake) as bot:
        assert await bot.set_my_commands([("start", "Start over"), ("help", "Get help")])
        assert [(c.command, c.description) for c in await bot.get_my_commands()] == [
            ("start", "Start over"),
            ("help", "Get help"),
        ]
        with pytest.raises(BadRequest, match="(?i)bot_command_invalid"):
            await bot.set_my_commands([("Not valid!", "x")])
        assert await bot.send_chat_action(CHAT, "typing")

        with pytest.raises(BadRequest, match="(?i)https url"):
            await bot.set_webhook("http://example.test/hook")
        assert await bot.set_webhook(
            "https://example.test/hook", secret_token="s3cret", allowed_updates=["message"]
        )
        info = await bot.get_webhook_info()
        assert info.url == "https://example.test/hook"
        assert info.allowed_updates == ("message",)
        with pytest.raises(Conflict, match="(?i)webhook is active"):
            await bot.get_updates()
        assert await bot.delete_webhook()
        assert (await bot.get_webhook_info()).url == ""
        assert await bot.leave_chat(-100123)
        assert await bot.log_out() and await bot.close()
    assert fake.commands()[0] == {"command": "start", "description": "Start over"}
    assert fake.chat_actions == [(CHAT, "typing")]
    assert fake.webhook_info is None
    assert fake.left_chats == [-100123]


@pytest.mark.asyncio
async def test_update_builders_parse_with_ptb(fake):
    async with make_bot(fake) as bot:
        builders = {
            "text": fake.text_update(CHAT, "/start@harbor_test_bot hi"),
            "edited": fake.edited_text_update(CHAT, "fixed", message_id=1),
            "sticker": fake.sticker_update(CHAT),
            "voice": fake.voice_update(CHAT, content=b"OggS voice bytes"),
            "photo": fake.photo_update(CHAT, caption="look"),
            "document": fake.document_update(CHAT, file_name="cv.pdf"),
            "location": fake.location_update(CHAT, 48.85, 2.35),
            "contact": fake.contact_update(CHAT, "+15550001111"),
            "group": fake.text_update(-100777, "hello all", chat_type="supergroup", user_id=55),
            "channel": fake.text_update(-100888, "news", chat_type="channel"),
        }
        for raw in builders.values():
            fake.push_update(raw)
        parsed = {name: u for name, u in zip(builders, await bot.get_updates())}

        text = parsed["text"].message
        assert text.from_user.id == CHAT and text.chat.type == "private"
        assert text.parse_entities()  # bot_command at offset 0, what CommandHandler needs
        assert text.entities[0].type == "bot_command" and text.entities[0].offset == 0
        assert parsed["edited"].edited_message.text == "fixed"
        assert parsed["sticker"].message.sticker.emoji
        assert parsed["photo"].message.photo[-1].width == 1280
        assert parsed["photo"].message.caption == "look"
        assert parsed["document"].message.document.file_name == "cv.pdf"
        assert parsed["location"].message.location.latitude == pytest.approx(48.85)
        assert parsed["contact"].message.contact.user_id == CHAT
        group = parsed["group"].message
        assert group.chat.type == "supergroup" and group.from_user.id == 55
        assert parsed["channel"].channel_post.sender_chat.id == -100888

        voice_file = await parsed["voice"].message.voice.get_file()
        assert bytes(await voice_file.download_as_bytearray()) == b"OggS voice bytes"

        # Every builder output is exactly what Update.de_json accepts.
        for update in fake.pending_updates:
            assert Update.de_json(update, bot) is not None


@pytest.mark.asyncio
async def test_form_and_json_parameters_are_decoded(fake):
    url = f"{fake.base_url}{fake.token}/sendMessage"
    markup = '{"inline_keyboard": [[{"text": "A", "callback_data": "a"}]]}'
    async with httpx.AsyncClient() as client:
        form = await client.post(url, data={"chat_id": "7", "text": "123", "reply_markup": markup})
        as_json = await client.post(
            url,
            json={"chat_id": 7, "text": "true", "reply_markup": {"inline_keyboard": []}},
        )
        bad = await client.post(url, data={"chat_id": "7", "text": "x", "reply_markup": "{nope"})
        empty = await client.post(url, data={"chat_id": "7", "text": ""})
    assert form.status_code == 200 and form.json()["result"]["text"] == "123"
    assert form.json()["result"]["reply_markup"]["inline_keyboard"][0][0]["text"] == "A"
    assert as_json.status_code == 200 and as_json.json()["result"]["text"] == "true"
    assert bad.status_code == 400
    assert bad.json() == {
        "ok": False,
        "error_code": 400,
        "description": "Bad Request: can't parse reply keyboard markup JSON object",
    }
    assert empty.json()["description"] == "Bad Request: message text is empty"
    assert [p["text"] for p in fake.calls("sendMessage")] == ["123", "true", "x", ""]


def test_wait_for_reports_what_was_sent_on_timeout(fake):
    with httpx.Client() as client:
        client.post(f"{fake.base_url}{fake.token}/sendMessage", data={"chat_id": 1, "text": "hi"})
    with pytest.raises(AssertionError) as caught:
        fake.wait_for_messages(1, 2, timeout=0.2)
    report = str(caught.value)
    assert "2 message(s) to chat 1" in report
    assert "chat 1 #1: 'hi'" in report
    assert "sendMessage" in report


@pytest.mark.asyncio
async def test_deliver_webhook_posts_json_with_secret_header(fake):
    received = []

    async def hook(request: web.Request) -> web.Response:
        received.append(
            (request.headers.get("X-Telegram-Bot-Api-Secret-Token"), await request.json())
        )
        return web.Response(status=200 if len(received) == 1 else 503)

    app = web.Application()
    app.router.add_post("/hook", hook)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    try:
        url = f"http://127.0.0.1:{port}/hook"
        update = fake.text_update(CHAT, "via webhook")
        assert await fake.deliver_webhook_async(url, update, secret_token="s3cret") == 200
        assert await fake.redeliver_async() == 503
    finally:
        await runner.cleanup()
    (secret1, body1), (secret2, body2) = received
    assert secret1 == secret2 == "s3cret"
    assert body1 == body2 and body1["message"]["text"] == "via webhook"
    assert isinstance(body1["update_id"], int)


@pytest.mark.asyncio
async def test_real_application_answers_a_pushed_update(fake):
    async def start(update, context):
        await update.message.reply_text("Welcome to Harbor")

    async def echo(update, context):
        await update.message.reply_text(f"echo: {update.message.text}")

    app = ApplicationBuilder().token(fake.token).base_url(fake.base_url).build()
    app.add_handler(CommandHandler("start", start))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    async with app:
        await app.start()
        await app.updater.start_polling(poll_interval=0)
        try:
            fake.push_update(fake.text_update(CHAT, "/start"))
            fake.push_update(fake.text_update(CHAT, "hello harbor"))
            replies = await fake.wait_for_messages_async(CHAT, 2)
        finally:
            await app.updater.stop()
            await app.stop()

    assert [m.text for m in replies] == ["Welcome to Harbor", "echo: hello harbor"]
    # The updater confirmed what it processed when it stopped.
    assert fake.pending_updates == []
    methods = [name for name, _ in fake.requests]
    assert methods[:2] == ["getMe", "deleteWebhook"]
    assert "getUpdates" in methods
