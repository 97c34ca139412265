"""Webhook mode: Telegram POSTs each update here; requests without the secret token get 403.

A small aiohttp server in place of PTB's built-in one, so it can also serve a health route
for a load balancer. Updates go onto the application's queue, where polling would put them,
so the same handlers, ordering and once-only processing apply.
"""

from __future__ import annotations

import hmac
import json
import logging
from urllib.parse import urlsplit

from aiohttp import web
from telegram import Update
from telegram.ext import Application

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 (a header name)
HEALTH_PATH = "/health"
# Telegram delivers updates of at most a few megabytes; anything bigger is not from Telegram.
MAX_BODY_BYTES = 5 * 1024 * 1024


class WebhookServer:
    def __init__(self, application: Application, webhook_url: str, secret_token: str,
                 listen: str = "0.0.0.0", port: int = 8443):  # noqa: S104 (Telegram must reach it)
        self.application = application
        self.webhook_url = webhook_url
        self.path = urlsplit(webhook_url).path or "/"
        self._secret = secret_token.encode()
        self.listen, self.port = listen, port
        self._runner: web.AppRunner | None = None

    def web_app(self) -> web.Application:
        app = web.Application(client_max_size=MAX_BODY_BYTES)
        app.router.add_post(self.path, self._receive)
        app.router.add_get(HEALTH_PATH, self._health)
        return app

    async def start(self) -> None:
        self._runner = web.AppRunner(self.web_app(), access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, self.listen, self.port).start()
        await self.application.bot.set_webhook(self.webhook_url, secret_token=self._secret.decode(),
                                               allowed_updates=Update.ALL_TYPES)

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    async def _receive(self, request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, self._secret):
            logger.warning("webhook request without the right secret token refused")
            return web.Response(status=403)
        try:
            update = Update.de_json(json.loads(await request.read()), self.application.bot)
        except (ValueError, TypeError, KeyError):
            logger.warning("webhook request that is not a Telegram update refused")
            return web.Response(status=400)
        await self.application.update_queue.put(update)
        return web.Response(status=200)

    async def _health(self, request: web.Request) -> web.Response:
        running = self.application.running
        return web.json_response({"status": "ok" if running else "stopping"}, status=200 if running else 503)
