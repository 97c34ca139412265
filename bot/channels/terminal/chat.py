"""Talk to Harbor in the terminal: the same gateway pipeline as Telegram, no bot token needed.

Buttons are shown as numbered choices; type the number to choose one. Pictures and documents
are saved under var/exports (readable by this account only) and their path is printed.
Messages Harbor sends by itself (timed steps, check-ins) are printed as they come.
"""

from __future__ import annotations

import asyncio
import os
import sys
import threading
from pathlib import Path

from bot.content.loader import Words, load
from bot.content.paths import CONTENT_DIR
from bot.content.privacy import privacy_texts
from bot.content.reply import Button, Document, Image, Reply
from bot.gateway.pipeline import Gateway

TERMINAL_USER = "terminal-user"
CHANNEL = "terminal"
QUIT = {"/quit", "/exit"}


def terminal_words() -> Words:
    return load(CONTENT_DIR / "terminal.yml", Words)


class TerminalChat:
    def __init__(self, gateway: Gateway, user_id: str = TERMINAL_USER,
                 read_line=None, write=None, export_dir: Path | None = None):
        self.gateway = gateway
        self.user_id = user_id
        self.export_dir = export_dir or Path("var") / "exports"
        self._read_line = read_line or StdinLines().read_line
        self._write = write or _write_stdout
        self._choices: list[Button] = []
        gateway.use_channel(CHANNEL, self.deliver)

    async def deliver(self, address: str, reply: Reply, urgent: bool = False) -> bool:
        """Harbor speaking first: there is one user here, so the address is theirs."""
        await self.respond(reply)
        return True

    async def respond(self, reply: Reply, urgent: bool = False) -> None:
        words = terminal_words()
        lines = ["", f"{words['speaker']}: {reply.text}"] if reply.text else [""]
        if reply.document is not None:
            if reply.document.file_name == privacy_texts()["export_file_name"]:
                lines = ["", f"{words['speaker']}: " + privacy_texts()["export_saved_to"].format(
                    path=self._save(reply.document))]
            else:
                lines.append("  " + words["document_saved"].format(path=self._save(reply.document)))
        if reply.image is not None:
            lines.append("  " + words["picture_saved"].format(path=self._save(reply.image)))
        self._choices = list(reply.buttons)
        lines += [f"  [{number}] {button.title}" for number, button in enumerate(self._choices, 1)]
        self._write("\n".join(lines) + "\n")

    async def run(self) -> None:
        self._write(terminal_words()["banner"] + "\n")
        await self.gateway.start()  # the scheduler: timed steps arrive while the user reads
        try:
            await self._converse()
        finally:
            await self.gateway.close()

    async def _converse(self) -> None:
        await self.gateway.handle_payload(self.user_id, "/start", self.respond)
        while True:
            self._write("\n" + terminal_words()["prompt"])
            line = await self._read_line()
            if line is None or line.strip() in QUIT:
                self._write("\n" + terminal_words()["goodbye"] + "\n")
                return
            text = line.strip()
            if not text:
                continue
            if text.isdigit() and 1 <= int(text) <= len(self._choices):
                await self.gateway.handle_payload(self.user_id, self._choices[int(text) - 1].payload,
                                                  self.respond)
            elif text.startswith("/"):
                await self.gateway.handle_command(self.user_id, text, self.respond)
            else:
                await self.gateway.handle_text(self.user_id, text, self.respond)

    def _save(self, document: Document | Image) -> Path:
        """A file for the user, readable by this account only."""
        self.export_dir.mkdir(parents=True, exist_ok=True)
        path = self.export_dir / document.file_name
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as file:
            file.write(document.content)
        return path


class StdinLines:
    """Lines from stdin, read on a daemon thread so that Ctrl-C never waits on a blocked read."""

    def __init__(self):
        self._queue: asyncio.Queue[str | None] | None = None

    async def read_line(self) -> str | None:
        if self._queue is None:
            self._queue = asyncio.Queue()
            loop = asyncio.get_running_loop()
            threading.Thread(target=self._pump, args=(loop, self._queue), daemon=True).start()
        return await self._queue.get()

    @staticmethod
    def _pump(loop: asyncio.AbstractEventLoop, queue: asyncio.Queue) -> None:
        for line in sys.stdin:
            loop.call_soon_threadsafe(queue.put_nowait, line)
        loop.call_soon_threadsafe(queue.put_nowait, None)  # end of input


def _write_stdout(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()
