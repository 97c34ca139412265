"""The user data store: settings, encrypted records, processed Telegram updates.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "user_settings",
        sa.Column("user_key", sa.String(64), primary_key=True),
        sa.Column("country", sa.String(8), nullable=True),
        sa.Column("consented_at", sa.Float, nullable=True),
        sa.Column("is_minor", sa.Boolean, nullable=False, server_default=sa.false()),
    )
    op.create_table(
        "user_records",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("user_key", sa.String(64), nullable=False, index=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("content", sa.Text, nullable=False),
        sa.Column("created_at", sa.Float, nullable=False),
        sa.Column("updated_at", sa.Float, nullable=False),
    )
    op.create_table(
        "processed_updates",
        sa.Column("update_id", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("user_key", sa.String(64), nullable=True, index=True),
        sa.Column("processed_at", sa.Float, nullable=False, index=True),
        sa.Column("owner", sa.String(32), nullable=False),
        sa.Column("finished", sa.Boolean, nullable=False, server_default=sa.false()),
    )


def downgrade() -> None:
    op.drop_table("processed_updates")
    op.drop_table("user_records")
    op.drop_table("user_settings")
