"""foundation: units, people, invites, chat states, card feedback

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-26 06:53:05.230387
"""
from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    
    op.create_table('chat_states',
    sa.Column('telegram_user_id', sa.BigInteger(), nullable=False),
    sa.Column('flow', sa.String(length=40), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('telegram_user_id', name=op.f('pk_chat_states'))
    )
    op.create_table('units',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name_en', sa.String(length=120), nullable=False),
    sa.Column('name_yue', sa.String(length=120), nullable=False),
    sa.Column('district', sa.String(length=80), nullable=False),
    sa.Column('planned_monthly_minutes', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_units'))
    )
    op.create_table('people',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('telegram_user_id', sa.BigInteger(), nullable=False),
    sa.Column('telegram_username', sa.String(length=64), nullable=True),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('display_name', sa.String(length=120), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=True),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('social_worker_id', sa.Integer(), nullable=True),
    sa.Column('backup_social_worker_id', sa.Integer(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['backup_social_worker_id'], ['people.id'], name=op.f('fk_people_backup_social_worker_id_people')),
    sa.ForeignKeyConstraint(['social_worker_id'], ['people.id'], name=op.f('fk_people_social_worker_id_people')),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_people_unit_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_people')),
    sa.UniqueConstraint('telegram_user_id', name=op.f('uq_people_telegram_user_id'))
    )
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_people_unit_id'), ['unit_id'], unique=False)

    op.create_table('card_feedback',
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('card_id', sa.String(length=80), nullable=False),
    sa.Column('helpful', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_card_feedback_person_id_people')),
    sa.PrimaryKeyConstraint('person_id', 'card_id', name=op.f('pk_card_feedback'))
    )
    op.create_table('invites',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('social_worker_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('used_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['people.id'], name=op.f('fk_invites_created_by_id_people')),
    sa.ForeignKeyConstraint(['social_worker_id'], ['people.id'], name=op.f('fk_invites_social_worker_id_people')),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_invites_unit_id_units')),
    sa.ForeignKeyConstraint(['used_by_id'], ['people.id'], name=op.f('fk_invites_used_by_id_people')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_invites')),
    sa.UniqueConstraint('code_hash', name=op.f('uq_invites_code_hash'))
    )



def downgrade() -> None:
    
    op.drop_table('invites')
    op.drop_table('card_feedback')
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_people_unit_id'))

    op.drop_table('people')
    op.drop_table('units')
    op.drop_table('chat_states')

