"""Acting on concerns: the /flags rows, interim notes, monthly figures, a unit's timings.

The alerting itself (raise, ladder, acknowledge, close) is bot/services/escalation.py.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from bot.domain.concerns import ConcernRow, Figures, figures, month_bounds
from bot.domain.escalation import (
    MAX_DESCRIPTION_CHARS,
    URGENCIES,
    FlagStatus,
    Policy,
    close_target,
    is_overdue,
)
from bot.domain.privacy import clean_typed, looks_sensitive
from bot.services.escalation import FlagError, flag_for_staff
from storage.escalation_models import UnitAlertSettings
from storage.models import Flag, FlagEvent, Person


async def close_targets(session: AsyncSession, unit_id: int) -> dict[str, object] | None:
    extra = await session.get(UnitAlertSettings, unit_id)
    return extra.close_target_hours if extra is not None else None


async def concern_rows(
    session: AsyncSession, person: Person, now: dt.datetime, month_start: dt.datetime
) -> list[ConcernRow]:
    """The unit's concerns still open, and those closed since `month_start`."""
    owner = aliased(Person)
    result = await session.execute(
        select(Flag, owner.display_name)
        .outerjoin(owner, owner.id == Flag.acknowledged_by_id)
        .where(
            Flag.unit_id == person.unit_id,
            or_(Flag.status != FlagStatus.CLOSED, Flag.closed_at >= month_start),
        )
        .order_by(Flag.created_at)
    )
    targets = await close_targets(session, person.unit_id)
    rows = []
    for flag, owner_name in result:
        overdue = is_overdue(
            status=flag.status,
            urgency=flag.urgency,
            created_at=flag.created_at,
            ack_timeout_seconds=Policy.from_json(flag.policy).ack_timeout_seconds,
            target=close_target(flag.urgency, targets),
            now=now,
        )
        rows.append(
            ConcernRow(
                flag.id,
                flag.client_code,
                flag.category,
                flag.urgency,
                flag.status,
                flag.created_at,
                flag.acknowledged_by_id,
                owner_name,
                overdue,
                flag.closed_at,
            )
        )
    return rows


async def add_note(
    session: AsyncSession, person: Person, flag_id: int, text: str, now: dt.datetime
) -> Flag:
    """An interim note on a concern still being handled (kept for the unit, like the outcome)."""
    flag = await flag_for_staff(session, person, flag_id)
    if flag.status == FlagStatus.CLOSED:
        raise FlagError("already_closed")
    text = clean_typed(text)
    if not text:
        raise FlagError("no_note")
    if looks_sensitive(text):
        raise FlagError("sensitive")
    if len(text) > MAX_DESCRIPTION_CHARS:
        raise FlagError("too_long")
    session.add(
        FlagEvent(flag_id=flag.id, at=now, actor_id=person.id, kind="note", detail={"text": text})
    )
    return flag


async def purge_notes(session: AsyncSession, now: dt.datetime, keep_days: int) -> int:
    """Notes go with the description, `keep_days` after closing; the 'note by …' line stays."""
    events = await session.scalars(
        select(FlagEvent)
        .join(Flag, Flag.id == FlagEvent.flag_id)
        .where(
            FlagEvent.kind == "note",
            Flag.status == FlagStatus.CLOSED,
            Flag.closed_at < now - dt.timedelta(days=keep_days),
        )
    )
    purged = 0
    for event in events:
        if "text" in event.detail:
            event.detail = {"purged": True}
            purged += 1
    return purged


async def monthly_figures(
    session: AsyncSession, unit_id: int, year: int, month: int, tz: ZoneInfo
) -> dict[str, Figures]:
    """Per urgency, for concerns raised that month: how fast acknowledged and closed."""
    start, end = month_bounds(year, month, tz)
    flags = list(
        await session.scalars(
            select(Flag).where(
                Flag.unit_id == unit_id, Flag.created_at >= start, Flag.created_at < end
            )
        )
    )
    out: dict[str, Figures] = {}
    for urgency in URGENCIES:
        mine = [f for f in flags if f.urgency == urgency]
        acks = [f.acknowledged_at - f.created_at for f in mine if f.acknowledged_at]
        closes = [f.closed_at - f.created_at for f in mine if f.closed_at]
        out[urgency] = figures(acks, closes, len(mine))
    return out


async def set_alert_settings(
    session: AsyncSession,
    unit_id: int,
    *,
    ack_now_seconds: int | None = None,
    overdue_hours: dict[str, float] | None = None,
) -> UnitAlertSettings:
    """`admin unit-set --ack-timeout-now / --overdue-after-*`: unchanged when None."""
    if ack_now_seconds is not None and not 30 <= ack_now_seconds <= 3600:
        raise FlagError("ack_now")
    for hours in (overdue_hours or {}).values():
        if not 1 <= hours <= 24 * 60:
            raise FlagError("overdue_hours")
    extra = await session.get(UnitAlertSettings, unit_id)
    if extra is None:
        extra = UnitAlertSettings(unit_id=unit_id)
        session.add(extra)
    if ack_now_seconds is not None:
        extra.ack_now_seconds = ack_now_seconds
    if overdue_hours:
        extra.close_target_hours = {**(extra.close_target_hours or {}), **overdue_hours}
    await session.flush()
    return extra


async def timings(session: AsyncSession, unit_id: int, today_seconds: int) -> dict[str, object]:
    """What `unit-set --json` shows: the timings in force, defaults filled in."""
    from bot.domain.escalation import DEFAULT_CLOSE_TARGET_HOURS, ack_timeout_for

    extra = await session.get(UnitAlertSettings, unit_id)
    targets = (extra.close_target_hours if extra else None) or {}
    return {
        "ack_timeout_now_seconds": ack_timeout_for(
            "now", now_seconds=extra.ack_now_seconds if extra else None, today_seconds=today_seconds
        ),
        "ack_timeout_today_seconds": today_seconds,
        "overdue_after_hours": {
            u: targets.get(u, DEFAULT_CLOSE_TARGET_HOURS[u]) for u in DEFAULT_CLOSE_TARGET_HOURS
        },
    }
