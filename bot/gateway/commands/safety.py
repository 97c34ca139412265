"""/safety: the crisis card with the user's country and their own safety-plan people, at any time."""

from __future__ import annotations

from bot.content.crisis_card import render_crisis_card
from bot.content.reply import Reply
from bot.gateway.commands import command, payload

SAFETY_CARD_PAYLOAD = "/safety_card"  # the "All support lines" button


@command("safety_card")
async def safety_card(gateway, key: str) -> Reply:
    gateway.context.asked_if_safe(key)  # the card ends with "are you somewhere safe right now?"
    return render_crisis_card(gateway.user_data.settings.country(key), (), gateway.plan_contacts(key))


@payload(SAFETY_CARD_PAYLOAD)
async def safety_card_button(gateway, key: str, _payload: str) -> Reply:
    return await safety_card(gateway, key)
