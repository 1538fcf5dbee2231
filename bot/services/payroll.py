"""A period of hours, ready for payroll: per supporter and per entry, with approvals.

Per supporter: a stable staff number and a display that tells two "May"s apart, active or
not, minutes by activity (every activity the bot knows, plus any found in the entries, so a
new kind of work flows through), entries and home visits, the approval of every month the
period touches (status, approver, date) and a grand total that equals the entries to the
minute. Nothing here knows about Telegram; labels come from the caller's translator.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain import hours as hours_domain
from bot.domain.hours import month_key
from bot.domain.periods import Period
from bot.domain.staff import staff_number, unique_names
from bot.i18n import Translator
from storage.models import HourEntry, MonthApproval, Person, Role

Label = Callable[[str], str]
VISIT_ACTIVITIES = ("visit",)  # what "visits" counts: home visits, one per entry


@dataclass
class SupporterHours:
    person: Person
    display: str
    by_activity: Counter[str] = field(default_factory=Counter)
    entries: int = 0
    visits: int = 0

    @property
    def total(self) -> int:
        return sum(self.by_activity.values())


@dataclass
class Approval:
    approver: str
    at: dt.datetime


@dataclass
class PayrollData:
    period: Period
    supporters: list[SupporterHours]
    entries: list[tuple[SupporterHours, HourEntry]]
    approvals: dict[tuple[int, str], Approval]
    activities: list[str]

    @property
    def total(self) -> int:
        return sum(s.total for s in self.supporters)

    def months_of(self, supporter: SupporterHours) -> list[str]:
        """Months of the period in which this supporter logged hours."""
        return sorted({month_key(e.day) for s, e in self.entries if s is supporter})


async def collect(session: AsyncSession, unit_ids: list[int], period: Period) -> PayrollData:
    people = list(
        await session.scalars(
            select(Person)
            .where(Person.unit_id.in_(unit_ids), Person.role == Role.SUPPORTER)
            .order_by(Person.display_name, Person.id)
        )
    )
    names = unique_names((p.id, p.display_name) for p in people)
    rows = {p.id: SupporterHours(p, names[p.id]) for p in people}
    entries: list[tuple[SupporterHours, HourEntry]] = []
    if rows:
        found = await session.scalars(
            select(HourEntry)
            .where(
                HourEntry.person_id.in_(list(rows)),
                HourEntry.day >= period.start,
                HourEntry.day <= period.end,
            )
            .order_by(HourEntry.day, HourEntry.id)
        )
        for entry in found:
            row = rows[entry.person_id]
            row.by_activity[entry.activity] += entry.minutes
            row.entries += 1
            row.visits += entry.activity in VISIT_ACTIVITIES
            entries.append((row, entry))
    entries.sort(key=lambda pair: (pair[0].display.casefold(), pair[0].person.id, pair[1].day))
    months = [month_key(m) for m in period.months()]
    approvals: dict[tuple[int, str], Approval] = {}
    if rows:
        found_approvals = await session.execute(
            select(MonthApproval, Person.display_name)
            .join(Person, Person.id == MonthApproval.approved_by_id)
            .where(MonthApproval.person_id.in_(list(rows)), MonthApproval.month.in_(months))
        )
        for approval, approver in found_approvals:
            approvals[(approval.person_id, approval.month)] = Approval(
                approver, approval.approved_at
            )
    known = list(hours_domain.ACTIVITIES)  # read now: a new activity flows through
    extra = sorted({e.activity for _, e in entries} - set(known))
    return PayrollData(period, list(rows.values()), entries, approvals, known + extra)


def _hours(minutes: int) -> float:
    return round(minutes / 60, 2)


def _status(data: PayrollData, row: SupporterHours, tr: Translator) -> tuple[str, str, str]:
    """(status, approvers, latest approval date) over the months with hours."""
    months = data.months_of(row)
    if not months:
        return tr.gettext("no hours"), "", ""
    found = [
        data.approvals[(row.person.id, m)] for m in months if (row.person.id, m) in data.approvals
    ]
    if len(found) == len(months):
        status = tr.gettext("approved")
    elif found:
        status = tr.gettext("partly approved ({done} of {months} months)").format(
            done=len(found), months=len(months)
        )
    else:
        status = tr.gettext("not approved")
    approvers = ", ".join(sorted({a.approver for a in found}))
    latest = max((a.at for a in found), default=None)
    return status, approvers, latest.date().isoformat() if latest else ""


def summary_rows(data: PayrollData, tr: Translator, label: Label) -> list[list[object]]:
    t = tr.gettext
    header: list[object] = [
        t("Staff no."),
        t("Supporter"),
        t("Status"),
        *(t("{activity} (min)").format(activity=label(a)) for a in data.activities),
        t("Total minutes"),
        t("Total hours"),
        t("Entries"),
        t("Home visits"),
        t("Approval"),
        t("Approved by"),
        t("Approved on"),
    ]
    rows: list[list[object]] = [header]
    for row in data.supporters:
        status, approvers, when = _status(data, row, tr)
        rows.append(
            [
                staff_number(row.person.id),
                row.display,
                t("active") if row.person.active else t("inactive"),
                *(row.by_activity.get(a, 0) for a in data.activities),
                row.total,
                _hours(row.total),
                row.entries,
                row.visits,
                status,
                approvers,
                when,
            ]
        )
    rows.append(
        [
            "",
            t("Grand total"),
            "",
            *(sum(r.by_activity.get(a, 0) for r in data.supporters) for a in data.activities),
            data.total,
            _hours(data.total),
            sum(r.entries for r in data.supporters),
            sum(r.visits for r in data.supporters),
            "",
            "",
            "",
        ]
    )
    return rows


def entry_rows(data: PayrollData, tr: Translator, label: Label) -> list[list[object]]:
    t = tr.gettext
    rows: list[list[object]] = [
        [
            t("Staff no."),
            t("Supporter"),
            t("Date"),
            t("Activity"),
            t("Minutes"),
            t("Hours"),
            t("Approved by"),
        ]
    ]
    for row, entry in data.entries:
        approval = data.approvals.get((row.person.id, month_key(entry.day)))
        rows.append(
            [
                staff_number(row.person.id),
                row.display,
                entry.day.isoformat(),
                label(entry.activity),
                entry.minutes,
                _hours(entry.minutes),
                approval.approver if approval else "",
            ]
        )
    return rows


def hours_by_month(data: PayrollData) -> list[tuple[dt.date, int]]:
    totals: dict[dt.date, int] = defaultdict(int)
    for first in data.period.months():
        totals[first] = 0
    for _, entry in data.entries:
        totals[entry.day.replace(day=1)] += entry.minutes
    return sorted(totals.items())
