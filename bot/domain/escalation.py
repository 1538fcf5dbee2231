"""Escalation rules: who is alerted, when, and what happens when nobody answers.

Plain Python, `now` passed in. A flag captures its unit's policy when it is created,
so a later change to the unit never changes what a flag already promised.

The ladder, for "danger now" and "today":
    level 0  the supporter's social worker                  (alerted at once)
    level 1  the social worker again + the backup           (after each ack timeout)
    level 2  the unit's supervisor
    level 3  the supervisor and the unit's admins           (the end: never nobody)
Inactive and unreachable people are skipped at every round (a social worker on leave is
left out of the levels when the flag is raised), so the first round goes to the first
level with someone who can actually be reached. "Danger now" climbs after a few minutes,
"needs action today" after the unit's longer timeout. Each level is alerted `repeats`
times, one ack timeout apart, before the next level.
When the top level has had its repeats, the supporter is told plainly to call the
centre or 999, and the top level keeps being reminded every timeout until someone
acknowledges: a flag is never silently stuck.
"can wait" gives the social worker one working day before the ladder starts climbing.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo


class FlagStatus(enum.StrEnum):
    """Where a concern stands. Stored as these strings; a StrEnum, so it equals them too."""

    OPEN = "open"  # waiting for a social worker to take it
    ACKNOWLEDGED = "acknowledged"  # someone took it
    CLOSED = "closed"  # closed with an outcome


CATEGORIES = (
    "suicide_self_harm",
    "abuse_neglect",
    "medical",
    "unreachable",
    "low_mood",
    "boundary",
    "other",
)
URGENCIES = ("now", "today", "can_wait")
URGENT = frozenset({"now", "today"})
# Which risk topic (from the search's risk detector) suggests which category.
CATEGORY_FOR_RISK_TOPIC = {
    "risk.suicide": "suicide_self_harm",
    "risk.self_harm": "suicide_self_harm",
    "risk.elder_abuse": "abuse_neglect",
    "risk.medical_emergency": "medical",
    "risk.severe_depression": "low_mood",
}
MAX_DESCRIPTION_CHARS = 600
WORKDAY_START = dt.time(9, 30)
# "Danger now" must reach a second person within minutes, whatever the unit's general timeout.
DEFAULT_ACK_NOW_SECONDS = 180
# Open longer than this (per urgency) is overdue on /flags, unless the unit set its own.
DEFAULT_CLOSE_TARGET_HOURS = {"now": 24, "today": 48, "can_wait": 24 * 7}


@dataclass(frozen=True, slots=True)
class Policy:
    """What a flag promised when it was created (stored with the flag as JSON)."""

    ack_timeout_seconds: int
    repeats: int
    levels: tuple[tuple[int, ...], ...]  # person ids per level; empty levels are skipped

    def to_json(self) -> dict[str, object]:
        return {
            "ack_timeout_seconds": self.ack_timeout_seconds,
            "repeats": self.repeats,
            "levels": [list(level) for level in self.levels],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Policy:
        levels = data.get("levels") or []
        return cls(
            ack_timeout_seconds=int(data["ack_timeout_seconds"]),
            repeats=int(data["repeats"]),
            levels=tuple(tuple(int(p) for p in level) for level in levels),
        )


def build_levels(
    worker_id: int | None,
    backup_id: int | None,
    supervisors: tuple[int, ...],
    admins: tuple[int, ...] = (),
) -> tuple[tuple[int, ...], ...]:
    """Level 0: the social worker; 1: them and the backup; 2: supervisors; 3: supervisors
    and the unit's admins (empty when that adds nobody, so nobody is asked twice over)."""
    level0 = tuple(p for p in (worker_id,) if p is not None)
    level1 = tuple(dict.fromkeys(p for p in (worker_id, backup_id) if p is not None))
    level2 = tuple(p for p in dict.fromkeys(supervisors))
    level3 = tuple(dict.fromkeys((*level2, *admins)))
    return (level0, level1, level2, level3 if set(level3) - set(level2) else ())


def ack_timeout_for(urgency: str, *, now_seconds: int | None, today_seconds: int) -> int:
    """Seconds before an unacknowledged flag climbs: "danger now" never waits longer than
    "needs action today"."""
    if urgency == "now":
        return min(now_seconds or DEFAULT_ACK_NOW_SECONDS, today_seconds)
    return today_seconds


def close_target(urgency: str, targets: Mapping[str, Any] | None) -> dt.timedelta:
    """How long a concern of this urgency may stay open before it is overdue."""
    hours = (targets or {}).get(urgency) or DEFAULT_CLOSE_TARGET_HOURS.get(urgency, 48)
    return dt.timedelta(hours=float(hours))


def is_overdue(
    *,
    status: FlagStatus,
    urgency: str,
    created_at: dt.datetime,
    ack_timeout_seconds: int,
    target: dt.timedelta,
    now: dt.datetime,
) -> bool:
    """Not closed past the unit's target, or (urgent) still nobody's past the ack timeout."""
    if status == FlagStatus.CLOSED:
        return False
    if now - created_at > target:
        return True
    return (
        status == FlagStatus.OPEN
        and urgency in URGENT
        and now - created_at > dt.timedelta(seconds=ack_timeout_seconds)
    )


@dataclass(frozen=True, slots=True)
class Step:
    """One round of alerts: who, at which level, which repeat, and when to look again."""

    level: int
    attempt: int
    recipients: tuple[int, ...]
    exhausted: bool  # past the ladder's end: keep reminding the top level


def first_step(policy: Policy, reachable: set[int]) -> Step | None:
    return _step_from(policy, reachable, level=0, attempt=1)


def next_step(policy: Policy, reachable: set[int], *, level: int, attempt: int) -> Step | None:
    """The round after (level, attempt); None only if nobody at all is reachable."""
    if attempt < policy.repeats and level > 0:
        step = _at(policy, reachable, level, attempt + 1)
        if step is not None:
            return step
    return _step_from(policy, reachable, level=level + 1, attempt=1)


def _at(policy: Policy, reachable: set[int], level: int, attempt: int) -> Step | None:
    recipients = tuple(p for p in policy.levels[level] if p in reachable)
    if not recipients:
        return None
    return Step(level, attempt, recipients, exhausted=False)


def _step_from(policy: Policy, reachable: set[int], *, level: int, attempt: int) -> Step | None:
    for candidate in range(level, len(policy.levels)):
        step = _at(policy, reachable, candidate, attempt if candidate == level else 1)
        if step is not None:
            return step
    # Past the top: remind the highest level that still has anyone reachable.
    for candidate in reversed(range(len(policy.levels))):
        recipients = tuple(p for p in policy.levels[candidate] if p in reachable)
        if recipients:
            return Step(candidate, attempt, recipients, exhausted=True)
    return None


def first_deadline(urgency: str, now: dt.datetime, tz: ZoneInfo, ack_timeout: int) -> dt.datetime:
    """When an unacknowledged flag should climb: minutes for urgent, a working day otherwise."""
    if urgency in URGENT:
        return now + dt.timedelta(seconds=ack_timeout)
    return next_working_day(now, tz)


def next_working_day(now: dt.datetime, tz: ZoneInfo) -> dt.datetime:
    """The same time on the next Monday–Friday, but not before 09:30 local (public holidays
    are not modelled: a flag raised before one climbs on the holiday, which errs early)."""
    local = now.astimezone(tz)
    day = local.date() + dt.timedelta(days=1)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    moment = max(local.time().replace(tzinfo=None), WORKDAY_START)
    return dt.datetime.combine(day, moment, tzinfo=tz).astimezone(dt.UTC)
