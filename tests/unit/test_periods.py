"""Periods for exports and reports: months, quarters, date ranges, and the ones that don't exist."""

import datetime as dt

import pytest

from bot.domain.periods import PeriodError, parse_period

TODAY = dt.date(2026, 12, 7)


@pytest.mark.parametrize(
    ("text", "start", "end", "key"),
    [
        ("2026-11", dt.date(2026, 11, 1), dt.date(2026, 11, 30), "2026-11"),
        ("2026-2", dt.date(2026, 2, 1), dt.date(2026, 2, 28), "2026-02"),
        ("2026-Q4", dt.date(2026, 10, 1), dt.date(2026, 12, 31), "2026-Q4"),
        ("2024-q1", dt.date(2024, 1, 1), dt.date(2024, 3, 31), "2024-Q1"),
        (
            "2026-10-01..2026-12-31",
            dt.date(2026, 10, 1),
            dt.date(2026, 12, 31),
            "2026-10-01_2026-12-31",
        ),
        ("2026-12-07..2026-12-07", TODAY, TODAY, "2026-12-07_2026-12-07"),
    ],
)
def test_periods_that_exist(text, start, end, key):
    period = parse_period(text, TODAY)
    assert (period.start, period.end, period.key) == (start, end, key)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2026-13", "month"),
        ("2026-00", "month"),
        ("2026-Q5", "quarter"),
        ("2026-Q0", "quarter"),
        ("2026-12-31..2026-10-01", "order"),
        ("2026-02-30..2026-03-01", "day"),
        ("2027-01", "future"),
        ("2020-01-01..2026-01-01", "too_long"),
        ("0000-05", "format"),
        ("٢٠٢٦-١١", "format"),  # digits of another script
        ("last month", "format"),
        ("", "format"),
    ],
)
def test_periods_that_do_not_exist(text, reason):
    with pytest.raises(PeriodError) as problem:
        parse_period(text, TODAY)
    assert problem.value.reason == reason
