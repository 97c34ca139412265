"""The user data store's tables. Alembic migrations (bot/store/migrations) create and change them.

Users are stored under a pseudonym (crypto.DataCipher.pseudonym), never their Telegram id.
What a person wrote or planned is in `content`, encrypted; the rest is what the bot needs to
work (a country code, a timestamp) and says nothing about what the person disclosed.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Column, Float, Integer, MetaData, String, Table, Text

metadata = MetaData()

user_settings = Table(
    "user_settings",
    metadata,
    Column("user_key", String(64), primary_key=True),
    Column("country", String(8), nullable=True),
    Column("consented_at", Float, nullable=True),  # Unix time of the user's OK
    Column("is_minor", Boolean, nullable=False, default=False),
)

# Plans, journal entries and free-text answers: kept until the user deletes them.
user_records = Table(
    "user_records",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("user_key", String(64), nullable=False, index=True),
    Column("kind", String(32), nullable=False),  # "safety_plan", "pause_plan", "journal", ...
    Column("content", Text, nullable=False),  # encrypted JSON
    Column("created_at", Float, nullable=False),
    Column("updated_at", Float, nullable=False),
)

# Telegram updates taken on, so a redelivered update is not answered twice; one whose gateway
# stopped before finishing it is taken on again.
processed_updates = Table(
    "processed_updates",
    metadata,
    Column("update_id", BigInteger, primary_key=True, autoincrement=False),
    Column("user_key", String(64), nullable=True, index=True),
    Column("processed_at", Float, nullable=False, index=True),
    Column("owner", String(32), nullable=False),  # the gateway process that took it on
    Column("finished", Boolean, nullable=False, default=False),
)
