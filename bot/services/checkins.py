"""The optional evening check-in: "Did you do any peer support today?" (off by default).

At most one a day, only on days with nothing logged, through the outbox's check-in lane.
`next_checkin_at` (UTC) is the timer the tick reads; it is None while check-ins are off.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.delivery import outbox
from bot.delivery.lanes import Lane
from bot.domain.tips import parse_hhmm
from storage.models import HourEntry, Person, Preferences, Role

DUE_BATCH = 500
# (language, local day) -> (text, button rows); rendered by the caller's views.
Render = Callable[[str, dt.date], tuple[str, Sequence[Sequence[tuple[str, str]]]]]


def next_checkin_after(now: dt.datetime, checkin_time: str, tz: ZoneInfo) -> dt.datetime:
    """The next local `checkin_time` strictly after `now`."""
    local = now.astimezone(tz)
    moment = parse_hhmm(checkin_time)
    candidate = dt.datetime.combine(local.date(), moment, tzinfo=tz)
    if candidate <= local:
        candidate = dt.datetime.combine(local.date() + dt.timedelta(days=1), moment, tzinfo=tz)
    return candidate.astimezone(dt.UTC)


def set_checkin(
    prefs: Preferences, *, enabled: bool, now: dt.datetime, tz: ZoneInfo, at: str | None = None
) -> None:
    if at is not None:
        parse_hhmm(at)  # raises ValueError on a bad time
        prefs.checkin_time = at
    prefs.checkin_enabled = enabled
    prefs.next_checkin_at = next_checkin_after(now, prefs.checkin_time, tz) if enabled else None
    prefs.updated_at = now


async def _logged_on(session: AsyncSession, person_id: int, day: dt.date) -> bool:
    count = await session.scalar(
        select(func.count()).where(HourEntry.person_id == person_id, HourEntry.day == day)
    )
    return bool(count)


async def schedule_due(
    session: AsyncSession, now: dt.datetime, tz: ZoneInfo, render: Render
) -> int:
    """Check-ins whose time has come → outbox rows; every timer moves on to the next day."""
    rows = (
        await session.execute(
            select(Preferences, Person)
            .join(Person, Person.id == Preferences.person_id)
            .where(Preferences.checkin_enabled.is_(True), Preferences.next_checkin_at <= now)
            .order_by(Preferences.next_checkin_at)
            .limit(DUE_BATCH)
            .with_for_update(of=Preferences, skip_locked=True)
        )
    ).all()
    queued = 0
    for prefs, person in rows:
        due_local = (
            prefs.next_checkin_at.astimezone(tz) if prefs.next_checkin_at else now.astimezone(tz)
        )
        day = due_local.date()
        prefs.next_checkin_at = next_checkin_after(
            max(now, prefs.next_checkin_at or now), prefs.checkin_time, tz
        )
        reachable = person.role == Role.SUPPORTER and person.reachable
        if not reachable or await _logged_on(session, person.id, day):
            continue
        if (now.astimezone(tz).date() - day).days > 0:
            continue  # the bot was down past midnight: yesterday's question is stale, skip it
        text, buttons = render(person.language or "en", day)
        created = await outbox.enqueue(
            session,
            dedupe_key=f"checkin:{person.id}:{day.isoformat()}",
            chat_id=person.telegram_user_id,
            person_id=person.id,
            lane=Lane.CHECKIN,
            kind="checkin",
            text=text,
            buttons=buttons,
            due_at=now,
        )
        queued += int(created.created)
    return queued
