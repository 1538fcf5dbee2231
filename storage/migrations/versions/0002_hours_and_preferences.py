"""hours and preferences

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 07:05:40.012304
"""
from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table('contact_attempts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('client_code', sa.String(length=16), nullable=False),
    sa.Column('channel', sa.String(length=10), nullable=False),
    sa.Column('attempted_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_contact_attempts_person_id_people')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contact_attempts'))
    )
    with op.batch_alter_table('contact_attempts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contact_attempts_person_id'), ['person_id'], unique=False)

    op.create_table('hour_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('minutes', sa.Integer(), nullable=False),
    sa.Column('activity', sa.String(length=20), nullable=False),
    sa.Column('source_key', sa.String(length=40), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_hour_entries_person_id_people')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hour_entries')),
    sa.UniqueConstraint('person_id', 'source_key', name=op.f('uq_hour_entries_person_id'))
    )
    with op.batch_alter_table('hour_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_hour_entries_person_id'), ['person_id'], unique=False)

    op.create_table('month_approvals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.String(length=7), nullable=False),
    sa.Column('approved_by_id', sa.Integer(), nullable=False),
    sa.Column('approved_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['approved_by_id'], ['people.id'], name=op.f('fk_month_approvals_approved_by_id_people')),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_month_approvals_person_id_people')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_month_approvals')),
    sa.UniqueConstraint('person_id', 'month', name=op.f('uq_month_approvals_person_id'))
    )
    op.create_table('preferences',
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('tip_time', sa.String(length=5), nullable=False),
    sa.Column('tip_days', sa.Integer(), nullable=False),
    sa.Column('tips_paused', sa.Boolean(), nullable=False),
    sa.Column('quiet_start', sa.String(length=5), nullable=True),
    sa.Column('quiet_end', sa.String(length=5), nullable=True),
    sa.Column('checkin_enabled', sa.Boolean(), nullable=False),
    sa.Column('checkin_time', sa.String(length=5), nullable=False),
    sa.Column('next_tip_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('next_checkin_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_preferences_person_id_people')),
    sa.PrimaryKeyConstraint('person_id', name=op.f('pk_preferences'))
    )
    with op.batch_alter_table('preferences', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_preferences_next_checkin_at'), ['next_checkin_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_preferences_next_tip_at'), ['next_tip_at'], unique=False)

    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.add_column(sa.Column('unreachable_at', sa.DateTime(timezone=True), nullable=True))




def downgrade() -> None:

    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.drop_column('unreachable_at')

    with op.batch_alter_table('preferences', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_preferences_next_tip_at'))
        batch_op.drop_index(batch_op.f('ix_preferences_next_checkin_at'))

    op.drop_table('preferences')
    op.drop_table('month_approvals')
    with op.batch_alter_table('hour_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_hour_entries_person_id'))

    op.drop_table('hour_entries')
    with op.batch_alter_table('contact_attempts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contact_attempts_person_id'))

    op.drop_table('contact_attempts')

