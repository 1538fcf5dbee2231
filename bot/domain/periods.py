"""Periods staff ask about: a month (2026-11), a quarter (2026-Q4) or a range of days
(2026-10-01..2026-12-31). A period that does not exist is refused with a reason."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MAX_DAYS = 3 * 366  # a report over more than three years is almost surely a typo
_MONTH_RE = re.compile(r"^(\d{4})-(\d{1,2})$", re.ASCII)
_QUARTER_RE = re.compile(r"^(\d{4})-[Qq](\d)$", re.ASCII)
_RANGE_RE = re.compile(
    r"^(\d{4}-\d{1,2}-\d{1,2})\s*(?:\.\.|–|—|to)\s*(\d{4}-\d{1,2}-\d{1,2})$", re.ASCII
)


class PeriodError(ValueError):
    """`reason`: format | month | quarter | day | order | future | too_long."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Period:
    start: dt.date
    end: dt.date  # inclusive
    key: str  # for file names: 2026-11, 2026-Q4, 2026-10-01_2026-12-31

    def months(self) -> list[dt.date]:
        """The first day of every month the period touches."""
        first, months = self.start.replace(day=1), []
        while first <= self.end:
            months.append(first)
            first = dt.date(first.year + (first.month == 12), first.month % 12 + 1, 1)
        return months

    @property
    def after_end(self) -> dt.date:
        return self.end + dt.timedelta(days=1)


def _month_end(first: dt.date) -> dt.date:
    following = dt.date(first.year + (first.month == 12), first.month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat("-".join(part.zfill(2) for part in text.split("-")))
    except ValueError:
        raise PeriodError("day") from None


def parse_period(text: str, today: dt.date) -> Period:
    """Read a period; it may run past today (a quarter in progress) but not start after it."""
    try:
        return _parse(text.strip(), today)
    except PeriodError:
        raise
    except (ValueError, OverflowError):  # year 0000 and the like
        raise PeriodError("format") from None


def _parse(text: str, today: dt.date) -> Period:
    if match := _MONTH_RE.match(text):
        year, month = int(match[1]), int(match[2])
        if not 1 <= month <= 12:
            raise PeriodError("month")
        first = dt.date(year, month, 1)
        period = Period(first, _month_end(first), f"{year:04d}-{month:02d}")
    elif match := _QUARTER_RE.match(text):
        year, quarter = int(match[1]), int(match[2])
        if not 1 <= quarter <= 4:
            raise PeriodError("quarter")
        first = dt.date(year, 3 * quarter - 2, 1)
        period = Period(first, _month_end(dt.date(year, 3 * quarter, 1)), f"{year:04d}-Q{quarter}")
    elif match := _RANGE_RE.match(text):
        start, end = _day(match[1]), _day(match[2])
        if start > end:
            raise PeriodError("order")
        period = Period(start, end, f"{start.isoformat()}_{end.isoformat()}")
    else:
        raise PeriodError("format")
    if period.start > today:
        raise PeriodError("future")
    if (period.end - period.start).days > MAX_DAYS:
        raise PeriodError("too_long")
    return period


def quarter_of(day: dt.date) -> Period:
    quarter = (day.month - 1) // 3 + 1
    first = dt.date(day.year, 3 * quarter - 2, 1)
    return Period(first, _month_end(dt.date(day.year, 3 * quarter, 1)), f"{day.year}-Q{quarter}")


def month_of(day: dt.date) -> Period:
    first = day.replace(day=1)
    return Period(first, _month_end(first), f"{first.year:04d}-{first.month:02d}")
