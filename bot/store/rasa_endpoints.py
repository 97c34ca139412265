"""Rasa's tracker store settings for DATABASE_URL: the same database choice as the user data store."""

from __future__ import annotations

from sqlalchemy.engine import make_url


def tracker_store_config(database_url: str) -> dict:
    url = make_url(database_url)
    if url.drivername.startswith("sqlite"):
        return {"type": "SQL", "dialect": "sqlite", "db": url.database}
    config = {"type": "SQL", "dialect": url.drivername, "url": url.host, "db": url.database}
    if url.port:
        config["port"] = url.port
    if url.username:
        config["username"] = url.username
    if url.password:
        # Rasa reads ${VAR} from the environment, so the password is never written to disk.
        config["password"] = "${HARBOR_DB_PASSWORD}"  # noqa: S105 (a placeholder, not a password)
    return config
