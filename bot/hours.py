"""Public hours API; the implementation lives in bot.domain.hours."""

from bot.domain.hours import (
    ACTIVITIES,
    DEFAULT_EDITABLE_DAYS,
    MAX_ENTRY_MINUTES,
    REASONS,
    Activity,
    HoursInputError,
    ParsedHours,
    check_day_total,
    format_duration,
    names_a_day,
    parse_hours,
)

__all__ = [
    "ACTIVITIES",
    "DEFAULT_EDITABLE_DAYS",
    "MAX_ENTRY_MINUTES",
    "REASONS",
    "Activity",
    "HoursInputError",
    "ParsedHours",
    "check_day_total",
    "format_duration",
    "names_a_day",
    "parse_hours",
]
