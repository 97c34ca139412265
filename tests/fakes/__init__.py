"""Test doubles for external services (see telegram_server.FakeTelegram)."""

from .telegram_server import DEFAULT_TOKEN, FakeTelegram, SentMessage, UploadedFile

__all__ = ["DEFAULT_TOKEN", "FakeTelegram", "SentMessage", "UploadedFile"]
