"""The python-telegram-bot application: Telegram updates in, gateway pipeline, messages out."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging

from telegram import BotCommand, InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Update
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

from bot.channels.telegram.callback_data import CallbackSigner
from bot.channels.telegram.keyboards import LiveKeyboards
from bot.channels.telegram.ordering import PerChatOrderedProcessor
from bot.channels.telegram.pacing import ChatPacer
from bot.channels.telegram.splitting import split_for_telegram
from bot.content.commands import all_commands
from bot.content.flows import load_flows
from bot.content.gateway_texts import gateway_texts
from bot.content.menu import where_next
from bot.content.reply import Button, Reply
from bot.gateway.pipeline import Gateway
from bot.gateway.rasa_delivery import Respond

logger = logging.getLogger(__name__)

GATEWAY = "gateway"
SIGNER = "signer"
PACER = "pacer"
LIVE_KEYBOARDS = "live_keyboards"
OUTBOUND_TURNS = "outbound_turns"
CHANNEL = "telegram"
CAPTION_LIMIT = 1024  # Telegram's limit for a photo's or document's caption
TYPING_AFTER_SECONDS = 0.8
SEND_ATTEMPTS = 3


# Buttons with titles this short (a rating "7", a clock "03:14") share a row, up to ROW_OF_SHORT.
SHORT_TITLE = 5
ROW_OF_SHORT = 6


def keyboard_rows(buttons: tuple[Button, ...]) -> list[list[Button]]:
    """One button a row, except that short ones next to each other share rows."""
    rows: list[list[Button]] = []
    for button in buttons:
        short = len(button.title) <= SHORT_TITLE
        last = rows[-1] if rows else None
        if short and last and len(last) < ROW_OF_SHORT and all(len(b.title) <= SHORT_TITLE for b in last):
            last.append(button)
        else:
            rows.append([button])
    return rows


def keyboard(buttons: tuple[Button, ...], signer: CallbackSigner) -> InlineKeyboardMarkup | None:
    if not buttons:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(b.title, callback_data=signer.sign(b.payload)) for b in row]
         for row in keyboard_rows(buttons)])


async def deliver(application: Application, chat_id: int, reply: Reply, urgent: bool = False,
                  turn: int | str | None = None) -> bool:
    """Send one reply to a chat: paced, split under Telegram's limits, retried on network errors.

    False only when a network fault outlasted the retries (worth trying again later); a blocked
    bot or a refused message is logged and counts as done: it would fail the same way again.

    `urgent` (the crisis card) skips the chat's pacing queue, so it goes ahead of anything
    waiting for that chat. `turn` names what the keyboards answer (an update, or an outbound
    message), so a tap on an older keyboard can be told apart.
    """
    bot = application.bot
    bot_data = application.bot_data
    signer: CallbackSigner = bot_data[SIGNER]
    pacer: ChatPacer = bot_data[PACER]
    live: LiveKeyboards = bot_data[LIVE_KEYBOARDS]
    if turn is None:
        turn = f"out-{next(bot_data[OUTBOUND_TURNS])}"

    async def send(method, *args, **kwargs):
        await pacer.wait_turn(chat_id, urgent)
        return await with_retries(lambda: method(*args, **kwargs))

    # The text goes as the first file's caption when it fits; the buttons under the last message.
    files = [(bot.send_photo, reply.image), (bot.send_document, reply.document)]
    files = [(method, attached) for method, attached in files if attached is not None]
    caption = reply.text if files and len(reply.text) <= CAPTION_LIMIT else None
    pieces = split_for_telegram(reply.text) if reply.text and caption is None else []
    messages = [(bot.send_message, piece, None) for piece in pieces]
    messages += [(method, InputFile(attached.content, filename=attached.file_name),
                  caption if number == 0 else None) for number, (method, attached) in enumerate(files)]
    try:
        for number, (method, content, file_caption) in enumerate(messages, start=1):
            markup = keyboard(reply.buttons, signer) if number == len(messages) else None
            extra = {} if method == bot.send_message else {"caption": file_caption}
            sent = await send(method, chat_id, content, reply_markup=markup, **extra)
            if markup is not None:
                live.sent(chat_id, turn, sent.message_id)
        return True
    except Forbidden:
        logger.info("user blocked the bot", extra={"user": chat_id})
    except BadRequest as error:
        # It would fail the same way again (the chat is gone, the message is refused): dropped.
        logger.error("could not send a reply: %s", type(error).__name__, extra={"user": chat_id})
    except TelegramError as error:
        # A network fault that outlasted the retries: logged; the caller may try again later.
        logger.error("could not send a reply: %s", type(error).__name__, extra={"user": chat_id})
        return False
    return True  # nothing more can be done for this message


def _responder(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Respond:
    """How replies reach the chat an update came from."""
    chat_id = update.effective_chat.id

    async def respond(reply: Reply, urgent: bool = False) -> None:
        await deliver(context.application, chat_id, reply, urgent, turn=update.update_id)

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


def _card_sent(update: Update, context: ContextTypes.DEFAULT_TYPE):
    """Recorded with the update, so a redelivery of it does not send the card a second time."""
    updates = context.application.bot_data[GATEWAY].user_data.updates
    return lambda: updates.mark_crisis_card_sent(context.bot.id, update.update_id)


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    gateway: Gateway = context.application.bot_data[GATEWAY]
    async with typing_while_slow(update, context):
        await gateway.handle_text(str(update.effective_chat.id), message.text, _responder(update, context),
                                  _card_sent(update, context))


async def on_edited_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An edit is read again: an edit into a crisis gets the card like any message."""
    gateway: Gateway = context.application.bot_data[GATEWAY]
    await gateway.handle_edited_text(str(update.effective_chat.id), update.edited_message.text,
                                     _responder(update, context), _card_sent(update, context))


async def on_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    gateway: Gateway = context.application.bot_data[GATEWAY]
    async with typing_while_slow(update, context):
        await gateway.handle_command(str(update.effective_chat.id), update.effective_message.text or "",
                                     _responder(update, context), _card_sent(update, context))


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
        await respond(Reply(gateway_texts().button_not_mine))
        return
    live: LiveKeyboards = context.application.bot_data[LIVE_KEYBOARDS]
    message_id = query.message.message_id if query.message else None
    is_step = payload in load_flows().step_payloads
    if is_step and not live.is_current(update.effective_chat.id, message_id):
        with contextlib.suppress(TelegramError):
            await query.edit_message_reply_markup(reply_markup=None)
        await respond(Reply(gateway_texts().step_has_passed, where_next()))
        return
    # Take the keyboard away so the same step cannot be chosen twice.
    with contextlib.suppress(TelegramError):
        await query.edit_message_reply_markup(reply_markup=None)
    async with typing_while_slow(update, context):
        await gateway.handle_payload(str(update.effective_chat.id), payload, respond)


async def on_not_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await _responder(update, context)(Reply(gateway_texts().not_text, where_next()))


async def on_group(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    chat = update.effective_chat
    with contextlib.suppress(TelegramError):
        await context.bot.send_message(chat.id, gateway_texts().group_chat)
    with contextlib.suppress(TelegramError):
        await context.bot.leave_chat(chat.id)


def update_fingerprint(gateway: Gateway, update: Update) -> str:
    """What identifies an update's content: its chat, message and edit (or button tap)."""
    message = update.effective_message
    chat = update.effective_chat
    edit = message.edit_date.timestamp() if message and message.edit_date else ""
    tap = update.callback_query.id if update.callback_query else ""
    return gateway.user_data.fingerprint(chat.id if chat else "", message.message_id if message else "",
                                         edit, tap)


def _private_text(update: Update) -> str | None:
    chat, message = update.effective_chat, update.effective_message
    if chat is None or chat.type != chat.PRIVATE or message is None or update.callback_query:
        return None
    return message.text


async def skip_redelivered(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An update is answered once: a redelivery (webhook retry, polling after a crash) is dropped.

    Updates are known by the bot's id and the update id, with a fingerprint of their content: an
    id seen before whose content differs (a new bot token on an old database, Telegram's ids
    starting afresh) is a new update and is answered. Even a true redelivery is read by the
    crisis detector first, and gets the crisis card if its card never went out.
    """
    gateway: Gateway = context.application.bot_data[GATEWAY]
    chat = update.effective_chat
    key = gateway.user_data.user_key(chat.id) if chat and chat.type == chat.PRIVATE else None
    claim = gateway.user_data.updates.claim(context.bot.id, update.update_id,
                                             update_fingerprint(gateway, update), key)
    if claim.handle:
        return
    logger.info("update %s was already handled", update.update_id, extra={"user": key})
    text = _private_text(update)
    if text and not claim.crisis_card_sent:
        await gateway.card_if_crisis(str(chat.id), text, _responder(update, context),
                                     _card_sent(update, context))
    raise ApplicationHandlerStop


async def mark_finished(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Runs after every other handler (also after one that failed): the update is done."""
    context.application.bot_data[GATEWAY].user_data.updates.finish(context.bot.id, update.update_id)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    # Log the kind of failure only: the exception text may quote a message.
    user = update.effective_chat.id if isinstance(update, Update) and update.effective_chat else None
    logger.error("error handling an update: %s", type(context.error).__name__, extra={"user": user})


async def _on_start(application: Application) -> None:
    await application.bot.set_my_commands(
        [BotCommand(c.command, c.description) for c in all_commands().values()])
    await application.bot_data[GATEWAY].start()  # the scheduler: messages due later


async def _on_shutdown(application: Application) -> None:
    await application.bot_data[GATEWAY].close()


def build_application(token: str, gateway: Gateway, base_url: str | None = None) -> Application:
    builder = (ApplicationBuilder().token(token).rate_limiter(AIORateLimiter(max_retries=3))
               .concurrent_updates(PerChatOrderedProcessor()))
    if base_url:
        builder = builder.base_url(base_url).base_file_url(base_url.replace("/bot", "/file/bot"))
    application = builder.post_init(_on_start).post_shutdown(_on_shutdown).build()
    application.bot_data[GATEWAY] = gateway
    application.bot_data[SIGNER] = CallbackSigner(token.encode())
    application.bot_data[PACER] = ChatPacer()
    application.bot_data[LIVE_KEYBOARDS] = LiveKeyboards()
    application.bot_data[OUTBOUND_TURNS] = itertools.count(1)

    # Harbor speaking first (scheduled steps, check-ins) goes through the same sending path.
    async def send_to_chat(address: str, reply: Reply, urgent: bool = False) -> bool:
        return await deliver(application, int(address), reply, urgent)

    gateway.use_channel(CHANNEL, send_to_chat)

    private = filters.ChatType.PRIVATE
    # Group -1 first: once-only handling decides whether the update is handled at all.
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
    # Group 2 last: the update is done, whatever happened above.
    application.add_handler(TypeHandler(Update, mark_finished), group=2)
    application.add_error_handler(on_error)
    return application


async def start_application(application: Application, webhook=None, poll_interval: float = 0.0) -> None:
    """Start the bot as `make run` does: post-init (commands, scheduler), then polling or a webhook."""
    await application.initialize()
    await application.post_init(application)
    await application.start()
    if webhook is not None:
        await webhook.start()
    else:
        await application.updater.start_polling(poll_interval=poll_interval)


async def stop_application(application: Application, webhook=None) -> None:
    """Stop in the reverse order; what was already fetched is handled before this returns."""
    if webhook is not None:
        await webhook.stop()
    elif application.updater.running:
        await application.updater.stop()
    await application.stop()
    await application.shutdown()
    await application.post_shutdown(application)
