"""The real PTB application against the fake Telegram Bot API server, with the real Rasa stack."""

from __future__ import annotations

import contextlib

import pytest
import pytest_asyncio

from bot.store import SettingsStore
from bot.telegram.app import build_application
from bot.telegram.pipeline import Gateway
from bot.telegram.rasa_client import RasaClient
from tests.fakes import FakeTelegram
from tests.support.stack import free_port

CHAT = 424242


@pytest.fixture
def telegram():
    with FakeTelegram() as fake:
        yield fake


@contextlib.asynccontextmanager
async def running_bot(telegram: FakeTelegram, rasa_url: str, database_url: str, timeout: float = 30):
    gateway = Gateway(RasaClient(rasa_url, timeout), SettingsStore.from_url(database_url))
    application = build_application(telegram.token, gateway, telegram.base_url)
    await application.initialize()
    await application.post_init(application)
    await application.start()
    await application.updater.start_polling(poll_interval=0)
    try:
        yield application
    finally:
        await application.updater.stop()
        await application.stop()
        await application.shutdown()
        await gateway.rasa.close()


async def wait_for_text(telegram: FakeTelegram, fragment: str, timeout: float = 30):
    """The first message to CHAT containing `fragment`, waiting for it without blocking the bot."""
    def found():
        return next((m for m in telegram.sent_messages(CHAT) if fragment in (m.text or "")), None)
    return await telegram.wait_for_async(found, timeout, description=repr(fragment))


@pytest_asyncio.fixture
async def bot(telegram, rasa_stack, tmp_path):
    async with running_bot(telegram, rasa_stack.rasa_url, f"sqlite:///{tmp_path / 'gateway.db'}") as app:
        yield app


@pytest_asyncio.fixture
async def bot_without_rasa(telegram, tmp_path):
    """Rasa is down: nothing listens on its port."""
    url = f"http://127.0.0.1:{free_port()}"
    async with running_bot(telegram, url, f"sqlite:///{tmp_path / 'gateway.db'}", timeout=4) as app:
        yield app
