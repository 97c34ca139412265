"""Splitting a long reply under Telegram's 4,096-character limit, at paragraph breaks."""

from __future__ import annotations

TELEGRAM_LIMIT = 4096


def split_for_telegram(text: str, limit: int = TELEGRAM_LIMIT) -> list[str]:
    """Pieces of at most `limit` characters, cut at a blank line, else a line, else a space."""
    pieces: list[str] = []
    rest = text
    while len(rest) > limit:
        window = rest[:limit]
        cut = max(window.rfind("\n\n"), 0) or max(window.rfind("\n"), 0) or max(window.rfind(" "), 0)
        if cut <= 0:
            cut = limit
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest or not pieces:
        pieces.append(rest)
    return pieces
