"""The escalation ladder as plain rules: who is alerted at each round."""

import datetime as dt
from zoneinfo import ZoneInfo

from bot.domain.escalation import (
    Policy,
    build_levels,
    first_deadline,
    first_step,
    next_step,
    next_working_day,
)

HK = ZoneInfo("Asia/Hong_Kong")
WORKER, BACKUP, SUPERVISOR = 1, 2, 3
POLICY = Policy(
    ack_timeout_seconds=600, repeats=2, levels=build_levels(WORKER, BACKUP, (SUPERVISOR,))
)
EVERYONE = {WORKER, BACKUP, SUPERVISOR}


def rounds(
    policy: Policy, reachable: set[int], count: int
) -> list[tuple[int, int, tuple[int, ...], bool]]:
    step = first_step(policy, reachable)
    seen = []
    for _ in range(count):
        assert step is not None
        seen.append((step.level, step.attempt, step.recipients, step.exhausted))
        step = next_step(policy, reachable, level=step.level, attempt=step.attempt)
    return seen


def test_the_ladder_climbs_and_repeats_each_level():
    assert rounds(POLICY, EVERYONE, 7) == [
        (0, 1, (WORKER,), False),
        (1, 1, (WORKER, BACKUP), False),
        (1, 2, (WORKER, BACKUP), False),
        (2, 1, (SUPERVISOR,), False),
        (2, 2, (SUPERVISOR,), False),
        (2, 1, (SUPERVISOR,), True),  # past the top: keep reminding, tell the supporter
        (2, 2, (SUPERVISOR,), False),
    ]


def test_unreachable_people_are_skipped():
    assert rounds(POLICY, {BACKUP, SUPERVISOR}, 2)[0] == (1, 1, (BACKUP,), False)
    assert rounds(POLICY, {SUPERVISOR}, 1)[0] == (2, 1, (SUPERVISOR,), False)


def test_nobody_reachable_means_no_step():
    assert first_step(POLICY, set()) is None


def test_levels_do_not_repeat_a_person():
    assert build_levels(WORKER, WORKER, (WORKER, WORKER)) == ((WORKER,), (WORKER,), (WORKER,))
    assert build_levels(None, None, ()) == ((), (), ())


def test_policy_round_trips_as_json():
    assert Policy.from_json(POLICY.to_json()) == POLICY


def test_deadlines():
    friday_evening = dt.datetime(2026, 11, 27, 12, 0, tzinfo=dt.UTC)  # 20:00 HKT Friday
    assert first_deadline("now", friday_evening, HK, 600) == friday_evening + dt.timedelta(
        minutes=10
    )
    assert first_deadline("today", friday_evening, HK, 600) == friday_evening + dt.timedelta(
        minutes=10
    )
    # "can wait": the next working day, Monday, same local time.
    monday = first_deadline("can_wait", friday_evening, HK, 600).astimezone(HK)
    assert (monday.weekday(), monday.hour, monday.minute) == (0, 20, 0)
    early = dt.datetime(2026, 11, 25, 22, 0, tzinfo=dt.UTC)  # 06:00 HKT Thursday
    assert next_working_day(early, HK).astimezone(HK).replace(tzinfo=None) == dt.datetime(
        2026, 11, 27, 9, 30
    )
