"""The rules an hours entry keeps, written once: how long one entry and one day may be,
which days can still be changed, that an approved month is closed — and the month
arithmetic the record, the approvals and the export share.

Plain Python: the parser (bot/domain/hours.py) refuses typed text with these rules, the
service (bot/services/hours.py) refuses a save or change with them, and the card asks
"Are you sure?" with the thresholds here. Re-exported from bot/domain/hours.py.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal, get_args

from bot.domain.errors import RuleError

Activity = Literal[
    "visit", "phone", "escort", "outing", "centre", "group", "training", "supervision", "admin",
    "other",
]  # fmt: skip
ACTIVITIES: tuple[Activity, ...] = get_args(Activity)

MAX_ENTRY_MINUTES = 24 * 60  # one entry, and one day in all
DEFAULT_EDITABLE_DAYS = 31  # how far back an entry can be logged or changed
SURE_ENTRY_MINUTES = 12 * 60  # more than this in one entry: "Are you sure?"
SURE_DAY_MINUTES = 16 * 60  # more than this in one day: "Are you sure?"


class HoursRuleError(RuleError):
    """A rule refused the change; `reason` is a short code (see bot/handlers/hours.py),
    `detail` what the kind re-ask names (the day, the number of days)."""


# --- the rules ------------------------------------------------------------------------


def minutes_problem(minutes: int) -> Literal["zero", "too_long"] | None:
    """Why `minutes` cannot be one entry, or None."""
    if minutes <= 0:
        return "zero"
    if minutes > MAX_ENTRY_MINUTES:
        return "too_long"
    return None


def day_problem(
    day: dt.date, today: dt.date, editable_days: int
) -> Literal["future_day", "too_old"] | None:
    """Why hours cannot be logged on `day` any more (or yet), or None."""
    if day > today:
        return "future_day"
    if day < today - dt.timedelta(days=editable_days):
        return "too_old"
    return None


def over_the_day(day_total: int, minutes: int, limit: int = MAX_ENTRY_MINUTES) -> bool:
    """Whether `minutes` more would take the day's total past `limit`."""
    return day_total + minutes > limit


def check_day(*, day: dt.date, minutes: int, locked: bool, day_total: int) -> None:
    """The day's hard rules, refused before any question is asked: an approved month is
    closed, and a day holds at most 24 hours."""
    if locked:
        raise HoursRuleError("locked", day=day)
    if over_the_day(day_total, minutes):
        raise HoursRuleError("day_total", day=day)


def check_entry(
    *,
    minutes: int,
    activity: str,
    day: dt.date,
    today: dt.date,
    editable_days: int,
    locked: bool,
    day_total: int,
) -> None:
    """Every rule a saved or changed entry keeps; the first one broken is raised."""
    problem = minutes_problem(minutes)
    if problem is not None:
        raise HoursRuleError(problem)
    if activity not in ACTIVITIES:
        raise HoursRuleError("bad_activity")
    problem_day = day_problem(day, today, editable_days)
    if problem_day == "too_old":
        raise HoursRuleError(problem_day, days=editable_days)
    if problem_day is not None:
        raise HoursRuleError(problem_day)
    check_day(day=day, minutes=minutes, locked=locked, day_total=day_total)


# --- months -----------------------------------------------------------------------------


def month_key(day: dt.date) -> str:
    """'2026-11' for any day in November 2026 (how approvals and exports name a month)."""
    return f"{day.year:04d}-{day.month:02d}"


def month_start(key: str) -> dt.date:
    """The first day of the month named '2026-11' (ValueError for anything else)."""
    year, month = key.split("-")
    return dt.date(int(year), int(month), 1)


def next_month(first: dt.date) -> dt.date:
    return dt.date(first.year + (first.month == 12), first.month % 12 + 1, 1)


def previous_month(first: dt.date) -> dt.date:
    return dt.date(first.year - (first.month == 1), (first.month - 2) % 12 + 1, 1)
