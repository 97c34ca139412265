"""The user's clock: how far it is from UTC, so night-time exercises come at their night.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("user_settings") as batch:
        batch.add_column(sa.Column("utc_offset_minutes", sa.Integer, nullable=True))
        batch.add_column(sa.Column("local_time_asked", sa.Boolean, nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("user_settings") as batch:
        batch.drop_column("local_time_asked")
        batch.drop_column("utc_offset_minutes")
