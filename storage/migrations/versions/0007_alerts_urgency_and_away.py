"""per-urgency alert timings for a unit; a social worker's leave (/away)

Revision ID: 0007_alerts
Revises: 0006
Create Date: 2026-12-07 03:30:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0007_alerts'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('unit_alert_settings',
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('ack_now_seconds', sa.Integer(), nullable=True),
    sa.Column('close_target_hours', sa.JSON(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_unit_alert_settings_unit_id_units')),
    sa.PrimaryKeyConstraint('unit_id', name=op.f('pk_unit_alert_settings'))
    )
    op.create_table('staff_away',
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('until', sa.Date(), nullable=False),
    sa.Column('set_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_staff_away_person_id_people')),
    sa.PrimaryKeyConstraint('person_id', name=op.f('pk_staff_away'))
    )


def downgrade() -> None:
    op.drop_table('staff_away')
    op.drop_table('unit_alert_settings')
