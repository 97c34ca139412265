"""The terminal chat: the same gateway pipeline, buttons as numbered choices."""

from __future__ import annotations

import asyncio

import pytest

from bot.channels.terminal.chat import TerminalChat
from bot.gateway.pipeline import Gateway
from bot.gateway.rasa_client import RasaClient
from tests.channels.telegram.conftest import fresh_user


@pytest.mark.asyncio
async def test_terminal_chat_walks_to_the_exercise_with_numbered_choices(rasa_stack, stack_user_data):
    # OK; a grounding exercise; "just pick one for me"; skip the rating; a step answered in words;
    # Stop; a crisis; leave.
    typed = iter(["1", "1", "13", "12", "a lamp, a chair", "3", "i want to die", "/quit"])
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
    assert "[13] Just pick one for me" in output and "[12] Skip" in output
    assert "Stopping is always allowed" in output  # "3" chose Stop
    assert "Are you somewhere safe right now?" in output
    assert output.rstrip().endswith("Goodbye.")


@pytest.mark.asyncio
async def test_terminal_saves_pictures_and_documents_and_shows_where(tmp_path):
    from bot.content.reply import Document, Image, Reply, TimedStep
    from tests.channels.telegram.conftest import open_user_data
    from tests.support.stack import free_port

    user_data = open_user_data(f"sqlite:///{tmp_path / 't.db'}")
    gateway = Gateway(RasaClient(f"http://127.0.0.1:{free_port()}", 1), user_data, poll_seconds=0.1)
    screen: list[str] = []
    key = user_data.user_key("terminal-test")

    async def read_line():  # Harbor speaks first while the user reads
        await gateway.send(key, Reply("Your mood this week", image=Image("mood.png", b"\x89PNG fake")))
        await gateway.send(key, Reply("Your plan", document=Document("plan.pdf", b"%PDF-1.4 fake")))
        await gateway.send(key, Reply("Breathe in.", sequence=(TimedStep(0.2, "And out."),)))
        await asyncio.sleep(1)
        return "/quit"

    chat = TerminalChat(gateway, user_id="terminal-test", read_line=read_line, write=screen.append,
                        export_dir=tmp_path / "exports")
    await chat.run()
    output = "".join(screen)
    assert f"picture saved to {tmp_path / 'exports' / 'mood.png'}" in output
    assert f"document saved to {tmp_path / 'exports' / 'plan.pdf'}" in output
    assert "And out." in output  # a timed step arrived by itself
    assert (tmp_path / "exports" / "plan.pdf").read_bytes() == b"%PDF-1.4 fake"
    assert (tmp_path / "exports" / "mood.png").stat().st_mode & 0o777 == 0o600
