"""The Telegram channel (python-telegram-bot): updates in, replies out, polling or webhook."""
