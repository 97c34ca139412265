"""Rasa's tracker store settings for DATABASE_URL: the same database as the user data store.

The store is Harbor's encrypting subclass of Rasa's SQL tracker store (rasa_tracker_store.py).
"""

from __future__ import annotations

from sqlalchemy.engine import make_url

TRACKER_STORE = "bot.store.rasa_tracker_store.EncryptedSQLTrackerStore"


def tracker_store_config(database_url: str) -> dict:
    url = make_url(database_url)
    if url.drivername.startswith("sqlite"):
        return {"type": TRACKER_STORE, "dialect": "sqlite", "db": url.database}
    config = {"type": TRACKER_STORE, "dialect": url.drivername, "url": url.host, "db": url.database}
    if url.port:
        config["port"] = url.port
    if url.username:
        config["username"] = url.username
    if url.password:
        # Rasa reads ${VAR} from the environment, so the password is never written to disk.
        config["password"] = "${HARBOR_DB_PASSWORD}"  # noqa: S105 (a placeholder, not a password)
    return config
