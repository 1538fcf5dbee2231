"""Tables for acting on concerns: a unit's per-urgency timings, and a social worker's leave.

Kept apart from storage/models.py so the flag tables there stay as they were; both are
read by bot/services/escalation.py and bot/services/concerns.py.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Integer
from sqlalchemy.orm import Mapped, mapped_column

from storage.models import Base, UTCDateTime, utcnow


class UnitAlertSettings(Base):
    """How fast a unit's concerns must move, per urgency (None: the built-in default)."""

    __tablename__ = "unit_alert_settings"

    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), primary_key=True)
    # "Danger now" climbs after this many seconds; "needs action today" uses the unit's
    # ack_timeout_seconds (or the deployment default).
    ack_now_seconds: Mapped[int | None] = mapped_column(Integer)
    # {"now": hours, "today": hours, "can_wait": hours}: open longer than this is overdue.
    close_target_hours: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class StaffAway(Base):
    """A social worker on leave: her supporters' new concerns go to the backup meanwhile."""

    __tablename__ = "staff_away"

    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), primary_key=True)
    until: Mapped[dt.date] = mapped_column(Date)  # the last day away, in local time
    set_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
