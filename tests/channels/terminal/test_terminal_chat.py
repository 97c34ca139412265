"""The terminal chat: the same gateway pipeline, buttons as numbered choices."""

from __future__ import annotations

import pytest

from bot.gateway.pipeline import Gateway
from bot.gateway.rasa_client import RasaClient
from bot.channels.terminal.chat import TerminalChat
from tests.channels.telegram.conftest import fresh_user


@pytest.mark.asyncio
async def test_terminal_chat_walks_to_the_exercise_with_numbered_choices(rasa_stack, stack_user_data):
    typed = iter(["1", "1", "a lamp, a chair", "2", "i want to die", "/quit"])
    screen: list[str] = []

    async def read_line():
        return next(typed, None)

    fresh_user(stack_user_data, "terminal-test")
    gateway = Gateway(RasaClient(rasa_stack.rasa_url, 30), stack_user_data)
    await TerminalChat(gateway, user_id="terminal-test", read_line=read_line, write=screen.append).run()
    output = "".join(screen)
    assert "[1] Yes, let's continue" in output
    assert "[1] A grounding exercise" in output
    assert "(2/5)" in output  # typing what you notice moved the exercise on
    assert "Stopping is always allowed" in output  # "2" chose Stop
    assert "Are you somewhere safe right now?" in output
    assert output.rstrip().endswith("Goodbye.")
