"""The gateway when things go wrong: webhook abuse, redelivery, restarts, Telegram errors,
old keyboards, and the dialogue engine killed mid-conversation and brought back."""

from __future__ import annotations

import asyncio
import copy

import httpx
import pytest
from telegram import Update

from bot.channels.telegram.app import GATEWAY, update_fingerprint
from bot.channels.telegram.webhook import WebhookServer
from bot.store.processed_updates import ProcessedUpdates
from tests.channels.telegram.conftest import (
    CHAT,
    fresh_user,
    messages_with,
    open_user_data,
    running_bot,
    tap,
    wait_for_text,
)
from tests.support.stack import free_port

pytestmark = pytest.mark.asyncio
OTHER_CHAT = 515151
SECRET = "harbor_test-secret_0123456789"


async def test_webhook_mode_refuses_requests_without_the_secret_and_answers_each_update_once(
        telegram, tmp_path):
    port = free_port()
    public_url = "https://harbor.example.org/telegram/hook"  # what Telegram is told (TLS at the proxy)
    url = f"http://127.0.0.1:{port}/telegram/hook"  # where the proxy forwards it
    async with running_bot(telegram, f"http://127.0.0.1:{free_port()}",
                           open_user_data(f"sqlite:///{tmp_path / 'w.db'}"), timeout=2, polling=False) as app:
        webhook = WebhookServer(app, public_url, SECRET, listen="127.0.0.1", port=port)
        await webhook.start()
        try:
            assert telegram.webhook_info["url"] == public_url
            assert telegram.webhook_info["secret_token"] == SECRET
            update = telegram.text_update(CHAT, "i took all my pills")
            assert await telegram.deliver_webhook_async(url, update, secret_token=None) == 403
            assert await telegram.deliver_webhook_async(url, update, secret_token="wrong") == 403
            assert not telegram.sent_messages(CHAT)
            assert await telegram.deliver_webhook_async(url, update, secret_token=SECRET) == 200
            await wait_for_text(telegram, "Are you somewhere safe right now?")
            # Telegram retries a delivery it thinks failed: the same update is not answered twice.
            assert await telegram.redeliver_async() == 200
            await asyncio.sleep(1.5)
            assert len(messages_with(telegram, "Are you somewhere safe")) == 1
            async with httpx.AsyncClient() as client:
                health = await client.get(f"http://127.0.0.1:{port}/health")
            assert health.status_code == 200 and health.json() == {"status": "ok"}
        finally:
            await webhook.stop()


async def test_an_update_a_crashed_gateway_never_answered_is_answered_after_the_restart(telegram, tmp_path):
    user_data = open_user_data(f"sqlite:///{tmp_path / 'r.db'}")
    update = telegram.push_update(telegram.text_update(CHAT, "i took all my pills"))
    async with running_bot(telegram, f"http://127.0.0.1:{free_port()}", user_data, timeout=2,
                           polling=False) as app:
        # The gateway before the crash fetched it and took it on, then died before replying.
        parsed = Update.de_json(copy.deepcopy(update), app.bot)
        fingerprint = update_fingerprint(app.bot_data[GATEWAY], parsed)
        crashed = ProcessedUpdates(user_data.engine)
        assert crashed.claim(app.bot.id, update["update_id"], fingerprint, None).handle
        for _ in range(2):  # fetched again after the restart, and once more by mistake
            await app.process_update(Update.de_json(copy.deepcopy(update), app.bot))
        assert user_data.updates.is_finished(app.bot.id, update["update_id"])
    assert len(messages_with(telegram, "Are you somewhere safe")) == 1


async def test_flood_control_and_server_errors_are_retried(telegram, bot_without_rasa):
    telegram.fail_next("sendMessage", 429, retry_after=1)
    telegram.push_update(telegram.text_update(CHAT, "i took all my pills"))
    await wait_for_text(telegram, "Are you somewhere safe right now?")
    telegram.fail_next("sendMessage", 502, times=2)
    telegram.push_update(telegram.text_update(CHAT, "/safety"))
    await telegram.wait_for_async(lambda: len(messages_with(telegram, "Are you somewhere safe")) == 2, 15)


async def test_a_user_who_blocked_the_bot_does_not_stop_anyone_else(telegram, bot_without_rasa):
    telegram.block_chat(OTHER_CHAT)
    telegram.push_update(telegram.text_update(OTHER_CHAT, "i want to die"))
    telegram.push_update(telegram.text_update(CHAT, "i want to die"))
    await wait_for_text(telegram, "Are you somewhere safe right now?")
    telegram.unblock_chat(OTHER_CHAT)
    telegram.push_update(telegram.text_update(OTHER_CHAT, "/safety"))
    await telegram.wait_for_async(lambda: messages_with(telegram, "Are you somewhere safe", OTHER_CHAT), 15)


async def test_a_tap_on_a_keyboard_the_conversation_has_moved_past_is_not_acted_on(telegram, consented_bot):
    telegram.push_update(telegram.text_update(CHAT, "can we do 5 4 3 2 1"))
    await tap(telegram, await wait_for_text(telegram, "how strong is the distress"), "Skip")
    first_step = await wait_for_text(telegram, "(1/5)")
    telegram.push_update(telegram.text_update(CHAT, "/menu"))
    await wait_for_text(telegram, "What would help right now?")
    await tap(telegram, first_step, "Next")
    passed = await wait_for_text(telegram, "That step has passed")
    assert "A grounding exercise" in passed.button_texts
    await asyncio.sleep(1)
    assert not messages_with(telegram, "(2/5)")


async def restore(rasa_stack):
    rasa_stack.start_rasa()
    await asyncio.to_thread(rasa_stack.wait_until_up)


@pytest.mark.rasa_model
async def test_rasa_killed_mid_conversation_and_brought_back_loses_nothing(telegram, consented_bot,
                                                                           rasa_stack, stack_user_data):
    telegram.push_update(telegram.text_update(CHAT, "/menu"))
    await wait_for_text(telegram, "What would help right now?")
    rasa_stack.kill_rasa()
    try:
        telegram.push_update(telegram.text_update(CHAT, "/ground"))
        notice = await wait_for_text(telegram, "having trouble right now", timeout=6)
        assert "911" in notice.text
    finally:
        await restore(rasa_stack)
    # The waiting message reaches Rasa by itself, and its answer comes.
    going_on = await wait_for_text(telegram, "What's going on for you right now?", timeout=60)
    await tap(telegram, going_on, "Just pick one for me")
    await tap(telegram, await wait_for_text(telegram, "how strong is the distress"), "Skip")
    await wait_for_text(telegram, "(1/5)")

    rasa_stack.kill_rasa()
    try:
        telegram.push_update(telegram.text_update(CHAT, "a lamp and my cat"))
        await telegram.wait_for_async(lambda: len(messages_with(telegram, "having trouble")) == 2, 6)
        # A crisis while Rasa is down still gets the card at once.
        telegram.push_update(telegram.text_update(CHAT, "i took all my pills"))
        card = await wait_for_text(telegram, "Are you somewhere safe right now?", timeout=6)
    finally:
        await restore(rasa_stack)
    key = stack_user_data.user_key(CHAT)
    waited = ("a lamp and my cat", "i took all my pills")

    def user_said():
        return [line["text"] for line in stack_user_data.conversations.transcript(key)
                if line["who"] == "you" and line["text"] in waited]

    await telegram.wait_for_async(lambda: len(user_said()) == 2 or None, 60)
    # Both reached the conversation, in order; after the card, the exercise did not carry on.
    assert user_said() == list(waited)
    await asyncio.sleep(1)
    assert not messages_with(telegram, "(2/5)")
    await tap(telegram, card, "I'm safe right now")
    await wait_for_text(telegram, "glad you're safe", timeout=30)


async def test_fresh_user_helper_leaves_no_trace(stack_user_data):
    key = fresh_user(stack_user_data, OTHER_CHAT, consented=True)
    assert stack_user_data.settings.get(key).consent_given
    fresh_user(stack_user_data, OTHER_CHAT)
    assert not stack_user_data.settings.get(key).consent_given


async def test_a_clean_stop_answers_what_was_already_fetched(telegram, tmp_path):
    telegram.fail_next("sendMessage", 429, retry_after=1)  # holds the first answer back a second
    async with running_bot(telegram, f"http://127.0.0.1:{free_port()}",
                           open_user_data(f"sqlite:///{tmp_path / 's.db'}"), timeout=2):
        for text in ("i took all my pills", "/safety", "/safety"):  # fetched together
            telegram.push_update(telegram.text_update(CHAT, text))
        await telegram.wait_for_async(lambda: telegram.calls("sendMessage"), 10)
    # Stopped while two were still queued behind the first: all three were answered.
    assert len(messages_with(telegram, "Are you somewhere safe")) == 3
