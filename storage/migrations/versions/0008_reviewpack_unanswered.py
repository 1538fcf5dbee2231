"""card show counts and the questions the library could not answer (privacy-filtered)

Revision ID: 0007_reviewpack
Revises: 0006
Create Date: 2026-12-07 03:30:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0007_reviewpack'
down_revision = '0007_alerts'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'card_shows',
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('card_id', sa.String(length=80), nullable=False),
        sa.Column('via', sa.String(length=16), nullable=False),
        sa.Column('count', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('day', 'card_id', 'via', name=op.f('pk_card_shows')),
    )
    op.create_table(
        'unanswered_questions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('person_id', sa.Integer(), nullable=True),
        sa.Column('outcome', sa.String(length=16), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('lang', sa.String(length=8), nullable=False),
        sa.Column('card_ids', sa.String(length=400), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ['person_id'], ['people.id'],
            name=op.f('fk_unanswered_questions_person_id_people'),
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_unanswered_questions')),
    )
    with op.batch_alter_table('unanswered_questions', schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f('ix_unanswered_questions_person_id'), ['person_id'], unique=False
        )
        batch_op.create_index(
            batch_op.f('ix_unanswered_questions_created_at'), ['created_at'], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table('unanswered_questions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_unanswered_questions_created_at'))
        batch_op.drop_index(batch_op.f('ix_unanswered_questions_person_id'))
    op.drop_table('unanswered_questions')
    op.drop_table('card_shows')
