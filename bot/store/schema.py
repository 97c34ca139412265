"""The user data store's tables. Alembic migrations (bot/store/migrations) create and change them.

Users are stored under a pseudonym (crypto.DataCipher.pseudonym), never their Telegram id.
What a person wrote or planned is in `content`, encrypted; the rest is what the bot needs to
work (a country code, a timestamp) and says nothing about what the person disclosed.
"""

from __future__ import annotations

from sqlalchemy import (
                        BigInteger,
                        Boolean,
                        Column,
                        Float,
                        Integer,
                        MetaData,
                        String,
                        Table,
                        Text,
                        UniqueConstraint,
)

metadata = MetaData()

user_settings = Table(
    "user_settings",
    metadata,
    Column("user_key", String(64), primary_key=True),
    Column("country", String(8), nullable=True),
    Column("consented_at", Float, nullable=True),  # Unix time of the user's OK
    Column("is_minor", Boolean, nullable=False, default=False),
    # Set while a person (staff) has the conversation: the dialogue engine is not asked.
    Column("dialogue_paused", Boolean, nullable=False, default=False),
    # The user's clock minus UTC, in minutes (told by them): night-time exercises at their night.
    Column("utc_offset_minutes", Integer, nullable=True),
    Column("local_time_asked", Boolean, nullable=False, default=False),  # asked once, never again
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
# stopped before finishing it is taken on again. An update id is unique for one bot and only for
# a while, so the key is (bot, update id), and `fingerprint` (a keyed hash of chat, message and
# edit date) tells a true redelivery from a new update that reuses an old id.
processed_updates = Table(
    "processed_updates",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("bot_id", BigInteger, nullable=False),
    Column("update_id", BigInteger, nullable=False),
    Column("fingerprint", String(64), nullable=False),
    Column("user_key", String(64), nullable=True, index=True),
    Column("processed_at", Float, nullable=False, index=True),
    Column("owner", String(32), nullable=False),  # the gateway process that took it on
    Column("finished", Boolean, nullable=False, default=False),
    Column("crisis_card_sent", Boolean, nullable=False, default=False),
    UniqueConstraint("bot_id", "update_id", name="uq_processed_updates_bot_update"),
)

# Where to reach a user when Harbor speaks first (a timed step, a check-in, a staff reply):
# the channel and its chat address, encrypted. Erased by /delete.
chat_addresses = Table(
    "chat_addresses",
    metadata,
    Column("user_key", String(64), primary_key=True),
    Column("channel", String(16), nullable=False),  # "telegram", "terminal"
    Column("address", Text, nullable=False),  # encrypted chat id
    Column("updated_at", Float, nullable=False),
)

# Messages due later, kept in the database so they survive restarts; each is claimed by one
# gateway before it is sent, so several gateways on one PostgreSQL send it once.
scheduled_messages = Table(
    "scheduled_messages",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("user_key", String(64), nullable=False, index=True),
    Column("name", String(64), nullable=False),  # e.g. "sequence", "check_in", "plan_review"
    Column("due_at", Float, nullable=False, index=True),
    Column("reply", Text, nullable=False),  # encrypted JSON of a bot.content.reply.Reply
    # Stop (the command or a "stop") and a crisis cancel what a running exercise still has queued.
    Column("cancel_on_stop", Boolean, nullable=False, default=False),
    Column("created_at", Float, nullable=False),
    Column("claimed_by", String(32), nullable=True),
    Column("claimed_at", Float, nullable=True),
)
