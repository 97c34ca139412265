"""The crisis override reads a person's last few messages together, and their answer to
"are you safe right now?": real PTB, fake Bot API, the real Rasa stack (or none)."""

from __future__ import annotations

import asyncio

import pytest

from bot.safety import assess
from tests.channels.telegram.conftest import CHAT, messages_with, wait_for_text

pytestmark = pytest.mark.asyncio
CARD = "Are you somewhere safe right now?"
NOT_SAFE = "Please call 911 now."


async def say(telegram, text: str, fragment: str | None = None):
    telegram.push_update(telegram.text_update(CHAT, text))
    if fragment:
        return await wait_for_text(telegram, fragment)
    return None


@pytest.mark.rasa_model
async def test_idk_to_are_you_safe_gets_the_short_reply_not_the_card_again(telegram, consented_bot):
    await say(telegram, "i wish i could just disappear", "are you safe right now?")
    await say(telegram, "idk", NOT_SAFE)
    await asyncio.sleep(2)  # whatever the dialogue adds comes by now
    assert messages_with(telegram, CARD) == []  # not the long card
    assert messages_with(telegram, "didn't quite understand") == []
    reply = messages_with(telegram, NOT_SAFE)[0]
    assert "staying here with you" in reply.text
    assert reply.text.index("911") < reply.text.index("staying")  # the number comes first


@pytest.mark.rasa_model
async def test_a_crisis_typed_in_short_messages_gets_the_card_as_soon_as_it_is_complete(
        telegram, consented_bot):
    assert not assess("came into my room").is_crisis  # alone, the second piece is no crisis
    await say(telegram, "my stepdad")
    await asyncio.sleep(1.5)
    assert messages_with(telegram, CARD) == []
    await say(telegram, "came into my room", CARD)  # read with the one before it
    await say(telegram, "and locked the door behind him")
    await asyncio.sleep(2)
    assert 1 <= len(messages_with(telegram, CARD)) <= 2  # at most one card per message


async def test_no_to_the_check_in_gets_help_even_with_the_dialogue_engine_down(telegram, bot_without_rasa):
    await say(telegram, "i wish i could just disappear", "having trouble")
    await say(telegram, "no", NOT_SAFE)
