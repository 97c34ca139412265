"""`make run`: start the action server, the Rasa server and the gateway, and stop them all on Ctrl-C.

With no TELEGRAM_BOT_TOKEN the gateway is a terminal chat; with one, a Telegram bot (polling).
Every problem a newcomer can hit gets one clear line, not a traceback.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
from sqlalchemy.engine import make_url

from bot.config import PROJECT_ROOT, Settings
from bot.isolation import keep_tensorflow_out
from bot.store.crypto import load_or_create_key

MODEL = PROJECT_ROOT / "models" / "harbor.tar.gz"
STARTUP_SECONDS = 180


class StartupError(Exception):
    """A problem to report in one line."""


def port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def write_endpoints(settings: Settings) -> Path:
    """Rasa's endpoints for this run: our action server and the configured database."""
    from bot.store.rasa_endpoints import tracker_store_config

    settings.var_dir.mkdir(parents=True, exist_ok=True)
    path = settings.var_dir / "endpoints.yml"
    import yaml

    config = {
        "action_endpoint": {"url": f"http://127.0.0.1:{settings.action_server_port}/webhook"},
        "tracker_store": tracker_store_config(settings.database_url),
        "lock_store": {"type": "in_memory"},
    }
    path.write_text(yaml.safe_dump(config))
    return path


ACTION_SERVER = "action server"
RASA_SERVER = "Rasa server"


class Services:
    """The two server processes, started and stopped together (also by the test suite)."""

    def __init__(self, settings: Settings, model: Path = MODEL):
        self.settings = settings
        self.model = model
        self.processes: list[tuple[str, subprocess.Popen, Path]] = []

    def start(self, data_key: str) -> None:
        self.start_action_server(data_key)
        self.start_rasa(data_key)

    def _env(self, data_key: str) -> dict:
        settings = self.settings
        # The data key and the database reach the servers through their environment only.
        env = dict(os.environ, RASA_TELEMETRY_ENABLED="false", SANIC_HOST="127.0.0.1",
                   PYTHONPATH=str(PROJECT_ROOT), HARBOR_DATA_KEY=data_key,
                   DATABASE_URL=settings.database_url,
                   HARBOR_RETENTION_DAYS=f"{settings.retention_days:g}")
        # var/endpoints.yml names the database password as ${HARBOR_DB_PASSWORD}; Rasa reads
        # it from its environment, so it is never written to disk.
        password = make_url(settings.database_url).password
        if password:
            env["HARBOR_DB_PASSWORD"] = password
        return env

    def start_action_server(self, data_key: str) -> None:
        self._spawn(ACTION_SERVER, [sys.executable, "-m", "rasa_sdk", "--actions", "actions",
                                    "--port", str(self.settings.action_server_port)], self._env(data_key))

    def start_rasa(self, data_key: str) -> None:
        endpoints = write_endpoints(self.settings)
        # No --enable-api: the Rasa HTTP API stays off; only the REST channel is served.
        self._spawn(RASA_SERVER, [sys.executable, "-m", "rasa", "run", "--model", str(self.model),
                                  "--endpoints", str(endpoints),
                                  "--credentials", str(PROJECT_ROOT / "credentials.yml"),
                                  "--interface", "127.0.0.1", "--port", str(self.settings.rasa_port)],
                    self._env(data_key))

    def _spawn(self, name: str, command: list[str], env: dict) -> None:
        logs = self.settings.var_dir / "log"
        logs.mkdir(parents=True, exist_ok=True)
        log_path = logs / (name.replace(" ", "-").lower() + ".log")
        log = log_path.open("ab")
        process = subprocess.Popen(command, cwd=PROJECT_ROOT, env=env, stdout=log,
                                   stderr=subprocess.STDOUT, start_new_session=True)
        self.processes.append((name, process, log_path))

    def wait_until_healthy(self, timeout: float = STARTUP_SECONDS, quiet: bool = False) -> None:
        checks = [(ACTION_SERVER, f"http://127.0.0.1:{self.settings.action_server_port}/health"),
                  (RASA_SERVER, f"http://127.0.0.1:{self.settings.rasa_port}/webhooks/rest/")]
        checks = [(name, url) for name, url in checks if any(p[0] == name for p in self.processes)]
        deadline = time.monotonic() + timeout
        for name, url in checks:
            while True:
                for proc_name, process, log_path in self.processes:
                    if process.poll() is not None:
                        raise StartupError(f"the {proc_name} stopped while starting; see {log_path}")
                try:
                    if httpx.get(url, timeout=2).status_code == 200:
                        if not quiet:
                            print(f"  {name} is up", flush=True)
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline:
                    raise StartupError(f"the {name} did not start within {timeout:g}s; "
                                       f"see {self.settings.var_dir / 'log'}")
                time.sleep(0.5)

    def stop(self, name: str | None = None) -> None:
        """Stop every process, or only the one named."""
        stopping = [entry for entry in self.processes if name is None or entry[0] == name]
        for _, process, _ in stopping:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for _, process, _ in stopping:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
        self.processes = [entry for entry in self.processes if entry not in stopping]


WEBHOOK_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")


def check_before_start(settings: Settings) -> None:
    if settings.webhook_url and not WEBHOOK_SECRET.fullmatch(settings.webhook_secret or ""):
        raise StartupError("TELEGRAM_WEBHOOK_URL needs TELEGRAM_WEBHOOK_SECRET: 1 to 256 characters "
                           "of A-Z a-z 0-9 _ - (Telegram sends it with every update, so nobody "
                           "else can post updates to Harbor)")
    if not MODEL.is_file():
        raise StartupError("there is no trained model (models/harbor.tar.gz): run `make train`")
    for name, port in (("RASA_PORT", settings.rasa_port),
                       ("ACTION_SERVER_PORT", settings.action_server_port)):
        if not port_is_free(port):
            raise StartupError(f"port {port} is already in use: stop what uses it, or set {name}")
    if settings.telegram_token:
        asyncio.run(check_token(settings))


async def check_token(settings: Settings) -> None:
    """Ask Telegram who we are before starting anything, so a bad token is one clear line."""
    from telegram import Bot
    from telegram.error import InvalidToken, NetworkError

    try:
        async with Bot(settings.telegram_token, base_url=settings.telegram_api_base_url) as bot:
            await bot.get_me()
    except InvalidToken:
        raise StartupError("Telegram rejected TELEGRAM_BOT_TOKEN: check the token from @BotFather") from None
    except NetworkError as error:
        raise StartupError(f"cannot reach Telegram ({type(error).__name__}): check the network "
                           "or TELEGRAM_API_BASE_URL") from None


def prepare_database(settings: Settings) -> None:
    """Bring the user data store's schema up to date before any process uses it."""
    from bot.store.database import open_engine
    from bot.store.migrate import upgrade_to_latest

    engine = open_engine(settings.database_url)
    try:
        upgrade_to_latest(engine)
    finally:
        engine.dispose()


def open_gateway(settings: Settings, data_key: str):
    """The gateway over the configured database and Rasa server (also used by the test suite)."""
    from bot.gateway.pipeline import Gateway
    from bot.gateway.rasa_client import RasaClient
    from bot.store import DataCipher, UserData

    user_data = UserData.open(settings.database_url, DataCipher(data_key))
    user_data.updates.forget_older_than()
    return Gateway(RasaClient(settings.rasa_url, settings.rasa_timeout_seconds), user_data,
                   settings.retention_days)


async def run_gateway(settings: Settings, data_key: str) -> None:
    gateway = open_gateway(settings, data_key)
    if settings.telegram_token:
        await run_telegram(settings, gateway)
    else:
        from bot.channels.terminal.chat import TerminalChat

        await TerminalChat(gateway, export_dir=settings.var_dir / "exports").run()  # closes the gateway


def telegram_webhook(settings: Settings, application):
    """The webhook server when TELEGRAM_WEBHOOK_URL is set; None means polling."""
    if not settings.webhook_url:
        return None
    from bot.channels.telegram.webhook import WebhookServer

    return WebhookServer(application, settings.webhook_url, settings.webhook_secret,
                         port=settings.webhook_listen_port)


async def run_telegram(settings: Settings, gateway) -> None:
    from bot.channels.telegram.app import build_application, start_application, stop_application

    application = build_application(settings.telegram_token, gateway, settings.telegram_api_base_url)
    webhook = telegram_webhook(settings, application)
    await start_application(application, webhook, poll_interval=0.0)
    print(f"Harbor is running on Telegram as @{application.bot.username}. Ctrl-C stops it.", flush=True)
    try:
        await asyncio.Event().wait()
    finally:
        await stop_application(application, webhook)  # handles what was already fetched first


def main() -> int:
    keep_tensorflow_out()
    # Ctrl-C (and a service manager's SIGTERM) stop everything, even where the shell that
    # started us had SIGINT ignored.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    settings = Settings.from_env()
    from bot.logs import configure_logging

    # The terminal chat owns the terminal: its logs go to a file instead.
    log_stream = None
    if not settings.telegram_token:
        (settings.var_dir / "log").mkdir(parents=True, exist_ok=True)
        log_stream = (settings.var_dir / "log" / "gateway.log").open("a", encoding="utf-8")
    data_key = load_or_create_key(settings.var_dir)
    configure_logging(settings.log_level, settings.var_dir, stream=log_stream,
                      secrets_to_hide=[settings.telegram_token or "", data_key,
                                       make_url(settings.database_url).password or "",
                                       settings.webhook_secret or ""])
    logging.getLogger("bot").setLevel(settings.log_level)
    services = Services(settings)
    try:
        check_before_start(settings)
        print("Starting Harbor (the first start takes about a minute)…", flush=True)
        prepare_database(settings)
        services.start(data_key)
        services.wait_until_healthy()
        asyncio.run(run_gateway(settings, data_key))
    except StartupError as error:
        print(f"Harbor could not start: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nStopping Harbor…")
    finally:
        services.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
