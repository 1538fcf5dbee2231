"""Tables for proactive delivery: the outbox every bot-initiated message goes through, and
the record of daily tips each person was sent (for no-repeat and spaced review)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
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

from storage.models import Base, UTCDateTime, utcnow


class OutboxStatus:
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"


class OutboxMessage(Base):
    """A message owed to a chat. Written in the same transaction as its cause; the
    dispatcher (bot/delivery) claims due rows, sends them and records the outcome."""

    __tablename__ = "outbox"
    __table_args__ = (
        # The dispatcher's claim query: pending rows, highest lane first, oldest first.
        Index("ix_outbox_claim", "status", "lane", "due_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Unique per message owed (e.g. "tip:12:2026-11-27"): writing it twice yields one row.
    dedupe_key: Mapped[str] = mapped_column(String(160), unique=True)
    kind: Mapped[str] = mapped_column(String(40))
    lane: Mapped[int] = mapped_column(SmallInteger)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"), index=True)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    text: Mapped[str] = mapped_column(Text)
    parse_mode: Mapped[str | None] = mapped_column(String(16))
    # Inline keyboard as rows of [label, callback_data].
    buttons: Mapped[list[list[list[str]]] | None] = mapped_column(JSON)
    # Whatever the feature that wrote the row needs back in its hooks (e.g. a flag id).
    meta: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(12), default=OutboxStatus.PENDING)
    due_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    # A claim is a lease: a process that dies mid-send lets the row come back after this.
    claimed_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    # The error's type or Telegram's short code, never message text.
    last_error: Mapped[str | None] = mapped_column(String(80))
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    telegram_message_id: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class TipSent(Base):
    """One daily tip a person was sent (one per local day)."""

    __tablename__ = "tips_sent"
    __table_args__ = (UniqueConstraint("person_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    day: Mapped[dt.date] = mapped_column(Date)  # local date of delivery
    seq: Mapped[int] = mapped_column(Integer)  # 1 for the person's first tip, then 2, 3…
    card_id: Mapped[str] = mapped_column(String(80))
    reason: Mapped[str] = mapped_column(String(12))  # new | review | refresher | again
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


__all__ = ["OutboxMessage", "OutboxStatus", "TipSent"]
