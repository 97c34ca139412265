"""/safety: the crisis card with the user's country and their own safety-plan people, at any time."""

from __future__ import annotations

from bot.content.crisis_card import render_crisis_card
from bot.content.reply import Reply
from bot.gateway.commands import command


@command("safety_card")
async def safety_card(gateway, key: str) -> Reply:
    return render_crisis_card(gateway.user_data.settings.country(key), (), gateway.plan_contacts(key))
