"""The terminal chat: the same gateway as Telegram, no bot token needed."""
