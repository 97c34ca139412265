"""Privacy end to end: real PTB, the real Rasa stack, and the raw database read past every layer.

After a whole conversation the database holds none of the user's words and not their id;
/export gives them everything back, readable; /delete erases them everywhere.
"""

from __future__ import annotations

import pytest

from bot.store.records import SAFETY_PLAN
from tests.channels.telegram.conftest import CHAT, messages_with, tap, wait_for_text
from tests.support.raw_database import raw_dump

pytestmark = pytest.mark.asyncio

WORDS = ["my ex texted again and i froze", "lighthouse is my stop word", "i want to kill myself"]


def database_holds(rasa_stack, *needles: str) -> list[str]:
    """Which needles appear in any table or anywhere in the database file's bytes."""
    dump = raw_dump(rasa_stack.database_path)
    raw = rasa_stack.database_path.read_bytes()
    return [n for n in needles if n in dump or n.encode() in raw]


async def have_a_conversation(telegram):
    telegram.push_update(telegram.text_update(CHAT, "/start"))
    await tap(telegram, await wait_for_text(telegram, "Would you like to continue?"), "Yes, let's continue")
    await wait_for_text(telegram, "What would help right now?")
    for text in WORDS:
        answered = len(telegram.sent_messages(CHAT))
        telegram.push_update(telegram.text_update(CHAT, text))
        await telegram.wait_for_async(lambda n=answered: len(telegram.sent_messages(CHAT)) > n, 30)
    await wait_for_text(telegram, "Are you somewhere safe right now?")
    await rasa_done(telegram)


async def rasa_done(telegram, quiet_seconds: float = 1.5):
    """Rasa has finished the turn (and stored it): nothing more is sent for a moment."""
    import asyncio

    while True:
        count = len(telegram.sent_messages(CHAT))
        await asyncio.sleep(quiet_seconds)
        if len(telegram.sent_messages(CHAT)) == count:
            return


async def test_the_raw_database_holds_none_of_the_users_words_nor_their_id(telegram, bot, rasa_stack,
                                                                            stack_user_data):
    await have_a_conversation(telegram)
    key = stack_user_data.user_key(CHAT)
    assert stack_user_data.conversations.transcript(key), "the conversation was not stored at all"
    assert database_holds(rasa_stack, *WORDS, "froze", "lighthouse", "kill myself", str(CHAT)) == []
    # Rasa's intent and action columns would say what was talked about: they stay empty.
    assert database_holds(rasa_stack, "i_am_safe", "talk_other", "action_crisis_response") == []


async def test_export_sends_everything_back_readable(telegram, bot, stack_user_data):
    await have_a_conversation(telegram)
    key = stack_user_data.user_key(CHAT)
    stack_user_data.records.add(key, SAFETY_PLAN, {"contacts": [{"name": "Aunt Jo", "phone": "555 0101"}]})
    telegram.push_update(telegram.text_update(CHAT, "/export"))
    exported = await telegram.wait_for_async(
        lambda: next((m for m in telegram.sent_messages(CHAT) if m.document), None), 30)
    document = exported.document.content.decode("utf-8")
    assert exported.document.filename == "harbor-my-data.txt"
    assert "private" in exported.caption
    for text in WORDS:
        assert f"you: {text}" in document
    assert "Harbor: " in document and "Aunt Jo" in document
    assert "You agreed to use Harbor on: 20" in document


async def test_delete_explains_asks_and_then_erases_everything(telegram, bot, rasa_stack, stack_user_data):
    await have_a_conversation(telegram)
    key = stack_user_data.user_key(CHAT)
    stack_user_data.records.add(key, SAFETY_PLAN, {"contacts": [{"name": "Aunt Jo"}]})
    assert database_holds(rasa_stack, key) == [key]

    telegram.push_update(telegram.text_update(CHAT, "/delete"))
    question = await wait_for_text(telegram, "Would you like me to erase everything?")
    assert "can't be undone" in question.text
    assert question.button_texts == ["Yes, erase everything", "No, keep it"]
    await tap(telegram, question, "No, keep it")
    await wait_for_text(telegram, "nothing was erased")
    assert database_holds(rasa_stack, key) == [key]

    telegram.push_update(telegram.text_update(CHAT, "/delete"))
    await telegram.wait_for_async(lambda: len(messages_with(telegram, "erase everything?")) == 2, 30)
    question = messages_with(telegram, "erase everything?")[-1]
    await tap(telegram, question, "Yes, erase everything")
    await wait_for_text(telegram, "has been erased")
    assert database_holds(rasa_stack, key, str(CHAT), *WORDS, "Aunt Jo") == []
    assert stack_user_data.conversations.transcript(key) == []
    assert not stack_user_data.settings.get(key).consent_given

    # Harbor meets them as a stranger again: the welcome and the consent question.
    telegram.push_update(telegram.text_update(CHAT, "/ground"))
    await telegram.wait_for_async(
        lambda: len(messages_with(telegram, "Would you like to continue?")) == 2, 30)


async def test_a_crisis_while_the_delete_question_waits_gets_the_card_and_erases_nothing(
        telegram, consented_bot, stack_user_data):
    key = stack_user_data.user_key(CHAT)
    telegram.push_update(telegram.text_update(CHAT, "/delete"))
    await wait_for_text(telegram, "Would you like me to erase everything?")
    telegram.push_update(telegram.text_update(CHAT, "he's outside my door right now with a knife"))
    await wait_for_text(telegram, "Are you somewhere safe right now?")
    assert stack_user_data.settings.get(key).consent_given
