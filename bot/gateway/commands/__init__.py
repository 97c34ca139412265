"""What the gateway answers itself, without the dialogue engine: so /safety, /country, /time,
/export and /delete work in any state of any flow, and while Rasa is down.

Each command lives in its own module and registers here under the name that
data/content/commands.yml gives it (`gateway:`), and the button payloads it answers (by prefix).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from bot.content.reply import Reply

if TYPE_CHECKING:
    from bot.gateway.pipeline import Gateway

# (gateway, user key) → the reply
CommandHandler = Callable[["Gateway", str], Awaitable[Reply]]
# (gateway, user key, the payload) → the reply
PayloadHandler = Callable[["Gateway", str, str], Awaitable[Reply]]

_commands: dict[str, CommandHandler] = {}
_payloads: dict[str, PayloadHandler] = {}


def command(name: str):
    def register(handler: CommandHandler) -> CommandHandler:
        _commands[name] = handler
        return handler
    return register


def payload(prefix: str):
    def register(handler: PayloadHandler) -> PayloadHandler:
        _payloads[prefix] = handler
        return handler
    return register


def command_handler(name: str | None) -> CommandHandler | None:
    _load_all()
    return _commands.get(name or "")


def payload_handler(payload_text: str) -> PayloadHandler | None:
    _load_all()
    return next((handler for prefix, handler in _payloads.items() if payload_text.startswith(prefix)), None)


def registered_commands() -> frozenset[str]:
    _load_all()
    return frozenset(_commands)


def _load_all() -> None:
    # Importing each module registers its handlers.
    from bot.gateway.commands import country, delete, export, local_time, safety  # noqa: F401
