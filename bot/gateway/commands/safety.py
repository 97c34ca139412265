"""/safety: the crisis card with the user's country and their own safety-plan people, then their
whole safety plan when they have one: at any time, also while the dialogue engine is down."""

from __future__ import annotations

from dataclasses import replace

from bot.content.crisis_card import render_crisis_card
from bot.content.plans import load_plan_guide, render_plan
from bot.content.reply import Reply
from bot.gateway.commands import command, payload
from bot.store.records import SAFETY_PLAN

SAFETY_CARD_PAYLOAD = "/safety_card"  # the "All support lines" button


@command("safety_card")
async def safety_card(gateway, key: str) -> Reply:
    gateway.context.asked_if_safe(key)  # the card asks "are you somewhere safe right now?"
    card = render_crisis_card(gateway.user_data.settings.country(key), (), gateway.plan_contacts(key))
    answers = gateway.safety_plan_answers(key)
    if not answers:
        return card
    # The numbers first, always; the user's own plan after them.
    return replace(card, text=f"{card.text}\n\n{render_plan(load_plan_guide(SAFETY_PLAN), answers)}")


@payload(SAFETY_CARD_PAYLOAD)
async def safety_card_button(gateway, key: str, _payload: str) -> Reply:
    return await safety_card(gateway, key)
