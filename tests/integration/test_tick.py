"""The tick during a database outage: the rest of the work goes on, and the log says the
outage once, and its end — not one error per job every few seconds."""

from __future__ import annotations

import logging

from sqlalchemy.exc import OperationalError

from bot import jobs


async def test_a_failing_job_is_logged_once_and_its_recovery_once(bot, caplog):
    down = True
    ran = []

    async def due_reminders(services, now):  # type: ignore[no-untyped-def]
        if down:
            raise OperationalError("SELECT 1", {}, ConnectionRefusedError("db down"))
        ran.append("reminders")
        return 1

    async def due_other(services, now):  # type: ignore[no-untyped-def]
        ran.append("other")
        return 2

    work = [due_reminders, due_other]
    with caplog.at_level(logging.INFO, logger="bot.jobs"):
        made = [await jobs.run_due_work(bot.services, work) for _ in range(5)]
        down = False
        made += [await jobs.run_due_work(bot.services, work) for _ in range(2)]

    assert made == [2, 2, 2, 2, 2, 3, 3]  # the other job ran on every tick
    assert ran.count("reminders") == 2
    records = [r for r in caplog.records if r.name == "bot.jobs"]
    assert [(r.levelname, r.getMessage().split(":")[0]) for r in records] == [
        ("ERROR", "scheduled work due_reminders failed"),
        ("WARNING", "scheduled work due_reminders recovered after 5 failed tick(s)"),
    ]
    assert "OperationalError" in records[0].getMessage()
