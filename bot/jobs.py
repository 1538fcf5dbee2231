"""The tick: every TUNGHANG_TICK_SECONDS the JobQueue asks the database what is due.

The tick keeps no schedule of its own: each due-work function looks for rows whose time
has come (next_tip_at <= now, …), turns them into outbox rows in the same transaction,
and moves the time on. A late or skipped tick (APScheduler's misfire grace is 1 s) loses
nothing: the next one finds the same rows. After the due work, the dispatcher is nudged.

Adding scheduled work (check-ins, escalation timers) is one function and one line in
bot/app.py:

    async def due_checkins(services: Services, now: dt.datetime) -> int:
        ...  # claim due rows, enqueue outbox messages, commit; return how many

    due_work = [jobs.due_tips, checkins.due_checkins]

Each function runs on its own; one failing is logged (by type, never text) and does not
stop the others.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from telegram.ext import Application, Job

from bot.context import Services
from bot.delivery import outbox
from bot.delivery.dispatcher import Dispatcher
from bot.domain.cards import Card
from bot.domain.tips import Reason
from bot.services import tips
from bot.views.tips import render_tip

log = logging.getLogger(__name__)

DueWork = Callable[[Services, dt.datetime], Awaitable[int]]
TICK_JOB = "tick"


def _tip_renderer(services: Services) -> tips.Render:
    def render(
        session: AsyncSession, lang: str, card: Card, reason: Reason, now: dt.datetime
    ) -> tips.Rendered:
        resources = services.library.resources_for(card)
        return render_tip(services.catalogs, lang, card, resources, reason)

    return render


async def due_tips(services: Services, now: dt.datetime) -> int:
    """Daily tips whose time has come → outbox rows (bot/services/tips.py)."""
    return await tips.schedule_due(
        services.sessions,
        services.library.cards,
        _tip_renderer(services),
        services.settings.tz,
        now,
        extra_tips=_shared_tips(services),
    )


def _shared_tips(services: Services) -> tips.ExtraTips:
    """Approved tips shared in a unit join its supporters' daily tips (services/peer/)."""
    from bot.services import peer

    return peer.extra_tips(services)


async def run_due_work(
    services: Services, due_work: Sequence[DueWork], now: dt.datetime | None = None
) -> int:
    """One pass over every due-work function (the tick's body; tests call it directly)."""
    now = now or services.clock()
    # Failing ticks per function: while the database is down every tick fails the same
    # way, so the first failure is an error, the repeats are counted, and the recovery is
    # logged with the count (a 30-s outage used to log one error per function per tick).
    failing: dict[str, int] = services.extras.setdefault("failing_due_work", {})
    made = 0
    for work in due_work:
        name = work.__name__
        try:
            made += await work(services, now)
        except Exception as error:
            failing[name] = failing.get(name, 0) + 1
            if failing[name] == 1:
                log.error(
                    "scheduled work %s failed: %s (retried every tick; logged again when it "
                    "recovers)",
                    name,
                    type(error).__name__,
                )
        else:
            failed = failing.pop(name, 0)
            if failed:
                log.warning("scheduled work %s recovered after %d failed tick(s)", name, failed)
    return made


def schedule_tick(
    app: Application[Any, Any, Any, Any, Any, Any],
    services: Services,
    due_work: Sequence[DueWork],
    dispatcher: Dispatcher,
) -> Job[Any]:
    """Register the repeating tick on the JobQueue (it starts with the application)."""
    running = asyncio.Lock()

    async def tick(context: Any) -> None:
        if running.locked():
            return  # the previous tick is still working through a big run
        async with running:
            made = await run_due_work(services, due_work)
            if made:
                log.info("tick: %d message(s) queued", made)
            dispatcher.wake()

    assert app.job_queue is not None, "install python-telegram-bot[job-queue]"
    seconds = services.settings.tick_seconds
    return app.job_queue.run_repeating(
        tick,
        interval=seconds,
        first=min(1.0, seconds),
        name=TICK_JOB,
        # A late tick still runs (the database says what is due); overlapping runs are
        # skipped by the lock above rather than by APScheduler's warning.
        job_kwargs={"misfire_grace_time": None, "coalesce": True, "max_instances": 2},
    )


async def due_flags(services: Services, now: dt.datetime) -> int:
    """Flags not acknowledged in time climb the escalation ladder (bot/services/escalation.py)."""
    from bot.services import escalation

    async with services.sessions() as session:
        climbed = await escalation.process_due(session, services, now)
        await outbox.commit(session)
    return climbed


async def due_peer_questions(services: Services, now: dt.datetime) -> int:
    """Peer questions: widen unclaimed ones to other units, tell askers nobody took theirs,
    and blank the words of those older than their unit keeps them."""
    from bot.services import peer

    async with services.sessions() as session:
        done = await peer.process_due(session, services, now)
        done += await peer.process_tip_thanks(session, services, now)
        await outbox.commit(session)
    return done


async def due_wellbeing(services: Services, now: dt.datetime) -> int:
    """Weekly wellbeing check-ins that are due, and the monthly "meaning" notes."""
    from bot.services import wellbeing

    async with services.sessions() as session:
        made = await wellbeing.due_checkins(session, services, now)
        await outbox.commit(session)
    async with services.sessions() as session:
        made += await wellbeing.due_meaning(session, services, now)
        await outbox.commit(session)
    return made


async def due_checkins(services: Services, now: dt.datetime) -> int:
    """Evening check-ins (opt-in) on days with nothing logged (bot/services/checkins.py)."""
    from bot.services import checkins
    from bot.views.hours import render_checkin

    def render(lang: str, day: dt.date) -> tuple[str, Any]:
        return render_checkin(services.catalogs.get(lang), day)

    async with services.sessions() as session:
        queued = await checkins.schedule_due(session, now, services.settings.tz, render)
        await outbox.commit(session)
    return queued
