"""Fixtures every channel's tests share."""

from __future__ import annotations

import pytest

from bot.store import UserData
from tests.channels.telegram.conftest import open_user_data


@pytest.fixture
def stack_user_data(rasa_stack) -> UserData:
    """The stack's database with its data key: what the production gateway would open."""
    return open_user_data(rasa_stack.database_url, rasa_stack.data_key)
