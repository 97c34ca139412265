"""The safety plan end to end: Telegram wire format → real PTB → gateway → real Rasa form → back."""

from __future__ import annotations

import pytest

from tests.channels.telegram.conftest import CHAT, messages_with, tap, wait_for_text

pytestmark = [pytest.mark.asyncio, pytest.mark.rasa_model]


async def answer(telegram, said: str, next_step: str) -> None:
    telegram.push_update(telegram.text_update(CHAT, said))
    await wait_for_text(telegram, next_step)


async def test_a_safety_plan_in_free_text_interrupted_by_a_crisis_resumed_and_on_the_next_card(
        telegram, consented_bot, stack_user_data):
    telegram.push_update(telegram.text_update(CHAT, "/safety_plan"))
    await wait_for_text(telegram, "(1/8)")
    await answer(telegram, "cant sleep, replaying what happened, pulling away from people", "(2/8)")
    await answer(telegram, "skip", "(3/8)")
    await answer(telegram, "the park, my sisters place", "(4/8)")
    # Halfway, a crisis: the card at once, and the plan waits.
    crisis = "i have the pills in my hand and i'm taking them all now"
    telegram.push_update(telegram.text_update(CHAT, crisis))
    card = await wait_for_text(telegram, "Are you somewhere safe right now?")
    await tap(telegram, card, "I'm safe right now")
    await wait_for_text(telegram, "glad you're safe")
    assert not messages_with(telegram, "(5/8)")
    # Back to the plan, on request: it goes on at the step it was on.
    telegram.push_update(telegram.text_update(CHAT, "/safety_plan"))
    await wait_for_text(telegram, "Welcome back to your safety plan")
    await telegram.wait_for_async(lambda: len(messages_with(telegram, "(4/8)")) == 2, 30,
                                  description="step 4 asked again")
    await answer(telegram, "Sam 07700 900123, my mum", "(5/8)")
    await answer(telegram, "keep these", "(6/8)")
    await answer(telegram, "give my pills to Sam", "(7/8)")  # a worry written down, not checked in on
    await answer(telegram, "my cat, my little brother", "(8/8)")
    await answer(telegram, "very likely", "Your safety plan is saved")
    assert not messages_with(telegram, "are you safe right now?")
    saved = messages_with(telegram, "Your safety plan is saved")[0]
    assert "give my pills to Sam" in saved.text and "(skipped)" in saved.text

    await tap(telegram, saved, "Get it as a PDF")
    await telegram.wait_for_async(lambda: telegram.calls("sendDocument"), 30, description="the PDF")

    # /safety, at any time: the lines first, then the user's own plan.
    telegram.push_update(telegram.text_update(CHAT, "/safety"))
    await telegram.wait_for_async(lambda: len(messages_with(telegram, "Are you somewhere safe")) == 2, 30)
    shown = messages_with(telegram, "Are you somewhere safe")[-1]
    assert shown.text.index("988") < shown.text.index("give my pills to Sam")

    telegram.push_update(telegram.text_update(CHAT, "i took all my pills"))
    await telegram.wait_for_async(lambda: len(messages_with(telegram, "Are you somewhere safe")) == 3, 30)
    next_card = messages_with(telegram, "Are you somewhere safe")[-1]
    assert "Sam: 07700 900123" in next_card.text  # the helper from the plan
