"""Read a peer supporter's hours entry typed in chat: "琴日探訪2個鐘", "/log 1.5h visit".

Plain Python (no Telegram, database, YAML or Babel) so it is cheap to test and to run
on every free-text message.

The parser keeps only three facts: how many minutes, which activity, which day.
Free text is never kept (it may name a client), so there is no "note" field.

Pipeline (all on a normalised copy of the text, see ``_normalise`` in bot.domain.hours_text):

1. find day words and dates ("琴日", "星期一", "25/11") and blank them out, so that
   the numeral in "星期三兩個鐘" or the digits in "25/11" cannot be read as a duration;
2. find durations. A duration always needs a unit ("2h", "45分鐘", "三個字"), except
   the clock-style "1:30"; bare numbers (case codes like C03, phone numbers) are ignored;
3. find the activity keyword that appears first.

Every rejection is a ``HoursInputError`` whose ``reason`` is one of ``REASONS``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import cast

from bot.domain.errors import RuleError
from bot.domain.hour_rules import (
    ACTIVITIES,
    DEFAULT_EDITABLE_DAYS,
    MAX_ENTRY_MINUTES,
    SURE_DAY_MINUTES,
    SURE_ENTRY_MINUTES,
    Activity,
    HoursRuleError,
    check_day,
    check_entry,
    day_problem,
    minutes_problem,
    month_key,
    month_start,
    next_month,
    over_the_day,
    previous_month,
)
from bot.domain.hours_text import (
    _EN_ONES,
    _ZH_NUMERAL_CHARS,
    _ZH_VAGUE_CHARS,
    _alternation,
    _en_value,
    _normalise,
    _number,
    _value,
    _zh_value,
)

__all__ = [
    "ACTIVITIES",
    "DEFAULT_EDITABLE_DAYS",
    "MAX_ENTRY_MINUTES",
    "REASONS",
    "SURE_DAY_MINUTES",
    "SURE_ENTRY_MINUTES",
    "Activity",
    "HoursInputError",
    "HoursRuleError",
    "ParsedHours",
    "check_day",
    "check_day_total",
    "check_entry",
    "day_problem",
    "format_duration",
    "minutes_problem",
    "month_key",
    "month_start",
    "names_a_day",
    "next_month",
    "over_the_day",
    "parse_hours",
    "previous_month",
]

# Each reason code, and what the user typed to get it. The bot turns the code into a
# kind, specific re-ask, so a code must only cover one kind of mistake.
REASONS: dict[str, str] = {
    "empty": "Nothing but whitespace (or only the /log command).",
    "no_duration": (
        "No amount of time with a unit (e.g. 'visit', '琴日', 'C03 30'). "
        "Bare numbers are never taken as durations; '1:30' is the only unit-less form."
    ),
    "zero": "The amount of time is zero: '0h', '0:00', '零分鐘', or '0.001h' (rounds to 0 min).",
    "negative": "The amount has a minus sign: '-2h', '-30 min'.",
    "too_long": f"More than 24 hours ({MAX_ENTRY_MINUTES} min) in one entry: '25h', '1500 min'.",
    "future_day": (
        "The day is after today: 'tomorrow', '聽日', '下星期一', 'next week', '下年', or a date "
        "without a year that falls later in the current year (no guessing of last year)."
    ),
    "too_old": "The day is more than editable_days before today.",
    "unclear_day": (
        "A span that is more than one day, so it cannot be pinned: 'last week', 'last month', "
        "'last year', '上個月', '上年', '前幾日', 'a few days ago'. Never guessed as today."
    ),
    "bad_day": "The date does not exist: '31/2', '0/5', '25/13', '31號' in a 30-day month.",
    "day_total": "check_day_total: this entry would take the day's total over 24 hours.",
    "ambiguous": (
        "Two different amounts of time ('1h 2h'), a range or vague amount "
        "('2-3h', '兩三個鐘', '幾個鐘', '個多鐘'), or two different days ('今日 琴日')."
    ),
}


class HoursInputError(RuleError):
    """The text could not be turned into an hours entry; ``reason`` says why."""

    def __init__(self, reason: str) -> None:
        if reason not in REASONS:
            raise ValueError(f"unknown HoursInputError reason: {reason!r}")
        super().__init__(reason)


@dataclass(frozen=True, slots=True)
class ParsedHours:
    minutes: int
    activity: Activity | None
    day: dt.date
    # Whether the text named the day (a correction keeps the old day unless it names a new
    # one); read in the same pass, so nobody scans the text for days again.
    names_a_day: bool = field(default=False, compare=False)


# --------------------------------------------------------------------------- durations

_EN_HOUR_UNIT = r"(?:hours?|hrs?|h)(?![a-z])"
_EN_MINUTE_UNIT = r"(?:minutes?|mins?|m)(?![a-z])"
_ZH_HOUR_UNIT = r"(?:鐘頭|鐘|钟|小時|小时)"
_ZH_MINUTE_UNIT = r"(?:分鐘|分钟|分(?!之)|[個个]\s*字)"  # 1 字 = 5 minutes
_EN_AND_A = r"\s+and\s+a\s+(?P<{}>half|quarter)"

# Minutes after hours: "1h30" (digits glued on, unit optional) or "1 hour and 30 minutes".
_EN_MINUTE_TAIL = (
    rf"(?:(?P<glued>[0-9]{{1,2}})(?![0-9.:/])(?:\s*{_EN_MINUTE_UNIT})?"
    rf"|\s*,?\s*(?:(?:and|&)\s*)?{_number('m', anchored=False, signed=False)}"
    rf"\s*{_EN_MINUTE_UNIT})"
)
_ZH_MINUTE_TAIL = (
    rf"(?:\s*{_number('m', anchored=False, signed=False)}\s*(?P<mu>{_ZH_MINUTE_UNIT})"
    rf"|(?P<glued>[0-9]{{2}})(?![0-9.:/]))"
)

_EN_HOURS = re.compile(
    rf"{_number('n')}(?:{_EN_AND_A.format('f1')})?\s*{_EN_HOUR_UNIT}"
    rf"(?:{_EN_AND_A.format('f2')})?(?:{_EN_MINUTE_TAIL})?"
)
_EN_AN_HOUR = re.compile(
    rf"(?<![a-z])an?\s+hour(?![a-z])(?:{_EN_AND_A.format('f2')})?(?:{_EN_MINUTE_TAIL})?"
)
_EN_HALF_HOUR = re.compile(r"(?<![a-z])(?:a\s+)?half(?:\s+an?)?[\s-]+hour(?![a-z])")
_EN_QUARTERS = re.compile(
    r"(?<![a-z])(?:(?P<q>an?|one|two|three|[123])\s+)?quarters?\s+(?:of\s+)?(?:an?\s+)?"
    r"hour(?![a-z])"
)
_EN_FRACTION_HOURS = re.compile(
    rf"(?<![a-z0-9./:])(?:(?P<w>[0-9]{{1,2}})\s+)?(?P<a>[13])/(?P<b>[24])\s*{_EN_HOUR_UNIT}"
)
_EN_MINUTES = re.compile(rf"{_number('n')}\s*{_EN_MINUTE_UNIT}")
_CLOCK = re.compile(
    r"(?<![a-z0-9:.])(?P<sign>[-−])?(?P<h>[0-9]{1,2}):(?P<mm>[0-5][0-9])(?![0-9:])"
    r"(?!\s*(?:am|pm|a\.m|p\.m)(?![a-z]))"
)
# Words just before a clock-style number that make it a time of day ("at 2:30", "下午2:30").
_TIME_OF_DAY_BEFORE = re.compile(
    r"(?:(?<![a-z])(?:at|from|to|until|till|am|pm)|[@由從从到至]|上午|下午|晏晝|朝早|早上|晚上|夜晚|凌晨)"
    r"\s*$"
)
# 兩個半鐘 = 2.5 h, 個半鐘 = 1.5 h; 個幾鐘 / 個多鐘 = "an hour and a bit" (vague).
_ZH_MEASURE_HALF = re.compile(
    rf"(?:{_number('n')}\s*)?[個个粒](?P<x>半|幾|几|多)\s*{_ZH_HOUR_UNIT}"
)
_ZH_HOURS = re.compile(
    rf"{_number('n')}\s*[個个粒]?\s*{_ZH_HOUR_UNIT}"
    rf"(?:(?P<half>半)(?!\s*[個个粒]?\s*{_ZH_HOUR_UNIT})|(?P<more>多)(?![謝谢]))?"
    rf"(?:{_ZH_MINUTE_TAIL})?"
)
_ZH_ONE_HOUR = re.compile(  # 粒鐘 / 做咗個鐘 = one hour
    rf"(?<![{_ZH_NUMERAL_CHARS}{_ZH_VAGUE_CHARS}0-9])[個个粒]\s*{_ZH_HOUR_UNIT}"
    rf"(?:{_ZH_MINUTE_TAIL})?"
)
_ZH_HALF_HOUR = re.compile(rf"半\s*(?:[個个粒]\s*)?{_ZH_HOUR_UNIT}")
_ZH_MINUTES = re.compile(rf"{_number('n')}\s*(?P<mu>分鐘|分钟|[個个]\s*字)")
# Bare 分 without 鐘; restricted in _read_bare_fen because 十分 also means "very".
_ZH_BARE_FEN = re.compile(rf"{_number('n')}\s*分(?![鐘钟之])")
# "2-3h", "兩至三個鐘", "2 or 3 hours": a range is not one amount of time.
_RANGE = re.compile(
    rf"{_number('a')}\s*(?:[-–—~〜至到或]|(?<![a-z])(?:to|or)(?![a-z]))\s*"
    rf"{_number('b', anchored=False, signed=False)}\s*"
    rf"(?={_EN_HOUR_UNIT}|{_EN_MINUTE_UNIT}|[個个粒]?\s*{_ZH_HOUR_UNIT}|分|[個个]\s*字)"
)


class _NotADuration:
    """Returned by a reader when its regex matched something that is not a duration."""


_SKIP = _NotADuration()
_FRACTIONS = {"half": 30, "quarter": 15, None: 0}
# A reader returns minutes (signed), None for a vague amount, or _SKIP.
_Reader = Callable[[re.Match[str]], Fraction | _NotADuration | None]


def _signed_sum(hours: Fraction | None, extra_minutes: Fraction | None) -> Fraction | None:
    """hours*60 + extra, where a minus on the hours applies to the whole amount."""
    if hours is None or extra_minutes is None:
        return None
    sign = -1 if hours < 0 else 1
    return sign * (abs(hours) * 60 + extra_minutes)


def _tail_minutes(m: re.Match[str]) -> Fraction | None:
    """Minutes after the hour unit, plus "and a half/quarter".

    None (vague) when the minutes are 60 or more: "2h 90 min" is two amounts, not 3.5 h.
    """
    groups = m.groupdict()
    extra = Fraction(_FRACTIONS[groups.get("f1")] + _FRACTIONS[groups.get("f2")])
    if groups.get("glued"):
        minutes: Fraction | None = Fraction(int(groups["glued"]))
    elif groups.get("m"):
        minutes = _value(groups["m"])
        if minutes is not None and "字" in (groups.get("mu") or ""):
            minutes *= 5
    else:
        return extra
    if minutes is None or minutes >= 60:
        return None
    return extra + minutes


def _read_hours(m: re.Match[str]) -> Fraction | None:
    return _signed_sum(_value(m["n"]), _tail_minutes(m))


def _read_an_hour(m: re.Match[str]) -> Fraction | None:
    return _signed_sum(Fraction(1), _tail_minutes(m))


def _read_quarters(m: re.Match[str]) -> Fraction:
    count = m["q"]
    return Fraction(15 * (1 if count in (None, "a", "an", "one") else _en_or_int(count)))


def _en_or_int(text: str) -> int:
    return int(text) if text.isdigit() else _en_value(text)


def _read_fraction_hours(m: re.Match[str]) -> Fraction:
    return (int(m["w"] or 0) + Fraction(int(m["a"]), int(m["b"]))) * 60


def _read_minutes(m: re.Match[str]) -> Fraction | None:
    return _value(m["n"])


def _read_clock(m: re.Match[str]) -> Fraction | _NotADuration:
    before = m.string[max(0, m.start() - 12) : m.start()]
    if _TIME_OF_DAY_BEFORE.search(before):
        return _SKIP
    minutes = Fraction(int(m["h"]) * 60 + int(m["mm"]))
    return -minutes if m["sign"] else minutes


def _read_measure_half(m: re.Match[str]) -> Fraction | None:
    if m["x"] != "半":
        return None
    hours = _value(m["n"]) if m["n"] else Fraction(1)
    return _signed_sum(hours, Fraction(30))


def _read_zh_hours(m: re.Match[str]) -> Fraction | None:
    if m["more"]:
        return None  # 兩個鐘多 = "a bit over two hours"
    tail = _tail_minutes(m)
    if m["half"] and tail is not None:
        tail += 30
    return _signed_sum(_value(m["n"]), tail)


def _read_zh_minutes(m: re.Match[str]) -> Fraction | None:
    minutes = _value(m["n"])
    if minutes is not None and "字" in m["mu"]:
        minutes *= 5
    return minutes


def _read_bare_fen(m: re.Match[str]) -> Fraction | _NotADuration | None:
    number = m["n"].strip()
    # 十分 is "very" (十分開心); 幾分 is "somewhat"; English words + 分 is not a thing.
    english_word = number[0].isascii() and number[0].isalpha()
    if number == "十" or english_word or any(c in _ZH_VAGUE_CHARS for c in number):
        return _SKIP
    return _value(number)


def _constant(minutes: int) -> _Reader:
    return lambda _m: Fraction(minutes)


def _vague(_m: re.Match[str]) -> None:
    return None


_DURATION_READERS: tuple[tuple[re.Pattern[str], _Reader], ...] = (
    (_RANGE, _vague),
    (_EN_HOURS, _read_hours),
    (_EN_AN_HOUR, _read_an_hour),
    (_EN_HALF_HOUR, _constant(30)),
    (_EN_QUARTERS, _read_quarters),
    (_EN_FRACTION_HOURS, _read_fraction_hours),
    (_EN_MINUTES, _read_minutes),
    (_CLOCK, _read_clock),
    (_ZH_MEASURE_HALF, _read_measure_half),
    (_ZH_HOURS, _read_zh_hours),
    (_ZH_ONE_HOUR, lambda m: _signed_sum(Fraction(1), _tail_minutes(m))),
    (_ZH_HALF_HOUR, _constant(30)),
    (_ZH_MINUTES, _read_zh_minutes),
    (_ZH_BARE_FEN, _read_bare_fen),
)


@dataclass(frozen=True, slots=True)
class _Hit:
    start: int
    end: int
    value: object


def _leftmost_longest(hits: list[_Hit]) -> list[_Hit]:
    """Drop hits that overlap an earlier (or same-start, longer) hit.

    Lets several small regexes cooperate: in "一個半小時" the 1.5 h reading starts
    first and hides the "半小時" inside it; in "half an hour", "an hour" is hidden.
    """
    kept: list[_Hit] = []
    end = -1
    for hit in sorted(hits, key=lambda h: (h.start, -h.end)):
        if hit.start >= end:
            kept.append(hit)
            end = hit.end
    return kept


def _round_minutes(minutes: Fraction) -> int:
    """Nearest whole minute, halves away from zero (1.5 min → 2, -1.5 → -2)."""
    whole = int(abs(minutes) + Fraction(1, 2))
    return -whole if minutes < 0 else whole


# "負兩個鐘", "minus 2h": a negative amount in words (the digits' own "-" is read above).
_NEGATIVE_WORD = re.compile(r"(?:負|负|(?<![a-z])minus|(?<![a-z])negative)\s*$")


def _negated(text: str, hit: _Hit) -> _Hit:
    if isinstance(hit.value, Fraction) and _NEGATIVE_WORD.search(
        text[max(0, hit.start - 10) : hit.start]
    ):
        return _Hit(hit.start, hit.end, -abs(hit.value))
    return hit


def _read_duration(text: str) -> int:
    hits = [
        _Hit(m.start(), m.end(), reader(m))
        for regex, reader in _DURATION_READERS
        for m in regex.finditer(text)
    ]
    kept = [_negated(text, h) for h in _leftmost_longest(hits)]
    values = {h.value for h in kept if h.value is not _SKIP}
    if not values:
        raise HoursInputError("no_duration")
    if None in values:
        raise HoursInputError("ambiguous")
    # The readers give a Fraction, None or _SKIP, and the last two are gone by now.
    minutes = {_round_minutes(v) for v in values}  # type: ignore[arg-type]
    if len(minutes) > 1:
        raise HoursInputError("ambiguous")
    (total,) = minutes
    if total < 0:
        raise HoursInputError("negative")
    problem = minutes_problem(total)  # the entry's own rule (bot/domain/hour_rules.py)
    if problem is not None:
        raise HoursInputError(problem)
    return total


# --------------------------------------------------------------------------- days

# Days back from today; negative = future (kept so "聽日" is refused, not ignored).
_RELATIVE_DAY_WORDS: dict[int, tuple[str, ...]] = {
    3: ("大前日", "大前天", "大前晚"),
    2: ("前日", "前天", "前晚", r"(?<![a-z])(?:the\s+)?day\s+before\s+yesterday(?![a-z])"),
    1: (
        "琴日", "尋日", "噚日", "昨日", "昨天", "琴晚", "尋晚", "噚晚", "昨晚", "琴朝", "尋朝",
        r"(?<![a-z])(?:yesterday|yday|ytd|last\s+night)(?![a-z])",
    ),
    0: (
        "今日", "今天", "今朝", "今早", "今晚",
        r"(?<![a-z])(?:today|tdy|tonight|this\s+(?:morning|afternoon|evening))(?![a-z])",
    ),
    -1: ("聽日", "明日", "明天", r"(?<![a-z])(?:tomorrow|tmr|tmrw)(?![a-z])"),
    -2: ("後日", "後天", r"(?<![a-z])day\s+after\s+tomorrow(?![a-z])"),
}  # fmt: skip
_RELATIVE_DAY = re.compile(
    "|".join(
        f"(?P<back{str(back).replace('-', 'm')}>{'|'.join(words)})"
        for back, words in _RELATIVE_DAY_WORDS.items()
    )
)

_ZH_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_ZH_WEEKDAY = re.compile(
    r"(?P<pre>(?<![早晚馬马路])上一?個?|下一?個?|今個|呢個|這個|这个|今|本)?"
    r"(?:星期|禮拜|礼拜|週|周)(?P<wd>[一二三四五六日天])(?!次)"  # not 一周一次 (once a week)
)
_EN_WEEKDAY_NAMES = {
    "monday": 0, "mon": 0, "tuesday": 1, "tues": 1, "tue": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thurs": 3, "thur": 3, "thu": 3, "friday": 4, "fri": 4,
    "saturday": 5, "sunday": 6,  # "sat" and "sun" are ordinary words ("sat with her")
}  # fmt: skip
_EN_WEEKDAY = re.compile(
    rf"(?<![a-z])(?:(?P<rel>last|next)\s+)?(?P<wd>{_alternation(_EN_WEEKDAY_NAMES)})(?![a-z])"
)
_DAY_MONTH = re.compile(  # 25/11, 25/11/2026, 25/11/26 (HK order); not "1/2 hour"
    r"(?<![0-9/.:])(?P<d>[0-9]{1,2})/(?P<m>[0-9]{1,2})(?:/(?P<y>[0-9]{4}|[0-9]{2}))?"
    r"(?![0-9/])(?!\s*(?:hours?|hrs?|h)(?![a-z]))"
)
_YEAR_MONTH_DAY = re.compile(
    r"(?<![0-9/.:])(?P<y>[0-9]{4})[-/.](?P<m>[0-9]{1,2})[-/.](?P<d>[0-9]{1,2})(?![0-9])"
)
_ZH_DAY_NUMBER = rf"(?:[0-9]{{1,2}}|[{_ZH_NUMERAL_CHARS}]{{1,4}})"
_ZH_DATE = re.compile(  # 11月25日, 2026年11月25號, 十一月廿五號
    rf"(?:(?P<y>[0-9]{{4}})\s*年\s*)?(?P<m>{_ZH_DAY_NUMBER})\s*月\s*(?P<d>{_ZH_DAY_NUMBER})"
    r"\s*[日號号]"
)
_ZH_DAY_OF_MONTH = re.compile(  # 25號 (this month); not 號碼 (number) or 八號風球 (typhoon)
    rf"(?<![0-9{_ZH_NUMERAL_CHARS}])(?P<d>{_ZH_DAY_NUMBER})\s*[號号](?![碼码]|\s*風球)"
)


_EN_COUNT = {"a": 1, "one": 1, **{w: v for w, v in _EN_ONES.items() if v <= 19}}
_DAYS_AGO = re.compile(  # 2 days ago, two days ago, 三日前, 3天之前, 兩日之前
    rf"(?<![a-z0-9.])(?P<en>[0-9]{{1,3}}|{_alternation(_EN_COUNT)})\s*days?\s+"
    r"(?:ago|before|back|earlier)(?![a-z])"
    rf"|(?<![0-9{_ZH_NUMERAL_CHARS}])(?P<zh>[0-9]{{1,3}}|[{_ZH_NUMERAL_CHARS}]{{1,3}})"
    r"\s*(?:日|天)\s*(?:之)?前(?![日天晚])"
)
_MONTH_NAMES = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip
_EN_MONTH = rf"(?P<mon>{_alternation(_MONTH_NAMES)})\.?(?![a-z])"
_EN_MONTH2 = _EN_MONTH.replace("P<mon>", "P<mon2>")
_ORDINAL = r"(?:st|nd|rd|th)?"
_EN_DATE = re.compile(  # 25 Nov, 25th of November, Nov 25, November 25th, 25 Nov 2026
    rf"(?<![a-z0-9/.:])(?P<d>[0-9]{{1,2}}){_ORDINAL}\s*(?:of\s+)?{_EN_MONTH}"
    rf"(?:,?\s*(?P<y>20[0-9]{{2}}))?"
    rf"|(?<![a-z]){_EN_MONTH2}\s*(?P<d2>[0-9]{{1,2}}){_ORDINAL}(?![0-9a-z:.])"
    rf"(?:,?\s*(?P<y2>20[0-9]{{2}}))?(?!\s*(?:h|hrs?|hours?|m|mins?|minutes?|分|個|粒)(?![a-z]))"
)
_EN_ORDINAL_DAY = re.compile(  # "on the 3rd", "the 25th" (this month)
    r"(?<![a-z0-9/.:])(?:(?:on\s+)?the\s+)?(?P<d>[0-9]{1,2})(?:st|nd|rd|th)(?![a-z])"
)
_ZH_DAY_OF_MONTH_RI = re.compile(  # 25日 (this month); not 3日前 (days ago) or 3日工作
    r"(?<![0-9月/.])(?P<d>[0-9]{1,2})\s*日(?![前後后之內内])"
)
# Spans of more than one day: never pinned to a day, never taken as today.
_UNCLEAR_DAY = re.compile(
    r"(?<![a-z])(?:last|this|past|previous)\s+(?:week|month|year|few\s+days|couple\s+of\s+days)"
    r"(?![a-z])"
    r"|(?<![a-z])(?:a\s+)?(?:few|couple(?:\s+of)?|several|some)\s+days\s+(?:ago|before|back)"
    r"(?![a-z])"
    r"|(?<![a-z])(?:earlier|recently)\s+this\s+(?:week|month)(?![a-z])"
    r"|(?<![早晚馬马路])(?:上|今|呢|本|這|这)一?[個个]?(?:星期|禮拜|礼拜|週|周)(?![一二三四五六日天])"
    r"|(?<![早晚馬马路])(?:上|今|呢|本|這|这)一?[個个]?月(?![0-9一二三四五六七八九十])"
    r"|上年|舊年|旧年|去年|前年|上一年"
    r"|(?:前|早|呢|這|这|近)(?:幾|几|兩|两|兩三|几)[日天]"
    r"|(?:幾|几|兩三|两三)[日天](?:之)?前"
)
_FUTURE_SPAN = re.compile(
    r"(?<![a-z])next\s+(?:week|month|year)(?![a-z])"
    r"|下一?[個个]?(?:星期|禮拜|礼拜|週|周)(?![一二三四五六日天])"
    r"|下一?[個个]?月(?![0-9一二三四五六七八九十])"
    r"|下年|明年|出年|下一年"
)


def _int(text: str) -> int | None:
    if text.isascii():
        return int(text)
    return _zh_value(text)


def _calendar_day(year: int | None, month: int | None, day: int | None) -> dt.date | str:
    """The date, or "bad_day" if it does not exist."""
    if year is None or month is None or day is None:
        return "bad_day"
    try:
        return dt.date(year, month, day)
    except ValueError:
        return "bad_day"


def _read_relative(m: re.Match[str], today: dt.date) -> dt.date:
    # Every alternative of the pattern is a named group, so a match always has a lastgroup.
    back = int(m.lastgroup.removeprefix("back").replace("m", "-"))  # type: ignore[union-attr]
    return today - dt.timedelta(days=back)


def _week_start(today: dt.date) -> dt.date:
    return today - dt.timedelta(days=today.weekday())  # weeks start on Monday


def _most_recent(today: dt.date, weekday: int, *, strictly_before: bool = False) -> dt.date:
    back = (today.weekday() - weekday) % 7
    if strictly_before and back == 0:
        back = 7
    return today - dt.timedelta(days=back)


def _read_zh_weekday(m: re.Match[str], today: dt.date) -> dt.date:
    weekday = _ZH_WEEKDAYS[m["wd"]]
    prefix = m["pre"] or ""
    if prefix.startswith("上"):  # 上星期一 = Monday of last week
        return _week_start(today) + dt.timedelta(days=weekday - 7)
    if prefix.startswith("下"):
        return _week_start(today) + dt.timedelta(days=weekday + 7)
    if prefix:  # 今個/呢個星期一 = Monday of this week (may be in the future)
        return _week_start(today) + dt.timedelta(days=weekday)
    return _most_recent(today, weekday)


def _read_en_weekday(m: re.Match[str], today: dt.date) -> dt.date:
    weekday = _EN_WEEKDAY_NAMES[m["wd"]]
    if m["rel"] == "next":
        return _most_recent(today, weekday, strictly_before=True) + dt.timedelta(days=7)
    return _most_recent(today, weekday, strictly_before=m["rel"] == "last")


def _full_year(text: str | None, today: dt.date) -> int:
    if text is None:
        return today.year  # no year: this year, never guessed back (see "future_day")
    return 2000 + int(text) if len(text) == 2 else int(text)


def _read_numeric_date(m: re.Match[str], today: dt.date) -> dt.date | str:
    return _calendar_day(_full_year(m["y"], today), _int(m["m"]), _int(m["d"]))


def _read_day_of_month(m: re.Match[str], today: dt.date) -> dt.date | str:
    return _calendar_day(today.year, today.month, _int(m["d"]))


def _read_days_ago(m: re.Match[str], today: dt.date) -> dt.date | str:
    number = m["en"] or m["zh"]
    back = _EN_COUNT.get(number) if number in _EN_COUNT else _int(number)
    if back is None:
        return "unclear_day"  # 兩三日前: a few days ago
    return today - dt.timedelta(days=back)


def _read_en_date(m: re.Match[str], today: dt.date) -> dt.date | str:
    month = _MONTH_NAMES[m["mon"] or m["mon2"]]
    year = m["y"] or m["y2"]
    return _calendar_day(int(year) if year else today.year, month, int(m["d"] or m["d2"]))


def _unclear(_m: re.Match[str], _today: dt.date) -> str:
    return "unclear_day"


def _future(_m: re.Match[str], _today: dt.date) -> str:
    return "future_day"


_DayReader = Callable[[re.Match[str], dt.date], dt.date | str]
_DAY_READERS: tuple[tuple[re.Pattern[str], _DayReader], ...] = (
    (_RELATIVE_DAY, _read_relative),
    (_ZH_WEEKDAY, _read_zh_weekday),
    (_EN_WEEKDAY, _read_en_weekday),
    (_DAY_MONTH, _read_numeric_date),
    (_YEAR_MONTH_DAY, _read_numeric_date),
    (_ZH_DATE, _read_numeric_date),
    (_ZH_DAY_OF_MONTH, _read_day_of_month),
    (_DAYS_AGO, _read_days_ago),
    (_EN_DATE, _read_en_date),
    (_EN_ORDINAL_DAY, _read_day_of_month),
    (_ZH_DAY_OF_MONTH_RI, _read_day_of_month),
    (_UNCLEAR_DAY, _unclear),
    (_FUTURE_SPAN, _future),
)


def _find_days(text: str, today: dt.date) -> list[_Hit]:
    hits = [
        _Hit(m.start(), m.end(), reader(m, today))
        for regex, reader in _DAY_READERS
        for m in regex.finditer(text)
    ]
    return _leftmost_longest(hits)


def _blank_out(text: str, hits: list[_Hit]) -> str:
    """Replace the day mentions with spaces so their numerals are not read as durations."""
    if not hits:
        return text
    chars = list(text)
    for hit in hits:
        chars[hit.start : hit.end] = " " * (hit.end - hit.start)
    return "".join(chars)


def _resolve_day(hits: list[_Hit], today: dt.date, editable_days: int) -> dt.date:
    days = {h.value for h in hits}
    for problem in ("bad_day", "unclear_day", "future_day"):
        if problem in days:
            raise HoursInputError(problem)
    if len(days) > 1:
        raise HoursInputError("ambiguous")
    # The problem markers raised above are the only values that are not dates.
    day = cast(dt.date, days.pop()) if days else today
    too_early_or_late = day_problem(day, today, editable_days)
    if too_early_or_late is not None:
        raise HoursInputError(too_early_or_late)
    return day


# --------------------------------------------------------------------------- activities

# Keywords per activity. English ones are whole words (with common endings).
_ACTIVITY_KEYWORDS: dict[Activity, tuple[str, ...]] = {
    "visit": (r"home\s+visit", r"visit(?:s|ed|ing)?", "探訪", "家訪", "探望", "上門", "探"),
    "phone": (r"phone(?:s|d)?", "phoning", r"call(?:s|ed|ing)?", "打電話", "傾電話", "電話"),
    # Going with a client to a clinic or hospital appointment (陪診): one of the most common.
    "escort": (
        r"escort(?:s|ed|ing)?", r"accompan(?:y|ies|ied|ying)", r"clinics?", r"hospitals?",
        r"doctor'?s?", r"medical\s+appointments?", r"follow[\s-]*up\s+appointments?",
        "陪診", "陪覆診", "覆診", "睇醫生", "睇病", "醫院", "診所", "門診", "體檢",
    ),
    # Time out with a client in the community: yum cha, a walk, shopping (BRIEF.md §2).
    "outing": (
        "outing", r"yum\s*cha", r"walk(?:s|ed|ing)?", r"shopping",
        "飲茶", "外出", "出街", "行街", "散步", "行公園", "買餸", "陪佢行",
    ),
    "centre": (r"cent(?:re|er)s?", "活動中心", "中心"),
    "group": (r"groups?", "小組", "活動"),
    "training": ("training", r"workshops?", "培訓", "訓練", "上堂", "課程"),
    "supervision": ("supervision", "督導"),
    "admin": (
        "admin", "administration", r"paper\s*work", "文書", "寫記錄", "寫紀錄", "填表",
    ),
    "other": (r"others?", "其他"),
}  # fmt: skip


def _activity_regex() -> tuple[re.Pattern[str], dict[str, Activity]]:
    keywords = [(kw, code) for code, kws in _ACTIVITY_KEYWORDS.items() for kw in kws]
    # Longest first, so at one position "活動中心" (centre) beats "活動" (group).
    keywords.sort(key=lambda item: len(item[0]), reverse=True)
    groups: dict[str, Activity] = {}
    parts = []
    for i, (kw, code) in enumerate(keywords):
        name = f"k{i}"
        groups[name] = code
        body = rf"(?<![a-z]){kw}(?![a-z])" if kw.isascii() else kw
        parts.append(f"(?P<{name}>{body})")
    return re.compile("|".join(parts)), groups


_ACTIVITY, _ACTIVITY_GROUPS = _activity_regex()


def _find_activity(text: str) -> Activity | None:
    """The activity named first; "other" only when nothing more specific is named.

    "other"/"其他" are everyday words ("each other", "其他嘢"), so they must not hide
    a real activity later in the text.
    """
    fallback: Activity | None = None
    for m in _ACTIVITY.finditer(text):
        # Every alternative is a named group, so a match always has a lastgroup.
        code = _ACTIVITY_GROUPS[m.lastgroup]  # type: ignore[index]
        if code != "other":
            return code
        fallback = "other"
    return fallback


# --------------------------------------------------------------------------- public API


def parse_hours(
    text: str, today: dt.date, *, editable_days: int = DEFAULT_EDITABLE_DAYS
) -> ParsedHours:
    """Read minutes, activity and day from one chat message.

    The day defaults to ``today``. Raises ``HoursInputError`` (see ``REASONS``); problems
    with the amount of time are reported before problems with the day.
    """
    normalised = _normalise(text)
    if not normalised.strip():
        raise HoursInputError("empty")
    day_hits = _find_days(normalised, today)
    minutes = _read_duration(_blank_out(normalised, day_hits))
    day = _resolve_day(day_hits, today, editable_days)
    return ParsedHours(
        minutes=minutes,
        activity=_find_activity(normalised),
        day=day,
        names_a_day=bool(day_hits),
    )


def names_a_day(text: str, today: dt.date) -> bool:
    """True if the text names a day or date at all (so a correction keeps the old day
    unless the person names a new one)."""
    return bool(_find_days(_normalise(text), today))


def check_day_total(
    existing_minutes: int, new_minutes: int, limit: int = MAX_ENTRY_MINUTES
) -> None:
    """Raise HoursInputError("day_total") if the day's total would go over ``limit``
    (the rule itself: `over_the_day`, which the service checks on every save)."""
    if over_the_day(existing_minutes, new_minutes, limit):
        raise HoursInputError("day_total")


_UNIT_WORDS = {"en": ("h", "min"), "yue": ("小時", "分鐘")}


def format_duration(minutes: int, lang: str) -> str:
    """Minutes as "1 h 30 min" / "1 小時 30 分鐘"; any lang other than "yue" gets English.

    The output always parses back: parse_hours(format_duration(m, lang)).minutes == m.
    """
    if minutes < 0:
        raise ValueError("minutes must not be negative")
    hour_word, minute_word = _UNIT_WORDS["yue" if lang == "yue" else "en"]
    hours, rest = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(f"{hours} {hour_word}")
    if rest or not hours:
        parts.append(f"{rest} {minute_word}")
    return " ".join(parts)
