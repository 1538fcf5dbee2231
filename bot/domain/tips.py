"""Daily tips as plain rules: when the next one is due, and which card it is.

No Telegram, database or YAML here; every function is given `now` (or `today`) and the
time zone explicitly, so the rules are tested by moving dates, not clocks.

When (see `next_tip_at`):
- One tip a day at the person's local `tip_time` on the weekdays in `days` (bit 0 = Monday
  … bit 6 = Sunday).
- Never inside quiet hours. Quiet hours are [start, end) in local time and may run past
  midnight (22:00–07:00). A tip whose time falls inside them is **moved to the end of the
  quiet hours**, never skipped: with 22:00–07:00, a 22:30 tip arrives at 07:00 the next
  morning (it is that morning's one tip), a 06:30 tip at 07:00 the same day.
- A day is identified by the local date the tip is delivered on, so there is at most one
  tip per local date (the outbox dedupe key and the tips_sent row use it).
- After downtime the overdue tip is sent once, as today's tip, not one per missed day.
- New supporters start the next local day.

Which card (see `choose_tip`), in this order:
1. Never a card the person marked 👎 (the latest vote counts).
2. Safety refresher: if none of the person's last RISK_EVERY - 1 tips was a safety card
   (any card with a risk.* topic), this one is — so at least one in every 7 tips.
3. Spaced review of 👍 cards, scheduled by FSRS (the published `fsrs` package; see
   `review_due`): the card's history with this person is replayed as FSRS reviews, and it
   comes back on the due date FSRS gives — never sooner than NO_REPEAT_DAYS after it was
   last seen, never more than MAX_REVIEW_DAYS apart. The most overdue first.
   The mapping of what happened to FSRS ratings:
   - a tip sent on or before the day of the person's 👍, or the 👍 itself when it was
     given in the library before any tip: Good. The 👍 vouches for the tips up to it
     (only the latest vote is stored, so a 👍 pressed again on a review keeps the earlier
     ones Good). Good, not Easy: 👍 says "this helped", not "I know this by heart, show
     it rarely"; it should come back on FSRS's ordinary curve.
   - a tip sent after the 👍 and not pressed: Hard. They saw it but gave no new sign it
     helped, so its spacing grows more slowly than after a 👍. Not Again: silence is not
     forgetting, and Again would drop the card back to a days-long interval.
   - 👎: no rating at all; a 👎 card is never pushed (rule 1).
   With these ratings a 👍 card pressed once comes back after 30 days (the FSRS date of
   2 days is held back by the no-repeat rest), then 30 (FSRS: 23), 57, 99, 149, 203 and
   at most every MAX_REVIEW_DAYS — close to the fixed 30/30/60/120/240 steps it replaced.
4. A card the person has not seen (never sent as a tip, never voted on), in an order
   that differs per person, avoiding the topic of the previous tip when possible.
5. When every card has been seen: the least recently seen card.
No card repeats within NO_REPEAT_DAYS while unseen cards remain (reviews and refreshers
included: reviews wait at least NO_REPEAT_DAYS, and refreshers prefer rested cards).
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import re
import unicodedata
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import fsrs

DEFAULT_TIP_TIME = "09:30"
EVERY_DAY = 0b1111111
TIP_TIME_CHOICES = ("07:30", "08:30", "09:30", "12:30", "18:30", "20:30")
# Quiet-hour presets offered as buttons: (start, end), local time.
QUIET_PRESETS = (("22:00", "07:00"), ("21:00", "08:00"), ("23:00", "09:00"), ("13:00", "15:00"))

NO_REPEAT_DAYS = 30
RISK_EVERY = 7
# The longest a 👍 card stays away: it comes back at least every eight months.
MAX_REVIEW_DAYS = 240

# One FSRS scheduler for everyone, on whole days: no minutes-long learning steps (tips come
# once a day), no random fuzz (the same history always gives the same date).
_REVIEWS = fsrs.Scheduler(
    learning_steps=(),
    relearning_steps=(),
    maximum_interval=MAX_REVIEW_DAYS,
    enable_fuzzing=False,
)


# --------------------------------------------------------------------------- times


def parse_hhmm(value: str) -> dt.time:
    """A stored "HH:MM" as a time."""
    hours, minutes = value.split(":")
    return dt.time(int(hours), int(minutes))


def format_hhmm(value: dt.time) -> str:
    return f"{value.hour:02d}:{value.minute:02d}"


class TimeProblem(enum.StrEnum):
    UNREADABLE = "unreadable"
    OUT_OF_RANGE = "out_of_range"


@dataclass(frozen=True, slots=True)
class TypedTime:
    """What a person typed as a time: the time, or why it is not one."""

    value: dt.time | None
    problem: TimeProblem | None = None


_NUMERALS = {"零": 0, "一": 1, "二": 2, "兩": 2, "三": 3, "四": 4, "五": 5}
_NUMERALS |= {"六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_AM_WORDS = ("凌晨", "朝早", "早上", "上午", "朝頭早", "早晨")
_PM_WORDS = ("下晝", "下午", "晏晝", "夜晚黑", "夜晚", "晚上", "晚黑", "夜")
_NOON_WORDS = ("中午",)
_CLOCK = re.compile(r"^(\d{1,2})(?:[:.h](\d{2}))?(am|pm)?$")
_COMPACT = re.compile(r"^(\d{3,4})$")
_CANTONESE = re.compile(r"^(\d{1,2})(?:點鐘|點|时|時)(半|\d{1,2})?(?:分)?(?:鐘)?$")


def _chinese_number(text: str) -> str:
    """Chinese numerals up to 59 in a time ("九", "十一", "二十三") as digits."""

    def convert(match: re.Match[str]) -> str:
        chars = match.group()
        if "十" not in chars:
            return "".join(str(_NUMERALS[c]) for c in chars)
        tens, _, ones = chars.partition("十")
        value = (_NUMERALS[tens] if tens else 1) * 10 + (_NUMERALS[ones] if ones else 0)
        return str(value)

    return re.sub(r"[零一二兩三四五六七八九十]+", convert, text)


def parse_typed_time(text: str) -> TypedTime:
    """A time as people type it: 9:30, 09:30, 0930, 930, 21:00, 9, 9pm, 9:30am, 9.30,
    ９：３０ (full width), 9點半, 下午3點, 晚上9點15分, 朝早七點半.

    Single digits after 點 follow the Cantonese clock face (九點三 = 9:15).
    """
    raw = unicodedata.normalize("NFKC", text).strip().lower()
    raw = re.sub(r"\s+", "", raw).replace("a.m.", "am").replace("p.m.", "pm")
    if not raw:
        return TypedTime(None, TimeProblem.UNREADABLE)
    period = None
    for words, name in ((_AM_WORDS, "am"), (_PM_WORDS, "pm"), (_NOON_WORDS, "noon")):
        for word in words:
            if raw.startswith(word):
                raw, period = raw[len(word) :], name
                break
        if period:
            break
    raw = _chinese_number(raw)
    hours: int | None = None
    minutes = 0
    if match := _CLOCK.match(raw):
        hours = int(match[1])
        minutes = int(match[2]) if match[2] else 0
        period = match[3] or period
    elif match := _COMPACT.match(raw):
        digits = match[1]
        hours, minutes = int(digits[:-2]), int(digits[-2:])
    elif match := _CANTONESE.match(raw):
        hours = int(match[1])
        tail = match[2]
        if tail == "半":
            minutes = 30
        elif tail is not None:
            minutes = int(tail) * 5 if len(tail) == 1 and not raw.endswith("分") else int(tail)
    if hours is None:
        return TypedTime(None, TimeProblem.UNREADABLE)
    if period in ("am", "pm", "noon"):
        if not 1 <= hours <= 12:
            return TypedTime(None, TimeProblem.OUT_OF_RANGE)
        if period == "am":
            hours = 0 if hours == 12 else hours
        elif period == "pm" or (period == "noon" and hours < 6):
            hours = hours if hours == 12 else hours + 12
    if not (0 <= hours <= 23 and 0 <= minutes <= 59):
        return TypedTime(None, TimeProblem.OUT_OF_RANGE)
    return TypedTime(dt.time(hours, minutes))


# --------------------------------------------------------------------------- schedule


@dataclass(frozen=True, slots=True)
class Schedule:
    """A person's tip schedule in local time."""

    tip_time: dt.time
    days: int = EVERY_DAY
    quiet_start: dt.time | None = None
    quiet_end: dt.time | None = None

    @classmethod
    def from_strings(
        cls, tip_time: str, days: int, quiet_start: str | None, quiet_end: str | None
    ) -> Schedule:
        quiet = quiet_start and quiet_end and quiet_start != quiet_end
        return cls(
            parse_hhmm(tip_time),
            days,
            parse_hhmm(quiet_start) if quiet and quiet_start else None,
            parse_hhmm(quiet_end) if quiet and quiet_end else None,
        )

    @property
    def has_quiet_hours(self) -> bool:
        return (
            self.quiet_start is not None
            and self.quiet_end is not None
            and self.quiet_start != self.quiet_end
        )

    def on_day(self, day: dt.date) -> bool:
        return bool(self.days >> day.weekday() & 1)


def weekdays(days: int) -> list[int]:
    """The weekday numbers (0 = Monday) in a bitmask."""
    return [d for d in range(7) if days >> d & 1]


def in_quiet_hours(moment: dt.time, schedule: Schedule) -> bool:
    if not schedule.has_quiet_hours:
        return False
    start, end = schedule.quiet_start, schedule.quiet_end
    assert start is not None and end is not None
    if start < end:
        return start <= moment < end
    return moment >= start or moment < end


def _local(day: dt.date, moment: dt.time, tz: ZoneInfo) -> dt.datetime:
    return dt.datetime.combine(day, moment, tzinfo=tz).astimezone(dt.UTC)


def delivery_time(day: dt.date, schedule: Schedule, tz: ZoneInfo) -> dt.datetime:
    """When the tip scheduled on local `day` is delivered (UTC): its time, or the end of
    the quiet hours it falls in (the next morning if they run past midnight)."""
    moment = schedule.tip_time
    if not in_quiet_hours(moment, schedule):
        return _local(day, moment, tz)
    start, end = schedule.quiet_start, schedule.quiet_end
    assert start is not None and end is not None
    if start > end and moment >= start:  # the evening part of an overnight window
        return _local(day + dt.timedelta(days=1), end, tz)
    return _local(day, end, tz)


def next_tip_at(
    schedule: Schedule,
    after: dt.datetime,
    tz: ZoneInfo,
    *,
    skip_days: Collection[dt.date] = (),
) -> dt.datetime | None:
    """The first delivery strictly after `after` on a chosen weekday, whose local delivery
    date is not in `skip_days` (days that already had their tip). None if no day is chosen."""
    if not schedule.days & EVERY_DAY:
        return None
    start = after.astimezone(tz).date() - dt.timedelta(days=1)
    for offset in range(len(skip_days) + 16):
        day = start + dt.timedelta(days=offset)
        if not schedule.on_day(day):
            continue
        moment = delivery_time(day, schedule, tz)
        if moment > after and moment.astimezone(tz).date() not in skip_days:
            return moment
    return None


def first_tip_at(
    schedule: Schedule, registered_at: dt.datetime, now: dt.datetime, tz: ZoneInfo
) -> dt.datetime | None:
    """A new supporter's first tip: not on the day they joined, from the next local day."""
    next_day = registered_at.astimezone(tz).date() + dt.timedelta(days=1)
    midnight = dt.datetime.combine(next_day, dt.time(0), tzinfo=tz).astimezone(dt.UTC)
    return next_tip_at(schedule, max(now, midnight - dt.timedelta(microseconds=1)), tz)


def release_time(now: dt.datetime, schedule: Schedule, tz: ZoneInfo) -> dt.datetime:
    """When an overdue tip may go out: now, or when the quiet hours around now end."""
    local = now.astimezone(tz)
    if not in_quiet_hours(local.time(), schedule):
        return now
    end = schedule.quiet_end
    assert end is not None
    candidate = dt.datetime.combine(local.date(), end, tzinfo=tz)
    if candidate <= local:
        candidate += dt.timedelta(days=1)
    return candidate.astimezone(dt.UTC)


@dataclass(frozen=True, slots=True)
class DueTip:
    """What to do with a person whose next_tip_at has come: the local date this tip counts
    for, when to send it, and when the next one is due."""

    day: dt.date
    send_at: dt.datetime
    next_at: dt.datetime | None


def plan_due_tip(
    schedule: Schedule,
    scheduled_at: dt.datetime,
    now: dt.datetime,
    tz: ZoneInfo,
    served_days: Collection[dt.date] = (),
) -> DueTip:
    """A tip that came due at `scheduled_at`: on time, a little late, or after downtime.

    A tip from an earlier local day (the bot was down) becomes today's one catch-up tip.
    """
    today = now.astimezone(tz).date()
    day = scheduled_at.astimezone(tz).date()
    send_at = scheduled_at
    if day < today:
        day = today
        send_at = release_time(now, schedule, tz)
    skip = {*served_days, day}
    return DueTip(day, max(send_at, now), next_tip_at(schedule, now, tz, skip_days=skip))


# --------------------------------------------------------------------------- selection


class Reason(enum.StrEnum):
    NEW = "new"
    REVIEW = "review"
    REFRESHER = "refresher"
    AGAIN = "again"


@dataclass(frozen=True, slots=True)
class TipCard:
    """What selection needs to know about a card."""

    id: str
    topic: str
    safety: bool


@dataclass(frozen=True, slots=True)
class Seen:
    """A card's tip history for one person. `days` (every day it was sent as a tip) is
    needed only for 👍 cards, whose review schedule replays them; without it only the
    last tip is replayed."""

    times: int
    last_day: dt.date
    last_seq: int
    days: tuple[dt.date, ...] = ()


@dataclass(frozen=True, slots=True)
class Vote:
    helpful: bool
    day: dt.date


@dataclass(frozen=True, slots=True)
class TipChoice:
    card_id: str
    reason: Reason


def review_ratings(tip_days: Iterable[dt.date], vote: Vote) -> list[tuple[dt.date, fsrs.Rating]]:
    """A 👍 card's history as FSRS reviews, oldest first (the mapping is in the module
    docstring): tips up to the 👍 are Good, tips after it Hard; a 👍 with no tip on or
    before its day is a Good review of its own."""
    days = sorted(set(tip_days))
    ratings = [(d, fsrs.Rating.Good if d <= vote.day else fsrs.Rating.Hard) for d in days]
    if not days or days[0] > vote.day:
        ratings.insert(0, (vote.day, fsrs.Rating.Good))
    return ratings


def review_due(card_id: str, seen: Mapping[str, Seen], vote: Vote) -> dt.date:
    """When a 👍 card comes back: the due date FSRS gives after replaying its history,
    but not within NO_REPEAT_DAYS of when it was last seen (a tip, or the vote)."""
    history = seen.get(card_id)
    tip_days = (history.days or (history.last_day,)) if history else ()
    card = fsrs.Card(card_id=0)  # a fixed id: fsrs otherwise sleeps 1 ms to make one up
    for day, rating in review_ratings(tip_days, vote):
        moment = dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)
        card, _ = _REVIEWS.review_card(card, rating, moment)
    last = max(vote.day, history.last_day) if history else vote.day
    return max(card.due.date(), last + dt.timedelta(days=NO_REPEAT_DAYS))


def choose_tip(
    cards: Sequence[TipCard],
    seen: Mapping[str, Seen],
    votes: Mapping[str, Vote],
    today: dt.date,
    *,
    salt: int,
) -> TipChoice | None:
    """Today's card for one person (see the module docstring for the rules), or None if
    there is nothing left to push (every card marked 👎)."""
    allowed = [c for c in cards if votes.get(c.id, Vote(True, today)).helpful]
    if not allowed:
        return None

    def last_seen(card: TipCard) -> dt.date | None:
        days = [d for d in (_day(seen.get(card.id)), _vote_day(votes.get(card.id))) if d]
        return max(days) if days else None

    def order(card: TipCard) -> bytes:
        return hashlib.sha256(f"{salt}:{card.id}".encode()).digest()

    def stalest(pool: Iterable[TipCard]) -> TipCard | None:
        return min(pool, key=lambda c: (last_seen(c) or dt.date.min, order(c)), default=None)

    unseen = [c for c in allowed if c.id not in seen and c.id not in votes]

    def rested(card: TipCard) -> bool:
        last = last_seen(card)
        return last is None or (today - last).days >= NO_REPEAT_DAYS or not unseen

    last_seq = max((s.last_seq for s in seen.values()), default=0)
    by_id = {c.id: c for c in cards}
    last_safety = max(
        (s.last_seq for cid, s in seen.items() if cid in by_id and by_id[cid].safety), default=0
    )
    if last_seq - last_safety >= RISK_EVERY - 1:
        safety = [c for c in allowed if c.safety and rested(c)]
        fresh = [c for c in safety if c in unseen]
        pick = min(fresh, key=order) if fresh else stalest(safety)
        if pick is not None:
            return TipChoice(pick.id, Reason.REFRESHER)

    due = [
        (review_due(c.id, seen, votes[c.id]), order(c), c)
        for c in allowed
        if c.id in votes and votes[c.id].helpful
    ]
    due = [entry for entry in due if entry[0] <= today and rested(entry[2])]
    if due:
        return TipChoice(min(due, key=lambda e: (e[0], e[1]))[2].id, Reason.REVIEW)

    if unseen:
        previous = next((cid for cid, s in seen.items() if s.last_seq == last_seq), None)
        previous_topic = by_id[previous].topic if previous in by_id else None
        other = [c for c in unseen if c.topic != previous_topic] or unseen
        return TipChoice(min(other, key=order).id, Reason.NEW)

    pick = stalest(c for c in allowed if rested(c)) or stalest(allowed)
    assert pick is not None
    return TipChoice(pick.id, Reason.AGAIN)


def _day(seen: Seen | None) -> dt.date | None:
    return seen.last_day if seen else None


def _vote_day(vote: Vote | None) -> dt.date | None:
    return vote.day if vote else None
