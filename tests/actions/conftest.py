"""Action tests: real actions, a CollectingDispatcher and trackers built from events."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def domain() -> dict:
    return yaml.safe_load((ROOT / "domain.yml").read_text())


@pytest.fixture
def dispatcher() -> CollectingDispatcher:
    return CollectingDispatcher()


def make_tracker(slots: dict | None = None, text: str = "", intent: str = "nlu_fallback",
                 metadata: dict | None = None, crisis: dict | None = None) -> Tracker:
    latest = {"text": text, "intent": {"name": intent, "confidence": 1.0}, "entities": [],
              "metadata": metadata or {}}
    if crisis:
        latest["crisis"] = crisis
    return Tracker("test-user", slots or {}, latest, [], False, None, {}, "action_listen")
