"""A whole conversation's logs hold neither the bot token nor the user's words."""

from __future__ import annotations

import io
import logging

import pytest

from bot.logs import configure_logging
from tests.channels.telegram.conftest import CHAT, fresh_user, running_bot

WORDS = ["my secret words about tonight", "i'm going to kill myself", "purple elephant"]


@pytest.mark.asyncio
async def test_logs_never_hold_the_token_or_the_users_words(telegram, rasa_stack, stack_user_data, tmp_path):
    fresh_user(stack_user_data, consented=True)
    stream = io.StringIO()
    configure_logging("DEBUG", tmp_path, stream=stream)
    try:
        async with running_bot(telegram, rasa_stack.rasa_url, stack_user_data):
            for count, text in enumerate(WORDS, start=1):
                telegram.push_update(telegram.text_update(CHAT, text))
                await telegram.wait_for_async(lambda n=count: len(telegram.sent_messages(CHAT)) >= n, 30)
    finally:
        logging.getLogger().handlers.clear()
    logs = stream.getvalue()
    assert "crisis card sent" in logs, "the conversation's own log lines are missing"
    assert telegram.token not in logs
    assert telegram.token.split(":")[1] not in logs
    for text in WORDS:
        assert text not in logs
    assert str(CHAT) not in logs  # users appear only as a salted hash
    assert stack_user_data.user_key(CHAT) not in logs  # nor as their database pseudonym
    assert rasa_stack.data_key not in logs


def test_the_database_password_and_data_key_are_blanked_in_any_log_line(tmp_path):
    password, key = "pg-pass-8c1f", "a" * 43 + "="
    stream = io.StringIO()
    configure_logging("INFO", tmp_path, stream=stream, secrets_to_hide=[password, key])
    try:
        logging.getLogger("bot.test").error(
            "cannot connect to postgresql://harbor:%s@db/harbor", password)  # secret-scan: made-up test value
        logging.getLogger("bot.test").error("key was %s", key)
    finally:
        logging.getLogger().handlers.clear()
    assert password not in stream.getvalue() and key not in stream.getvalue()
    assert stream.getvalue().count("[redacted]") == 2
