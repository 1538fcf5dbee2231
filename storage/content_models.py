"""What the clinical team learns from use: how often cards are shown, and the questions
the library could not answer (privacy-filtered, kept at most 90 days)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models import Base, UTCDateTime, utcnow


class CardShow(Base):
    """How many times a card was shown on a day — a count, about nobody.

    `via`: "asked" (the lead card answering a typed question) or "opened" (from buttons)."""

    __tablename__ = "card_shows"

    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    card_id: Mapped[str] = mapped_column(String(80), primary_key=True)
    via: Mapped[str] = mapped_column(String(16), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)


class UnansweredQuestion(Base):
    """A typed question that ended in "I'm not sure" or "None of these", after the privacy
    filter (bot/domain/redact.py). Deleted with the person, and after 90 days."""

    __tablename__ = "unanswered_questions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"), index=True)
    outcome: Mapped[str] = mapped_column(String(16))  # "not_sure" or "none_of_these"
    text: Mapped[str] = mapped_column(Text)
    lang: Mapped[str] = mapped_column(String(8))
    card_ids: Mapped[str] = mapped_column(String(400), default="")  # offered, comma-separated
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
