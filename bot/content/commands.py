"""The bot's commands, from data/content/commands.yml."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import yaml

from bot.content.paths import CONTENT_DIR


@dataclass(frozen=True)
class Command:
    command: str
    description: str
    payload: str | None = None  # sent to the dialogue as it is
    gateway: str | None = None  # or answered by the gateway itself


@lru_cache(maxsize=1)
def all_commands() -> dict[str, Command]:
    data = yaml.safe_load((CONTENT_DIR / "commands.yml").read_text(encoding="utf-8"))
    return {entry["command"]: Command(**entry) for entry in data["commands"]}
