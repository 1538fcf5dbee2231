"""The hours rules are written once (bot/domain/hour_rules.py): what the parser refuses
in typed text and what the service refuses on a save are the same rule, at the same edge."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.domain.hours import (
    DEFAULT_EDITABLE_DAYS,
    MAX_ENTRY_MINUTES,
    HoursInputError,
    HoursRuleError,
    check_day,
    check_entry,
    month_key,
    month_start,
    next_month,
    parse_hours,
    previous_month,
)

TODAY = dt.date(2026, 11, 26)


def save(minutes: int = 60, day: dt.date = TODAY, **rest: object) -> None:
    check_entry(
        minutes=minutes,
        activity=str(rest.get("activity", "visit")),
        day=day,
        today=TODAY,
        editable_days=DEFAULT_EDITABLE_DAYS,
        locked=bool(rest.get("locked", False)),
        day_total=int(rest.get("day_total", 0)),  # type: ignore[call-overload]
    )


@pytest.mark.parametrize(
    ("typed", "minutes", "day", "reason"),
    [
        ("25h visit", 25 * 60, TODAY, "too_long"),
        ("0h visit", 0, TODAY, "zero"),
        ("聽日探訪1個鐘", 60, TODAY + dt.timedelta(days=1), "future_day"),
        ("1h visit 32 days ago", 60, TODAY - dt.timedelta(days=32), "too_old"),
    ],
)
def test_typed_text_and_a_save_are_refused_for_the_same_reason(typed, minutes, day, reason):
    with pytest.raises(HoursInputError) as typed_error:
        parse_hours(typed, TODAY)
    with pytest.raises(HoursRuleError) as saved_error:
        save(minutes, day)
    assert typed_error.value.reason == saved_error.value.reason == reason


def test_the_edges_are_allowed_on_both_sides():
    oldest = TODAY - dt.timedelta(days=DEFAULT_EDITABLE_DAYS)
    assert parse_hours("1h visit 31 days ago", TODAY).day == oldest
    save(MAX_ENTRY_MINUTES, oldest)  # no error
    save(60, TODAY, day_total=MAX_ENTRY_MINUTES - 60)


def test_the_day_rules_name_the_day():
    with pytest.raises(HoursRuleError) as locked:
        check_day(day=TODAY, minutes=60, locked=True, day_total=0)
    assert (locked.value.reason, locked.value.detail) == ("locked", {"day": TODAY})
    with pytest.raises(HoursRuleError) as full:
        save(61, day_total=MAX_ENTRY_MINUTES - 60)
    assert (full.value.reason, full.value.detail) == ("day_total", {"day": TODAY})
    with pytest.raises(HoursRuleError) as old:
        save(60, TODAY - dt.timedelta(days=40))
    assert old.value.detail == {"days": DEFAULT_EDITABLE_DAYS}


def test_months_roll_over_the_year():
    assert month_key(dt.date(2026, 1, 31)) == "2026-01"
    assert month_start("2026-12") == dt.date(2026, 12, 1)
    assert next_month(dt.date(2026, 12, 1)) == dt.date(2027, 1, 1)
    assert previous_month(dt.date(2027, 1, 1)) == dt.date(2026, 12, 1)
    with pytest.raises(ValueError):
        month_start("2026-13")
