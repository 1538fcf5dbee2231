"""Peer wisdom as plain rules: what may be sent, when, and when to look after the supporter.

No Telegram, database or YAML here; `now` and the time zone are always passed in.

Text a supporter sends to peers (a question, an answer, a tip) is checked by `check_text`:
- an HKID or Hong Kong phone number → refused, and nothing of it is kept;
- longer than the limit → refused (nothing kept);
- risk words (`detect_risk`) → reported, so the caller shows the safety block and the flag
  flow first (a peer question is never the route for an emergency);
- something that looks like a person's full name (`looks_like_full_name`) → reported, so
  the caller warns and asks them to confirm or rewrite. This is a cheap heuristic, not a
  detector: it asks one extra tap on a false alarm and can miss names written in other ways.

Timers:
- an unclaimed question goes to other units' mentors (if both units allow it) after half of
  the timeout (`widen_after`), and the asker is told kindly at the timeout;
- a claimed question has ANSWER_WINDOW for its answer before the asker is offered their
  social worker too (a late answer is still passed on);
- "your tip helped" notices are batched: at most one a day, at THANKS_AT local time.

Wellbeing: five faces a week; `gentle_note_due` after every second low answer (😢/🙁) in a
row. The monthly "meaning" note is considered on the first MEANING_DAYS days of the month
from MEANING_FROM local time, for the month before.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from bot.domain.privacy import clean_typed, looks_sensitive
from bot.domain.risk import RiskMatch, detect_risk

MAX_QUESTION_CHARS = 500
MAX_ANSWER_CHARS = 1000
MAX_TIP_CHARS = 500
MAX_NOTE_CHARS = 500
ANSWER_WINDOW = dt.timedelta(hours=24)
THANKS_AT = dt.time(19, 0)
SHARED_PREFIX = "shared-"
# Shared tips are about everyday practice; safety guidance comes only from reviewed cards.
TIP_EXCLUDED_CATEGORIES = frozenset({"risk"})

FACES = ("😢", "🙁", "😐", "🙂", "😄")  # answers 1..5
LOW_FACES = frozenset({1, 2})
# A missed check-in does not break "in a row"; a gap longer than this does.
LOW_RUN_GAP_DAYS = 21
DEFAULT_CHECKIN_DAY = 6  # Sunday
DEFAULT_CHECKIN_TIME = "19:00"
CHECKIN_TIME_CHOICES = ("09:00", "12:00", "17:00", "19:00", "20:00", "21:00")
MEANING_DAYS = 3
MEANING_FROM = dt.time(10, 0)


class QuestionStatus:
    """Where a peer question stands; stored as these strings (`peer_questions.status`)."""

    OPEN = "open"  # sent to mentors, nobody has taken it yet
    CLAIMED = "claimed"  # a mentor tapped "I'll answer" (or a follow-up went to them)
    ANSWERED = "answered"
    EXPIRED = "expired"  # nobody took it in time; the asker was offered their social worker


class TipStatus:
    """Where a shared tip stands; stored as these strings (`shared_tips.status`)."""

    PENDING = "pending"  # waiting for the social worker
    APPROVED = "approved"  # in the unit's daily-tip rotation
    RETURNED = "returned"  # sent back to the author with a kind note


# --------------------------------------------------------------------------- text checks


class Problem(enum.StrEnum):
    EMPTY = "empty"
    SENSITIVE = "sensitive"
    TOO_LONG = "too_long"


@dataclass(frozen=True, slots=True)
class TextCheck:
    """What `check_text` found. `text` is empty whenever there is a problem: keep nothing."""

    text: str
    problem: Problem | None = None
    risk: RiskMatch | None = None
    name: str | None = None  # the fragment that looks like a full name


def check_text(text: str, max_chars: int, *, check_risk: bool = True) -> TextCheck:
    """Check text meant for peers (see the module docstring)."""
    text = clean_typed(text or "")  # no NUL or other control characters (PostgreSQL text)
    if not text:
        return TextCheck("", Problem.EMPTY)
    if looks_sensitive(text):
        return TextCheck("", Problem.SENSITIVE)
    if len(text) > max_chars:
        return TextCheck("", Problem.TOO_LONG)
    risk = detect_risk(text) if check_risk else None
    return TextCheck(text, None, risk, looks_like_full_name(text))


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# English: two or more capitalised words in a row that are not everyday words, titles,
# festivals or places ("Chan Tai Man", "Mary Wong"). A title and a surname ("Mrs Chan") is a
# form of address, like 陳太, and is not reported.
_EN_NOT_NAMES = _words(
    """
    I A An The My Her His Their Our Your She He They We You It This That These Those There
    Here What When Where Who Why How Which Can Could Should Would Will Do Does Did Is Are Was
    Were Have Has Had If Any Some Yesterday Today Tomorrow Tonight Last Next Every Each After
    Before During Since Then So But And Or Also Just Please Thanks Thank Hi Hello Dear Ok Okay
    Yes No Not One Two Three First Second Sometimes Usually Often Once Now Later Morning
    Afternoon Evening Night Week Month Year New Good Great Happy Merry Lunar Chinese English
    Cantonese Mandarin Christmas Easter Festival God Buddha Jesus Mr Mrs Ms Miss Dr Madam Sir
    Auntie Aunty Uncle Granny Grandma Grandpa Mum Mom Dad Mother Father Brother Sister
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May
    June July August September October November December WhatsApp Facebook YouTube Google
    Telegram Centre Center Hospital Clinic Social Worker Elderly Community Church Temple Park
    Road Street Estate Market Station Client Clients Case Visit Maybe Perhaps Even Still When
    Because Although While Sorry Hong Kong Kowloon Island Territories Tung Hang Peer Supporter
    """
)
_EN_PLACES = (
    "Sham Shui Po", "Wong Tai Sin", "Kwun Tong", "Sha Tin", "Tuen Mun", "Yuen Long", "Tai Po",
    "Tsuen Wan", "Kwai Tsing", "Kwai Chung", "Sai Kung", "Mong Kok", "Yau Ma Tei",
    "Yau Tsim Mong", "Tseung Kwan O", "Tin Shui Wai", "Tung Chung", "Sheung Shui", "North Point",
    "Quarry Bay", "Chai Wan", "Causeway Bay", "Wan Chai", "Lam Tin", "Ngau Tau Kok", "Tsing Yi",
    "Lai Chi Kok", "Cheung Sha Wan", "Shek Kip Mei", "To Kwa Wan", "Hung Hom", "Tsim Sha Tsui",
    "Diamond Hill", "Choi Hung", "Tai Wai", "Ma On Shan", "Kowloon City", "Kowloon Tong",
    "Ching Ming", "Chung Yeung", "Mid-Autumn", "Tuen Ng", "Tung Hang",
)  # fmt: skip
_EN_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")

# Chinese: a common surname, then two characters that are not a form of address or a
# common word starting with that character (陳大文 yes; 陳婆婆, 陳生話, 黃色, 周末 no).
_SURNAMES = frozenset(
    "陳李張黃何林梁吳劉蔡鄭楊謝郭羅曾周馮鄧蕭朱胡盧葉潘譚袁"
    "麥余蘇杜彭趙關鍾黎伍溫孫姚岑崔湯鄺嚴廖馬王"
)
_ADDRESS_FIRST = frozenset("生太姐姨叔嬸伯婆公哥仔女妹姑")
_ADDRESS_PAIRS = _words(
    "小姐 老師 先生 經理 主任 校長 牧師 神父 議員 教授 同學 家人 醫生 社工 師傅 師奶 老闆 老細 家姐"
)
_NOT_NAME_STARTS = _words(
    """
    馬上 馬路 馬會 馬騮 王子 何時 何必 何況 何解 周末 周圍 周年 周日 周身 周不 溫暖 溫度 溫習
    溫柔 溫和 關心 關係 關注 關於 關門 關燈 關機 關懷 關顧 黃色 黃金 黃昏 黃大 林林 謝謝 謝意
    朱古 胡亂 胡鬧 葉子 蘇州 杜絕 鍾意 黎明 嚴重 嚴格 嚴肅 曾經 羅馬 孫仔 孫女 孫兒 孫子 楊桃
    張紙 張相 張床 張櫈 張凳 張卡 張單 張票 張枱 張咭 張表 張嘴 張開 陳列 陳述 鄭重 麥當 蕭條
    湯水 湯藥 湯匙 余下 區域 區議 李子 馬鞍 何文 黃竹 李鄭 周大
    """
)
_COUNTING = frozenset("一二兩三四五六七八九十幾呢嗰每邊張")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\U00020000-\U0002ffff]")


def looks_like_full_name(text: str) -> str | None:
    """The first fragment that looks like a person's full name, or None (a heuristic)."""
    text = unicodedata.normalize("NFKC", text)
    return _english_name(text) or _chinese_name(text)


def _english_name(text: str) -> str | None:
    for place in _EN_PLACES:
        text = text.replace(place, "#")
    run: list[str] = []
    last_end = -1
    for match in _EN_WORD.finditer(text):
        word = match.group()
        adjacent = last_end >= 0 and text[last_end : match.start()] == " "
        candidate = word[0].isupper() and word[1:].islower() and word not in _EN_NOT_NAMES
        if not (candidate and adjacent):
            if len(run) >= 2:
                return " ".join(run)
            run = []
        if candidate:
            run.append(word)
        last_end = match.end()
    return " ".join(run) if len(run) >= 2 else None


def _chinese_name(text: str) -> str | None:
    chars = [c for c in text if not c.isspace()]
    for i, char in enumerate(chars[:-2]):
        if char not in _SURNAMES:
            continue
        rest = chars[i + 1 : i + 3]
        if not all(_HAN.match(c) for c in rest) or rest[0] in _ADDRESS_FIRST:
            continue
        if "".join(rest) in _ADDRESS_PAIRS or char + rest[0] in _NOT_NAME_STARTS:
            continue
        before = chars[i - 1] if i > 0 else ""
        if before in _COUNTING or char in (before, rest[0]):  # 一張紙, 謝謝, 林林
            continue
        return char + "".join(rest)
    return None


# --------------------------------------------------------------------------- questions


def widen_after(timeout: dt.timedelta) -> dt.timedelta:
    """An unclaimed question goes to other units' mentors after half the timeout."""
    return timeout / 2


def shared_card_id(tip_id: int) -> str:
    """A shared tip's id where cards are named (tip history, 👍/👎)."""
    return f"{SHARED_PREFIX}{tip_id}"


def shared_tip_id(card_id: str) -> int | None:
    rest = card_id.removeprefix(SHARED_PREFIX)
    return int(rest) if rest != card_id and rest.isdigit() else None


def next_thanks_at(now: dt.datetime, tz: ZoneInfo) -> dt.datetime:
    """When a batch of "your tip helped" goes out: the next THANKS_AT local time."""
    local = now.astimezone(tz)
    at = dt.datetime.combine(local.date(), THANKS_AT, tzinfo=tz)
    if at < local:
        at = dt.datetime.combine(local.date() + dt.timedelta(days=1), THANKS_AT, tzinfo=tz)
    return at.astimezone(dt.UTC)


def is_cantonese(text: str) -> bool:
    """Text with Chinese characters is exported on the Cantonese side of a card."""
    return bool(_HAN.search(text))


def short_title(text: str, *, words: int = 12, han: int = 24) -> str:
    """A card title from free text: its first line, cut to about a phone line."""
    line = text.strip().splitlines()[0] if text.strip() else ""
    if is_cantonese(line):
        return line if len(line) <= han else line[:han] + "…"
    parts = line.split()
    return line if len(parts) <= words else " ".join(parts[:words]) + "…"


# --------------------------------------------------------------------------- wellbeing


def week_of(day: dt.date) -> dt.date:
    """The Monday of `day`'s week: a check-in and its answer belong to that week."""
    return day - dt.timedelta(days=day.weekday())


def parse_hhmm(value: str) -> dt.time:
    hours, minutes = value.split(":")
    return dt.time(int(hours), int(minutes))


def next_weekly(weekday: int, at: str, now: dt.datetime, tz: ZoneInfo) -> dt.datetime:
    """The next `weekday` (0 = Monday) at local time `at` ("HH:MM"), strictly after now."""
    local = now.astimezone(tz)
    ahead = (weekday - local.weekday()) % 7
    day = local.date() + dt.timedelta(days=ahead)
    candidate = dt.datetime.combine(day, parse_hhmm(at), tzinfo=tz)
    if candidate <= local:
        candidate = dt.datetime.combine(day + dt.timedelta(days=7), parse_hhmm(at), tzinfo=tz)
    return candidate.astimezone(dt.UTC)


def low_run(answers: Sequence[tuple[dt.date, int]]) -> int:
    """How many of the latest answers in a row were low; `answers` are (week, face), newest
    first. A skipped week keeps the run; a gap over LOW_RUN_GAP_DAYS ends it."""
    run = 0
    newer: dt.date | None = None
    for week, face in answers:
        if face not in LOW_FACES:
            break
        if newer is not None and (newer - week).days > LOW_RUN_GAP_DAYS:
            break
        run += 1
        newer = week
    return run


def gentle_note_due(answers: Sequence[tuple[dt.date, int]]) -> bool:
    """Two low answers in a row (and again after every second one while it lasts)."""
    run = low_run(answers)
    return run >= 2 and run % 2 == 0


def meaning_month(now: dt.datetime, tz: ZoneInfo) -> str | None:
    """The month ("YYYY-MM") whose note is due now, or None outside the note days."""
    local = now.astimezone(tz)
    if local.day > MEANING_DAYS or local.time() < MEANING_FROM:
        return None
    previous = local.date().replace(day=1) - dt.timedelta(days=1)
    return f"{previous.year:04d}-{previous.month:02d}"


def month_bounds(month: str) -> tuple[dt.date, dt.date]:
    """First day of `month` and first day of the next."""
    year, number = (int(p) for p in month.split("-"))
    first = dt.date(year, number, 1)
    following = dt.date(year + number // 12, number % 12 + 1, 1)
    return first, following


@dataclass(frozen=True, slots=True)
class Contribution:
    """What a supporter gave in a month: framed as contribution, never as a target."""

    minutes: int = 0
    cards: int = 0
    tips_shared: int = 0
    questions_answered: int = 0

    @property
    def empty(self) -> bool:
        return not (self.minutes or self.cards or self.tips_shared or self.questions_answered)
