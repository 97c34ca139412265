"""Rasa adapters around bot.safety: loaded by Rasa only (config.yml names them)."""
