"""The real Rasa server and action server, started once per test run on free ports, by the same
start-up code as `make run` (bot.run: the database migration, Services, the endpoints it writes)."""

from __future__ import annotations

import dataclasses
import os
import socket
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.fernet import Fernet

from bot.config import Settings
from bot.run import MODEL, RASA_SERVER, Services, prepare_database

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def ensure_model() -> Path:
    """The trained model; trained here when `make test` has not already done it."""
    if not MODEL.is_file():
        subprocess.run([sys.executable, "-m", "rasa", "train", "--data", "data/nlu", "data/rules",
                        "data/stories", "--domain", "domain", "--fixed-model-name", "harbor",
                        "--out", "models"],
                       cwd=PROJECT_ROOT, check=True,
                       env=dict(os.environ, RASA_TELEMETRY_ENABLED="false", PYTHONPATH=str(PROJECT_ROOT)))
    return MODEL


def stack_settings(work_dir: Path, **overrides) -> Settings:
    """Harbor's settings for a test: its own var dir, database and free ports, no Telegram token."""
    rasa_port = free_port()
    settings = Settings.from_env({
        "HARBOR_VAR_DIR": str(work_dir), "RASA_PORT": str(rasa_port),
        "ACTION_SERVER_PORT": str(free_port()), "RASA_URL": f"http://127.0.0.1:{rasa_port}"})
    return dataclasses.replace(settings, **overrides)


@dataclass
class RasaStack:
    work_dir: Path
    data_key: str = field(default_factory=lambda: Fernet.generate_key().decode())
    settings: Settings = None
    services: Services = None

    def __post_init__(self):
        self.settings = self.settings or stack_settings(self.work_dir)
        self.services = Services(self.settings, ensure_model())

    @property
    def rasa_url(self) -> str:
        return self.settings.rasa_url

    @property
    def database_path(self) -> Path:
        """One database for the tracker store and the user data store, as in production."""
        return self.work_dir / "harbor.db"

    @property
    def database_url(self) -> str:
        return self.settings.database_url

    def start(self) -> RasaStack:
        prepare_database(self.settings)
        self.services.start(self.data_key)
        self.wait_until_up()
        return self

    def start_rasa(self) -> None:
        self.services.start_rasa(self.data_key)

    def wait_until_up(self, timeout: float = 240) -> None:
        self.services.wait_until_healthy(timeout, quiet=True)

    def kill_rasa(self) -> None:
        self.services.stop(RASA_SERVER)

    def stop(self) -> None:
        self.services.stop()
