"""A fake Telegram Bot API server that speaks Telegram's real HTTP wire format.

The real python-telegram-bot (PTB) ``Bot``/``Application`` can be pointed at it::

    with FakeTelegram() as fake:
        app = ApplicationBuilder().token(fake.token).base_url(fake.base_url).build()
        ...
        fake.push_update(fake.text_update(42, "hello"))
        fake.wait_for_messages(42, 1)

How it mirrors https://core.telegram.org/bots/api:

* Requests go to ``{base_url}{token}/{method}`` (``base_url`` ends in ``/bot``).
  Method names are case-insensitive, like Telegram's.
* Parameters arrive as a query string, ``application/x-www-form-urlencoded``,
  ``multipart/form-data`` (file uploads; ``attach://<name>`` references are resolved) or a
  JSON body.  In form encodings every value is a string and structured values
  (``reply_markup``, ``allowed_updates``, ``commands``...) are JSON-encoded strings; they are
  decoded per field, so free text such as ``text="123"`` is never turned into a number.
* Every answer is ``{"ok": true, "result": ...}`` or
  ``{"ok": false, "error_code": N, "description": "...", ["parameters": {...}]}`` with the
  matching HTTP status, which is what PTB maps onto its exception classes
  (401/404 -> InvalidToken, 403 -> Forbidden, 400 -> BadRequest, 409 -> Conflict,
  ``parameters.retry_after`` -> RetryAfter).
* Results are Telegram-shaped objects (``Message``, ``User``, ``Chat``, ``Update``...).

The server runs on 127.0.0.1 with an ephemeral port, in a background thread with its own
event loop, so both sync tests and async tests (whose loop runs the bot) can use it.
Everything the test side calls is thread-safe; waiting helpers use a condition variable.

Deliberate simplifications (not Telegram behaviour):

* ``parse_mode`` is recorded but not interpreted: the returned text is the text as sent and no
  entities are computed or validated.
* Any integer ``chat_id`` is accepted (an unknown one is treated as a private chat when
  positive, a group when negative); only ``@username`` chat ids answer "chat not found".
* Long polling is capped at ``max_long_poll`` seconds (1s by default) so that tests stay fast.
* Webhooks are not delivered automatically: call :meth:`FakeTelegram.deliver_webhook`.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import copy
import functools
import itertools
import json
import re
import socket
import threading
import time
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from aiohttp import web

__all__ = ["DEFAULT_TOKEN", "FakeTelegram", "SentMessage", "UploadedFile"]

#: Looks like a real token: "<bot id>:<secret>".  The bot id is the part before the colon.
DEFAULT_TOKEN = "123456789:ABC-fake-harbor-test-token"

#: Telegram's default when ``allowed_updates`` was never specified: everything except these.
_NOT_DELIVERED_BY_DEFAULT = frozenset({"chat_member", "message_reaction", "message_reaction_count"})

_CHAT_ACTIONS = frozenset(
    "typing upload_photo record_video upload_video record_voice upload_voice upload_document "
    "choose_sticker find_location record_video_note upload_video_note".split()
)

# -- parameter decoding tables ------------------------------------------------------------
# Form-encoded parameters are all strings.  Telegram knows each parameter's type; the fake
# approximates that with these tables.  Unlisted parameters stay strings unless they look like
# a JSON object/array.
_JSON_FIELDS = frozenset(
    "reply_markup allowed_updates commands scope entities caption_entities "
    "link_preview_options reply_parameters media results reaction permissions menu_button "
    "options".split()
)
_INT_FIELDS = frozenset(
    "chat_id from_chat_id message_id message_thread_id reply_to_message_id user_id offset "
    "limit max_connections cache_time duration width height until_date".split()
)
_FLOAT_FIELDS = frozenset({"timeout", "latitude", "longitude", "horizontal_accuracy"})
_BOOL_FIELDS = frozenset(
    "disable_notification protect_content allow_sending_without_reply "
    "disable_web_page_preview disable_content_type_detection drop_pending_updates show_alert "
    "is_personal has_spoiler allow_paid_broadcast revoke_messages".split()
)
_TEXT_FIELDS = frozenset(
    "text caption parse_mode url secret_token ip_address callback_query_id inline_message_id "
    "action language_code file_id description short_description name title data".split()
)

_COMMAND_RE = re.compile(r"(?<![\w/])/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?")
_SECRET_TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{1,256}")
_BOT_COMMAND_RE = re.compile(r"[a-z0-9_]{1,32}")


def _utf16_len(text: str) -> int:
    """Telegram measures entity offsets/lengths in UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def _command_entities(text: str) -> list[dict]:
    """The ``bot_command`` entities Telegram attaches to ``/command`` words in a text.

    PTB's ``CommandHandler`` only fires when a ``bot_command`` entity starts at offset 0, so the
    helpers must produce them just like Telegram does.
    """
    entities = []
    for match in _COMMAND_RE.finditer(text):
        entities.append(
            {
                "type": "bot_command",
                "offset": _utf16_len(text[: match.start()]),
                "length": _utf16_len(match.group()),
            }
        )
    return entities


@dataclass
class UploadedFile:
    """A file the bot uploaded (multipart part), or referenced by ``file_id``/URL."""

    filename: str | None
    content: bytes
    content_type: str | None = None
    field_name: str | None = None
    #: Set when the bot sent an existing ``file_id`` or an HTTP URL instead of bytes.
    reference: str | None = None


@dataclass
class SentMessage:
    """A message the bot sent successfully (``sendMessage``, ``sendDocument`` or ``sendPhoto``)."""

    method: str
    chat_id: int
    message_id: int
    text: str | None
    caption: str | None
    #: The markup exactly as the bot sent it (inline *or* reply keyboard, or remove/force reply).
    reply_markup: dict | None
    parse_mode: str | None
    #: All decoded request parameters.
    params: dict[str, Any]
    #: The Telegram ``Message`` object that was returned to the bot.
    message: dict[str, Any]
    document: UploadedFile | None = None
    #: One dict per successful editMessageText/editMessageReplyMarkup, in order.
    edits: list[dict[str, Any]] = field(default_factory=list)
    deleted: bool = False

    @property
    def current_text(self) -> str | None:
        """The text after all edits."""
        for edit in reversed(self.edits):
            if edit["method"] == "editMessageText":
                return edit["text"]
        return self.text

    @property
    def current_reply_markup(self) -> dict | None:
        """The markup after all edits (editing without ``reply_markup`` removes it)."""
        if self.edits:
            return self.edits[-1]["reply_markup"]
        return self.reply_markup

    @property
    def buttons(self) -> list[dict]:
        """All buttons of the current keyboard (inline or reply), flattened, as dicts."""
        markup = self.current_reply_markup or {}
        rows = markup.get("inline_keyboard") or markup.get("keyboard") or []
        return [b if isinstance(b, dict) else {"text": b} for row in rows for b in row]

    @property
    def button_texts(self) -> list[str]:
        return [b.get("text", "") for b in self.buttons]

    def callback_data_for(self, button_text: str) -> str:
        """The ``callback_data`` of the inline button labelled ``button_text``."""
        for button in self.buttons:
            if button.get("text") == button_text and "callback_data" in button:
                return button["callback_data"]
        raise AssertionError(f"no inline button {button_text!r}; buttons: {self.button_texts}")

    def describe(self) -> str:
        body = self.current_text if self.text is not None else f"[{self.method}] {self.caption!r}"
        if self.document is not None:
            body += f" file={self.document.filename!r} ({len(self.document.content)} bytes)"
        buttons = self.button_texts
        suffix = f" buttons={buttons}" if buttons else ""
        return f"chat {self.chat_id} #{self.message_id}: {body!r}{suffix}"


class _ApiError(Exception):
    """Raised by method handlers; becomes Telegram's ``{"ok": false, ...}`` answer."""

    def __init__(self, status: int, description: str, parameters: dict | None = None):
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters

    def response(self) -> web.Response:
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.status,
            "description": self.description,
        }
        if self.parameters:
            body["parameters"] = self.parameters
        return web.json_response(body, status=self.status)


def _bad_request(detail: str) -> _ApiError:
    return _ApiError(400, f"Bad Request: {detail}")


@dataclass
class _Failure:
    method: str  # lower-case method name, or "*"
    status: int
    description: str
    retry_after: int | None
    remaining: int

    def error(self) -> _ApiError:
        params = {"retry_after": self.retry_after} if self.retry_after is not None else None
        return _ApiError(self.status, self.description, params)


_DEFAULT_DESCRIPTIONS = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    409: "Conflict",
    500: "Internal Server Error",
    502: "Bad Gateway",
}


@dataclass
class _StoredFile:
    file_id: str
    file_unique_id: str
    file_path: str
    content: bytes


class FakeTelegram:
    """In-process Telegram Bot API server for tests.

    Test-side API (all thread-safe):

    * updates: :meth:`push_update` plus builders :meth:`text_update`,
      :meth:`edited_text_update`, :meth:`callback_update`, :meth:`sticker_update`,
      :meth:`voice_update`, :meth:`photo_update`, :meth:`document_update`,
      :meth:`location_update`, :meth:`contact_update` (builders only build; push or deliver
      the result);
    * inspection: :attr:`requests`, :meth:`calls`, :meth:`sent_messages`, :meth:`sent_texts`,
      :attr:`chat_actions`, :attr:`callback_answers`, :attr:`webhook_info`, :attr:`commands`,
      :attr:`pending_updates`;
    * waiting: :meth:`wait_for`, :meth:`wait_for_messages` (blocking) and
      :meth:`wait_for_async`, :meth:`wait_for_messages_async` (for async tests whose event
      loop runs the bot — a blocking wait there would starve the bot);
    * faults: :meth:`fail_next`, :meth:`block_chat`;
    * webhooks: :meth:`deliver_webhook`, :meth:`redeliver` (+ ``_async`` variants).
    """

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        *,
        bot_username: str = "harbor_test_bot",
        bot_first_name: str = "Harbor",
        max_long_poll: float = 1.0,
    ) -> None:
        self.token = token
        self.bot_id = int(token.split(":", 1)[0])
        self.bot_username = bot_username
        self.bot_first_name = bot_first_name
        self.max_long_poll = max_long_poll

        # One re-entrant lock guards all state below; the condition wakes wait_for().
        self._cond = threading.Condition(threading.RLock())
        self._requests: list[tuple[str, dict[str, Any]]] = []
        self._updates: list[dict] = []  # pending = not yet confirmed through getUpdates' offset
        self._update_ids = itertools.count(100_000_001)
        self._allowed_updates: list[str] | None = None
        self._poll_generation = 0
        self._webhook: dict[str, Any] | None = None
        self._commands: dict[tuple[str, str], list[dict]] = {}
        self._chats: dict[int, dict] = {}
        self._last_message_id: dict[int, int] = {}
        self._messages: dict[tuple[int, int], dict] = {}  # (chat_id, message_id) -> Message
        self._sent: list[SentMessage] = []
        self._sent_by_key: dict[tuple[int, int], SentMessage] = {}
        self._chat_actions: list[tuple[int, str]] = []
        self._callback_answers: list[dict[str, Any]] = []
        self._callback_query_ids: set = set()
        self._callback_ids = itertools.count(4_382_000_000_000_000_001)
        self._files: dict[str, _StoredFile] = {}
        self._file_counter = itertools.count(1)
        self._failures: list[_Failure] = []
        self._blocked: dict[int, str] = {}
        self._left_chats: list[int] = []
        self._last_delivery: tuple[str, dict, str | None] | None = None
        self._closing = False

        # Server-side objects, owned by the background thread's loop.
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._runner: web.AppRunner | None = None
        self._updates_event: asyncio.Event | None = None
        self._port: int | None = None

        methods: dict[str, Callable[[dict[str, Any]], Awaitable[Any]]] = {
            "getMe": self._get_me,
            "logOut": self._return_true,
            "close": self._return_true,
            "getUpdates": self._get_updates,
            "setWebhook": self._set_webhook,
            "deleteWebhook": self._delete_webhook,
            "getWebhookInfo": self._get_webhook_info,
            "setMyCommands": self._set_my_commands,
            "getMyCommands": self._get_my_commands,
            "deleteMyCommands": self._delete_my_commands,
            "sendMessage": self._send_message,
            "sendDocument": self._send_document,
            "sendPhoto": self._send_photo,
            "editMessageText": self._edit_message_text,
            "editMessageReplyMarkup": self._edit_message_reply_markup,
            "deleteMessage": self._delete_message,
            "answerCallbackQuery": self._answer_callback_query,
            "sendChatAction": self._send_chat_action,
            "getFile": self._get_file,
            "leaveChat": self._leave_chat,
        }
        # Telegram resolves method names case-insensitively.
        self._methods = {name.lower(): (name, handler) for name, handler in methods.items()}

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> FakeTelegram:
        """Start serving on 127.0.0.1:<ephemeral port> in a daemon thread."""
        if self._thread is not None:
            raise RuntimeError("FakeTelegram already started")
        self._closing = False
        ready = threading.Event()
        errors: list[Exception] = []
        self._thread = threading.Thread(
            target=self._serve, args=(ready, errors), name="FakeTelegram", daemon=True
        )
        self._thread.start()
        if not ready.wait(10):
            raise RuntimeError("FakeTelegram did not start within 10s")
        if errors:
            self._thread.join()
            self._thread = None
            raise errors[0]
        return self

    def stop(self) -> None:
        """Stop the server; pending long polls answer ``[]`` immediately."""
        if self._thread is None or self._loop is None:
            return
        with self._cond:
            self._closing = True
        self._wake_pollers()
        asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(15)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(15)
        self._thread = None

    def __enter__(self) -> FakeTelegram:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def _serve(self, ready: threading.Event, errors: list[Exception]) -> None:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        try:
            loop.run_until_complete(self._start_server())
            self._loop = loop
        except Exception as exc:  # surfaced by start()
            errors.append(exc)
            ready.set()
            loop.close()
            return
        ready.set()
        try:
            loop.run_forever()
        finally:
            pending = asyncio.all_tasks(loop)
            for task in pending:
                task.cancel()
            loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.close()

    async def _start_server(self) -> None:
        self._updates_event = asyncio.Event()
        # Telegram accepts uploads up to 50 MB from bots.
        app = web.Application(client_max_size=50 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_get("/file/bot{token}/{file_path:.+}", self._handle_file)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=2.0)
        await self._runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind(("127.0.0.1", 0))
        self._port = sock.getsockname()[1]
        await web.SockSite(self._runner, sock).start()

    # ------------------------------------------------------------------ addresses

    @property
    def port(self) -> int:
        if self._port is None:
            raise RuntimeError("FakeTelegram is not started")
        return self._port

    @property
    def url(self) -> str:
        """Server root, e.g. ``http://127.0.0.1:PORT``."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def base_url(self) -> str:
        """Give this to PTB as ``base_url``; PTB appends ``{token}/{method}``."""
        return f"{self.url}/bot"

    @property
    def base_file_url(self) -> str:
        """Give this to PTB as ``base_file_url`` to download files returned by getFile."""
        return f"{self.url}/file/bot"

    @property
    def bot_user(self) -> dict:
        """The ``User`` object getMe returns."""
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": self.bot_first_name,
            "username": self.bot_username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    def _bot_sender(self) -> dict:
        """The shorter ``from`` Telegram puts on messages the bot sent."""
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": self.bot_first_name,
            "username": self.bot_username,
        }

    # ------------------------------------------------------------------ HTTP plumbing

    async def _handle_api(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            # Telegram answers 401 for a well-formed token it does not know.
            return _ApiError(401, "Unauthorized").response()
        raw_method = request.match_info["method"]
        name, handler = self._methods.get(raw_method.lower(), (raw_method, None))
        params, decode_error = await self._read_params(request)
        with self._cond:
            self._requests.append((name, params))
            failure = self._take_failure(name) if handler is not None else None
            self._cond.notify_all()
        if handler is None:
            return _ApiError(404, "Not Found: method not found").response()
        try:
            if decode_error is not None:
                raise decode_error
            if failure is not None:
                raise failure.error()
            self._check_blocked(name, params)
            result = await handler(params)
        except _ApiError as err:
            return err.response()
        finally:
            with self._cond:
                self._cond.notify_all()
        return web.json_response({"ok": True, "result": result})

    async def _handle_file(self, request: web.Request) -> web.Response:
        """File downloads: ``https://api.telegram.org/file/bot<token>/<file_path>``."""
        if request.match_info["token"] != self.token:
            return _ApiError(401, "Unauthorized").response()
        path = request.match_info["file_path"]
        with self._cond:
            stored = next((f for f in self._files.values() if f.file_path == path), None)
        if stored is None:
            return _ApiError(404, "Not Found").response()
        return web.Response(body=stored.content, content_type="application/octet-stream")

    async def _read_params(self, request: web.Request) -> tuple[dict[str, Any], _ApiError | None]:
        """Decoded parameters, plus the 400 to answer if something could not be parsed.

        A request with an unparsable value is still recorded (with that value as sent), so
        tests can see what the bot tried."""
        raw: dict[str, Any] = dict(request.query)
        files: dict[str, UploadedFile] = {}
        error: _ApiError | None = None
        if request.method == "POST":
            ctype = request.content_type
            if ctype == "application/json":
                try:
                    body = await request.json()
                except ValueError:
                    body = None
                if isinstance(body, dict):
                    raw.update(body)
                else:
                    error = _bad_request("can't parse JSON object")
            elif ctype in ("application/x-www-form-urlencoded", "multipart/form-data"):
                form = await request.post()
                for key, value in form.items():
                    if isinstance(value, web.FileField):
                        files[key] = UploadedFile(
                            filename=value.filename,
                            content=value.file.read(),
                            content_type=value.content_type,
                            field_name=key,
                        )
                    else:
                        raw[key] = value
        params: dict[str, Any] = {}
        for key, value in raw.items():
            try:
                params[key] = _decode_value(key, value)
            except _ApiError as err:
                params[key] = value
                error = error or err
        for key, upload in files.items():
            params.setdefault(key, upload)  # a file sent directly under its parameter name
        for key, value in list(params.items()):
            if isinstance(value, str) and value.startswith("attach://"):
                attached = files.get(value[len("attach://") :])
                if attached is None:
                    error = error or _bad_request(f"file {value} not found in the request")
                else:
                    params[key] = attached
        return params, error

    def _take_failure(self, method: str) -> _Failure | None:
        for failure in self._failures:
            if failure.method in (method.lower(), "*"):
                failure.remaining -= 1
                if failure.remaining <= 0:
                    self._failures.remove(failure)
                return failure
        return None

    def _check_blocked(self, method: str, params: dict[str, Any]) -> None:
        """A user who blocked the bot makes every send* method answer 403."""
        if not method.startswith("send"):
            return
        with self._cond:
            description = self._blocked.get(params.get("chat_id"))  # type: ignore[arg-type]
        if description is not None:
            raise _ApiError(403, description)

    def _wake_pollers(self) -> None:
        loop, event = self._loop, self._updates_event
        if loop is not None and event is not None and not loop.is_closed():
            try:
                loop.call_soon_threadsafe(event.set)
            except RuntimeError:  # loop closed meanwhile
                pass

    # ------------------------------------------------------------------ Bot API methods

    async def _return_true(self, params: dict[str, Any]) -> bool:
        return True

    async def _get_me(self, params: dict[str, Any]) -> dict:
        return self.bot_user

    async def _get_updates(self, params: dict[str, Any]) -> list[dict]:
        """getUpdates with Telegram's semantics.

        * ``offset``: updates with ``update_id < offset`` are confirmed and dropped forever; a
          negative offset keeps only the last ``-offset`` updates.
        * ``limit``: 1-100, default 100.
        * ``timeout``: long polling — if nothing is pending, wait (capped at ``max_long_poll``)
          until an update arrives.
        * ``allowed_updates``: remembered across calls; by default chat_member and reaction
          updates are not delivered.
        * A newer getUpdates call terminates a waiting older one with 409 Conflict, and
          getUpdates is refused with 409 while a webhook is set.
        """
        offset = params.get("offset")
        limit = params.get("limit", 100)
        timeout = params.get("timeout", 0) or 0
        if not isinstance(offset, (int, type(None))) or not isinstance(limit, int):
            raise _bad_request("wrong parameter offset or limit")
        limit = min(max(limit, 1), 100)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + min(max(float(timeout), 0.0), self.max_long_poll)

        with self._cond:
            self._refuse_if_webhook_active()
            if "allowed_updates" in params:
                self._allowed_updates = list(params["allowed_updates"] or []) or None
            self._poll_generation += 1
            generation = self._poll_generation
            self._confirm_updates(offset)
            self._cond.notify_all()
        assert self._updates_event is not None
        self._updates_event.set()  # lets an older waiting getUpdates notice it was superseded

        while True:
            self._updates_event.clear()
            with self._cond:
                if self._poll_generation != generation:
                    raise _ApiError(
                        409,
                        "Conflict: terminated by other getUpdates request; "
                        "make sure that only one bot instance is running",
                    )
                self._refuse_if_webhook_active()
                batch = [copy.deepcopy(u) for u in self._updates if self._is_allowed(u)][:limit]
                if batch or self._closing:
                    return batch
            remaining = deadline - loop.time()
            if remaining <= 0:
                return []
            try:
                await asyncio.wait_for(self._updates_event.wait(), remaining)
            except asyncio.TimeoutError:  # not the builtin TimeoutError before 3.11
                pass

    def _refuse_if_webhook_active(self) -> None:
        if self._webhook is not None:
            raise _ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )

    def _confirm_updates(self, offset: int | None) -> None:
        if offset is None or offset == 0:
            return
        if offset > 0:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        else:
            self._updates = self._updates[offset:]

    def _is_allowed(self, update: dict) -> bool:
        kind = next((k for k in update if k != "update_id"), None)
        if self._allowed_updates is None:
            return kind not in _NOT_DELIVERED_BY_DEFAULT
        return kind in self._allowed_updates

    async def _set_webhook(self, params: dict[str, Any]) -> bool:
        url = params.get("url", "")
        if not url:  # setWebhook with an empty url removes the webhook
            return await self._delete_webhook(params)
        if not str(url).startswith("https://"):
            raise _bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        secret = params.get("secret_token")
        if secret is not None and not _SECRET_TOKEN_RE.fullmatch(str(secret)):
            raise _bad_request("secret token contains unallowed characters")
        max_connections = params.get("max_connections", 40)
        if not isinstance(max_connections, int) or not 1 <= max_connections <= 100:
            raise _bad_request("bad webhook: max_connections must be between 1 and 100")
        with self._cond:
            if params.get("drop_pending_updates"):
                self._updates.clear()
            if "allowed_updates" in params:
                self._allowed_updates = list(params["allowed_updates"] or []) or None
            self._webhook = {
                "url": url,
                "secret_token": secret,
                "max_connections": max_connections,
                "ip_address": params.get("ip_address"),
                "has_custom_certificate": "certificate" in params,
            }
        self._wake_pollers()  # a waiting getUpdates is now in conflict
        return True

    async def _delete_webhook(self, params: dict[str, Any]) -> bool:
        with self._cond:
            self._webhook = None
            if params.get("drop_pending_updates"):
                self._updates.clear()
        return True

    async def _get_webhook_info(self, params: dict[str, Any]) -> dict:
        with self._cond:
            info: dict[str, Any] = {
                "url": "",
                "has_custom_certificate": False,
                "pending_update_count": len(self._updates),
            }
            if self._webhook is not None:
                info.update(
                    url=self._webhook["url"],
                    has_custom_certificate=self._webhook["has_custom_certificate"],
                    max_connections=self._webhook["max_connections"],
                )
                if self._webhook["ip_address"]:
                    info["ip_address"] = self._webhook["ip_address"]
            if self._allowed_updates is not None:
                info["allowed_updates"] = list(self._allowed_updates)
            return info

    @staticmethod
    def _commands_key(params: dict[str, Any]) -> tuple[str, str]:
        scope = params.get("scope") or {"type": "default"}
        return json.dumps(scope, sort_keys=True), params.get("language_code") or ""

    async def _set_my_commands(self, params: dict[str, Any]) -> bool:
        """Commands are stored per (scope, language_code), validated like Telegram's docs say:
        1-32 chars of lowercase letters, digits, underscores; description 1-256 chars."""
        commands = params.get("commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise _bad_request("can't parse commands JSON object")
        for command in commands:
            if not isinstance(command, dict) or not _BOT_COMMAND_RE.fullmatch(
                str(command.get("command", ""))
            ):
                raise _bad_request("BOT_COMMAND_INVALID")
            if not 1 <= len(str(command.get("description", ""))) <= 256:
                raise _bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        with self._cond:
            self._commands[self._commands_key(params)] = copy.deepcopy(commands)
        return True

    async def _get_my_commands(self, params: dict[str, Any]) -> list[dict]:
        with self._cond:
            return copy.deepcopy(self._commands.get(self._commands_key(params), []))

    async def _delete_my_commands(self, params: dict[str, Any]) -> bool:
        with self._cond:
            self._commands.pop(self._commands_key(params), None)
        return True

    async def _send_message(self, params: dict[str, Any]) -> dict:
        chat_id = self._require_chat_id(params)
        text = params.get("text")
        if not isinstance(text, str) or not text.strip():
            raise _bad_request("message text is empty")
        if len(text) > 4096:
            raise _bad_request("message is too long")
        markup = self._check_reply_markup(params)
        with self._cond:
            message = self._new_bot_message(chat_id, params, text=text)
            if params.get("entities"):
                message["entities"] = params["entities"]
            return self._record_sent("sendMessage", chat_id, params, message, markup, None)

    async def _send_document(self, params: dict[str, Any]) -> dict:
        """sendDocument: a multipart upload (filename and bytes are recorded), an existing
        ``file_id`` or an HTTP URL."""
        chat_id = self._require_chat_id(params)
        document = params.get("document")
        caption = params.get("caption")
        if caption is not None and len(caption) > 1024:
            raise _bad_request("message caption is too long")
        markup = self._check_reply_markup(params)
        with self._cond:
            if isinstance(document, UploadedFile):
                upload = document
                stored = self._store_file(
                    upload.content, "documents", upload.filename or "document"
                )
                file_name = upload.filename
                mime_type = upload.content_type or "application/octet-stream"
            elif isinstance(document, str) and document in self._files:
                stored = self._files[document]
                upload = UploadedFile(
                    filename=stored.file_path.rsplit("/", 1)[-1],
                    content=stored.content,
                    reference=document,
                )
                file_name, mime_type = upload.filename, "application/octet-stream"
            elif isinstance(document, str) and document.startswith(("http://", "https://")):
                file_name = document.rstrip("/").rsplit("/", 1)[-1] or "file"
                stored = self._store_file(b"", "documents", file_name)
                upload = UploadedFile(filename=file_name, content=b"", reference=document)
                mime_type = "application/octet-stream"
            elif document is None:
                raise _bad_request("there is no document in the request")
            else:
                raise _bad_request("wrong file identifier/HTTP URL specified")
            content: dict[str, Any] = {
                "document": {
                    "file_id": stored.file_id,
                    "file_unique_id": stored.file_unique_id,
                    "file_name": file_name,
                    "mime_type": mime_type,
                    "file_size": len(stored.content),
                }
            }
            if caption:
                content["caption"] = caption
            message = self._new_bot_message(chat_id, params, **content)
            return self._record_sent("sendDocument", chat_id, params, message, markup, upload)

    async def _send_photo(self, params: dict[str, Any]) -> dict:
        """sendPhoto: a multipart upload; the returned Message carries ``photo`` sizes, as
        Telegram's does (one size here: the fake does not resize)."""
        chat_id = self._require_chat_id(params)
        photo = params.get("photo")
        caption = params.get("caption")
        if caption is not None and len(caption) > 1024:
            raise _bad_request("message caption is too long")
        if not isinstance(photo, UploadedFile):
            raise _bad_request("there is no photo in the request")
        if not photo.content.startswith(b"\x89PNG") and not photo.content.startswith(b"\xff\xd8"):
            raise _bad_request("IMAGE_PROCESS_FAILED")
        markup = self._check_reply_markup(params)
        with self._cond:
            stored = self._store_file(photo.content, "photos", photo.filename or "photo.png")
            content: dict[str, Any] = {"photo": [{
                "file_id": stored.file_id, "file_unique_id": stored.file_unique_id,
                "width": 1, "height": 1, "file_size": len(stored.content)}]}
            if caption:
                content["caption"] = caption
            message = self._new_bot_message(chat_id, params, **content)
            return self._record_sent("sendPhoto", chat_id, params, message, markup, photo)

    async def _edit_message_text(self, params: dict[str, Any]) -> Any:
        """Like Telegram: editing without ``reply_markup`` removes the inline keyboard, and an
        edit that changes nothing answers 400 "message is not modified"."""
        text = params.get("text")
        if not isinstance(text, str) or not text.strip():
            raise _bad_request("message text is empty")
        if len(text) > 4096:
            raise _bad_request("MESSAGE_TOO_LONG")
        return self._edit("editMessageText", params, text=text)

    async def _edit_message_reply_markup(self, params: dict[str, Any]) -> Any:
        return self._edit("editMessageReplyMarkup", params, text=None)

    def _edit(self, method: str, params: dict[str, Any], *, text: str | None) -> Any:
        markup = self._check_reply_markup(params)
        if markup is not None and "inline_keyboard" not in markup:
            raise _bad_request("inline keyboard expected")
        if params.get("inline_message_id"):
            return True  # messages sent via inline mode: Telegram answers just True
        chat_id = self._require_chat_id(params)
        message_id = params.get("message_id")
        if not isinstance(message_id, int):
            raise _bad_request("message identifier is not specified")
        with self._cond:
            current = self._messages.get((chat_id, message_id))
            if current is None:
                raise _bad_request("message to edit not found")
            if current.get("from", {}).get("id") != self.bot_id and "sender_chat" not in current:
                raise _bad_request("message can't be edited")
            new_text = current.get("text") if text is None else text
            if new_text == current.get("text") and markup == current.get("reply_markup"):
                raise _bad_request(
                    "message is not modified: specified new message content and reply markup "
                    "are exactly the same as a current content and reply markup of the message"
                )
            edited = copy.deepcopy(current)
            if text is not None:
                edited["text"] = text
            edited.pop("reply_markup", None)
            if markup is not None:
                edited["reply_markup"] = markup
            edited["edit_date"] = int(time.time())
            self._messages[(chat_id, message_id)] = edited
            sent = self._sent_by_key.get((chat_id, message_id))
            if sent is not None:
                sent.edits.append(
                    {
                        "method": method,
                        "text": edited.get("text"),
                        "reply_markup": markup,
                        "params": params,
                    }
                )
            return copy.deepcopy(edited)

    async def _delete_message(self, params: dict[str, Any]) -> bool:
        chat_id = self._require_chat_id(params)
        with self._cond:
            if self._messages.pop((chat_id, params.get("message_id")), None) is None:
                raise _bad_request("message to delete not found")
            sent = self._sent_by_key.get((chat_id, params.get("message_id")))
            if sent is not None:
                sent.deleted = True
        return True

    async def _answer_callback_query(self, params: dict[str, Any]) -> bool:
        """Only ids of callback queries that were pushed/delivered are accepted."""
        query_id = params.get("callback_query_id")
        with self._cond:
            if query_id not in self._callback_query_ids:
                raise _bad_request(
                    "query is too old and response timeout expired or query ID is invalid"
                )
            self._callback_answers.append(dict(params))
        return True

    async def _send_chat_action(self, params: dict[str, Any]) -> bool:
        chat_id = self._require_chat_id(params)
        action = params.get("action")
        if action not in _CHAT_ACTIONS:
            raise _bad_request("wrong parameter action in request")
        with self._cond:
            self._chat_actions.append((chat_id, action))
        return True

    async def _get_file(self, params: dict[str, Any]) -> dict:
        with self._cond:
            stored = self._files.get(params.get("file_id"))  # type: ignore[arg-type]
        if stored is None:
            raise _bad_request("invalid file_id")
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.content),
            "file_path": stored.file_path,
        }

    async def _leave_chat(self, params: dict[str, Any]) -> bool:
        chat_id = self._require_chat_id(params)
        with self._cond:
            self._left_chats.append(chat_id)
        return True

    # ------------------------------------------------------------------ method helpers

    def _require_chat_id(self, params: dict[str, Any]) -> int:
        chat_id = params.get("chat_id")
        if chat_id is None or chat_id == "":
            raise _bad_request("chat_id is empty")
        if not isinstance(chat_id, int) or isinstance(chat_id, bool):
            raise _bad_request("chat not found")
        return chat_id

    @staticmethod
    def _check_reply_markup(params: dict[str, Any]) -> dict | None:
        markup = params.get("reply_markup")
        if markup is None:
            return None
        if not isinstance(markup, dict):
            raise _bad_request("can't parse reply keyboard markup JSON object")
        for row in markup.get("inline_keyboard", []):
            for button in row:
                data = button.get("callback_data")
                if data is not None and not 1 <= len(str(data).encode("utf-8")) <= 64:
                    raise _bad_request("BUTTON_DATA_INVALID")
        return markup

    def _chat(self, chat_id: int) -> dict:
        known = self._chats.get(chat_id)
        if known is not None:
            return copy.deepcopy(known)
        if chat_id > 0:
            return {"id": chat_id, "type": "private", "first_name": "User"}
        if str(chat_id).startswith("-100"):
            return {"id": chat_id, "type": "supergroup", "title": "Harbor Test Supergroup"}
        return {"id": chat_id, "type": "group", "title": "Harbor Test Group"}

    def _next_message_id(self, chat_id: int) -> int:
        self._last_message_id[chat_id] = self._last_message_id.get(chat_id, 0) + 1
        return self._last_message_id[chat_id]

    def _new_bot_message(self, chat_id: int, params: dict[str, Any], **content: Any) -> dict:
        chat = self._chat(chat_id)
        message: dict[str, Any] = {"message_id": self._next_message_id(chat_id)}
        if chat["type"] == "channel":
            message["sender_chat"] = chat
        else:
            message["from"] = self._bot_sender()
        message.update(chat=chat, date=int(time.time()), **content)
        reply_to = (params.get("reply_parameters") or {}).get("message_id") or params.get(
            "reply_to_message_id"
        )
        if reply_to is not None and (chat_id, reply_to) in self._messages:
            original = copy.deepcopy(self._messages[(chat_id, reply_to)])
            original.pop("reply_to_message", None)  # Telegram does not nest replies
            message["reply_to_message"] = original
        markup = params.get("reply_markup")
        # Only inline keyboards are part of a Message; reply keyboards are not echoed.
        if isinstance(markup, dict) and "inline_keyboard" in markup:
            message["reply_markup"] = markup
        return message

    def _record_sent(
        self,
        method: str,
        chat_id: int,
        params: dict[str, Any],
        message: dict,
        markup: dict | None,
        document: UploadedFile | None,
    ) -> dict:
        self._messages[(chat_id, message["message_id"])] = message
        sent = SentMessage(
            method=method,
            chat_id=chat_id,
            message_id=message["message_id"],
            text=message.get("text"),
            caption=message.get("caption"),
            reply_markup=markup,
            parse_mode=params.get("parse_mode"),
            params=params,
            message=copy.deepcopy(message),
            document=document,
        )
        self._sent.append(sent)
        self._sent_by_key[(chat_id, sent.message_id)] = sent
        self._cond.notify_all()
        return copy.deepcopy(message)

    def _store_file(self, content: bytes, folder: str, filename: str) -> _StoredFile:
        number = next(self._file_counter)
        extension = filename.rsplit(".", 1)[-1] if "." in filename else "bin"
        stored = _StoredFile(
            file_id=f"BQACAgIAAxkBAAI{number:06d}-fake",
            file_unique_id=f"AgAD{number:06d}",
            file_path=f"{folder}/file_{number}.{extension}",
            content=content,
        )
        self._files[stored.file_id] = stored
        return stored

    # ------------------------------------------------------------------ updates (test side)

    def restart_update_ids(self, first: int) -> None:
        """Hand out update ids from `first` again, as Telegram does after a week without updates."""
        with self._cond:
            self._update_ids = itertools.count(first)

    def push_update(self, update: dict) -> dict:
        """Queue an update for getUpdates, assigning the next ``update_id`` (Telegram's ids
        increase by one).  Returns the queued update."""
        update = copy.deepcopy(update)
        with self._cond:
            update["update_id"] = next(self._update_ids)
            self._remember(update)
            self._updates.append(update)
            self._cond.notify_all()
        self._wake_pollers()
        return copy.deepcopy(update)

    def _remember(self, update: dict) -> None:
        """Index what an update tells us: chats, message ids, callback query ids."""
        for key in ("message", "edited_message", "channel_post", "edited_channel_post"):
            message = update.get(key)
            if isinstance(message, dict) and "chat" in message and "message_id" in message:
                chat_id = message["chat"]["id"]
                self._chats.setdefault(chat_id, copy.deepcopy(message["chat"]))
                self._messages[(chat_id, message["message_id"])] = copy.deepcopy(message)
                last = self._last_message_id.get(chat_id, 0)
                self._last_message_id[chat_id] = max(last, message["message_id"])
        query = update.get("callback_query")
        if isinstance(query, dict) and "id" in query:
            self._callback_query_ids.add(query["id"])

    @property
    def pending_updates(self) -> list[dict]:
        """Updates not yet confirmed by a getUpdates ``offset``."""
        with self._cond:
            return copy.deepcopy(self._updates)

    def _user(self, user_id: int, first_name: str) -> dict:
        return {"id": user_id, "is_bot": False, "first_name": first_name, "language_code": "en"}

    def _make_chat(self, chat_id: int, chat_type: str, first_name: str) -> dict:
        if chat_type == "private":
            return {"id": chat_id, "type": "private", "first_name": first_name}
        titles = {"group": "Harbor Test Group", "supergroup": "Harbor Test Supergroup"}
        return {"id": chat_id, "type": chat_type, "title": titles.get(chat_type, "Harbor Channel")}

    def _user_message(
        self,
        chat_id: int,
        *,
        chat_type: str,
        user_id: int | None,
        first_name: str,
        message_id: int | None,
        kind: str = "message",
        **content: Any,
    ) -> dict:
        """Build ``{kind: Message}`` as Telegram sends it for something a user posted.

        In private chats the user id equals the chat id; channel posts have ``sender_chat``
        instead of ``from`` and arrive as ``channel_post``."""
        chat = self._make_chat(chat_id, chat_type, first_name)
        with self._cond:
            self._chats[chat_id] = copy.deepcopy(chat)
            if message_id is None:
                message_id = self._next_message_id(chat_id)
        message: dict[str, Any] = {"message_id": message_id}
        if chat_type == "channel":
            kind = "channel_post" if kind == "message" else "edited_channel_post"
            message["sender_chat"] = chat
        else:
            if user_id is None:
                user_id = chat_id if chat_type == "private" else 5_550_001
            message["from"] = self._user(user_id, first_name)
        message.update(chat=chat, date=int(time.time()), **content)
        return {kind: message}

    def text_update(
        self,
        chat_id: int,
        text: str,
        *,
        chat_type: str = "private",
        user_id: int | None = None,
        first_name: str = "Sam",
        message_id: int | None = None,
    ) -> dict:
        """A text message; ``/commands`` get ``bot_command`` entities like Telegram adds."""
        content: dict[str, Any] = {"text": text}
        entities = _command_entities(text)
        if entities:
            content["entities"] = entities
        return self._user_message(
            chat_id,
            chat_type=chat_type,
            user_id=user_id,
            first_name=first_name,
            message_id=message_id,
            **content,
        )

    def edited_text_update(
        self,
        chat_id: int,
        text: str,
        *,
        message_id: int,
        chat_type: str = "private",
        user_id: int | None = None,
        first_name: str = "Sam",
    ) -> dict:
        """The user edited their earlier message ``message_id``: an ``edited_message``."""
        update = self._user_message(
            chat_id,
            chat_type=chat_type,
            user_id=user_id,
            first_name=first_name,
            message_id=message_id,
            kind="edited_message",
            text=text,
        )
        message = next(iter(update.values()))
        with self._cond:
            original = self._messages.get((chat_id, message_id))
        if original is not None:
            message["date"] = original["date"]  # date stays the original sending time
        message["edit_date"] = int(time.time())
        entities = _command_entities(text)
        if entities:
            message["entities"] = entities
        return update

    def callback_update(
        self,
        chat_id: int,
        data: str,
        *,
        message_id: int,
        chat_type: str = "private",
        user_id: int | None = None,
        first_name: str = "Sam",
    ) -> dict:
        """The user pressed an inline button with ``callback_data=data`` on message
        ``message_id``.  The update carries the bot's message as currently stored."""
        if user_id is None:
            user_id = chat_id if chat_type == "private" else 5_550_001
        with self._cond:
            message = copy.deepcopy(self._messages.get((chat_id, message_id)))
            query_id = str(next(self._callback_ids))
        if message is None:
            message = {
                "message_id": message_id,
                "from": self._bot_sender(),
                "chat": self._make_chat(chat_id, chat_type, first_name),
                "date": int(time.time()),
                "text": "",
            }
        return {
            "callback_query": {
                "id": query_id,
                "from": self._user(user_id, first_name),
                "message": message,
                "chat_instance": str(abs(chat_id) * 1_000_003 + self.bot_id),
                "data": data,
            }
        }

    def sticker_update(
        self,
        chat_id: int,
        *,
        emoji: str = "\N{THUMBS UP SIGN}",
        chat_type: str = "private",
        user_id: int | None = None,
        first_name: str = "Sam",
        message_id: int | None = None,
    ) -> dict:
        with self._cond:
            stored = self._store_file(b"RIFF-fake-webp", "stickers", "sticker.webp")
        sticker = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": emoji,
            "set_name": "HarborTestStickers",
            "file_size": len(stored.content),
        }
        return self._user_message(
            chat_id,
            chat_type=chat_type,
            user_id=user_id,
            first_name=first_name,
            message_id=message_id,
            sticker=sticker,
        )

    def voice_update(
        self,
        chat_id: int,
        *,
        duration: int = 3,
        content: bytes = b"OggS-fake-voice",
        chat_type: str = "private",
        user_id: int | None = None,
        first_name: str = "Sam",
        message_id: int | None = None,
    ) -> dict:
        """A voice note; its bytes are downloadable via getFile + ``base_file_url``."""
        with self._cond:
            stored = self._store_file(content, "voice", "voice.oga")
        voice = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "duration": duration,
            "mime_type": "audio/ogg",
            "file_size": len(content),
        }
        return self._user_message(
            chat_id,
            chat_type=chat_type,
            user_id=user_id,
            first_name=first_name,
            message_id=message_id,
            voice=voice,
        )

    def photo_update(
        self,
        chat_id: int,
        *,
        caption: str | None = None,
        content: bytes = b"\xff\xd8\xff\xe0fake-jpeg",
        chat_type: str = "private",
        user_id: int | None = None,
        first_name: str = "Sam",
        message_id: int | None = None,
    ) -> dict:
        """A photo: Telegram sends several sizes, smallest first."""
        with self._cond:
            small = self._store_file(content, "photos", "photo.jpg")
            large = self._store_file(content, "photos", "photo.jpg")
        photo = [
            {
                "file_id": small.file_id,
                "file_unique_id": small.file_unique_id,
                "width": 90,
                "height": 67,
                "file_size": len(content),
            },
            {
                "file_id": large.file_id,
                "file_unique_id": large.file_unique_id,
                "width": 1280,
                "height": 960,
                "file_size": len(content),
            },
        ]
        extra: dict[str, Any] = {"photo": photo}
        if caption is not None:
            extra["caption"] = caption
        return self._user_message(
            chat_id,
            chat_type=chat_type,
            user_id=user_id,
            first_name=first_name,
            message_id=message_id,
            **extra,
        )

    def document_update(
        self,
        chat_id: int,
        *,
        file_name: str = "report.pdf",
        mime_type: str = "application/pdf",
        content: bytes = b"%PDF-1.4 fake",
        caption: str | None = None,
        chat_type: str = "private",
        user_id: int | None = None,
        first_name: str = "Sam",
        message_id: int | None = None,
    ) -> dict:
        with self._cond:
            stored = self._store_file(content, "documents", file_name)
        extra: dict[str, Any] = {
            "document": {
                "file_id": stored.file_id,
                "file_unique_id": stored.file_unique_id,
                "file_name": file_name,
                "mime_type": mime_type,
                "file_size": len(content),
            }
        }
        if caption is not None:
            extra["caption"] = caption
        return self._user_message(
            chat_id,
            chat_type=chat_type,
            user_id=user_id,
            first_name=first_name,
            message_id=message_id,
            **extra,
        )

    def location_update(
        self,
        chat_id: int,
        latitude: float = 52.52,
        longitude: float = 13.405,
        *,
        chat_type: str = "private",
        user_id: int | None = None,
        first_name: str = "Sam",
        message_id: int | None = None,
    ) -> dict:
        return self._user_message(
            chat_id,
            chat_type=chat_type,
            user_id=user_id,
            first_name=first_name,
            message_id=message_id,
            location={"latitude": latitude, "longitude": longitude},
        )

    def contact_update(
        self,
        chat_id: int,
        phone_number: str = "+15555550100",
        *,
        contact_first_name: str | None = None,
        contact_user_id: int | None = None,
        chat_type: str = "private",
        user_id: int | None = None,
        first_name: str = "Sam",
        message_id: int | None = None,
    ) -> dict:
        """A shared contact.  By default the user shares their own contact (what a
        ``request_contact`` keyboard button produces)."""
        sender_id = user_id if user_id is not None else chat_id
        contact = {
            "phone_number": phone_number,
            "first_name": contact_first_name or first_name,
            "user_id": contact_user_id if contact_user_id is not None else sender_id,
        }
        return self._user_message(
            chat_id,
            chat_type=chat_type,
            user_id=user_id,
            first_name=first_name,
            message_id=message_id,
            contact=contact,
        )

    # ------------------------------------------------------------------ inspection

    @property
    def requests(self) -> list[tuple[str, dict[str, Any]]]:
        """Every authenticated API request received, as ``(method, params)``, including
        ones answered with an error."""
        with self._cond:
            return list(self._requests)

    def calls(self, method: str) -> list[dict[str, Any]]:
        """Parameters of every request to ``method`` (case-insensitive)."""
        return [params for name, params in self.requests if name.lower() == method.lower()]

    def sent_messages(self, chat_id: int | None = None) -> list[SentMessage]:
        """Messages successfully sent via sendMessage/sendDocument, oldest first."""
        with self._cond:
            return [m for m in self._sent if chat_id is None or m.chat_id == chat_id]

    def sent_texts(self, chat_id: int | None = None) -> list[str | None]:
        return [m.text if m.text is not None else m.caption for m in self.sent_messages(chat_id)]

    @property
    def chat_actions(self) -> list[tuple[int, str]]:
        with self._cond:
            return list(self._chat_actions)

    @property
    def callback_answers(self) -> list[dict[str, Any]]:
        with self._cond:
            return list(self._callback_answers)

    @property
    def left_chats(self) -> list[int]:
        with self._cond:
            return list(self._left_chats)

    @property
    def webhook_info(self) -> dict[str, Any] | None:
        """What the bot registered with setWebhook (url, secret_token, ...), or None."""
        with self._cond:
            return copy.deepcopy(self._webhook)

    def commands(self, scope: dict | None = None, language_code: str = "") -> list[dict]:
        """Commands registered via setMyCommands for ``scope`` (default scope if None)."""
        key = self._commands_key({"scope": scope, "language_code": language_code})
        with self._cond:
            return copy.deepcopy(self._commands.get(key, []))

    # ------------------------------------------------------------------ waiting

    def wait_for(
        self, predicate: Callable[[], Any], timeout: float = 10, *, description: str = ""
    ) -> Any:
        """Block until ``predicate()`` is truthy (re-checked whenever the fake's state changes);
        return its value.  On timeout raise AssertionError listing what the bot sent."""
        with self._cond:
            result = self._cond.wait_for(predicate, timeout)
            if result:
                return result
            what = description or getattr(predicate, "__name__", repr(predicate))
            raise AssertionError(f"timed out after {timeout}s waiting for {what}\n{self.report()}")

    def wait_for_messages(self, chat_id: int, count: int, timeout: float = 10) -> list[SentMessage]:
        """Block until at least ``count`` messages were sent to ``chat_id``; return them all."""
        self.wait_for(
            lambda: len(self.sent_messages(chat_id)) >= count,
            timeout,
            description=f"{count} message(s) to chat {chat_id}",
        )
        return self.sent_messages(chat_id)

    async def wait_for_async(
        self, predicate: Callable[[], Any], timeout: float = 10, *, description: str = ""
    ) -> Any:
        """:meth:`wait_for` without blocking the calling event loop (it waits in a worker
        thread), for async tests where the bot runs on the test's loop."""
        call = functools.partial(self.wait_for, predicate, timeout, description=description)
        return await asyncio.get_running_loop().run_in_executor(None, call)

    async def wait_for_messages_async(
        self, chat_id: int, count: int, timeout: float = 10
    ) -> list[SentMessage]:
        call = functools.partial(self.wait_for_messages, chat_id, count, timeout)
        return await asyncio.get_running_loop().run_in_executor(None, call)

    def report(self) -> str:
        """Human-readable summary of sent messages and received requests (for failures)."""
        with self._cond:
            lines = ["messages sent by the bot:"]
            lines += [f"  {m.describe()}" for m in self._sent] or ["  (none)"]
            lines.append("requests received:")
            summary: list[list[Any]] = []
            for name, _ in self._requests:
                if summary and summary[-1][0] == name:
                    summary[-1][1] += 1
                else:
                    summary.append([name, 1])
            lines.append(
                "  " + (", ".join(n if c == 1 else f"{n} x{c}" for n, c in summary) or "(none)")
            )
            return "\n".join(lines)

    # ------------------------------------------------------------------ fault injection

    def fail_next(
        self,
        method: str,
        status: int = 500,
        retry_after: int | None = None,
        description: str | None = None,
        times: int = 1,
    ) -> None:
        """Make the next ``times`` calls of ``method`` ("*" = any method) fail with ``status``.

        429 answers like Telegram's flood control:
        ``{"ok":false,"error_code":429,"description":"Too Many Requests: retry after N",
        "parameters":{"retry_after":N}}`` (N defaults to 1)."""
        if status == 429 and retry_after is None:
            retry_after = 1
        if description is None:
            if status == 429:
                description = f"Too Many Requests: retry after {retry_after}"
            else:
                description = _DEFAULT_DESCRIPTIONS.get(status, "Internal Server Error")
        with self._cond:
            self._failures.append(_Failure(method.lower(), status, description, retry_after, times))

    def block_chat(
        self, chat_id: int, description: str = "Forbidden: bot was blocked by the user"
    ) -> None:
        """The user blocked the bot: send* methods to ``chat_id`` answer 403."""
        with self._cond:
            self._blocked[chat_id] = description

    def unblock_chat(self, chat_id: int) -> None:
        with self._cond:
            self._blocked.pop(chat_id, None)

    # ------------------------------------------------------------------ webhooks

    def _prepare_delivery(self, url: str, update: dict, secret_token: str | None) -> dict:
        update = copy.deepcopy(update)
        with self._cond:
            if "update_id" not in update:
                update["update_id"] = next(self._update_ids)
            self._remember(update)
            self._last_delivery = (url, update, secret_token)
        return update

    async def _post_update(self, url: str, update: dict, secret_token: str | None) -> int:
        """What Telegram does for a webhook: POST the Update as JSON, with the secret header
        when one was set; only the HTTP status matters."""
        headers = {"Content-Type": "application/json"}
        if secret_token is not None:
            headers["X-Telegram-Bot-Api-Secret-Token"] = secret_token
        timeout = aiohttp.ClientTimeout(total=30)
        async with (
            aiohttp.ClientSession(timeout=timeout) as session,
            session.post(url, data=json.dumps(update), headers=headers) as response,
        ):
            await response.read()
            return response.status

    def _submit(self, coro: Coroutine[Any, Any, int]) -> concurrent.futures.Future[int]:
        if self._loop is None:
            raise RuntimeError("FakeTelegram is not started")
        return asyncio.run_coroutine_threadsafe(coro, self._loop)

    def deliver_webhook(
        self, url: str, update: dict, secret_token: str | None = None, timeout: float = 30
    ) -> int:
        """POST ``update`` (``update_id`` assigned if missing) to ``url``; return the status.

        Blocks the calling thread: from an async test whose loop serves the webhook use
        :meth:`deliver_webhook_async`.  The secret the bot registered is in
        ``webhook_info["secret_token"]``."""
        update = self._prepare_delivery(url, update, secret_token)
        return self._submit(self._post_update(url, update, secret_token)).result(timeout)

    async def deliver_webhook_async(
        self, url: str, update: dict, secret_token: str | None = None
    ) -> int:
        update = self._prepare_delivery(url, update, secret_token)
        future = self._submit(self._post_update(url, update, secret_token))
        return await asyncio.wrap_future(future)

    def _last(self) -> tuple[str, dict, str | None]:
        with self._cond:
            if self._last_delivery is None:
                raise RuntimeError("nothing was delivered yet")
            return self._last_delivery

    def redeliver(self, timeout: float = 30) -> int:
        """POST the last delivered update again, unchanged (Telegram retries a webhook
        delivery that did not get a 2xx answer)."""
        url, update, secret = self._last()
        return self._submit(self._post_update(url, update, secret)).result(timeout)

    async def redeliver_async(self) -> int:
        url, update, secret = self._last()
        return await asyncio.wrap_future(self._submit(self._post_update(url, update, secret)))


def _decode_value(name: str, value: Any) -> Any:
    """Turn a form-encoded string back into the value the bot meant (see tables above)."""
    if not isinstance(value, str):
        return value
    if name in _JSON_FIELDS:
        try:
            return json.loads(value)
        except ValueError:
            if name == "reply_markup":
                raise _bad_request("can't parse reply keyboard markup JSON object") from None
            raise _bad_request(f"can't parse {name} JSON object") from None
    if name in _TEXT_FIELDS:
        return value
    if name in _INT_FIELDS:
        return int(value) if re.fullmatch(r"-?\d+", value.strip()) else value
    if name in _FLOAT_FIELDS:
        try:
            return float(value)
        except ValueError:
            return value
    if name in _BOOL_FIELDS:
        lowered = value.strip().lower()
        if lowered in ("true", "1"):
            return True
        if lowered in ("false", "0"):
            return False
        return value
    if value[:1] in ("{", "["):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value
