"""The bot's commands, from data/content/commands.yml."""

from __future__ import annotations

from bot.content.loader import Content, load
from bot.content.paths import CONTENT_DIR


class Command(Content):
    command: str
    description: str
    payload: str | None = None  # sent to the dialogue as it is
    gateway: str | None = None  # or answered by the gateway itself (bot/gateway/commands/)


class Commands(Content):
    commands: tuple[Command, ...]


def all_commands() -> dict[str, Command]:
    return {entry.command: entry for entry in load(CONTENT_DIR / "commands.yml", Commands).commands}
