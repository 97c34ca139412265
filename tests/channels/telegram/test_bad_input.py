"""Stickers, groups, forged buttons, and a dialogue engine that is down."""

from __future__ import annotations

import time

import pytest

from tests.channels.telegram.conftest import CHAT
from tests.channels.telegram.conftest import wait_for_text as wait_for_any_text

pytestmark = pytest.mark.asyncio


async def wait_for_text(telegram, fragment):
    return await wait_for_any_text(telegram, fragment, timeout=15)


async def test_crisis_card_comes_from_the_gateway_when_rasa_is_down(telegram, bot_without_rasa):
    telegram.push_update(telegram.text_update(CHAT, "i'm going to kill myself"))
    card = await wait_for_text(telegram, "Are you somewhere safe right now?")
    assert "988" in card.text
    assert not any("having trouble" in (m.text or "") for m in telegram.sent_messages(CHAT))


async def test_other_messages_get_a_kind_notice_within_five_seconds_when_rasa_is_down(
        telegram, bot_without_rasa):
    started = time.monotonic()
    telegram.push_update(telegram.text_update(CHAT, "hello, can we talk"))
    notice = await wait_for_text(telegram, "having trouble right now")
    assert time.monotonic() - started < 5
    assert "911" in notice.text and "988" in notice.text


async def test_stickers_get_a_kind_answer_and_the_menu(telegram, bot_without_rasa):
    telegram.push_update(telegram.sticker_update(CHAT))
    reply = await wait_for_text(telegram, "I can only read text")
    assert "A grounding exercise" in reply.button_texts


async def test_voice_gets_the_same_kind_answer(telegram, bot_without_rasa):
    telegram.push_update(telegram.voice_update(CHAT))
    await wait_for_text(telegram, "I can only read text")


async def test_group_chats_are_told_and_left(telegram, bot_without_rasa):
    group = -100123
    telegram.push_update(telegram.text_update(group, "hello harbor", chat_type="supergroup"))
    await telegram.wait_for_async(lambda: group in telegram.left_chats, 15)
    assert any("only work in private chats" in (m.text or "") for m in telegram.sent_messages(group))


async def test_forged_button_data_is_rejected(telegram, bot_without_rasa):
    telegram.push_update(telegram.callback_update(CHAT, "/i_am_safe~forgedmac", message_id=1))
    await wait_for_text(telegram, "couldn't use that button")
    assert telegram.callback_answers  # the tap is still acknowledged
