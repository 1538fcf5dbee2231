"""Faults, short versions of bench/faults/ (which runs ≥ 50 and ≥ 100 trials and says more).

- kill -9 mid-day (SQLite, the real `python -m bot run`): nothing a person saw confirmed is
  lost, every escalation timer fires by max(deadline, restart) + a tick (+ 1 s to deliver),
  every tip arrives, duplicates ≤ sends in flight at the kill. Three seeded trials.
- two bot processes on one PostgreSQL: five trials of a daily run and an escalation ladder,
  nothing sent twice or missed. Runs when TUNGHANG_TEST_DATABASE_URL is PostgreSQL (in a
  database of its own on that server, created and dropped here).
- the database unreachable: the real handlers answer with the kind "can't reach my records"
  message, then work again once it is back (no PostgreSQL server needed: the bot's sessions
  point at a port nobody listens on).
- PostgreSQL stopped for 30 s under the running bot: opt-in (TUNGHANG_FAULT_TESTS=1), on a
  private server this test starts (root or the postgres user, and the server binaries).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from bench.faults import (
    KillPlan,
    OutagePlan,
    PgPlan,
    PrivatePostgres,
    kill_trial,
    outage_trial,
    two_process_trials,
)
from storage import db
from tests.seed import SUPPORTER, seed_cast

PG_URL = os.environ.get("TUNGHANG_TEST_DATABASE_URL", "").strip()
FAULT_TESTS = os.environ.get("TUNGHANG_FAULT_TESTS", "") == "1"
SHORT = KillPlan(tip_people=20, entries_each=2)


@pytest.mark.parametrize("seed", [4, 10, 12])
async def test_kill_9_mid_day_loses_nothing_confirmed(tmp_path: Path, seed: int) -> None:
    outcome = await kill_trial(seed, tmp_path, SHORT)
    print(outcome.summary())
    assert outcome.hours_confirmed == SHORT.hours_people * SHORT.entries_each
    assert outcome.flags_confirmed == SHORT.flag_people
    assert outcome.hours_lost == 0 and outcome.flags_lost == 0
    assert outcome.timers_missed == 0, outcome.worst_lateness
    assert outcome.tips_missed == 0
    assert outcome.tip_duplicates <= outcome.in_flight
    assert outcome.ok, outcome.problems


@pytest.mark.skipif(
    "postgresql" not in PG_URL,
    reason="needs PostgreSQL: set TUNGHANG_TEST_DATABASE_URL=postgresql+asyncpg://…",
)
async def test_two_processes_on_one_postgresql_send_once(tmp_path: Path) -> None:
    outcome = await two_process_trials(PG_URL, tmp_path, PgPlan(trials=5))
    assert outcome.tips_due == 5 * PgPlan().tips_each
    assert (outcome.tips_sent_twice, outcome.tips_missed) == (0, 0)
    assert (outcome.alerts_sent_twice, outcome.alerts_missed) == (0, 0)
    assert (outcome.rounds_twice, outcome.rounds_missed) == (0, 0)
    assert outcome.acknowledged == 5
    # Which process sends what is up to the scheduler (one may win every claim on a busy
    # machine); what must hold is above: nothing twice, nothing missed.
    assert sum(outcome.sends_by) > 0
    assert outcome.ok, outcome.problems


async def test_database_unreachable_gets_a_kind_answer_and_recovers(bot, caplog) -> None:  # type: ignore[no-untyped-def]
    await seed_cast(bot.services, bot.sandbox)
    sessions = bot.services.sessions
    working = sessions.kw["bind"]
    nowhere = db.create_engine("postgresql+asyncpg://postgres@127.0.0.1:9/unreachable")
    sessions.configure(bind=nowhere)
    try:
        for text in ("/hours", "/log 1.5h visit", "what do I say to a bereaved client"):
            replies = await bot.say(SUPPORTER, text)
            (reply,) = replies
            assert reply.text.startswith("Sorry, I can't reach my records right now."), text
    finally:
        sessions.configure(bind=working)
        await nowhere.dispose()
    replies = await bot.say(SUPPORTER, "/log 1.5h visit")
    (reply,) = replies
    assert reply.text.startswith("Log 1 h 30 min")  # back to normal, by itself


@pytest.mark.skipif(
    not FAULT_TESTS,
    reason="opt-in: TUNGHANG_FAULT_TESTS=1 stops a PostgreSQL server for 30 s (about a minute)",
)
@pytest.mark.skipif(
    shutil.which("runuser") is None or not list(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl")),
    reason="needs the PostgreSQL server binaries and runuser, to start a private server",
)
async def test_postgresql_down_for_30_seconds(tmp_path: Path) -> None:
    server = PrivatePostgres()
    server.init()
    try:
        outcome = await outage_trial(server, tmp_path, OutagePlan(seconds=30))
    finally:
        server.remove()
    assert outcome.asked_during > 0
    assert outcome.kind_apologies == outcome.asked_during  # every one of them, kindly
    assert (outcome.hours_lost, outcome.flags_lost) == (0, 0)
    assert outcome.normal_answer_after is not None and outcome.normal_answer_after < 10
    assert outcome.tips_missed == 0
    assert outcome.backup_late is not None and outcome.backup_late <= outcome.allowance
    assert outcome.ok, outcome.problems
