"""The real Rasa server and action server, started once per test run on free ports."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import yaml
from cryptography.fernet import Fernet

from bot.store.database import open_engine
from bot.store.migrate import upgrade_to_latest
from bot.store.rasa_endpoints import tracker_store_config

PROJECT_ROOT = Path(__file__).resolve().parents[2]
MODEL = PROJECT_ROOT / "models" / "harbor.tar.gz"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def ensure_model() -> Path:
    """The trained model; trained here when `make test` has not already done it."""
    if not MODEL.is_file():
        subprocess.run([sys.executable, "-m", "rasa", "train", "--data", "data/nlu", "data/rules",
                        "data/stories", "--fixed-model-name", "harbor", "--out", "models"],
                       cwd=PROJECT_ROOT, check=True,
                       env=dict(os.environ, RASA_TELEMETRY_ENABLED="false", PYTHONPATH=str(PROJECT_ROOT)))
    return MODEL


@dataclass
class RasaStack:
    work_dir: Path
    rasa_port: int = field(default_factory=free_port)
    action_port: int = field(default_factory=free_port)
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)
    data_key: str = field(default_factory=lambda: Fernet.generate_key().decode())

    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"

    @property
    def database_path(self) -> Path:
        """One database for the tracker store and the user data store, as in production."""
        return self.work_dir / "harbor.db"

    @property
    def database_url(self) -> str:
        return f"sqlite:///{self.database_path}"

    def _env(self) -> dict:
        return dict(os.environ, RASA_TELEMETRY_ENABLED="false", SANIC_HOST="127.0.0.1",
                    PYTHONPATH=str(PROJECT_ROOT), TF_CPP_MIN_LOG_LEVEL="2",
                    HARBOR_DATA_KEY=self.data_key, DATABASE_URL=self.database_url)

    def start_action_server(self) -> None:
        log = (self.work_dir / "action-server.log").open("ab")
        self.processes["actions"] = subprocess.Popen(
            [sys.executable, "-m", "rasa_sdk", "--actions", "actions", "--port", str(self.action_port)],
            cwd=PROJECT_ROOT, env=self._env(), stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True)

    def start_rasa(self) -> None:
        endpoints = self.work_dir / "endpoints.yml"
        endpoints.write_text(yaml.safe_dump({
            "action_endpoint": {"url": f"http://127.0.0.1:{self.action_port}/webhook"},
            "tracker_store": tracker_store_config(self.database_url),
        }))
        log = (self.work_dir / "rasa.log").open("ab")
        self.processes["rasa"] = subprocess.Popen(
            [sys.executable, "-m", "rasa", "run", "--model", str(ensure_model()),
             "--endpoints", str(endpoints), "--credentials", str(PROJECT_ROOT / "credentials.yml"),
             "--interface", "127.0.0.1", "--port", str(self.rasa_port)],
            cwd=PROJECT_ROOT, env=self._env(), stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True)

    def start(self) -> RasaStack:
        engine = open_engine(self.database_url)
        upgrade_to_latest(engine)
        engine.dispose()
        self.start_action_server()
        self.start_rasa()
        self.wait_until_up()
        return self

    def wait_until_up(self, timeout: float = 240) -> None:
        deadline = time.monotonic() + timeout
        for url in (f"http://127.0.0.1:{self.action_port}/health", f"{self.rasa_url}/webhooks/rest/"):
            while True:
                for name, process in self.processes.items():
                    if process.poll() is not None:
                        raise RuntimeError(f"{name} exited; see {self.work_dir}")
                try:
                    if httpx.get(url, timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{url} did not come up; see {self.work_dir}")
                time.sleep(0.5)

    def kill_rasa(self) -> None:
        self._stop("rasa")

    def _stop(self, name: str) -> None:
        process = self.processes.pop(name, None)
        if process and process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)

    def stop(self) -> None:
        for name in list(self.processes):
            self._stop(name)
