"""The channel-agnostic core: the message pipeline (crisis first), the Rasa client and delivery,
the commands the gateway answers itself, and sending to a user at any time.

Reaches Rasa over HTTP only: it never imports `rasa`, `bot.dialogue` or `actions`.
"""
