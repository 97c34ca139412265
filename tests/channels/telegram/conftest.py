"""The real PTB application against the fake Telegram Bot API server, with the real Rasa stack."""

from __future__ import annotations

import contextlib

import pytest
import pytest_asyncio
from cryptography.fernet import Fernet

from bot.channels.telegram.app import build_application, start_application, stop_application
from bot.gateway.pipeline import Gateway
from bot.gateway.rasa_client import RasaClient
from bot.store import DataCipher, UserData
from bot.store.migrate import upgrade_to_latest
from tests.fakes import FakeTelegram
from tests.support.stack import free_port

CHAT = 424242


@pytest.fixture
def telegram():
    with FakeTelegram() as fake:
        yield fake


def open_user_data(database_url: str, data_key: str | None = None) -> UserData:
    user_data = UserData.open(database_url, DataCipher(data_key or Fernet.generate_key()))
    upgrade_to_latest(user_data.engine)
    return user_data


def fresh_user(user_data: UserData, chat_id: int = CHAT, consented: bool = False) -> str:
    """Start a test from a user Harbor has never met (the Rasa stack outlives each test)."""
    key = user_data.user_key(chat_id)
    user_data.erase(key)
    if consented:
        user_data.settings.record_consent(key)
    return key


@contextlib.asynccontextmanager
async def running_bot(telegram: FakeTelegram, rasa_url: str, user_data: UserData, timeout: float = 30,
                      polling: bool = True):
    """The bot started and stopped by the same code as `make run` (polling, or neither for webhook tests)."""
    gateway = Gateway(RasaClient(rasa_url, timeout), user_data, poll_seconds=0.2)
    application = build_application(telegram.token, gateway, telegram.base_url)
    if polling:
        await start_application(application)
    else:
        await application.initialize()
        await application.post_init(application)
        await application.start()
    try:
        yield application
    finally:
        await stop_application(application)


def messages_with(telegram: FakeTelegram, fragment: str, chat: int = CHAT) -> list:
    """The messages sent to `chat` whose text contains `fragment`, oldest first."""
    return [m for m in telegram.sent_messages(chat) if fragment in (m.text or "")]


async def tap(telegram: FakeTelegram, message, title: str) -> None:
    """The user taps the button `title` under `message`."""
    telegram.push_update(telegram.callback_update(CHAT, message.callback_data_for(title),
                                                  message_id=message.message_id))


async def wait_for_text(telegram: FakeTelegram, fragment: str, timeout: float = 30):
    """The first message to CHAT containing `fragment`, waiting for it without blocking the bot."""
    def found():
        return next(iter(messages_with(telegram, fragment)), None)
    return await telegram.wait_for_async(found, timeout, description=repr(fragment))


@pytest_asyncio.fixture
async def bot(telegram, rasa_stack, stack_user_data):
    """A user who has not met Harbor yet."""
    fresh_user(stack_user_data)
    async with running_bot(telegram, rasa_stack.rasa_url, stack_user_data) as app:
        yield app


@pytest_asyncio.fixture
async def consented_bot(telegram, rasa_stack, stack_user_data):
    """A user who has already said OK to using Harbor."""
    fresh_user(stack_user_data, consented=True)
    async with running_bot(telegram, rasa_stack.rasa_url, stack_user_data) as app:
        yield app


@pytest_asyncio.fixture
async def bot_without_rasa(telegram, tmp_path):
    """Rasa is down: nothing listens on its port."""
    url = f"http://127.0.0.1:{free_port()}"
    async with running_bot(telegram, url, open_user_data(f"sqlite:///{tmp_path / 'gateway.db'}"),
                           timeout=4) as app:
        yield app
