"""invites carry the invitee's name; a unit's peer questions are kept for a set number of days

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27 09:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('invites', schema=None) as batch_op:
        batch_op.add_column(sa.Column('invitee_name', sa.String(length=120), nullable=True))
    with op.batch_alter_table('peer_unit_settings', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('question_days', sa.Integer(), nullable=False, server_default='180')
        )


def downgrade() -> None:
    with op.batch_alter_table('peer_unit_settings', schema=None) as batch_op:
        batch_op.drop_column('question_days')
    with op.batch_alter_table('invites', schema=None) as batch_op:
        batch_op.drop_column('invitee_name')
