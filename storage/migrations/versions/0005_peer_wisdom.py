"""peer wisdom: mentors, peer questions, shared tips, draft cards, audit, wellbeing

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26 07:52:31.160452
"""
from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('peer_unit_settings',
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('cross_unit', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_peer_unit_settings_unit_id_units')),
    sa.PrimaryKeyConstraint('unit_id', name=op.f('pk_peer_unit_settings'))
    )
    op.create_table('meaning_notes',
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.String(length=7), nullable=False),
    sa.Column('sent', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_meaning_notes_person_id_people')),
    sa.PrimaryKeyConstraint('person_id', 'month', name=op.f('pk_meaning_notes'))
    )
    op.create_table('peer_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('subject', sa.String(length=16), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('detail', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['people.id'], name=op.f('fk_peer_events_actor_id_people')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_peer_events'))
    )
    with op.batch_alter_table('peer_events', schema=None) as batch_op:
        batch_op.create_index('ix_peer_events_subject', ['subject', 'subject_id'], unique=False)

    op.create_table('peer_mentors',
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('set_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_peer_mentors_person_id_people')),
    sa.ForeignKeyConstraint(['set_by_id'], ['people.id'], name=op.f('fk_peer_mentors_set_by_id_people')),
    sa.PrimaryKeyConstraint('person_id', name=op.f('pk_peer_mentors'))
    )
    op.create_table('peer_questions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('asker_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('asker_name', sa.String(length=64), nullable=True),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('widen_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('widened_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('claimed_by_id', sa.Integer(), nullable=True),
    sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('answer', sa.Text(), nullable=True),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('thanked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('asker_told_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['asker_id'], ['people.id'], name=op.f('fk_peer_questions_asker_id_people')),
    sa.ForeignKeyConstraint(['claimed_by_id'], ['people.id'], name=op.f('fk_peer_questions_claimed_by_id_people')),
    sa.ForeignKeyConstraint(['parent_id'], ['peer_questions.id'], name=op.f('fk_peer_questions_parent_id_peer_questions')),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_peer_questions_unit_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_peer_questions')),
    sa.UniqueConstraint('parent_id', name=op.f('uq_peer_questions_parent_id'))
    )
    with op.batch_alter_table('peer_questions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_peer_questions_asker_id'), ['asker_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_peer_questions_claimed_by_id'), ['claimed_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_peer_questions_expires_at'), ['expires_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_peer_questions_unit_id'), ['unit_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_peer_questions_widen_at'), ['widen_at'], unique=False)

    op.create_table('shared_tips',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('topic', sa.String(length=60), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('original_text', sa.Text(), nullable=True),
    sa.Column('credit_name', sa.String(length=64), nullable=True),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('reviewed_by_id', sa.Integer(), nullable=True),
    sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('review_note', sa.Text(), nullable=True),
    sa.Column('helpful_count', sa.Integer(), nullable=False),
    sa.Column('thanks_pending', sa.Integer(), nullable=False),
    sa.Column('thanks_due_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['author_id'], ['people.id'], name=op.f('fk_shared_tips_author_id_people')),
    sa.ForeignKeyConstraint(['reviewed_by_id'], ['people.id'], name=op.f('fk_shared_tips_reviewed_by_id_people')),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_shared_tips_unit_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_shared_tips'))
    )
    with op.batch_alter_table('shared_tips', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_shared_tips_author_id'), ['author_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_shared_tips_thanks_due_at'), ['thanks_due_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_shared_tips_unit_id'), ['unit_id'], unique=False)

    op.create_table('wellbeing_answers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('week', sa.Date(), nullable=False),
    sa.Column('face', sa.SmallInteger(), nullable=False),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_wellbeing_answers_person_id_people')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_wellbeing_answers')),
    sa.UniqueConstraint('person_id', 'week', name=op.f('uq_wellbeing_answers_person_id'))
    )
    with op.batch_alter_table('wellbeing_answers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_wellbeing_answers_person_id'), ['person_id'], unique=False)

    op.create_table('wellbeing_settings',
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('enabled', sa.Boolean(), nullable=False),
    sa.Column('weekday', sa.SmallInteger(), nullable=False),
    sa.Column('time', sa.String(length=5), nullable=False),
    sa.Column('next_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('monthly_note', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_wellbeing_settings_person_id_people')),
    sa.PrimaryKeyConstraint('person_id', name=op.f('pk_wellbeing_settings'))
    )
    with op.batch_alter_table('wellbeing_settings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_wellbeing_settings_next_at'), ['next_at'], unique=False)

    op.create_table('peer_draft_cards',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('topic', sa.String(length=60), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['people.id'], name=op.f('fk_peer_draft_cards_created_by_id_people')),
    sa.ForeignKeyConstraint(['question_id'], ['peer_questions.id'], name=op.f('fk_peer_draft_cards_question_id_peer_questions')),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_peer_draft_cards_unit_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_peer_draft_cards')),
    sa.UniqueConstraint('question_id', name=op.f('uq_peer_draft_cards_question_id'))
    )
    with op.batch_alter_table('peer_draft_cards', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_peer_draft_cards_unit_id'), ['unit_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('peer_draft_cards', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_peer_draft_cards_unit_id'))

    op.drop_table('peer_draft_cards')
    with op.batch_alter_table('wellbeing_settings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_wellbeing_settings_next_at'))

    op.drop_table('wellbeing_settings')
    with op.batch_alter_table('wellbeing_answers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_wellbeing_answers_person_id'))

    op.drop_table('wellbeing_answers')
    with op.batch_alter_table('shared_tips', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_shared_tips_unit_id'))
        batch_op.drop_index(batch_op.f('ix_shared_tips_thanks_due_at'))
        batch_op.drop_index(batch_op.f('ix_shared_tips_author_id'))

    op.drop_table('shared_tips')
    with op.batch_alter_table('peer_questions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_peer_questions_widen_at'))
        batch_op.drop_index(batch_op.f('ix_peer_questions_unit_id'))
        batch_op.drop_index(batch_op.f('ix_peer_questions_expires_at'))
        batch_op.drop_index(batch_op.f('ix_peer_questions_claimed_by_id'))
        batch_op.drop_index(batch_op.f('ix_peer_questions_asker_id'))

    op.drop_table('peer_questions')
    op.drop_table('peer_mentors')
    with op.batch_alter_table('peer_events', schema=None) as batch_op:
        batch_op.drop_index('ix_peer_events_subject')

    op.drop_table('peer_events')
    op.drop_table('meaning_notes')
    op.drop_table('peer_unit_settings')
