"""Once-only handling never drops a new message, least of all a crisis (issue: update ids are
unique for one bot, and only for a while). Real PTB against the fake Bot API, real SQLite."""

from __future__ import annotations

import copy

import pytest
from cryptography.fernet import Fernet
from telegram import Update

from bot.channels.telegram.app import GATEWAY, update_fingerprint
from bot.store.processed_updates import ProcessedUpdates
from tests.channels.telegram.conftest import CHAT, messages_with, open_user_data, running_bot, wait_for_text
from tests.fakes import FakeTelegram
from tests.support.stack import free_port

pytestmark = pytest.mark.asyncio
CARD = "Are you somewhere safe"


def rasa_down() -> str:
    return f"http://127.0.0.1:{free_port()}"


async def test_a_new_bot_token_on_an_old_database_answers_everything(tmp_path):
    database_url, data_key = f"sqlite:///{tmp_path / 'h.db'}", Fernet.generate_key().decode()
    with FakeTelegram() as old_bot:
        async with running_bot(old_bot, rasa_down(), open_user_data(database_url, data_key), timeout=1):
            old_bot.push_update(old_bot.text_update(CHAT, "/safety"))
            await wait_for_text(old_bot, "emergency")
    # The bot was re-created with a new token: Telegram hands out the same update ids again.
    with FakeTelegram("987654321:ANOTHER-fake-harbor-token") as new_bot:
        async with running_bot(new_bot, rasa_down(), open_user_data(database_url, data_key), timeout=1):
            new_bot.push_update(new_bot.text_update(CHAT, "i took all my pills"))
            await wait_for_text(new_bot, CARD)
            new_bot.push_update(new_bot.text_update(CHAT, "/safety"))
            await wait_for_text(new_bot, "emergency")


async def test_update_ids_that_start_afresh_after_a_quiet_week_are_answered(telegram, tmp_path):
    user_data = open_user_data(f"sqlite:///{tmp_path / 'q.db'}")
    async with running_bot(telegram, rasa_down(), user_data, timeout=1):
        first = telegram.push_update(telegram.text_update(CHAT, "/safety"))
        await wait_for_text(telegram, "emergency")
        telegram.restart_update_ids(first["update_id"])  # Telegram forgot, we did not
        telegram.push_update(telegram.text_update(CHAT, "he is outside my door and says he will kill me"))
        await wait_for_text(telegram, CARD)
        telegram.push_update(telegram.edited_text_update(CHAT, "i want to end it tonight, i have the pills",
                                                         message_id=first["message"]["message_id"]))
        await telegram.wait_for_async(lambda: len(messages_with(telegram, CARD)) == 2, 10,
                                      description="a card for the edit into a crisis")


async def test_a_true_redelivery_of_a_crisis_whose_card_was_sent_gets_no_second_card(telegram, tmp_path):
    user_data = open_user_data(f"sqlite:///{tmp_path / 'r.db'}")
    update = telegram.push_update(telegram.text_update(CHAT, "i took all my pills"))
    async with running_bot(telegram, rasa_down(), user_data, timeout=1, polling=False) as app:
        for _ in range(3):  # handled, then redelivered twice (a webhook retry, a restart)
            await app.process_update(Update.de_json(copy.deepcopy(update), app.bot))
    assert len(messages_with(telegram, CARD)) == 1


async def test_a_true_redelivery_of_a_crisis_whose_card_never_went_out_gets_the_card(telegram, tmp_path):
    user_data = open_user_data(f"sqlite:///{tmp_path / 'n.db'}")
    update = telegram.push_update(telegram.text_update(CHAT, "i took all my pills"))
    async with running_bot(telegram, rasa_down(), user_data, timeout=1, polling=False) as app:
        parsed = Update.de_json(copy.deepcopy(update), app.bot)
        # Another gateway took it on and marked it finished, but its card never went out
        # (Telegram was unreachable then).
        crashed = ProcessedUpdates(user_data.engine)
        fingerprint = update_fingerprint(app.bot_data[GATEWAY], parsed)
        assert crashed.claim(app.bot.id, update["update_id"], fingerprint, None).handle
        crashed.finish(app.bot.id, update["update_id"])
        for _ in range(2):
            await app.process_update(Update.de_json(copy.deepcopy(update), app.bot))
    assert len(messages_with(telegram, CARD)) == 1  # sent once, and recorded as sent
    assert user_data.updates.claim(app.bot.id, update["update_id"], fingerprint, None).crisis_card_sent
