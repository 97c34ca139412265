"""The python-telegram-bot application: Telegram updates in, gateway pipeline, messages out."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from telegram import BotCommand, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatAction
from telegram.error import BadRequest, Forbidden, NetworkError, TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.content.commands import all_commands
from bot.content.reply import Button, Reply
from bot.channels.telegram.callback_data import CallbackSigner
from bot.channels.telegram.keyboards import LiveKeyboards
from bot.channels.telegram.ordering import PerChatOrderedProcessor
from bot.channels.telegram.pacing import ChatPacer
from bot.gateway.pipeline import Gateway
from bot.channels.telegram.splitting import split_for_telegram
from bot.content.gateway_texts import gateway_texts, menu_buttons

logger = logging.getLogger(__name__)

GATEWAY = "gateway"
SIGNER = "signer"
PACER = "pacer"
LIVE_KEYBOARDS = "live_keyboards"
TYPING_AFTER_SECONDS = 0.8
SEND_ATTEMPTS = 3


def keyboard(buttons: tuple[Button, ...], signer: CallbackSigner) -> InlineKeyboardMarkup | None:
    if not buttons:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(b.title, callback_data=signer.sign(b.payload))] for b in buttons])


def _responder(update: Update, context: ContextTypes.DEFAULT_TYPE):
    """How replies reach this chat: paced, split under Telegram's limit, retried on network errors."""
    chat_id = update.effective_chat.id
    bot_data = context.application.bot_data
    signer: CallbackSigner = bot_data[SIGNER]
    pacer: ChatPacer = bot_data[PACER]
    live: LiveKeyboards = bot_data[LIVE_KEYBOARDS]

    async def send(method, *args, **kwargs):
        await pacer.wait_turn(chat_id)
        return await with_retries(lambda: method(*args, **kwargs))

    async def respond(reply: Reply) -> None:
        try:
            if reply.document is not None:
                await send(context.bot.send_document, chat_id, reply.document.content,
                           filename=reply.document.file_name, caption=reply.text)
                return
            pieces = split_for_telegram(reply.text)
            for number, piece in enumerate(pieces, start=1):
                # The buttons go with the last piece, under the text they answer.
                markup = keyboard(reply.buttons, signer) if number == len(pieces) else None
                sent = await send(context.bot.send_message, chat_id, piece, reply_markup=markup)
                if markup is not None:
                    live.sent(chat_id, update.update_id, sent.message_id)
        except Forbidden:
            logger.info("user blocked the bot", extra={"user": chat_id})
        except TelegramError as error:
            # Logged and dropped: one chat's failure must not stop the others.
            logger.error("could not send a reply: %s", type(error).__name__, extra={"user": chat_id})

    return respond


async def with_retries(call, attempts: int = SEND_ATTEMPTS):
    """Network errors and Telegram's 5xx are often momentary: try again, a little later each time.

    429 is retried by the AIORateLimiter (after Telegram's retry_after); a bad request or a
    blocked bot would fail the same way again, so those are not retried.
    """
    for attempt in range(1, attempts + 1):
        try:
            return await call()
        except BadRequest:
            raise
        except NetworkError:
            if attempt == attempts:
                raise
            await asyncio.sleep(0.5 * attempt)
    return None


@contextlib.asynccontextmanager
async def typing_while_slow(update: Update, context: ContextTypes.DEFAULT_TYPE):
    """Show "typing…" when the answer takes longer than a moment."""
    async def keep_typing():
        await asyncio.sleep(TYPING_AFTER_SECONDS)
        while True:
            with contextlib.suppress(TelegramError):
                await context.bot.send_chat_action(update.effective_chat.id, ChatAction.TYPING)
            await asyncio.sleep(4.5)

    task = asyncio.create_task(keep_typing())
    try:
        yield
    finally:
        task.cancel()


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    gateway: Gateway = context.application.bot_data[GATEWAY]
    async with typing_while_slow(update, context):
        await gateway.handle_text(str(update.effective_chat.id), message.text, _responder(update, context))


async def on_edited_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An edit is read again: an edit into a crisis gets the card like any message."""
    gateway: Gateway = context.application.bot_data[GATEWAY]
    await gateway.handle_edited_text(str(update.effective_chat.id), update.edited_message.text,
                                     _responder(update, context))


async def on_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    gateway: Gateway = context.application.bot_data[GATEWAY]
    async with typing_while_slow(update, context):
        await gateway.handle_command(str(update.effective_chat.id), update.effective_message.text or "",
                                     _responder(update, context))


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    if update.effective_chat is None:  # a button on an inline message: Harbor sends none
        with contextlib.suppress(TelegramError):
            await query.answer()
        return
    gateway: Gateway = context.application.bot_data[GATEWAY]
    signer: CallbackSigner = context.application.bot_data[SIGNER]
    respond = _responder(update, context)
    payload = signer.verify(query.data)
    with contextlib.suppress(TelegramError):
        await query.answer()
    if payload is None:
        logger.warning("rejected button data Harbor did not issue", extra={"user": query.from_user.id})
        await respond(Reply(gateway_texts()["button_not_mine"]))
        return
    live: LiveKeyboards = context.application.bot_data[LIVE_KEYBOARDS]
    message_id = query.message.message_id if query.message else None
    is_step = payload in gateway_texts()["step_payloads"]
    if is_step and not live.is_current(update.effective_chat.id, message_id):
        with contextlib.suppress(TelegramError):
            await query.edit_message_reply_markup(reply_markup=None)
        await respond(Reply(gateway_texts()["step_has_passed"], menu_buttons()))
        return
    # Take the keyboard away so the same step cannot be chosen twice.
    with contextlib.suppress(TelegramError):
        await query.edit_message_reply_markup(reply_markup=None)
    async with typing_while_slow(update, context):
        await gateway.handle_payload(str(update.effective_chat.id), payload, respond)


async def on_not_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await _responder(update, context)(Reply(gateway_texts()["not_text"], menu_buttons()))


async def on_group(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    chat = update.effective_chat
    with contextlib.suppress(TelegramError):
        await context.bot.send_message(chat.id, gateway_texts()["group_chat"])
    with contextlib.suppress(TelegramError):
        await context.bot.leave_chat(chat.id)


async def skip_redelivered(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An update is answered once: a redelivery (webhook retry, polling after a crash) is dropped."""
    gateway: Gateway = context.application.bot_data[GATEWAY]
    chat = update.effective_chat
    key = gateway.user_data.user_key(chat.id) if chat and chat.type == chat.PRIVATE else None
    if not gateway.user_data.updates.claim(update.update_id, key):
        logger.info("update %s was already handled", update.update_id, extra={"user": key})
        raise ApplicationHandlerStop


async def mark_finished(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Runs after every other handler (also after one that failed): the update is done."""
    context.application.bot_data[GATEWAY].user_data.updates.finish(update.update_id)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    # Log the kind of failure only: the exception text may quote a message.
    user = update.effective_chat.id if isinstance(update, Update) and update.effective_chat else None
    logger.error("error handling an update: %s", type(context.error).__name__, extra={"user": user})


async def register_commands(application: Application) -> None:
    await application.bot.set_my_commands(
        [BotCommand(c.command, c.description) for c in all_commands().values()])


def build_application(token: str, gateway: Gateway, base_url: str | None = None) -> Application:
    builder = (ApplicationBuilder().token(token).rate_limiter(AIORateLimiter(max_retries=3))
               .concurrent_updates(PerChatOrderedProcessor()))
    if base_url:
        builder = builder.base_url(base_url).base_file_url(base_url.replace("/bot", "/file/bot"))
    application = builder.post_init(register_commands).build()
    application.bot_data[GATEWAY] = gateway
    application.bot_data[SIGNER] = CallbackSigner(token.encode())
    application.bot_data[PACER] = ChatPacer()
    application.bot_data[LIVE_KEYBOARDS] = LiveKeyboards()

    # Erasing a user also cancels anything scheduled for them (jobs are named by user key).
    def cancel_jobs(user_key: str) -> None:
        if application.job_queue:
            for job in application.job_queue.get_jobs_by_name(user_key):
                job.schedule_removal()

    gateway.on_erase = cancel_jobs

    private = filters.ChatType.PRIVATE
    application.add_handler(TypeHandler(Update, skip_redelivered), group=-1)
    # Group 0: leave groups and channels before anything is read (nobody should disclose there).
    application.add_handler(
        MessageHandler(filters.ChatType.GROUPS | filters.ChatType.CHANNEL, on_group), group=0)
    # Group 1: private chats.
    handlers = [
        MessageHandler(private & filters.UpdateType.EDITED_MESSAGE & filters.TEXT, on_edited_text),
        MessageHandler(private & filters.UpdateType.MESSAGE & filters.COMMAND, on_command),
        MessageHandler(private & filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND, on_text),
        CallbackQueryHandler(on_button),
        MessageHandler(private & ~filters.TEXT & filters.UpdateType.MESSAGE, on_not_text),
    ]
    application.add_handlers(handlers, group=1)
    application.add_handler(TypeHandler(Update, mark_finished), group=2)
    application.add_error_handler(on_error)
    return application
