"""Tables for peer wisdom: mentors, peer questions, shared tips, draft cards, the peer audit
trail, and the supporter's own wellbeing (weekly check-ins, monthly "meaning" notes).

Timers are columns the tick reads (`peer_questions.widen_at` / `expires_at`,
`shared_tips.thanks_due_at`, `wellbeing_settings.next_at`), so a restart loses nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

# Question and tip statuses live in bot/domain/peer.py (views use them too); re-exported.
from bot.domain.peer import QuestionStatus as QuestionStatus
from bot.domain.peer import TipStatus as TipStatus
from storage.models import Base, UTCDateTime, utcnow

DEFAULT_QUESTION_DAYS = 180


class PeerMentor(Base):
    """A supporter who answers fellow supporters' questions (opted in, or set by staff)."""

    __tablename__ = "peer_mentors"

    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), primary_key=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    set_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))  # self or staff
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class PeerUnitSettings(Base):
    """A unit's peer rules. No row: the defaults (questions stay inside the unit)."""

    __tablename__ = "peer_unit_settings"

    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), primary_key=True)
    # Unanswered questions may go to mentors of other units that allow it too (and this
    # unit's mentors receive theirs).
    cross_unit: Mapped[bool] = mapped_column(Boolean, default=False)
    # Peer questions and answers stay readable (for staff to turn into draft cards) this
    # long; then their words are blanked, except those a draft card was made from.
    question_days: Mapped[int] = mapped_column(
        Integer, default=DEFAULT_QUESTION_DAYS, server_default=str(DEFAULT_QUESTION_DAYS)
    )
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class PeerQuestion(Base):
    """A supporter's question to senior supporters; a follow-up has `parent_id` set."""

    __tablename__ = "peer_questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    asker_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    # At most one follow-up per question: the unique index enforces it.
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("peer_questions.id"), unique=True)
    text: Mapped[str] = mapped_column(Text)
    # The asker's first name, only if they chose to show it; None = anonymous.
    asker_name: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(12), default=QuestionStatus.OPEN)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Timers: when to offer it to other units' mentors, and when to tell the asker.
    widen_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, index=True)
    expires_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, index=True)
    widened_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    claimed_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"), index=True)
    claimed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    answer: Mapped[str | None] = mapped_column(Text)
    answered_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    thanked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    asker_told_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class SharedTip(Base):
    """What worked, written by a supporter, reviewed by a social worker of the unit."""

    __tablename__ = "shared_tips"

    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    topic: Mapped[str] = mapped_column(String(60))
    text: Mapped[str] = mapped_column(Text)  # as approved (the social worker may edit it)
    original_text: Mapped[str | None] = mapped_column(Text)  # the author's, if it was edited
    # The author's first name, only if they agreed to be credited; None = anonymous.
    credit_name: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(12), default=TipStatus.PENDING)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    reviewed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    review_note: Mapped[str | None] = mapped_column(Text)
    # 👍 from fellow supporters (their votes live in card_feedback as "shared-<id>").
    helpful_count: Mapped[int] = mapped_column(Integer, default=0)
    thanks_pending: Mapped[int] = mapped_column(Integer, default=0)
    thanks_due_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, index=True)


class PeerDraftCard(Base):
    """A good answer a social worker turned into a draft card for the clinical team."""

    __tablename__ = "peer_draft_cards"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("peer_questions.id"), unique=True)
    topic: Mapped[str] = mapped_column(String(60))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class PeerEvent(Base):
    """Audit trail: who approved, returned, edited, set a mentor… and when."""

    __tablename__ = "peer_events"
    __table_args__ = (Index("ix_peer_events_subject", "subject", "subject_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))  # None: the bot
    subject: Mapped[str] = mapped_column(String(16))  # tip | question | mentor | draft | unit
    subject_id: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(24))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class WellbeingSettings(Base):
    """The weekly check-in (off unless turned on) and the monthly note (on unless off)."""

    __tablename__ = "wellbeing_settings"

    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), primary_key=True)
    enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    weekday: Mapped[int] = mapped_column(SmallInteger, default=6)  # 0 = Monday … 6 = Sunday
    time: Mapped[str] = mapped_column(String(5), default="19:00")  # local "HH:MM"
    next_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, index=True)
    monthly_note: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class WellbeingAnswer(Base):
    """One face a week (1 = 😢 … 5 = 😄); only the supporter sees these."""

    __tablename__ = "wellbeing_answers"
    __table_args__ = (UniqueConstraint("person_id", "week"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    week: Mapped[dt.date] = mapped_column(Date)  # the Monday of the local week
    face: Mapped[int] = mapped_column(SmallInteger)
    answered_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class MeaningNote(Base):
    """The monthly note was considered for this person and month (sent, or nothing to say)."""

    __tablename__ = "meaning_notes"

    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), primary_key=True)
    month: Mapped[str] = mapped_column(String(7), primary_key=True)  # "YYYY-MM"
    sent: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


__all__ = [
    "MeaningNote",
    "PeerDraftCard",
    "PeerEvent",
    "PeerMentor",
    "PeerQuestion",
    "PeerUnitSettings",
    "QuestionStatus",
    "SharedTip",
    "TipStatus",
    "WellbeingAnswer",
    "WellbeingSettings",
]
