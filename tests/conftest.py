"""Shared fixtures. The Rasa model is trained once per run and the real servers start once."""

from __future__ import annotations

import pytest

from tests.support.stack import RasaStack


@pytest.fixture(scope="session")
def rasa_stack(tmp_path_factory) -> RasaStack:
    stack = RasaStack(tmp_path_factory.mktemp("rasa-stack")).start()
    yield stack
    stack.stop()


@pytest.fixture(scope="session", autouse=True)
def crisis_detector_tier():
    """The crisis detector's learned tier; trained here when `make test` has not already done it."""
    from bot.safety.learned import MODEL_PATH

    if not MODEL_PATH.is_file():
        from bot.safety.train_learned import main

        main([])
    return MODEL_PATH
