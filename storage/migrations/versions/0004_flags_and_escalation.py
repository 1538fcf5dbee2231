"""flags and escalation policy

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26 07:14:45.007340
"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table('flags',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('supporter_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('category', sa.String(length=24), nullable=False),
    sa.Column('urgency', sa.String(length=12), nullable=False),
    sa.Column('client_code', sa.String(length=16), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('policy', sa.JSON(), nullable=False),
    sa.Column('level', sa.Integer(), nullable=False),
    sa.Column('attempt', sa.Integer(), nullable=False),
    sa.Column('next_action_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('unanswered_told_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('acknowledged_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('acknowledged_by_id', sa.Integer(), nullable=True),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closed_by_id', sa.Integer(), nullable=True),
    sa.Column('outcome', sa.Text(), nullable=True),
    sa.Column('description_purged_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['acknowledged_by_id'], ['people.id'], name=op.f('fk_flags_acknowledged_by_id_people')),
    sa.ForeignKeyConstraint(['closed_by_id'], ['people.id'], name=op.f('fk_flags_closed_by_id_people')),
    sa.ForeignKeyConstraint(['supporter_id'], ['people.id'], name=op.f('fk_flags_supporter_id_people')),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_flags_unit_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_flags'))
    )
    with op.batch_alter_table('flags', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_flags_next_action_at'), ['next_action_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_flags_supporter_id'), ['supporter_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_flags_unit_id'), ['unit_id'], unique=False)

    op.create_table('flag_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('flag_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('detail', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['people.id'], name=op.f('fk_flag_events_actor_id_people')),
    sa.ForeignKeyConstraint(['flag_id'], ['flags.id'], name=op.f('fk_flag_events_flag_id_flags')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_flag_events'))
    )
    with op.batch_alter_table('flag_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_flag_events_flag_id'), ['flag_id'], unique=False)

    with op.batch_alter_table('units', schema=None) as batch_op:
        batch_op.add_column(sa.Column('backup_social_worker_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('supervisor_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('ack_timeout_seconds', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('alert_repeats', sa.Integer(), nullable=False, server_default='2'))
        batch_op.create_foreign_key('fk_units_supervisor_id_people', 'people', ['supervisor_id'], ['id'])
        batch_op.create_foreign_key('fk_units_backup_social_worker_id_people', 'people', ['backup_social_worker_id'], ['id'])




def downgrade() -> None:

    with op.batch_alter_table('units', schema=None) as batch_op:
        batch_op.drop_constraint('fk_units_backup_social_worker_id_people', type_='foreignkey')
        batch_op.drop_constraint('fk_units_supervisor_id_people', type_='foreignkey')
        batch_op.drop_column('alert_repeats')
        batch_op.drop_column('ack_timeout_seconds')
        batch_op.drop_column('supervisor_id')
        batch_op.drop_column('backup_social_worker_id')

    with op.batch_alter_table('flag_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_flag_events_flag_id'))

    op.drop_table('flag_events')
    with op.batch_alter_table('flags', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_flags_unit_id'))
        batch_op.drop_index(batch_op.f('ix_flags_supporter_id'))
        batch_op.drop_index(batch_op.f('ix_flags_next_action_at'))

    op.drop_table('flags')

