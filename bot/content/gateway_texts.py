"""The gateway's own words, from data/content/gateway.yml."""

from __future__ import annotations

from bot.content.loader import Content, load
from bot.content.paths import CONTENT_DIR


class GatewayTexts(Content):
    not_text: str
    group_chat: str
    unknown_command: str
    step_has_passed: str
    button_not_mine: str
    country_prompt: str
    country_other: str
    country_set: str
    time_prompt: str
    time_skip: str
    time_set: str
    dialogue_paused: str


def gateway_texts() -> GatewayTexts:
    return load(CONTENT_DIR / "gateway.yml", GatewayTexts)
