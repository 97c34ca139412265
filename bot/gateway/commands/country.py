"""/country: choose the country whose support lines and emergency numbers Harbor shows."""

from __future__ import annotations

from bot.content.gateway_texts import gateway_texts
from bot.content.reply import Button, Reply
from bot.content.resources import INTERNATIONAL, resources_for, supported_countries
from bot.gateway.commands import command, payload

COUNTRY_PAYLOAD = "/country:"


@command("choose_country")
async def choose_country(gateway, key: str) -> Reply:
    texts = gateway_texts()
    buttons = [Button(name, f"{COUNTRY_PAYLOAD}{code}") for code, name in supported_countries()]
    buttons.append(Button(texts.country_other, f"{COUNTRY_PAYLOAD}{INTERNATIONAL}"))
    return Reply(texts.country_prompt, tuple(buttons))


@payload(COUNTRY_PAYLOAD)
async def set_country(gateway, key: str, chosen: str) -> Reply:
    country = resources_for(chosen[len(COUNTRY_PAYLOAD):])
    gateway.user_data.settings.set_country(key, country.code)
    return Reply(gateway_texts().country_set.format(name=country.name))
