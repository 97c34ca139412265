"""Harbor's settings, read from the environment (see .env.example and the README table)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Settings:
    telegram_token: str | None
    telegram_api_base_url: str
    rasa_port: int
    action_server_port: int
    rasa_url: str
    rasa_timeout_seconds: float
    database_url: str
    var_dir: Path
    log_level: str
    retention_days: float
    # Webhook mode: Telegram posts updates to this URL, and must send the secret token with each.
    webhook_url: str | None
    webhook_secret: str | None
    webhook_listen_port: int

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        env = dict(os.environ if env is None else env)
        var_dir = Path(env.get("HARBOR_VAR_DIR", PROJECT_ROOT / "var"))
        rasa_port = int(env.get("RASA_PORT", "5005"))
        return cls(
            telegram_token=env.get("TELEGRAM_BOT_TOKEN") or None,
            telegram_api_base_url=env.get("TELEGRAM_API_BASE_URL", "https://api.telegram.org/bot"),
            rasa_port=rasa_port,
            action_server_port=int(env.get("ACTION_SERVER_PORT", "5055")),
            rasa_url=env.get("RASA_URL", f"http://127.0.0.1:{rasa_port}"),
            rasa_timeout_seconds=float(env.get("RASA_TIMEOUT_SECONDS", "4")),
            database_url=env.get("DATABASE_URL", f"sqlite:///{var_dir / 'harbor.db'}"),
            var_dir=var_dir,
            log_level=env.get("HARBOR_LOG_LEVEL", "INFO").upper(),
            retention_days=float(env.get("HARBOR_RETENTION_DAYS", "30")),
            webhook_url=env.get("TELEGRAM_WEBHOOK_URL") or None,
            webhook_secret=env.get("TELEGRAM_WEBHOOK_SECRET") or None,
            webhook_listen_port=int(env.get("TELEGRAM_WEBHOOK_PORT", "8443")),
        )
