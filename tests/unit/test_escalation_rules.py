"""The escalation ladder as plain rules: who is alerted at each round."""

import datetime as dt
from zoneinfo import ZoneInfo

from bot.domain.escalation import (
    Policy,
    ack_timeout_for,
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
    assert build_levels(WORKER, WORKER, (WORKER, WORKER)) == ((WORKER,), (WORKER,), (WORKER,), ())
    assert build_levels(None, None, ()) == ((), (), (), ())


ADMIN = 4


def test_the_ladder_ends_at_the_units_admins():
    policy = Policy(600, 1, build_levels(WORKER, BACKUP, (SUPERVISOR,), (ADMIN, SUPERVISOR)))
    assert policy.levels[3] == (SUPERVISOR, ADMIN)
    # The social worker left and the backup blocked the bot: the supervisor first.
    assert rounds(policy, {SUPERVISOR, ADMIN}, 2) == [
        (2, 1, (SUPERVISOR,), False),
        (3, 1, (SUPERVISOR, ADMIN), False),
    ]
    # Nobody but an admin can be reached: the admin, never nobody.
    assert rounds(policy, {ADMIN}, 1) == [(3, 1, (ADMIN,), False)]


def test_danger_now_climbs_in_minutes_and_never_slower_than_today():
    assert ack_timeout_for("now", now_seconds=None, today_seconds=600) == 180
    assert ack_timeout_for("now", now_seconds=120, today_seconds=1800) == 120
    assert ack_timeout_for("now", now_seconds=3600, today_seconds=600) == 600
    assert ack_timeout_for("today", now_seconds=120, today_seconds=1800) == 1800


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


def test_overdue_against_the_target_per_urgency():
    from bot.domain.escalation import close_target, is_overdue

    raised = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)

    def overdue(status, urgency, hours, targets=None):
        return is_overdue(
            status=status,
            urgency=urgency,
            created_at=raised,
            ack_timeout_seconds=600,
            target=close_target(urgency, targets),
            now=raised + dt.timedelta(hours=hours),
        )

    assert overdue("open", "today", 0.5)  # nobody took it within the ack timeout
    assert not overdue("acknowledged", "today", 47)
    assert overdue("acknowledged", "today", 49)
    assert not overdue("acknowledged", "today", 49, {"today": 72})
    assert not overdue("open", "can_wait", 24 * 6)
    assert not overdue("closed", "now", 24 * 30)


def test_pages_of_five_and_percentiles():
    from bot.domain.concerns import page_of, parse_month, percentile

    minutes = [dt.timedelta(minutes=m) for m in (1, 2, 3, 4, 5, 6, 7, 8, 9, 100)]
    assert percentile(minutes, 0.9) == dt.timedelta(minutes=9)
    assert percentile([], 0.9) is None
    assert page_of(list(range(12)), 2).rows == [10, 11]  # type: ignore[arg-type]
    assert page_of(list(range(12)), 9).number == 2  # a stale "more" lands on the last page
    assert parse_month("2026-11") == (2026, 11)
    assert parse_month("2026-13") is None and parse_month("Q4") is None
