"""Typed SQLAlchemy 2 models. Times are stored in UTC; Telegram ids are 64-bit."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    and_,
)
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.sql.elements import ColumnElement

# Role and STAFF_ROLES live in bot/domain (views use them too); re-exported for storage users.
from bot.domain.escalation import FlagStatus
from bot.domain.roles import STAFF_ROLES as STAFF_ROLES
from bot.domain.roles import Role as Role

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Aware UTC datetimes on every backend (SQLite drops the offset; we put it back)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(dt.UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


class FlagStatusType(TypeDecorator[FlagStatus]):
    """A flag's status: the plain strings in a VARCHAR(16) column, `FlagStatus` in Python."""

    impl = String(16)
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Any) -> str | None:
        return None if value is None else FlagStatus(value).value

    def process_result_value(self, value: str | None, dialect: Any) -> FlagStatus | None:
        return None if value is None else FlagStatus(value)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Unit(Base):
    """A service unit (a centre or team) that supporters and social workers belong to."""

    __tablename__ = "units"

    id: Mapped[int] = mapped_column(primary_key=True)
    name_en: Mapped[str] = mapped_column(String(120))
    name_yue: Mapped[str] = mapped_column(String(120))
    district: Mapped[str] = mapped_column(String(80))
    planned_monthly_minutes: Mapped[int] = mapped_column(Integer, default=16 * 60)
    # Escalation policy: who else is alerted when a flag is not acknowledged in time.
    backup_social_worker_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", use_alter=True, name="fk_units_backup_social_worker_id_people")
    )
    supervisor_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", use_alter=True, name="fk_units_supervisor_id_people")
    )
    ack_timeout_seconds: Mapped[int | None] = mapped_column(Integer)  # None: the deployment default
    alert_repeats: Mapped[int] = mapped_column(Integer, default=2, server_default="2")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    def name(self, lang: str) -> str:
        return self.name_yue if lang == "yue" else self.name_en


class Person(Base):
    """Anyone the bot knows: supporter, social worker or admin."""

    __tablename__ = "people"

    id: Mapped[int] = mapped_column(primary_key=True)
    telegram_user_id: Mapped[int] = mapped_column(BigInteger, unique=True)
    telegram_username: Mapped[str | None] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(20))
    display_name: Mapped[str] = mapped_column(String(120))
    language: Mapped[str | None] = mapped_column(String(8))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    social_worker_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    backup_social_worker_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Never loaded behind the code's back: the speaker query joins it in (services/states.py),
    # anywhere else `storage.db.social_worker_of` reads it or looks it up once.
    social_worker: Mapped[Person | None] = relationship(
        foreign_keys=[social_worker_id], remote_side=[id], lazy="raise"
    )
    # Set when Telegram says the person blocked the bot or deleted their account.
    unreachable_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    @property
    def is_staff(self) -> bool:
        return self.role in STAFF_ROLES

    @hybrid_property
    def reachable(self) -> bool:
        """Someone the bot may message: active, and Telegram has not said they blocked it.
        One definition for Python (`person.reachable`) and SQL (`.where(Person.reachable)`)."""
        return self.active and self.unreachable_at is None

    @reachable.inplace.expression
    @classmethod
    def _reachable_expression(cls) -> ColumnElement[bool]:
        return and_(cls.active.is_(True), cls.unreachable_at.is_(None))


class Invite(Base):
    """A single-use onboarding code; only its hash is stored."""

    __tablename__ = "invites"

    id: Mapped[int] = mapped_column(primary_key=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(20))
    # Who it is for, as the centre knows them; it becomes their name in the bot when they join.
    invitee_name: Mapped[str | None] = mapped_column(String(120))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    social_worker_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    used_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))


class ChatState(Base):
    """Where a person is in a multi-step flow, so a restart resumes it."""

    __tablename__ = "chat_states"

    telegram_user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    flow: Mapped[str] = mapped_column(String(40))
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class CardFeedback(Base):
    """A person's 👍/👎 on a refresher card (latest vote wins)."""

    __tablename__ = "card_feedback"

    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), primary_key=True)
    card_id: Mapped[str] = mapped_column(String(80), primary_key=True)
    helpful: Mapped[bool] = mapped_column(Boolean)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class Preferences(Base):
    """A person's schedule choices. Local times are "HH:MM" in the service's time zone."""

    __tablename__ = "preferences"

    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), primary_key=True)
    tip_time: Mapped[str] = mapped_column(String(5), default="09:30")
    # Bit 0 = Monday … bit 6 = Sunday; 127 = every day.
    tip_days: Mapped[int] = mapped_column(Integer, default=127)
    tips_paused: Mapped[bool] = mapped_column(Boolean, default=False)
    quiet_start: Mapped[str | None] = mapped_column(String(5))
    quiet_end: Mapped[str | None] = mapped_column(String(5))
    checkin_enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    checkin_time: Mapped[str] = mapped_column(String(5), default="20:00")
    # When the next proactive message is due (UTC); the tick asks the database, not a timer.
    next_tip_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, index=True)
    next_checkin_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, index=True)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class HourEntry(Base):
    """Service time a supporter recorded (the payroll record)."""

    __tablename__ = "hour_entries"
    # One save per confirmation message: a double tap on ✅ cannot log twice.
    __table_args__ = (UniqueConstraint("person_id", "source_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    day: Mapped[dt.date] = mapped_column(Date)
    minutes: Mapped[int] = mapped_column(Integer)
    activity: Mapped[str] = mapped_column(String(20))
    source_key: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class ContactAttempt(Base):
    """A visit or call where the client could not be reached."""

    __tablename__ = "contact_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    client_code: Mapped[str] = mapped_column(String(16))
    channel: Mapped[str] = mapped_column(String(10))
    attempted_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class MonthApproval(Base):
    """A social worker approved a supporter's month: its entries are locked."""

    __tablename__ = "month_approvals"
    __table_args__ = (UniqueConstraint("person_id", "month"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    month: Mapped[str] = mapped_column(String(7))  # "YYYY-MM"
    approved_by_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    approved_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class Flag(Base):
    """A concern a supporter raised; open until a social worker closes it with an outcome."""

    __tablename__ = "flags"

    id: Mapped[int] = mapped_column(primary_key=True)
    supporter_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    category: Mapped[str] = mapped_column(String(24))
    urgency: Mapped[str] = mapped_column(String(12))
    client_code: Mapped[str] = mapped_column(String(16))
    # In the supporter's words; purged some months after closing (the audit trail stays).
    description: Mapped[str | None] = mapped_column(Text)
    status: Mapped[FlagStatus] = mapped_column(FlagStatusType, default=FlagStatus.OPEN)
    policy: Mapped[dict[str, Any]] = mapped_column(JSON)
    level: Mapped[int] = mapped_column(Integer, default=0)
    attempt: Mapped[int] = mapped_column(Integer, default=0)
    # The timer: when to climb the ladder if still unacknowledged. The tick asks for it.
    next_action_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, index=True)
    unanswered_told_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    acknowledged_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    acknowledged_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    closed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    outcome: Mapped[str | None] = mapped_column(Text)
    description_purged_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class FlagEvent(Base):
    """The audit trail of a flag: what happened, when, and who did it (None: the bot)."""

    __tablename__ = "flag_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    flag_id: Mapped[int] = mapped_column(ForeignKey("flags.id"), index=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    kind: Mapped[str] = mapped_column(String(24))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


__all__ = [
    "STAFF_ROLES",
    "Base",
    "CardFeedback",
    "ChatState",
    "ContactAttempt",
    "Flag",
    "FlagEvent",
    "FlagStatus",
    "HourEntry",
    "Invite",
    "MonthApproval",
    "Person",
    "Preferences",
    "Role",
    "UTCDateTime",
    "Unit",
    "utcnow",
]
