"""Harbor speaks first: chat addresses, scheduled messages, a paused dialogue; updates keyed by bot.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("user_settings") as batch:
        batch.add_column(sa.Column("dialogue_paused", sa.Boolean, nullable=False, server_default=sa.false()))
    # Update ids alone are not unique (per bot, and only for a while): the table is rebuilt.
    # What it held only prevents double answers within a day; starting it empty is safe.
    op.drop_table("processed_updates")
    op.create_table(
        "processed_updates",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("bot_id", sa.BigInteger, nullable=False),
        sa.Column("update_id", sa.BigInteger, nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("user_key", sa.String(64), nullable=True, index=True),
        sa.Column("processed_at", sa.Float, nullable=False, index=True),
        sa.Column("owner", sa.String(32), nullable=False),
        sa.Column("finished", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("crisis_card_sent", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.UniqueConstraint("bot_id", "update_id", name="uq_processed_updates_bot_update"),
    )
    op.create_table(
        "chat_addresses",
        sa.Column("user_key", sa.String(64), primary_key=True),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("address", sa.Text, nullable=False),
        sa.Column("updated_at", sa.Float, nullable=False),
    )
    op.create_table(
        "scheduled_messages",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("user_key", sa.String(64), nullable=False, index=True),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("due_at", sa.Float, nullable=False, index=True),
        sa.Column("reply", sa.Text, nullable=False),
        sa.Column("cancel_on_stop", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("created_at", sa.Float, nullable=False),
        sa.Column("claimed_by", sa.String(32), nullable=True),
        sa.Column("claimed_at", sa.Float, nullable=True),
    )


def downgrade() -> None:
    op.drop_table("scheduled_messages")
    op.drop_table("chat_addresses")
    op.drop_table("processed_updates")
    op.create_table(
        "processed_updates",
        sa.Column("update_id", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("user_key", sa.String(64), nullable=True, index=True),
        sa.Column("processed_at", sa.Float, nullable=False, index=True),
        sa.Column("owner", sa.String(32), nullable=False),
        sa.Column("finished", sa.Boolean, nullable=False, server_default=sa.false()),
    )
    with op.batch_alter_table("user_settings") as batch:
        batch.drop_column("dialogue_paused")
