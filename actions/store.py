"""The user data store, opened once per action server from its environment (DATABASE_URL, HARBOR_DATA_KEY)."""

from __future__ import annotations

import os
from functools import lru_cache

from bot.store import DataCipher, UserData


@lru_cache(maxsize=1)
def user_data() -> UserData:
    # The sender id Rasa gives an action is already the user's pseudonym (the gateway's key).
    return UserData.open(os.environ["DATABASE_URL"], DataCipher.from_env())
