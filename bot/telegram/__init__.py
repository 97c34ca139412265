"""The gateway: the only process users touch. Reaches Rasa over HTTP only."""
