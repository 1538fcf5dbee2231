"""A person's tip schedule: defaults at registration, changes from /settings, next_tip_at.

Invariant kept here and by the tick: an active, reachable supporter whose tips are not
paused has `next_tip_at` set (UTC); everyone else has None, and the tick ignores them.
A new supporter's row starts with next_tip_at None; the tick's `schedule_missing` gives it
the first tip on the next local day (it knows the configured time zone).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.tips import (
    DEFAULT_TIP_TIME,
    EVERY_DAY,
    Schedule,
    first_tip_at,
    format_hhmm,
    next_tip_at,
)
from storage.delivery_models import TipSent
from storage.models import Person, Preferences, Role


def wants_tips(person: Person) -> bool:
    """Daily tips are for active supporters Telegram can reach."""
    return person.role == Role.SUPPORTER and person.reachable


def schedule_of(prefs: Preferences) -> Schedule:
    return Schedule.from_strings(
        prefs.tip_time or DEFAULT_TIP_TIME,
        EVERY_DAY if prefs.tip_days is None else prefs.tip_days,
        prefs.quiet_start,
        prefs.quiet_end,
    )


def _defaults(person_id: int, now: dt.datetime) -> dict[str, object]:
    return {
        "person_id": person_id,
        "tip_time": DEFAULT_TIP_TIME,
        "tip_days": EVERY_DAY,
        "tips_paused": False,
        "quiet_start": None,
        "quiet_end": None,
        "checkin_enabled": False,
        "checkin_time": "20:00",
        "next_tip_at": None,
        "next_checkin_at": None,
        "updated_at": now,
    }


async def create_for_new_person(
    session: AsyncSession, person: Person, now: dt.datetime
) -> Preferences | None:
    """At registration: a supporter gets default preferences (tips at 09:30 every day).
    Their first tip is due the next local day; the tick fills in next_tip_at."""
    if person.role != Role.SUPPORTER:
        return None
    prefs = Preferences(**_defaults(person.id, now))
    session.add(prefs)
    await session.flush()
    return prefs


async def get_or_create(session: AsyncSession, person: Person, now: dt.datetime) -> Preferences:
    prefs = await session.get(Preferences, person.id)
    if prefs is None:
        prefs = Preferences(**_defaults(person.id, now))
        session.add(prefs)
        await session.flush()
    return prefs


async def backfill(session: AsyncSession, now: dt.datetime) -> int:
    """Supporters registered before tips existed get default preferences (idempotent)."""
    missing = await session.scalars(
        select(Person.id)
        .outerjoin(Preferences, Preferences.person_id == Person.id)
        .where(Preferences.person_id.is_(None), Person.role == Role.SUPPORTER)
    )
    rows = [_defaults(person_id, now) for person_id in missing]
    if not rows:
        return 0
    dialect = session.bind.dialect.name if session.bind is not None else "sqlite"
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    await session.execute(
        insert(Preferences).values(rows).on_conflict_do_nothing(index_elements=["person_id"])
    )
    return len(rows)


async def served_days(session: AsyncSession, person_id: int, since: dt.date) -> set[dt.date]:
    """Local dates from `since` on that already had their tip."""
    days = await session.scalars(
        select(TipSent.day).where(TipSent.person_id == person_id, TipSent.day >= since)
    )
    return set(days)


def next_for(
    person: Person,
    prefs: Preferences,
    now: dt.datetime,
    tz: ZoneInfo,
    served: Collection[dt.date] = (),
) -> dt.datetime | None:
    """When this person's next tip is due, or None if they get none."""
    if prefs.tips_paused or not wants_tips(person):
        return None
    schedule = schedule_of(prefs)
    first = first_tip_at(schedule, person.created_at, now, tz)
    if first is None:
        return None
    later = next_tip_at(schedule, now, tz, skip_days=served)
    return max(first, later) if later else None


async def reschedule(
    session: AsyncSession, person: Person, prefs: Preferences, now: dt.datetime, tz: ZoneInfo
) -> None:
    """After a change: the next tip under the new settings, never a second one today."""
    today = now.astimezone(tz).date()
    served = await served_days(session, person.id, today - dt.timedelta(days=1))
    prefs.next_tip_at = next_for(person, prefs, now, tz, served)
    prefs.updated_at = now


async def schedule_missing(session: AsyncSession, now: dt.datetime, tz: ZoneInfo) -> int:
    """Give next_tip_at to every supporter who should have one and doesn't (new
    supporters, people who unblocked the bot). The caller commits."""
    rows = (
        await session.execute(
            select(Preferences, Person)
            .join(Person, Person.id == Preferences.person_id)
            .where(
                Preferences.next_tip_at.is_(None),
                Preferences.tips_paused.is_(False),
                Person.reachable,
                Person.role == Role.SUPPORTER,
            )
            .limit(2000)
        )
    ).all()
    for prefs, person in rows:
        await reschedule(session, person, prefs, now, tz)
    return len(rows)


# --------------------------------------------------------------------------- changes


async def set_tip_time(
    session: AsyncSession,
    person: Person,
    prefs: Preferences,
    value: dt.time,
    now: dt.datetime,
    tz: ZoneInfo,
) -> None:
    prefs.tip_time = format_hhmm(value)
    await reschedule(session, person, prefs, now, tz)


async def toggle_day(
    session: AsyncSession,
    person: Person,
    prefs: Preferences,
    weekday: int,
    now: dt.datetime,
    tz: ZoneInfo,
) -> bool:
    """Turn a weekday on or off; False (and no change) if it is the last day left."""
    days = prefs.tip_days ^ (1 << weekday)
    if not days & EVERY_DAY:
        return False
    prefs.tip_days = days
    await reschedule(session, person, prefs, now, tz)
    return True


async def set_every_day(
    session: AsyncSession, person: Person, prefs: Preferences, now: dt.datetime, tz: ZoneInfo
) -> None:
    prefs.tip_days = EVERY_DAY
    await reschedule(session, person, prefs, now, tz)


async def set_paused(
    session: AsyncSession,
    person: Person,
    prefs: Preferences,
    paused: bool,
    now: dt.datetime,
    tz: ZoneInfo,
) -> None:
    prefs.tips_paused = paused
    await reschedule(session, person, prefs, now, tz)


async def set_quiet_hours(
    session: AsyncSession,
    person: Person,
    prefs: Preferences,
    hours: tuple[str, str] | None,
    now: dt.datetime,
    tz: ZoneInfo,
) -> None:
    prefs.quiet_start, prefs.quiet_end = hours if hours else (None, None)
    await reschedule(session, person, prefs, now, tz)
