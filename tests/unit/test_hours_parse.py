"""Tests for bot.hours: reading an hours entry typed in chat (Cantonese or English)."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import bot.hours
from bot.hours import (
    ACTIVITIES,
    REASONS,
    HoursInputError,
    ParsedHours,
    check_day_total,
    format_duration,
    parse_hours,
)

TODAY = dt.date(2026, 11, 26)  # a Thursday


def ago(days: int) -> dt.date:
    return TODAY - dt.timedelta(days=days)


# (text, minutes, activity, day)
ACCEPTED: list[tuple[str, int, str | None, dt.date]] = [
    # --- English durations
    ("2h", 120, None, TODAY),
    ("2 hrs", 120, None, TODAY),
    ("1hr", 60, None, TODAY),
    ("1.5 hours", 90, None, TODAY),
    ("1.5h", 90, None, TODAY),
    ("1.5hrs", 90, None, TODAY),
    ("0.5h", 30, None, TODAY),
    (".5h", 30, None, TODAY),
    ("1.25 h", 75, None, TODAY),
    ("1.333h", 80, None, TODAY),  # 79.98 min rounds to the nearest minute
    ("90 min", 90, None, TODAY),
    ("90mins", 90, None, TODAY),
    ("45 minutes", 45, None, TODAY),
    ("1 minute", 1, None, TODAY),
    ("1h30", 90, None, TODAY),
    ("1h30m", 90, None, TODAY),
    ("1h 30m", 90, None, TODAY),
    ("1 hr 15 min", 75, None, TODAY),
    ("1 hour 30 minutes", 90, None, TODAY),
    ("2 hours and 15 mins", 135, None, TODAY),
    ("1 hour, 30 minutes", 90, None, TODAY),
    ("1:30", 90, None, TODAY),
    ("0:45", 45, None, TODAY),
    ("24:00", 1440, None, TODAY),
    ("24h", 1440, None, TODAY),
    ("half an hour", 30, None, TODAY),
    ("half hour", 30, None, TODAY),
    ("a half-hour", 30, None, TODAY),
    ("an hour", 60, None, TODAY),
    ("an hour and a half", 90, None, TODAY),
    ("1 hour and a half", 90, None, TODAY),
    ("one and a half hours", 90, None, TODAY),
    ("two hours", 120, None, TODAY),
    ("thirty minutes", 30, None, TODAY),
    ("forty-five minutes", 45, None, TODAY),
    ("a quarter of an hour", 15, None, TODAY),
    ("three quarters of an hour", 45, None, TODAY),
    ("1½ hours", 90, None, TODAY),
    ("½ hour", 30, None, TODAY),
    ("1/2 hour", 30, None, TODAY),  # a fraction before an hour unit, not 1 February
    ("1 hour 30", 60, None, TODAY),  # spaced minutes need a unit; "30" alone is ignored
    # --- Cantonese durations
    ("兩個鐘", 120, None, TODAY),
    ("2個鐘", 120, None, TODAY),
    ("2 個 鐘", 120, None, TODAY),
    ("個半鐘", 90, None, TODAY),
    ("半個鐘", 30, None, TODAY),
    ("半小時", 30, None, TODAY),
    ("半個鐘頭", 30, None, TODAY),
    ("一個鐘", 60, None, TODAY),
    ("一個鐘頭", 60, None, TODAY),
    ("做咗個鐘", 60, None, TODAY),
    ("粒鐘", 60, None, TODAY),
    ("一粒鐘", 60, None, TODAY),
    ("兩粒鐘", 120, None, TODAY),
    ("粒半鐘", 90, None, TODAY),
    ("一個半小時", 90, None, TODAY),
    ("一小時", 60, None, TODAY),
    ("3小時", 180, None, TODAY),
    ("3個小時", 180, None, TODAY),
    ("45分鐘", 45, None, TODAY),
    ("45分", 45, None, TODAY),
    ("三個字", 15, None, TODAY),
    ("九個字", 45, None, TODAY),
    ("1個鐘15分", 75, None, TODAY),
    ("一個鐘十五分鐘", 75, None, TODAY),
    ("兩個鐘三個字", 135, None, TODAY),
    ("1小時30分鐘", 90, None, TODAY),
    ("1個鐘30", 90, None, TODAY),
    ("兩個半鐘", 150, None, TODAY),
    ("兩個鐘半", 150, None, TODAY),
    ("十五分鐘", 15, None, TODAY),
    ("二十分鐘", 20, None, TODAY),
    ("一百二十分鐘", 120, None, TODAY),
    ("百二分鐘", 120, None, TODAY),  # colloquial: 百二 = 120
    ("廿五分鐘", 25, None, TODAY),
    ("1.5個鐘", 90, None, TODAY),
    ("兩個鐘左右", 120, None, TODAY),
    ("兩個鐘多謝", 120, None, TODAY),  # 多謝 = thanks, not 多 = "a bit more"
    ("两个钟", 120, None, TODAY),  # simplified characters
    # --- full-width input
    ("２ｈ", 120, None, TODAY),
    ("１.５小時", 90, None, TODAY),
    ("４５分鐘", 45, None, TODAY),
    ("１：３０", 90, None, TODAY),
    # --- the /log command
    ("/log 2h", 120, None, TODAY),
    ("/log@SomeBot 2h", 120, None, TODAY),
    ("/log@Tung2hBot 30 min", 30, None, TODAY),
    ("/log2h", 120, None, TODAY),
    ("/log 1.5h visit", 90, "visit", TODAY),
    # --- activities
    ("visit 1h", 60, "visit", TODAY),
    ("Home Visit 1h", 60, "visit", TODAY),
    ("visited 陳婆婆 1h30", 90, "visit", TODAY),
    ("探訪 1h", 60, "visit", TODAY),
    ("家訪兩個鐘", 120, "visit", TODAY),
    ("上門 1h", 60, "visit", TODAY),
    ("去探佢 1h", 60, "visit", TODAY),
    ("phone 20 min", 20, "phone", TODAY),
    ("CALL 20 min", 20, "phone", TODAY),
    ("today phone call 30 min with C03", 30, "phone", TODAY),
    ("打電話 半個鐘", 30, "phone", TODAY),
    ("傾電話 45分", 45, "phone", TODAY),
    ("centre 2h", 120, "centre", TODAY),
    ("center 2h", 120, "centre", TODAY),
    ("中心 2h", 120, "centre", TODAY),
    ("活動中心 1h", 60, "centre", TODAY),  # longer keyword wins at the same position
    ("group 1h", 60, "group", TODAY),
    ("小組 1h", 60, "group", TODAY),
    ("活動 1h", 60, "group", TODAY),
    ("training 3h", 180, "training", TODAY),
    ("培訓 3小時", 180, "training", TODAY),
    ("訓練 3小時", 180, "training", TODAY),
    ("上堂 兩個鐘", 120, "training", TODAY),
    ("課程 兩個鐘", 120, "training", TODAY),
    ("supervision 1h", 60, "supervision", TODAY),
    ("督導 1h", 60, "supervision", TODAY),
    ("admin 15 min", 15, "admin", TODAY),
    ("paperwork 15 min", 15, "admin", TODAY),
    ("文書 三個字", 15, "admin", TODAY),
    ("寫記錄 三個字", 15, "admin", TODAY),
    ("填表 三個字", 15, "admin", TODAY),
    ("other 1h", 60, "other", TODAY),
    ("其他 1h", 60, "other", TODAY),
    # first activity named wins
    ("centre visit 1h", 60, "centre", TODAY),
    ("visit at the centre 1h", 60, "visit", TODAY),
    ("電話探訪 1h", 60, "phone", TODAY),
    ("小組活動 1h", 60, "group", TODAY),
    # ... except "other", which only counts when nothing more specific is named
    ("talked about other things on the visit 1h", 60, "visit", TODAY),
    # --- days
    ("today 1h", 60, None, TODAY),
    ("今日 1h", 60, None, TODAY),
    ("yesterday 1h", 60, None, ago(1)),
    ("琴日探訪2個鐘", 120, "visit", ago(1)),
    ("尋日 1h", 60, None, ago(1)),
    ("昨日 1h", 60, None, ago(1)),
    ("昨天 1h", 60, None, ago(1)),
    ("琴日電話 45 分鐘", 45, "phone", ago(1)),
    ("前日 1h", 60, None, ago(2)),
    ("day before yesterday 1h", 60, None, ago(2)),
    ("大前日 1h", 60, None, ago(3)),
    ("Mon 1h", 60, None, ago(3)),
    ("Monday 1h", 60, None, ago(3)),
    ("thu 1h", 60, None, TODAY),  # naming today's weekday means today
    ("last thursday 1h", 60, None, ago(7)),
    ("Friday 1h", 60, None, ago(6)),
    ("sunday 1h", 60, None, ago(4)),
    ("星期一 1h", 60, None, ago(3)),
    ("禮拜一 1h", 60, None, ago(3)),
    ("週一 1h", 60, None, ago(3)),
    ("周一 1h", 60, None, ago(3)),
    ("星期日 1h", 60, None, ago(4)),
    ("禮拜日 1h", 60, None, ago(4)),
    ("星期天 1h", 60, None, ago(4)),
    ("星期四 1h", 60, None, TODAY),
    ("星期五 1h", 60, None, ago(6)),
    ("星期三兩個鐘", 120, None, ago(1)),  # the 三 belongs to the weekday, not the duration
    ("上星期一 1h", 60, None, ago(10)),  # Monday of last week (weeks start Monday)
    ("25/11 2h", 120, None, ago(1)),
    ("25/11/2026 2h", 120, None, ago(1)),
    ("25/11/26 2h", 120, None, ago(1)),
    ("2026-11-25 2h", 120, None, ago(1)),
    ("26/10 2h", 120, None, ago(31)),  # oldest editable day
    ("11月25日 2h", 120, None, ago(1)),
    ("11月25號 2h", 120, None, ago(1)),
    ("2026年11月25日 2h", 120, None, ago(1)),
    ("十一月廿五號 2h", 120, None, ago(1)),
    ("25號 2h", 120, None, ago(1)),
    ("二十五號 2h", 120, None, ago(1)),
    ("一周一次探訪 1h", 60, "visit", TODAY),  # 周一 inside "once a week" is not Monday
    ("今日 26/11 1h", 60, None, TODAY),  # two mentions of the same day are fine
    # --- relative days and named dates (issue 14)
    ("2 days ago 1h visit", 60, "visit", ago(2)),
    ("two days ago 1h", 60, None, ago(2)),
    ("三日前探訪2個鐘", 120, "visit", ago(3)),
    ("3日前 1h", 60, None, ago(3)),
    ("3天前 1h", 60, None, ago(3)),
    ("兩日之前 1h", 60, None, ago(2)),
    ("前晚電話半個鐘", 30, "phone", ago(2)),
    ("大前晚 1h", 60, None, ago(3)),
    ("上個禮拜三 1h", 60, None, ago(8)),
    ("last Tuesday 1h", 60, None, ago(2)),
    ("last night 1h phone", 60, "phone", ago(1)),
    ("this morning 1h", 60, None, TODAY),
    ("on the 3rd 2h", 120, None, ago(23)),
    ("the 25th 2h", 120, None, ago(1)),
    ("25 Nov 2h", 120, None, ago(1)),
    ("Nov 25 2h visit", 120, "visit", ago(1)),
    ("25th of November 1.5h", 90, None, ago(1)),
    ("3rd nov 45 min", 45, None, ago(23)),
    ("25日 2h", 120, None, ago(1)),
    ("一個月一次探訪 1h", 60, "visit", TODAY),  # "once a month" names no day
    # --- escorting and outings (issue 14)
    ("琴日陪診3個鐘", 180, "escort", ago(1)),
    ("陪陳婆婆覆診 2.5h", 150, "escort", TODAY),
    ("escorted client to clinic 2h", 120, "escort", TODAY),
    ("accompanied C03 to hospital appointment 3 hours", 180, "escort", TODAY),
    ("同佢去飲茶 1個半鐘", 90, "outing", TODAY),
    ("yum cha with client 1.5h", 90, "outing", TODAY),
    # --- mixed text: numbers without a unit are ignored
    ("C03 1h visit", 60, "visit", TODAY),
    ("case C12 phone 30min", 30, "phone", TODAY),
    ("call 9123 4567 1h", 60, "phone", TODAY),
    ("25/11 visit C03 1:30", 90, "visit", ago(1)),
    ("兩點鐘探訪一個鐘", 60, "visit", TODAY),  # 兩點鐘 is a clock time
    ("3點15分開始 探訪兩個鐘", 120, "visit", TODAY),
    ("at 2:30 visit for 1h", 60, "visit", TODAY),
    ("2:30pm visit 1h", 60, "visit", TODAY),
    ("下午2:30探訪 一個鐘", 60, "visit", TODAY),
    ("佢十分開心 傾咗兩個鐘", 120, None, TODAY),  # 十分 = very
    ("sat with her 1h", 60, None, TODAY),  # "sat" is not Saturday
    ("2h visit, 2 hours in total", 120, "visit", TODAY),  # the same amount twice
    ("琴日同陳生傾電話，大概45分鐘", 45, "phone", ago(1)),
    ("yesterday home visit to Mrs Wong, 1 hour 15 minutes", 75, "visit", ago(1)),
]

# (text, reason)
REJECTED: list[tuple[str, str]] = [
    ("", "empty"),
    ("   \n ", "empty"),
    ("/log", "empty"),
    ("/log@SomeBot  ", "empty"),
    ("visit", "no_duration"),
    ("琴日探訪", "no_duration"),
    ("C03 30", "no_duration"),
    ("call 9123 4567", "no_duration"),
    ("25/11", "no_duration"),
    ("兩點鐘", "no_duration"),
    ("1,5h", "no_duration"),  # not read as "5h"
    ("0h", "zero"),
    ("0:00", "zero"),
    ("零分鐘", "zero"),
    ("0.001h", "zero"),
    ("-2h", "negative"),
    ("−2h", "negative"),
    ("-30 min", "negative"),
    ("-1:30", "negative"),
    ("25h", "too_long"),
    ("1441 min", "too_long"),
    ("25:00", "too_long"),
    ("一百小時", "too_long"),
    ("99999999999999999999h", "too_long"),
    ("27/11 1h", "future_day"),
    ("25/12 1h", "future_day"),  # no year → this year, which is in the future
    ("tomorrow 1h", "future_day"),
    ("聽日 1h", "future_day"),
    ("下星期一 1h", "future_day"),
    ("next monday 1h", "future_day"),
    ("25/10 1h", "too_old"),
    ("1/1/2026 1h", "too_old"),
    ("31/2 1h", "bad_day"),
    ("29/2/2026 1h", "bad_day"),
    ("0/5 1h", "bad_day"),
    ("25/13 1h", "bad_day"),
    ("31號 1h", "bad_day"),  # November has 30 days
    ("last year 2h", "unclear_day"),
    ("last week 1h", "unclear_day"),
    ("上個月 2h", "unclear_day"),
    ("上年 2h", "unclear_day"),
    ("前幾日 1h", "unclear_day"),
    ("a few days ago 1h", "unclear_day"),
    ("今個月 2h", "unclear_day"),
    ("next week 2h", "future_day"),
    ("下年 2h", "future_day"),
    ("下個月 2h", "future_day"),
    ("1/12 2h", "future_day"),
    ("40 days ago 1h", "too_old"),
    ("負兩個鐘", "negative"),
    ("minus 2h", "negative"),
    ("1h 2h", "ambiguous"),
    ("2h 90 min", "ambiguous"),  # minutes after hours must be under 60
    ("1個鐘75分", "ambiguous"),
    ("2-3h", "ambiguous"),
    ("2 to 3 hours", "ambiguous"),
    ("兩至三個鐘", "ambiguous"),
    ("兩三個鐘", "ambiguous"),
    ("一兩個鐘", "ambiguous"),
    ("幾個鐘", "ambiguous"),
    ("十幾分鐘", "ambiguous"),
    ("個多鐘", "ambiguous"),
    ("兩個鐘多", "ambiguous"),
    ("10:00-12:00", "ambiguous"),
    ("今日 琴日 1h", "ambiguous"),
]


@pytest.mark.parametrize(("text", "minutes", "activity", "day"), ACCEPTED)
def test_accepted(text: str, minutes: int, activity: str | None, day: dt.date) -> None:
    assert parse_hours(text, TODAY) == ParsedHours(minutes=minutes, activity=activity, day=day)


@pytest.mark.parametrize(("text", "reason"), REJECTED)
def test_rejected(text: str, reason: str) -> None:
    with pytest.raises(HoursInputError) as caught:
        parse_hours(text, TODAY)
    assert caught.value.reason == reason


def test_tables_are_big_enough_and_cover_every_reason() -> None:
    assert len(ACCEPTED) >= 90
    assert len(REJECTED) >= 20
    assert {reason for _, reason in REJECTED} == set(REASONS) - {"day_total"}
    assert {activity for *_, activity, _ in ACCEPTED} - {None} == set(ACTIVITIES)


def test_editable_days_is_respected() -> None:
    assert parse_hours("19/11 1h", TODAY, editable_days=7).day == ago(7)
    with pytest.raises(HoursInputError) as caught:
        parse_hours("18/11 1h", TODAY, editable_days=7)
    assert caught.value.reason == "too_old"


def test_duration_problems_are_reported_before_day_problems() -> None:
    with pytest.raises(HoursInputError) as caught:
        parse_hours("31/2 visit", TODAY)
    assert caught.value.reason == "no_duration"


def test_result_is_frozen_and_keeps_no_free_text() -> None:
    parsed = parse_hours("visited 陳婆婆 1h30", TODAY)
    with pytest.raises(AttributeError):
        parsed.minutes = 1  # type: ignore[misc]
    assert "陳婆婆" not in repr(parsed)
    assert not hasattr(parsed, "note")


def test_error_reason_codes() -> None:
    error = HoursInputError("zero")
    assert error.reason == "zero"
    assert isinstance(error, Exception)
    with pytest.raises(ValueError):
        HoursInputError("nonsense")


def test_activities_constant() -> None:
    assert ACTIVITIES == (
        "visit", "phone", "escort", "outing", "centre", "group", "training", "supervision",
        "admin", "other",
    )  # fmt: skip


def test_public_names_are_re_exported() -> None:
    for name in bot.hours.__all__:
        assert hasattr(bot.hours, name)
    assert {"parse_hours", "HoursInputError", "format_duration", "check_day_total"} <= set(
        bot.hours.__all__
    )


# --------------------------------------------------------------------------- day total


def test_check_day_total() -> None:
    check_day_total(0, 24 * 60)
    check_day_total(23 * 60, 60)
    check_day_total(100, 50, limit=150)
    with pytest.raises(HoursInputError) as caught:
        check_day_total(23 * 60, 61)
    assert caught.value.reason == "day_total"
    with pytest.raises(HoursInputError):
        check_day_total(100, 51, limit=150)


# --------------------------------------------------------------------------- formatting


@pytest.mark.parametrize(
    ("minutes", "lang", "expected"),
    [
        (90, "en", "1 h 30 min"),
        (45, "en", "45 min"),
        (120, "en", "2 h"),
        (1440, "en", "24 h"),
        (90, "yue", "1 小時 30 分鐘"),
        (45, "yue", "45 分鐘"),
        (120, "yue", "2 小時"),
        (0, "en", "0 min"),
        (61, "zh-hk", "1 h 1 min"),  # unknown languages fall back to English
    ],
)
def test_format_duration(minutes: int, lang: str, expected: str) -> None:
    assert format_duration(minutes, lang) == expected


def test_format_duration_rejects_negative() -> None:
    with pytest.raises(ValueError):
        format_duration(-1, "en")


@pytest.mark.parametrize("lang", ["en", "yue"])
def test_format_duration_round_trips_every_minute_of_a_day(lang: str) -> None:
    for minutes in range(1, 24 * 60 + 1):
        assert parse_hours(format_duration(minutes, lang), TODAY).minutes == minutes


@given(minutes=st.integers(1, 24 * 60), lang=st.sampled_from(["en", "yue"]))
def test_format_duration_round_trip_property(minutes: int, lang: str) -> None:
    assert parse_hours(format_duration(minutes, lang), TODAY).minutes == minutes


# --------------------------------------------------------------------------- robustness

RELEVANT_ALPHABET = (
    "0123456789０１２３.:/-−, hmrsoutinadlfq"
    "個个粒鐘钟頭半小時分之字一二兩三四五六七八九十百廿幾多謝"
    "號月日年今琴尋前大聽星期禮拜週上下探訪電話中心小組培訓督導文書其他晚負陪診天"
    "½¼"
)


def _parse_or_reason(text: str) -> ParsedHours | str:
    try:
        parsed = parse_hours(text, TODAY)
    except HoursInputError as error:
        assert error.reason in REASONS
        return error.reason
    assert 1 <= parsed.minutes <= 24 * 60
    assert ago(31) <= parsed.day <= TODAY
    assert parsed.activity is None or parsed.activity in ACTIVITIES
    return parsed


@settings(max_examples=500)
@given(st.text())
def test_arbitrary_text_only_raises_hours_input_error(text: str) -> None:
    _parse_or_reason(text)


@settings(max_examples=1000)
@given(st.text(alphabet=RELEVANT_ALPHABET, max_size=40))
def test_relevant_text_only_raises_hours_input_error(text: str) -> None:
    _parse_or_reason(text)


@given(
    prefix=st.sampled_from(["", "/log ", "/log@SomeBot ", "琴日", "today ", "C03 "]),
    minutes=st.integers(1, 24 * 60),
    lang=st.sampled_from(["en", "yue"]),
    suffix=st.sampled_from(["", " visit", "探訪", " with C03", " 陳婆婆"]),
)
def test_formatted_duration_survives_surrounding_text(
    prefix: str, minutes: int, lang: str, suffix: str
) -> None:
    text = f"{prefix}{format_duration(minutes, lang)}{suffix}"
    assert parse_hours(text, TODAY).minutes == minutes


@pytest.mark.parametrize(
    "text",
    [
        "1" * 10_000,
        "1 " * 5_000,
        "1h" * 5_000,
        "一" * 10_000,
        "兩個鐘" * 3_333,
        "1 hour and " * 1_000,
        "9" * 10_000 + "h",
        "-" * 10_000,
        "1:" * 5_000,
        "25/" * 3_333,
        "twenty " * 1_500,
        "探訪 " * 3_000 + "1h",
    ],
)
def test_long_input_does_not_hang(text: str) -> None:
    # A guard against catastrophic regex backtracking (which takes minutes, not
    # milliseconds), not a speed measurement: typical runs take ~0.06 s, so the bound is
    # far above any machine load. Speed itself is measured by the benchmarks in bench/.
    start = time.perf_counter()
    _parse_or_reason(text)
    assert time.perf_counter() - start < 5.0


# Day words that never mean today (bare weekday names can: "thu" on a Thursday).
NOT_TODAY_WORDS = [
    "yesterday", "last night", "2 days ago", "three days ago", "琴日", "尋日", "前日", "前晚",
    "大前日", "三日前", "3天前", "上個禮拜三", "上星期一", "last week", "last month",
    "last year", "next week", "next month", "上個月", "下個月", "上年", "下年", "舊年",
    "前幾日", "a few days ago", "25/11", "25 Nov", "25號", "25日", "on the 3rd", "tomorrow",
    "聽日", "1/12", "40 days ago",
]  # fmt: skip


@settings(max_examples=300)
@given(
    word=st.sampled_from(NOT_TODAY_WORDS),
    minutes=st.integers(1, 24 * 60),
    lang=st.sampled_from(["en", "yue"]),
    before=st.booleans(),
    activity=st.sampled_from(["", " visit", "探訪", " phone", "陪診"]),
)
def test_a_day_word_is_never_dated_today(
    word: str, minutes: int, lang: str, before: bool, activity: str
) -> None:
    duration = format_duration(minutes, lang)
    text = f"{word} {duration}{activity}" if before else f"{duration}{activity} {word}"
    result = _parse_or_reason(text)
    if isinstance(result, ParsedHours):
        assert result.day != TODAY


@settings(max_examples=300)
@given(
    sign=st.sampled_from(["-", "−", "負", "负", "minus ", "negative ", "0", "零"]),
    text=st.sampled_from(["2h", "兩個鐘", "30 min", "45分鐘", "1:30", "half an hour"]),
    rest=st.text(alphabet=RELEVANT_ALPHABET, max_size=10),
)
def test_negative_or_zero_amounts_are_never_accepted(sign: str, text: str, rest: str) -> None:
    result = _parse_or_reason(f"{sign}{text}{rest}")
    if isinstance(result, ParsedHours):
        assert result.minutes > 0


@settings(max_examples=500)
@given(st.text(alphabet=RELEVANT_ALPHABET, max_size=40))
def test_accepted_minutes_are_always_positive(text: str) -> None:
    result = _parse_or_reason(text)
    if isinstance(result, ParsedHours):
        assert result.minutes > 0
