"""/flags as plain rules: which concerns a staff member sees first, filters, pages, figures.

No Telegram and no database: rows come in, ordered and cut rows go out.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from bot.domain.escalation import FlagStatus

FILTERS = ("open", "mine", "overdue", "closed")  # "closed": closed this month
PAGE_SIZE = 5
_MONTH = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")


@dataclass(frozen=True, slots=True)
class ConcernRow:
    flag_id: int
    client_code: str
    category: str
    urgency: str
    status: FlagStatus
    created_at: dt.datetime
    owner_id: int | None  # who acknowledged it (None: nobody yet)
    owner_name: str | None
    overdue: bool
    closed_at: dt.datetime | None = None


def needs_me_first(rows: Sequence[ConcernRow], me: int) -> list[ConcernRow]:
    """Overdue first, then mine, then nobody's, then the rest; oldest first within each."""
    return sorted(
        rows,
        key=lambda r: (
            not r.overdue,
            r.owner_id != me,
            r.owner_id is not None,
            r.created_at,
            r.flag_id,
        ),
    )


def apply_filter(
    rows: Sequence[ConcernRow], name: str, me: int, month_start: dt.datetime
) -> list[ConcernRow]:
    if name == "closed":
        closed = [
            r
            for r in rows
            if r.status == FlagStatus.CLOSED and (r.closed_at or r.created_at) >= month_start
        ]
        return sorted(closed, key=lambda r: r.closed_at or r.created_at, reverse=True)
    still_open = [r for r in rows if r.status != FlagStatus.CLOSED]
    if name == "mine":
        still_open = [r for r in still_open if r.owner_id == me]
    elif name == "overdue":
        still_open = [r for r in still_open if r.overdue]
    return needs_me_first(still_open, me)


@dataclass(frozen=True, slots=True)
class Page:
    rows: list[ConcernRow]
    number: int  # 0-based, clamped to the pages there are
    total: int

    @property
    def has_more(self) -> bool:
        return (self.number + 1) * PAGE_SIZE < self.total


def page_of(rows: Sequence[ConcernRow], number: int) -> Page:
    last = max(0, math.ceil(len(rows) / PAGE_SIZE) - 1)
    number = min(max(0, number), last)
    start = number * PAGE_SIZE
    return Page(list(rows[start : start + PAGE_SIZE]), number, len(rows))


# --- monthly figures ---------------------------------------------------------------------


def percentile(values: Sequence[dt.timedelta], share: float) -> dt.timedelta | None:
    """Nearest-rank percentile: the smallest value at least `share` of the values are within."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def median_duration(values: Sequence[dt.timedelta]) -> dt.timedelta | None:
    """The median as statistics.median computes it (typeshed types that for numbers only)."""
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


@dataclass(frozen=True, slots=True)
class Figures:
    count: int
    median_ack: dt.timedelta | None
    p90_ack: dt.timedelta | None
    median_close: dt.timedelta | None
    p90_close: dt.timedelta | None


def figures(acks: Sequence[dt.timedelta], closes: Sequence[dt.timedelta], count: int) -> Figures:
    return Figures(
        count,
        median_duration(acks),
        percentile(acks, 0.9),
        median_duration(closes),
        percentile(closes, 0.9),
    )


def parse_month(text: str) -> tuple[int, int] | None:
    """ "2026-11" → (2026, 11); anything else (2026-13, Nov) → None."""
    match = _MONTH.match(text)
    if not match:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    if not (2000 <= year <= 2100 and 1 <= month <= 12):
        return None
    return year, month


def month_bounds(year: int, month: int, tz: ZoneInfo) -> tuple[dt.datetime, dt.datetime]:
    """The month in local time, as UTC [start, end)."""
    start = dt.datetime(year, month, 1, tzinfo=tz)
    end = dt.datetime(year + month // 12, month % 12 + 1, 1, tzinfo=tz)
    return start.astimezone(dt.UTC), end.astimezone(dt.UTC)


def shift_month(year: int, month: int, by: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + by
    return index // 12, index % 12 + 1
