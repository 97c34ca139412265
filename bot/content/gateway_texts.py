"""The gateway's own words, from data/content/gateway.yml."""

from __future__ import annotations

from functools import lru_cache

import yaml

from bot.content.paths import CONTENT_DIR
from bot.content.reply import Button


@lru_cache(maxsize=1)
def gateway_texts() -> dict:
    return yaml.safe_load((CONTENT_DIR / "gateway.yml").read_text(encoding="utf-8"))


def menu_buttons() -> tuple[Button, ...]:
    return tuple(Button(b["title"], b["payload"]) for b in gateway_texts()["menu_buttons"])
