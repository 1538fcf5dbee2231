"""Peer wisdom's plain rules: text checks, the full-name heuristic, timers, wellbeing."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from bot.domain.peer import (
    ANSWER_WINDOW,
    Contribution,
    Problem,
    check_text,
    gentle_note_due,
    is_cantonese,
    looks_like_full_name,
    low_run,
    meaning_month,
    month_bounds,
    next_thanks_at,
    next_weekly,
    shared_card_id,
    shared_tip_id,
    short_title,
    week_of,
    widen_after,
)

HK = ZoneInfo("Asia/Hong_Kong")


def hk(month: int, day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, minute, tzinfo=HK).astimezone(dt.UTC)


# --------------------------------------------------------------------------- text


@pytest.mark.parametrize(
    "text", ["call 9123 4567", "HKID A123456(7)", "電話係 6123-4567", "ＡＢ１２３４５６７"]
)
def test_identifiers_are_refused_and_nothing_is_kept(text):
    check = check_text(text, 500)
    assert check.problem == Problem.SENSITIVE and check.text == ""


def test_length_and_empty():
    assert check_text("x" * 501, 500).problem == Problem.TOO_LONG
    assert check_text("x" * 500, 500).problem is None
    assert check_text("   ", 500).problem == Problem.EMPTY


def test_risk_is_reported_unless_not_asked_for():
    assert check_text("佢話唔想活", 500).risk is not None
    assert check_text("She wants to die", 500).risk.category == "suicide"
    assert check_text("She wants to die", 500, check_risk=False).risk is None
    assert check_text("How do I end a visit?", 500).risk is None


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Chan Tai Man is sad", "Chan Tai Man"),
        ("I met Mary Wong today", "Mary Wong"),
        ("Mrs Chan Siu Ming said so", "Chan Siu Ming"),
        ("陳大文話佢好悶", "陳大文"),
        ("我同李小玲傾咗好耐", "李小玲"),
    ],
)
def test_full_names_are_noticed(text, name):
    assert looks_like_full_name(text) == name
    assert check_text(text, 500).name == name


@pytest.mark.parametrize(
    "text",
    [
        "Mrs Chan said hi",  # a form of address, like 陳太
        "Yesterday Mrs Lee cried",
        "We met at Sham Shui Po market on Sunday",
        "Hong Kong is busy at Christmas",
        "C03 hardly talks. How do you keep a quiet client talking?",
        "陳婆婆成日喊",
        "佢同黃生講",
        "周末去探佢",
        "填咗一張紙",
        "謝謝你幫手",
        "佢好容易攰",
        "I. Am. Tired.",
    ],
)
def test_everyday_text_is_not_taken_for_a_name(text):
    assert looks_like_full_name(text) is None


# --------------------------------------------------------------------------- questions


def test_timers():
    assert widen_after(dt.timedelta(minutes=120)) == dt.timedelta(minutes=60)
    assert dt.timedelta(hours=24) == ANSWER_WINDOW


def test_thanks_are_batched_to_the_evening():
    assert next_thanks_at(hk(11, 27, 9, 31), HK) == hk(11, 27, 19, 0)
    assert next_thanks_at(hk(11, 27, 19, 0), HK) == hk(11, 27, 19, 0)
    assert next_thanks_at(hk(11, 27, 19, 1), HK) == hk(11, 28, 19, 0)


def test_shared_card_ids():
    assert shared_card_id(12) == "shared-12"
    assert shared_tip_id("shared-12") == 12
    assert shared_tip_id("grief-spouse-first-visit") is None
    assert shared_tip_id("shared-x") is None


def test_export_helpers():
    assert is_cantonese("我同C婆婆睇相") and not is_cantonese("Look at old photos")
    assert short_title(
        "one two three four five six seven eight nine ten eleven twelve thirteen"
    ) == ("one two three four five six seven eight nine ten eleven twelve…")
    assert short_title("First line\nsecond line") == "First line"


# --------------------------------------------------------------------------- wellbeing


def test_week_of_is_the_monday():
    assert week_of(dt.date(2026, 11, 29)) == dt.date(2026, 11, 23)  # a Sunday
    assert week_of(dt.date(2026, 11, 23)) == dt.date(2026, 11, 23)


def test_next_weekly_is_strictly_after_now():
    thursday = hk(11, 26, 9, 30)
    assert next_weekly(6, "19:00", thursday, HK) == hk(11, 29, 19, 0)
    assert next_weekly(6, "19:00", hk(11, 29, 19, 0), HK) == hk(12, 6, 19, 0)
    assert next_weekly(3, "09:00", thursday, HK) == hk(12, 3, 9, 0)
    assert next_weekly(3, "12:00", thursday, HK) == hk(11, 26, 12, 0)


def weeks(*faces: int, gap: int = 7) -> list[tuple[dt.date, int]]:
    """Newest first, one answer every `gap` days."""
    start = dt.date(2026, 12, 7)
    return [(start - dt.timedelta(days=gap * i), face) for i, face in enumerate(faces)]


@pytest.mark.parametrize(
    ("faces", "run", "due"),
    [
        ((2, 1), 2, True),
        ((1, 2, 4), 2, True),
        ((2,), 1, False),
        ((2, 3, 1), 1, False),
        ((4, 5), 0, False),
        ((1, 1, 1), 3, False),  # the note came last week; not every week
        ((1, 2, 1, 2), 4, True),  # and again after two more hard weeks
    ],
)
def test_two_low_answers_in_a_row(faces, run, due):
    assert low_run(weeks(*faces)) == run
    assert gentle_note_due(weeks(*faces)) is due


def test_a_missed_week_keeps_the_run_but_a_long_gap_ends_it():
    assert gentle_note_due(weeks(2, 1, gap=14))
    assert not gentle_note_due(weeks(2, 1, gap=28))


def test_the_meaning_note_days():
    assert meaning_month(hk(12, 1, 10, 0), HK) == "2026-11"
    assert meaning_month(hk(12, 3, 23, 0), HK) == "2026-11"
    assert meaning_month(hk(12, 1, 9, 59), HK) is None
    assert meaning_month(hk(12, 4, 10, 0), HK) is None
    assert meaning_month(dt.datetime(2027, 1, 1, 2, 0, tzinfo=dt.UTC), HK) == "2026-12"
    assert month_bounds("2026-12") == (dt.date(2026, 12, 1), dt.date(2027, 1, 1))
    assert month_bounds("2026-02") == (dt.date(2026, 2, 1), dt.date(2026, 3, 1))


def test_an_empty_month_has_nothing_to_say():
    assert Contribution().empty
    assert not Contribution(questions_answered=1).empty
