"""Approving a month of hours: who may, what looks unusual, approve-all, reopen.

A social worker acts for her own supporters (and for those whose social worker is gone);
an admin for the whole unit. Approving twice changes nothing and tells nobody twice; only
an explicit, confirmed reopen removes an approval. Nothing here knows about Telegram.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import delete, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from bot.delivery import outbox
from bot.delivery.lanes import Lane
from bot.domain.hours import HoursRuleError, month_key, month_start, next_month
from bot.i18n import Catalogs
from storage.db import get_by_id, social_worker_of
from storage.models import HourEntry, MonthApproval, Person, Role

LONG_ENTRY_MINUTES = 8 * 60  # one entry over this is worth a look before approving
LONG_DAY_MINUTES = 12 * 60  # so is a day over this


def whole_unit_allowed(worker: Person) -> bool:
    return worker.role == Role.ADMIN


def may_act_for(worker: Person, supporter: Person, *, worker_of_supporter_active: bool) -> bool:
    """Admins: anyone in their unit. Social workers: their own supporters, and supporters
    whose social worker is missing or deactivated (so nobody's month is stuck)."""
    if supporter.role != Role.SUPPORTER or supporter.unit_id != worker.unit_id:
        return False
    if worker.role == Role.ADMIN:
        return True
    return supporter.social_worker_id in (worker.id, None) or not worker_of_supporter_active


async def supporters_for(
    session: AsyncSession, worker: Person, *, whole_unit: bool = False
) -> list[Person]:
    """The supporters this staff member looks after (`whole_unit`: admins see every one)."""
    their_worker = aliased(Person)
    query = (
        select(Person)
        .outerjoin(their_worker, their_worker.id == Person.social_worker_id)
        .where(Person.unit_id == worker.unit_id, Person.role == Role.SUPPORTER)
        .order_by(Person.display_name, Person.id)
    )
    if not (whole_unit and whole_unit_allowed(worker)):
        query = query.where(
            or_(
                Person.social_worker_id == worker.id,
                Person.social_worker_id.is_(None),
                their_worker.active.is_(False),
            )
        )
    return list(await session.scalars(query))


async def supporter_for(session: AsyncSession, worker: Person, supporter_id: int) -> Person:
    """A supporter this staff member may approve for, or `not_found` (forged ids too)."""
    supporter = await get_by_id(session, Person, supporter_id)
    if supporter is None:
        raise HoursRuleError("not_found")
    their_worker = await social_worker_of(session, supporter)
    active = their_worker is not None and their_worker.active
    if not may_act_for(worker, supporter, worker_of_supporter_active=active):
        raise HoursRuleError("not_found")
    return supporter


@dataclass
class MonthSummary:
    """One supporter's month, as the approver sees it before approving."""

    supporter: Person
    total_minutes: int = 0
    entry_count: int = 0
    long_entries: list[HourEntry] = field(default_factory=list)
    long_days: dict[dt.date, int] = field(default_factory=dict)
    approval: MonthApproval | None = None

    @property
    def flagged(self) -> bool:
        return bool(self.long_entries or self.long_days)

    @property
    def approved(self) -> bool:
        return self.approval is not None


async def _approvals(session: AsyncSession, ids: list[int], month: str) -> dict[int, MonthApproval]:
    if not ids:
        return {}
    found = await session.scalars(
        select(MonthApproval).where(MonthApproval.person_id.in_(ids), MonthApproval.month == month)
    )
    return {a.person_id: a for a in found}


async def approval_of(session: AsyncSession, supporter: Person, month: str) -> MonthApproval | None:
    return (await _approvals(session, [supporter.id], month)).get(supporter.id)


def summarise(supporter: Person, entries: list[HourEntry]) -> MonthSummary:
    summary = MonthSummary(supporter)
    by_day: dict[dt.date, int] = defaultdict(int)
    for entry in entries:
        summary.total_minutes += entry.minutes
        summary.entry_count += 1
        by_day[entry.day] += entry.minutes
        if entry.minutes > LONG_ENTRY_MINUTES:
            summary.long_entries.append(entry)
    summary.long_days = {d: m for d, m in sorted(by_day.items()) if m > LONG_DAY_MINUTES}
    return summary


async def month_summaries(
    session: AsyncSession, worker: Person, month: str, *, whole_unit: bool = False
) -> list[MonthSummary]:
    """Every supporter of this approver with hours in the month, or already approved."""
    supporters = await supporters_for(session, worker, whole_unit=whole_unit)
    ids = [s.id for s in supporters]
    first = month_start(month)
    entries: dict[int, list[HourEntry]] = defaultdict(list)
    if ids:
        for entry in await session.scalars(
            select(HourEntry)
            .where(
                HourEntry.person_id.in_(ids),
                HourEntry.day >= first,
                HourEntry.day < next_month(first),
            )
            .order_by(HourEntry.day, HourEntry.id)
        ):
            entries[entry.person_id].append(entry)
    approvals = await _approvals(session, ids, month)
    summaries = []
    for supporter in supporters:
        if supporter.id not in entries and supporter.id not in approvals:
            continue
        summary = summarise(supporter, entries.get(supporter.id, []))
        summary.approval = approvals.get(supporter.id)
        summaries.append(summary)
    return summaries


async def month_entries(session: AsyncSession, supporter: Person, month: str) -> list[HourEntry]:
    first = month_start(month)
    return list(
        await session.scalars(
            select(HourEntry)
            .where(
                HourEntry.person_id == supporter.id,
                HourEntry.day >= first,
                HourEntry.day < next_month(first),
            )
            .order_by(HourEntry.day, HourEntry.id)
        )
    )


async def _tell(
    session: AsyncSession,
    catalogs: Catalogs,
    supporter: Person,
    worker: Person,
    month: str,
    *,
    approved: bool,
    now: dt.datetime,
) -> None:
    """One message per approval or reopen (the outbox keys it): a double tap tells once."""
    tr = catalogs.get(supporter.language or "en")
    label = tr.month(month_start(month))
    if approved:
        text = tr.gettext(
            "{name} has approved your hours for {month}. Thank you for your time with your clients."
        )
    else:
        text = tr.gettext(
            "{name} has reopened {month}, so you can correct entries for that month again."
        )
    await outbox.enqueue(
        session,
        # Keyed by the moment: an id can come back after a reopen on SQLite.
        dedupe_key=f"{'approved' if approved else 'reopened'}:{supporter.id}:{month}:"
        f"{now.isoformat()}",
        chat_id=supporter.telegram_user_id,
        person_id=supporter.id,
        lane=Lane.REPLY,
        kind="approval",
        text=text.format(name=worker.display_name, month=label),
        due_at=now,
    )


async def approve(
    session: AsyncSession,
    catalogs: Catalogs,
    worker: Person,
    supporter: Person,
    month: str,
    now: dt.datetime,
) -> tuple[MonthApproval, bool]:
    """Approve (lock) a month; (approval, newly). Already approved: nothing changes."""
    month_start(month)  # a real month, or ValueError
    existing = (await _approvals(session, [supporter.id], month)).get(supporter.id)
    if existing is not None:
        return existing, False
    approval = MonthApproval(
        person_id=supporter.id, month=month, approved_by_id=worker.id, approved_at=now
    )
    try:
        async with session.begin_nested():
            session.add(approval)
    except IntegrityError:  # a colleague approved at the same moment: the same outcome
        found = (await _approvals(session, [supporter.id], month))[supporter.id]
        return found, False
    if supporter.active:
        await _tell(session, catalogs, supporter, worker, month, approved=True, now=now)
    return approval, True


async def approve_all_clean(
    session: AsyncSession,
    catalogs: Catalogs,
    worker: Person,
    month: str,
    now: dt.datetime,
    *,
    whole_unit: bool = False,
) -> tuple[list[Person], list[MonthSummary]]:
    """Approve every month without an outlier; (newly approved, flagged left for a look)."""
    summaries = await month_summaries(session, worker, month, whole_unit=whole_unit)
    done, flagged = [], []
    for summary in summaries:
        if summary.approved:
            continue
        if summary.flagged:
            flagged.append(summary)
            continue
        _, newly = await approve(session, catalogs, worker, summary.supporter, month, now)
        if newly:
            done.append(summary.supporter)
    return done, flagged


async def reopen(
    session: AsyncSession,
    catalogs: Catalogs,
    worker: Person,
    supporter: Person,
    month: str,
    now: dt.datetime,
) -> bool:
    """Remove the approval (after the approver confirmed); False if it was not approved."""
    month_start(month)
    existing = (await _approvals(session, [supporter.id], month)).get(supporter.id)
    if existing is None:
        return False
    approval_id = existing.id
    await session.execute(delete(MonthApproval).where(MonthApproval.id == approval_id))
    if supporter.active:
        await _tell(session, catalogs, supporter, worker, month, approved=False, now=now)
    return True


@dataclass
class RosterRow:
    supporter: Person
    this_month: int
    last_logged: dt.date | None
    joined: dt.date


async def roster(
    session: AsyncSession,
    worker: Person,
    today: dt.date,
    tz: dt.tzinfo,
    *,
    whole_unit: bool = False,
) -> tuple[list[RosterRow], int]:
    """(/team rows: this month's minutes and last logged day, months waiting for approval)."""
    supporters = await supporters_for(session, worker, whole_unit=whole_unit)
    ids = [s.id for s in supporters]
    first = today.replace(day=1)
    totals: dict[int, tuple[int, dt.date | None]] = {}
    if ids:
        rows = await session.execute(
            select(
                HourEntry.person_id,
                func.sum(HourEntry.minutes).filter(HourEntry.day >= first),
                func.max(HourEntry.day),
            )
            .where(HourEntry.person_id.in_(ids))
            .group_by(HourEntry.person_id)
        )
        totals = {pid: (int(minutes or 0), last) for pid, minutes, last in rows}
    result = [
        RosterRow(
            supporter=s,
            this_month=totals.get(s.id, (0, None))[0],
            last_logged=totals.get(s.id, (0, None))[1],
            joined=s.created_at.astimezone(tz).date(),
        )
        for s in supporters
    ]
    waiting = await month_summaries(session, worker, default_month(today), whole_unit=whole_unit)
    return result, sum(1 for s in waiting if not s.approved)


def default_month(today: dt.date) -> str:
    """The month waiting for approval: last month."""
    first = today.replace(day=1)
    return month_key(first - dt.timedelta(days=1))
