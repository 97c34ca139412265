"""Hypothesis: no update, however strange, makes a gateway handler raise.

The real PTB application and gateway, the fake Bot API server, the real database; Rasa is
down so every path that can reach it runs its fallback. Arbitrary text (huge, binary-ish,
RTL, emoji), forged button data, edits, media, groups, and updates missing their usual parts.
"""

from __future__ import annotations

import asyncio
import copy

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from telegram import Update

from bot.channels.telegram.app import build_application
from bot.gateway.pipeline import Gateway
from bot.gateway.rasa_client import RasaClient
from tests.channels.telegram.conftest import open_user_data
from tests.support.stack import free_port

TEXT = st.one_of(st.text(max_size=200),
                 st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=4000, max_size=12000),
                 st.sampled_from(["/start", "/delete", "/export", "/country", "/nonsense@HarborBot x",
                                  "i took all my pills", "\u202eevil\u202c", "💊🔪🩸", "/"]))
CHATS = st.sampled_from([11, 12, -100123, -5])


@st.composite
def updates(draw, telegram):
    chat = draw(CHATS)
    chat_type = "private" if chat > 0 else draw(st.sampled_from(["group", "supergroup"]))
    kind = draw(st.sampled_from(["text", "edit", "button", "sticker", "voice", "photo", "bare",
                                 "no_message"]))
    if kind == "text":
        return telegram.text_update(chat, draw(TEXT), chat_type=chat_type)
    if kind == "edit":
        return telegram.edited_text_update(chat, draw(TEXT), message_id=draw(st.integers(1, 5)))
    if kind == "button":
        data = draw(st.one_of(st.text(max_size=80), st.sampled_from(["/ground", "/delete:confirm~x"])))
        return telegram.callback_update(chat, data, message_id=draw(st.integers(1, 5)), chat_type=chat_type)
    if kind in ("sticker", "voice", "photo"):
        return getattr(telegram, f"{kind}_update")(chat)
    update = telegram.text_update(chat, "x", chat_type=chat_type)
    if kind == "bare":  # a message with no content of any kind Harbor knows
        update["message"].pop("text")
        update["message"].pop("entities", None)
        return update
    return {"my_chat_member": None, **{k: v for k, v in update.items() if k != "message"}}


async def process_all(telegram, raw_updates, database_url) -> list[BaseException]:
    gateway = Gateway(RasaClient(f"http://127.0.0.1:{free_port()}", 2), open_user_data(database_url))
    application = build_application(telegram.token, gateway, telegram.base_url)
    errors: list[BaseException] = []

    async def collect(update, context):
        errors.append(context.error)

    application.add_error_handler(collect)
    async with application:
        for raw in raw_updates:
            update = Update.de_json(copy.deepcopy(telegram.push_update(raw)), application.bot)
            await application.process_update(update)
    await gateway.close()
    return errors


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_no_update_makes_a_handler_raise(telegram, tmp_path, data):
    raw_updates = data.draw(st.lists(updates(telegram), min_size=1, max_size=6))
    errors = asyncio.run(process_all(telegram, raw_updates, f"sqlite:///{tmp_path / 'h.db'}"))
    assert errors == []
