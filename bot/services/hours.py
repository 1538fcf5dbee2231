"""Hours: save, change and remove entries under the rules; summaries; approvals; exports.

Rules a supporter can trip over are raised as `HoursRuleError(reason)` so the bot can
answer with a specific, kind re-ask; the rules themselves and the month arithmetic are
written once, in bot/domain/hour_rules.py — here they meet the database. Nothing here
knows about Telegram.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import Counter
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain import hour_rules as rules
from bot.domain.hours import (
    DEFAULT_EDITABLE_DAYS,
    HoursRuleError,
    check_entry,
    month_key,
    month_start,
    next_month,
)
from storage.db import dialect_insert, get_by_id
from storage.models import ContactAttempt, HourEntry, MonthApproval, Person, Role, Unit

NOT_REACHED_WINDOW = dt.timedelta(days=14)
NOT_REACHED_NUDGE_AT = 3


async def is_locked(session: AsyncSession, person_id: int, day: dt.date) -> bool:
    """A month the social worker approved is closed for changes."""
    found = await session.scalar(_MONTH_APPROVED, {"person_id": person_id, "month": month_key(day)})
    return found is not None


async def ensure_open(session: AsyncSession, person_id: int, day: dt.date) -> None:
    """`locked` for a day in an approved month: its entries stay as they were approved."""
    if await is_locked(session, person_id, day):
        raise HoursRuleError("locked", day=day)


# What the rules need to know, in one query (a ✅ Save is the busiest write; each round trip
# is a hop to the database's thread — bench/handlers.py): an entry already saved from this
# card, whether the month is approved, the day's total without the entry being changed, and
# a twin (same day, activity and time) saved in the last 10 minutes. Built once, with
# parameters; `excluding` 0, `source_key` NULL and `twin_since` NULL match nothing.
_MONTH_APPROVED = select(MonthApproval.id).where(
    MonthApproval.person_id == bindparam("person_id"),
    MonthApproval.month == bindparam("month"),
)
_RULE_STATE = select(
    select(HourEntry.id)
    .where(
        HourEntry.person_id == bindparam("person_id"),
        HourEntry.source_key == bindparam("source_key"),
    )
    .scalar_subquery()
    .label("saved_id"),
    _MONTH_APPROVED.exists().label("locked"),
    select(func.coalesce(func.sum(HourEntry.minutes), 0))
    .where(
        HourEntry.person_id == bindparam("person_id"),
        HourEntry.day == bindparam("day"),
        HourEntry.id != bindparam("excluding"),
    )
    .scalar_subquery()
    .label("day_total"),
    select(HourEntry.id)
    .where(
        HourEntry.person_id == bindparam("person_id"),
        HourEntry.day == bindparam("day"),
        HourEntry.activity == bindparam("activity"),
        HourEntry.minutes == bindparam("minutes"),
        HourEntry.created_at >= bindparam("twin_since"),
    )
    .exists()
    .label("twin"),
)
DUPLICATE_WINDOW = dt.timedelta(minutes=10)


@dataclass(frozen=True, slots=True)
class RuleState:
    """What the database says about an entry about to be saved (see `rule_state`)."""

    saved_id: int | None  # the entry this card already saved (a second tap on ✅ Save)
    locked: bool  # the day's month is approved
    day_total: int  # minutes already logged that day, the entry being changed left out
    twin: bool  # the same entry saved in the last 10 minutes

    def check_day(self, day: dt.date, minutes: int) -> None:
        """The day's hard rules (bot/domain/hour_rules.check_day)."""
        rules.check_day(day=day, minutes=minutes, locked=self.locked, day_total=self.day_total)


async def rule_state(
    session: AsyncSession,
    person_id: int,
    day: dt.date,
    *,
    source_key: str | None = None,
    excluding: int | None = None,
    twin_of: tuple[int, str, dt.datetime] | None = None,
) -> RuleState:
    """One query for every rule an entry meets. `twin_of`: (minutes, activity, now) to look
    for the same entry saved in the last 10 minutes."""
    minutes, activity, now = twin_of if twin_of is not None else (0, "", None)
    row = (
        await session.execute(
            _RULE_STATE,
            {
                "person_id": person_id,
                "source_key": source_key,
                "month": month_key(day),
                "day": day,
                "excluding": excluding or 0,
                "minutes": minutes,
                "activity": activity,
                "twin_since": now - DUPLICATE_WINDOW if now is not None else None,
            },
        )
    ).one()
    return RuleState(row.saved_id, bool(row.locked), int(row.day_total or 0), bool(row.twin))


@functools.cache
def _insert_once(insert: Any) -> Any:
    """INSERT … ON CONFLICT (person, card) DO NOTHING RETURNING the entry, built once per
    database kind (`insert`: its dialect's construct)."""
    return (
        insert(HourEntry)
        .values(
            {
                name: bindparam(name)
                for name in (
                    "person_id",
                    "day",
                    "minutes",
                    "activity",
                    "source_key",
                    "created_at",
                    "updated_at",
                )
            }
        )
        .on_conflict_do_nothing(index_elements=["person_id", "source_key"])
        .returning(HourEntry)
    )


async def save_entry(
    session: AsyncSession,
    person: Person,
    *,
    minutes: int,
    activity: str,
    day: dt.date,
    today: dt.date,
    now: dt.datetime,
    source_key: str,
    editable_days: int = DEFAULT_EDITABLE_DAYS,
    known: RuleState | None = None,
) -> tuple[HourEntry, bool]:
    """Save once per source (a confirmation message): returns (entry, newly_created).
    `known`: the rule state the caller read in this transaction for this entry (not read
    again)."""
    state = known or await rule_state(session, person.id, day, source_key=source_key)
    if state.saved_id is not None:
        return await session.get_one(HourEntry, state.saved_id), False
    check_entry(
        minutes=minutes,
        activity=activity,
        day=day,
        today=today,
        editable_days=editable_days,
        locked=state.locked,
        day_total=state.day_total,
    )
    entry = await session.scalar(
        _insert_once(dialect_insert(session)),
        {
            "person_id": person.id,
            "day": day,
            "minutes": minutes,
            "activity": activity,
            "source_key": source_key,
            "created_at": now,
            "updated_at": now,
        },
    )
    if entry is None:  # the same tap processed twice at once (two instances): first counts
        again = await rule_state(session, person.id, day, source_key=source_key)
        assert again.saved_id is not None
        return await session.get_one(HourEntry, again.saved_id), False
    return entry, True


async def own_entry(session: AsyncSession, person: Person, entry_id: int) -> HourEntry:
    """An entry of this person, or `not_found` — even if the id exists for someone else."""
    # An id past the INTEGER column can only come from forged button data: not found.
    entry = await get_by_id(session, HourEntry, entry_id)
    if entry is None or entry.person_id != person.id:
        raise HoursRuleError("not_found")
    return entry


async def update_entry(
    session: AsyncSession,
    person: Person,
    entry_id: int,
    *,
    minutes: int,
    activity: str,
    day: dt.date,
    today: dt.date,
    now: dt.datetime,
    editable_days: int = DEFAULT_EDITABLE_DAYS,
) -> HourEntry:
    entry = await own_entry(session, person, entry_id)
    await ensure_open(session, person.id, entry.day)
    state = await rule_state(session, person.id, day, excluding=entry.id)
    check_entry(
        minutes=minutes,
        activity=activity,
        day=day,
        today=today,
        editable_days=editable_days,
        locked=state.locked,
        day_total=state.day_total,
    )
    entry.minutes, entry.activity, entry.day, entry.updated_at = minutes, activity, day, now
    await session.flush()
    return entry


async def delete_entry(session: AsyncSession, person: Person, entry_id: int) -> HourEntry:
    entry = await own_entry(session, person, entry_id)
    await ensure_open(session, person.id, entry.day)
    await session.delete(entry)
    await session.flush()
    return entry


async def last_entry(session: AsyncSession, person: Person) -> HourEntry | None:
    return await session.scalar(
        select(HourEntry)
        .where(HourEntry.person_id == person.id)
        .order_by(HourEntry.created_at.desc(), HourEntry.id.desc())
        .limit(1)
    )


@dataclass
class MonthRecord:
    first_day: dt.date
    total_minutes: int
    by_activity: dict[str, int]
    recent: list[HourEntry]
    planned_minutes: int
    approved: bool


# A person's entries in one month; statements built once, with `_month` as parameters.
_IN_MONTH = (
    HourEntry.person_id == bindparam("person_id"),
    HourEntry.day >= bindparam("first_day"),
    HourEntry.day < bindparam("next_first_day"),
)
_MONTH_TOTAL = select(func.coalesce(func.sum(HourEntry.minutes), 0)).where(*_IN_MONTH)
_MONTH_ENTRIES = (
    select(HourEntry).where(*_IN_MONTH).order_by(HourEntry.day.desc(), HourEntry.id.desc())
)


def _month(person: Person, first_day: dt.date) -> dict[str, object]:
    return {"person_id": person.id, "first_day": first_day, "next_first_day": next_month(first_day)}


async def month_total(session: AsyncSession, person: Person, first_day: dt.date) -> int:
    """Minutes logged in the month starting `first_day` ("This month so far")."""
    return int(await session.scalar(_MONTH_TOTAL, _month(person, first_day)) or 0)


async def month_record(
    session: AsyncSession, person: Person, first_day: dt.date, *, recent: int = 5
) -> MonthRecord:
    entries = list(await session.scalars(_MONTH_ENTRIES, _month(person, first_day)))
    by_activity: Counter[str] = Counter()
    for entry in entries:
        by_activity[entry.activity] += entry.minutes
    unit = await session.get(Unit, person.unit_id)
    return MonthRecord(
        first_day=first_day,
        total_minutes=sum(by_activity.values()),
        by_activity=dict(by_activity),
        recent=entries[:recent],
        planned_minutes=unit.planned_monthly_minutes if unit else 0,
        approved=await is_locked(session, person.id, first_day),
    )


async def record_not_reached(
    session: AsyncSession, person: Person, *, client_code: str, channel: str, now: dt.datetime
) -> int:
    """Record a failed contact; return how many for this client in the last 14 days."""
    session.add(
        ContactAttempt(
            person_id=person.id, client_code=client_code, channel=channel, attempted_at=now
        )
    )
    await session.flush()
    return int(
        await session.scalar(
            select(func.count()).where(
                ContactAttempt.person_id == person.id,
                ContactAttempt.client_code == client_code,
                ContactAttempt.attempted_at > now - NOT_REACHED_WINDOW,
            )
        )
        or 0
    )


# --- social worker ---------------------------------------------------------------------


async def supporter_in_team(session: AsyncSession, worker: Person, supporter_id: int) -> Person:
    supporter = await get_by_id(session, Person, supporter_id)
    if supporter is None or supporter.role != Role.SUPPORTER or supporter.unit_id != worker.unit_id:
        raise HoursRuleError("not_found")
    return supporter


async def approve_month(
    session: AsyncSession, worker: Person, supporter_id: int, month: str, now: dt.datetime
) -> Person:
    supporter = await supporter_in_team(session, worker, supporter_id)
    if not await is_locked(session, supporter.id, month_start(month)):
        try:
            async with session.begin_nested():
                session.add(
                    MonthApproval(
                        person_id=supporter.id,
                        month=month,
                        approved_by_id=worker.id,
                        approved_at=now,
                    )
                )
        except IntegrityError:  # approved by a colleague at the same moment: same outcome
            pass
    return supporter


async def reopen_month(
    session: AsyncSession, worker: Person, supporter_id: int, month: str
) -> Person:
    supporter = await supporter_in_team(session, worker, supporter_id)
    await session.execute(
        delete(MonthApproval).where(
            MonthApproval.person_id == supporter.id, MonthApproval.month == month
        )
    )
    return supporter
