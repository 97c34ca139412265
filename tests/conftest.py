"""Shared fixtures. The Rasa model is trained once per run and the real servers start once."""

from __future__ import annotations

import pytest

from bot.isolation import keep_tensorflow_out
from tests.support.stack import RasaStack

# The test process itself never needs TensorFlow (Rasa runs in its own processes, and the
# policy/component tests import only what they use), and importing it costs seconds.
keep_tensorflow_out()


@pytest.fixture(scope="session")
def rasa_stack(tmp_path_factory) -> RasaStack:
    stack = RasaStack(tmp_path_factory.mktemp("rasa-stack")).start()
    yield stack
    stack.stop()
