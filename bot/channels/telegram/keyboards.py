"""Which inline keyboards in a chat are still current.

A keyboard is current when it was sent while answering the latest update that sent any
keyboard. A tap on an older one (the user scrolled up to yesterday's "Next", or to a
"Yes, erase everything" from before) is answered with "that step has passed" instead of
acting out of turn. Kept in memory: after a restart every tap is trusted once again,
which is no worse than acting on it.
"""

from __future__ import annotations


class LiveKeyboards:
    def __init__(self):
        # chat id → (the update that sent the current keyboards, their message ids)
        self._current: dict[int, tuple[int, set[int]]] = {}

    def sent(self, chat_id: int, update_id: int, message_id: int) -> None:
        update, message_ids = self._current.get(chat_id, (None, set()))
        if update != update_id:
            message_ids = set()
        message_ids.add(message_id)
        self._current[chat_id] = (update_id, message_ids)

    def is_current(self, chat_id: int, message_id: int | None) -> bool:
        current = self._current.get(chat_id)
        return current is None or message_id is None or message_id in current[1]

    def forget(self, chat_id: int) -> None:
        self._current.pop(chat_id, None)
