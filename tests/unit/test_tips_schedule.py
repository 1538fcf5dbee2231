"""When daily tips are due: chosen time and days, quiet hours, catch-up, typed times."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from bot.domain.tips import (
    EVERY_DAY,
    Schedule,
    TimeProblem,
    delivery_time,
    first_tip_at,
    in_quiet_hours,
    next_tip_at,
    parse_typed_time,
    plan_due_tip,
    release_time,
)

HK = ZoneInfo("Asia/Hong_Kong")
# Thursday 26 Nov 2026, 10:00 in Hong Kong.
THU_10 = dt.datetime(2026, 11, 26, 10, 0, tzinfo=HK)


def hk(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 11, day, hour, minute, tzinfo=HK)


def schedule(tip="09:30", days=EVERY_DAY, quiet=None) -> Schedule:
    start, end = quiet if quiet else (None, None)
    return Schedule.from_strings(tip, days, start, end)


def test_next_tip_is_later_today_or_tomorrow():
    assert next_tip_at(schedule("12:30"), THU_10, HK) == hk(26, 12, 30)
    assert next_tip_at(schedule("09:30"), THU_10, HK) == hk(27, 9, 30)
    assert next_tip_at(schedule("09:30"), THU_10, HK).tzinfo == dt.UTC


def test_only_on_chosen_days():
    monday_only = schedule("09:30", days=0b0000001)
    assert next_tip_at(monday_only, THU_10, HK) == hk(30, 9, 30)
    weekdays = schedule("09:30", days=0b0011111)
    assert next_tip_at(weekdays, hk(27, 10), HK) == hk(30, 9, 30)  # Friday → Monday
    assert next_tip_at(schedule(days=0), THU_10, HK) is None


def test_skip_days_that_already_had_a_tip():
    today = THU_10.date()
    assert next_tip_at(schedule("12:30"), THU_10, HK, skip_days={today}) == hk(27, 12, 30)


def test_quiet_hours_move_a_morning_tip_to_their_end():
    early = schedule("06:30", quiet=("22:00", "07:00"))
    assert in_quiet_hours(dt.time(6, 30), early)
    assert delivery_time(dt.date(2026, 11, 27), early, HK) == hk(27, 7, 0)


def test_quiet_hours_move_a_late_tip_to_the_next_morning():
    late = schedule("22:30", quiet=("22:00", "07:00"))
    assert delivery_time(dt.date(2026, 11, 26), late, HK) == hk(27, 7, 0)
    # Thursday's 22:30 tip arrives Friday 07:00; the one after, Saturday 07:00.
    first = next_tip_at(late, THU_10, HK)
    assert first == hk(27, 7, 0)
    assert next_tip_at(late, first, HK, skip_days={first.astimezone(HK).date()}) == hk(28, 7)


def test_daytime_quiet_hours_and_edges():
    nap = schedule("13:00", quiet=("13:00", "15:00"))
    assert delivery_time(dt.date(2026, 11, 26), nap, HK) == hk(26, 15, 0)
    at_end = schedule("15:00", quiet=("13:00", "15:00"))
    assert delivery_time(dt.date(2026, 11, 26), at_end, HK) == hk(26, 15, 0)
    assert not in_quiet_hours(dt.time(12, 59), nap)
    assert not in_quiet_hours(dt.time(9, 30), schedule(quiet=("22:00", "22:00")))


def test_new_supporters_start_the_next_day():
    joined = hk(26, 8, 0)  # before today's 09:30 slot
    assert first_tip_at(schedule(), joined, joined, HK) == hk(27, 9, 30)
    late_evening = hk(26, 23, 59)
    assert first_tip_at(schedule(), late_evening, late_evening, HK) == hk(27, 9, 30)


def test_a_late_tick_still_serves_today():
    plan = plan_due_tip(schedule(), hk(26, 9, 30), hk(26, 9, 34), HK)
    assert plan.day == dt.date(2026, 11, 26)
    assert plan.send_at == hk(26, 9, 34)
    assert plan.next_at == hk(27, 9, 30)


def test_downtime_sends_one_catch_up_tip_not_one_per_day():
    plan = plan_due_tip(schedule(), hk(23, 9, 30), hk(26, 11, 0), HK)
    assert plan.day == dt.date(2026, 11, 26)
    assert plan.send_at == hk(26, 11, 0)
    assert plan.next_at == hk(27, 9, 30)


def test_catch_up_waits_for_quiet_hours_to_end():
    quiet = schedule("09:30", quiet=("22:00", "07:00"))
    plan = plan_due_tip(quiet, hk(25, 9, 30), hk(26, 23, 0), HK)
    assert plan.day == dt.date(2026, 11, 26)
    assert plan.send_at == hk(27, 7, 0)
    assert release_time(hk(26, 12), quiet, HK) == hk(26, 12)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("9:30", "09:30"),
        ("09:30", "09:30"),
        ("0930", "09:30"),
        ("930", "09:30"),
        ("21:00", "21:00"),
        ("9", "09:00"),
        ("9pm", "21:00"),
        ("9:30 am", "09:30"),
        ("12am", "00:00"),
        ("12pm", "12:00"),
        ("9.30", "09:30"),
        ("９：３０", "09:30"),
        ("9點半", "09:30"),
        ("九點半", "09:30"),
        ("下午3點", "15:00"),
        ("晚上9點15分", "21:15"),
        ("朝早七點半", "07:30"),
        ("九點三", "09:15"),
        ("中午12點", "12:00"),
        ("0:00", "00:00"),
        ("23:59", "23:59"),
    ],
)
def test_typed_times_people_use(typed, expected):
    parsed = parse_typed_time(typed)
    assert parsed.value is not None, typed
    assert parsed.value.strftime("%H:%M") == expected


@pytest.mark.parametrize("typed", ["25:00", "24:00", "9:75", "13pm", "0am"])
def test_times_off_the_clock(typed):
    assert parse_typed_time(typed) == parse_typed_time(typed)  # stable
    assert parse_typed_time(typed).value is None
    assert parse_typed_time(typed).problem == TimeProblem.OUT_OF_RANGE


@pytest.mark.parametrize("typed", ["", "tomorrow", "早啲", "9:3:0", "about nine"])
def test_not_a_time(typed):
    assert parse_typed_time(typed).problem == TimeProblem.UNREADABLE
