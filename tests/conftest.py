"""Shared fixtures. The Rasa model is trained once per run and the real servers start once."""

from __future__ import annotations

import pytest

from tests.support.stack import RasaStack


@pytest.fixture(scope="session")
def rasa_stack(tmp_path_factory) -> RasaStack:
    stack = RasaStack(tmp_path_factory.mktemp("rasa-stack")).start()
    yield stack
    stack.stop()
