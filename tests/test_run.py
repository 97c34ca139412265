"""`make run`'s start-up problems are one clear line each, not a traceback."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

from tests.fakes import FakeTelegram
from tests.support.stack import ensure_model

ROOT = Path(__file__).resolve().parents[1]


def run_harbor(env_overrides: dict) -> subprocess.CompletedProcess:
    import os

    env = dict(os.environ, **env_overrides)
    return subprocess.run([sys.executable, "-m", "bot.run"], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120, stdin=subprocess.DEVNULL)


def test_a_port_in_use_is_one_line(tmp_path):
    ensure_model()
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = run_harbor({"RASA_PORT": str(port), "HARBOR_VAR_DIR": str(tmp_path)})
    assert result.returncode == 1
    assert result.stderr.strip() == (f"Harbor could not start: port {port} is already in use: "
                                     "stop what uses it, or set RASA_PORT")


def test_a_bad_token_is_one_line(tmp_path):
    ensure_model()
    with FakeTelegram() as telegram:
        result = run_harbor({"TELEGRAM_BOT_TOKEN": "111111:not-the-right-token",
                             "TELEGRAM_API_BASE_URL": telegram.base_url, "HARBOR_VAR_DIR": str(tmp_path),
                             "RASA_PORT": "0", "ACTION_SERVER_PORT": "0"})
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.strip() == ("Harbor could not start: Telegram rejected TELEGRAM_BOT_TOKEN: "
                                     "check the token from @BotFather")


def test_the_database_password_reaches_rasa_only_through_its_environment(tmp_path):
    from bot.config import Settings
    from bot.run import write_endpoints

    url = "postgresql://harbor:s3cret@127.0.0.1/harbor"  # secret-scan: made-up test value
    settings = Settings.from_env({"DATABASE_URL": url,
                                  "HARBOR_VAR_DIR": str(tmp_path)})
    written = write_endpoints(settings).read_text()
    assert "s3cret" not in written
    assert "${HARBOR_DB_PASSWORD}" in written


def test_a_webhook_without_a_secret_token_is_refused(tmp_path):
    for secret in ("", "has spaces", "x" * 257):
        result = run_harbor({"TELEGRAM_WEBHOOK_URL": "https://harbor.example/telegram",
                             "TELEGRAM_WEBHOOK_SECRET": secret, "TELEGRAM_BOT_TOKEN": "1:x",
                             "HARBOR_VAR_DIR": str(tmp_path)})
        assert result.returncode == 1
        assert result.stderr.startswith(
            "Harbor could not start: TELEGRAM_WEBHOOK_URL needs TELEGRAM_WEBHOOK_SECRET")


def test_the_first_start_makes_a_data_key_only_its_owner_can_read(tmp_path):
    import stat

    with socket.socket() as busy:  # stop right after the key is made
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        run_harbor({"RASA_PORT": str(busy.getsockname()[1]), "HARBOR_VAR_DIR": str(tmp_path),
                    "HARBOR_DATA_KEY": ""})
    key_file = tmp_path / "data.key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert len(key_file.read_text().strip()) == 44
