"""Trial 2: two bot processes on one PostgreSQL (and the throwaway databases they use)."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import functools
import itertools
import os
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.engine import make_url

from bench.faults.process import TOKEN, BotProcess, NoUpdates, until
from bot.sandbox.server import SandboxServer
from bot.sandbox.state import BotApiSandbox
from storage import db
from storage.delivery_models import OutboxMessage, OutboxStatus
from storage.models import Flag, FlagEvent, Person, Preferences, Role
from tests.seed import add_people, new_unit, person_row, staff

# --------------------------------------------------------------------------- PostgreSQL


@dataclass
class PgDatabase:
    """A database of our own on the PostgreSQL server of `server_url` (created, dropped)."""

    server_url: str
    name: str

    @property
    def url(self) -> str:
        return make_url(self.server_url).set(database=self.name).render_as_string(False)

    async def _admin(self, statement: str) -> None:
        import asyncpg  # the server's maintenance database; CREATE DATABASE needs autocommit

        parts = make_url(self.server_url)
        conn = await asyncpg.connect(
            host=parts.host or "127.0.0.1",
            port=parts.port or 5432,
            user=parts.username or "postgres",
            password=parts.password,
            database="postgres",
        )
        try:
            await conn.execute(statement)
        finally:
            await conn.close()

    async def create(self) -> str:
        await self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        await self._admin(f'CREATE DATABASE "{self.name}"')
        engine = db.create_engine(self.url)
        try:
            await db.upgrade(engine)
        finally:
            await engine.dispose()
        return self.url

    async def drop(self) -> None:
        with contextlib.suppress(Exception):
            await self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


def default_pg_url() -> str:
    return (
        os.environ.get("TUNGHANG_TEST_DATABASE_URL", "").strip()
        or "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
    )


# --------------------------------------------------------------------------- 2. two processes


@dataclass
class PgPlan:
    trials: int = 100
    tips_each: int = 20
    spacing: float = 1.0  # seconds between trial starts
    ack_timeout: int = 1
    tick: float = 0.3


@dataclass
class PgOutcome:
    trials: int = 0
    tips_due: int = 0
    tips_sent_twice: int = 0
    tips_missed: int = 0
    alerts_owed: int = 0
    alerts_sent_twice: int = 0
    alerts_missed: int = 0
    rounds: int = 0
    rounds_twice: int = 0
    rounds_missed: int = 0
    acknowledged: int = 0
    sends_by: tuple[int, int] = (0, 0)  # messages sent by process A (polling) and B
    rate_limited: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return (
            self.trials > 0
            and self.tips_sent_twice == 0
            and self.tips_missed == 0
            and self.alerts_sent_twice == 0
            and self.alerts_missed == 0
            and self.rounds_twice == 0
            and self.rounds_missed == 0
            and self.acknowledged == self.trials
            and not self.problems
        )


def _trial_ids(k: int, plan: PgPlan) -> dict[str, Any]:
    base = 100_000 + k * 100
    return {
        "worker": base,
        "backup": base + 1,
        "supervisor": base + 2,
        "flagger": base + 3,
        "tips": [base + 10 + n for n in range(plan.tips_each)],
    }


async def seed_pg(url: str, plan: PgPlan) -> dict[int, int]:
    """Units, staff, flaggers and tip supporters for every trial; returns unit id per trial."""
    engine = db.create_engine(url)
    units = {}
    try:
        async with db.session_factory(engine)() as session:
            for k in range(plan.trials):
                ids = _trial_ids(k, plan)
                unit = await new_unit(
                    session, f"Unit {k}", ack_timeout_seconds=plan.ack_timeout, alert_repeats=1
                )
                units[k] = unit.id
                worker = await staff(session, unit, ids["worker"], ids["backup"], ids["supervisor"])
                rows = [
                    person_row(ids["flagger"], f"Flagger {k}", Role.SUPPORTER, unit.id,
                               social_worker_id=worker)
                ] + [
                    person_row(t, f"Tips {t}", Role.SUPPORTER, unit.id, social_worker_id=worker)
                    for t in ids["tips"]
                ]  # fmt: skip
                await add_people(session, rows)
            await session.commit()
    finally:
        await engine.dispose()
    return units


async def _raise(services_url: str, k: int, plan: PgPlan, engine: Any) -> int:
    """The flagger's concern, committed with its first alert (as the flag flow does)."""
    from bot.config import Settings
    from bot.context import Services
    from bot.services import escalation
    from bot.views.notices import ViewNotices

    ids = _trial_ids(k, plan)
    settings = Settings(token=TOKEN, database_url=services_url)
    sessions = db.session_factory(engine)
    context = Services(settings, sessions, _catalogs(), _library(), notices=ViewNotices())
    async with sessions() as session:
        person = await session.scalar(
            select(Person).where(Person.telegram_user_id == ids["flagger"])
        )
        now = dt.datetime.now(dt.UTC)
        flag, _ = await escalation.raise_flag(
            session, context, person, category="unreachable", urgency="today",
            client_code="C03", description=None, now=now,
        )  # fmt: skip
        # Today's tips of this trial's supporters: due now, both processes racing for them.
        tip_people = select(Person.id).where(Person.telegram_user_id.in_(ids["tips"]))
        await session.execute(
            update(Preferences)
            .where(Preferences.person_id.in_(tip_people.scalar_subquery()))
            .values(next_tip_at=now)
        )
        await session.commit()
        return int(flag.id)


@functools.cache
def _catalogs() -> Any:
    from bot.i18n import Catalogs

    return Catalogs.load()


@functools.cache
def _library() -> Any:
    from bot.library import load_library

    return load_library()


async def two_process_trials(server_url: str, tmp: Path, plan: PgPlan | None = None) -> PgOutcome:
    """See the module docstring, part 2."""
    plan = plan or PgPlan()
    outcome = PgOutcome()
    database = PgDatabase(server_url, f"tunghang_faults_{os.getpid()}")
    url = await database.create()
    engine = db.create_engine(url)
    try:
        await seed_pg(url, plan)
        sandbox = BotApiSandbox(token=TOKEN)
        sandbox.enforce_limits(30, 1)
        quiet_view = NoUpdates(sandbox)
        for k in range(plan.trials):
            ids = _trial_ids(k, plan)
            for user in (
                ids["worker"],
                ids["backup"],
                ids["supervisor"],
                ids["flagger"],
                *ids["tips"],
            ):
                sandbox.add_user(user, f"User {user}", language_code="en")
        async with SandboxServer(sandbox) as polled, SandboxServer(quiet_view) as quiet:  # type: ignore[arg-type]
            env = {
                "TUNGHANG_TICK_SECONDS": str(plan.tick),
                "TUNGHANG_ACK_TIMEOUT_SECONDS": str(plan.ack_timeout),
            }
            bots = [
                BotProcess(polled.base_url, url, tmp / "pg-a.log", **env),
                BotProcess(quiet.base_url, url, tmp / "pg-b.log", **env),
            ]
            for bot in bots:
                await bot.start()
            started = time.monotonic()
            await until(lambda: bool(sandbox.calls_to("getUpdates")), 30)
            flags: dict[int, int] = {}
            acked: set[int] = set()
            try:
                for k in range(plan.trials):
                    await asyncio.sleep(max(0.0, started + 2 + k * plan.spacing - time.monotonic()))
                    flags[k] = await _raise(url, k, plan, engine)
                    _acknowledge_seen(sandbox, flags, acked, plan)
                deadline = time.monotonic() + 60
                while len(acked) < len(flags) and time.monotonic() < deadline:
                    _acknowledge_seen(sandbox, flags, acked, plan)
                    await asyncio.sleep(0.05)
                # Let every tip go out and any late duplicate show itself.
                await until(lambda: _tips_done(sandbox, plan), 60)
                await asyncio.sleep(3.0)
            finally:
                for bot in bots:
                    await bot.stop()
            outcome.trials = len(flags)
            outcome.acknowledged = len(acked)
            outcome.rate_limited = sandbox.stats.rate_limited
            sent = sum(1 for c in sandbox.calls_to("sendMessage") if c.ok)
            outcome.sends_by = (sent - quiet_view.sends, quiet_view.sends)
            await _judge_pg(outcome, engine, sandbox, flags, plan)
            if not outcome.ok:
                outcome.problems += [f"logs: {bots[0].log_path}, {bots[1].log_path}"]
    finally:
        await engine.dispose()
        await database.drop()
    return outcome


def _acknowledge_seen(
    sandbox: BotApiSandbox, flags: dict[int, int], acked: set[int], plan: PgPlan
) -> None:
    """Each supervisor presses ✅ I'm on it on the first alert they get."""
    for k, flag_id in flags.items():
        if k in acked:
            continue
        supervisor = _trial_ids(k, plan)["supervisor"]
        for message in sandbox.bot_messages(supervisor):
            data = f"flag:ack:{flag_id}"
            if any(d == data for row in message.buttons for _, d in row):
                sandbox.press(supervisor, message.message_id, data)
                acked.add(k)
                break


def _tips_done(sandbox: BotApiSandbox, plan: PgPlan) -> bool:
    return all(
        sandbox.bot_messages(t) for k in range(plan.trials) for t in _trial_ids(k, plan)["tips"]
    )


async def _judge_pg(
    outcome: PgOutcome, engine: Any, sandbox: BotApiSandbox, flags: dict[int, int], plan: PgPlan
) -> None:
    for k in flags:
        for tip_person in _trial_ids(k, plan)["tips"]:
            outcome.tips_due += 1
            got = len(sandbox.bot_messages(tip_person))
            outcome.tips_missed += got == 0
            outcome.tips_sent_twice += max(0, got - 1)
    async with db.session_factory(engine)() as session:
        rows = list(
            await session.scalars(
                select(OutboxMessage).where(OutboxMessage.dedupe_key.like("flag:%"))
            )
        )
        events = list(
            await session.scalars(
                select(FlagEvent)
                .where(FlagEvent.kind.in_(["alerted", "escalated"]))
                .order_by(FlagEvent.flag_id, FlagEvent.at)
            )
        )
        acknowledged = dict((await session.execute(select(Flag.id, Flag.acknowledged_at))).all())
    # Alerts: every row owed was sent once, and Telegram has one message per sent row.
    for row in rows:
        outcome.alerts_owed += 1
        if row.status != OutboxStatus.SENT:
            outcome.alerts_missed += 1
    sent_rows = Counter(
        (r.chat_id, (r.meta or {}).get("flag_id")) for r in rows if r.status == OutboxStatus.SENT
    )
    for (chat, flag_id), count in sent_rows.items():
        messages = [
            c
            for c in sandbox.calls_to("sendMessage")
            if c.ok
            and int(c.params.get("chat_id", 0)) == chat
            and f"flag:ack:{flag_id}" in str(c.params.get("reply_markup", ""))
        ]
        outcome.alerts_sent_twice += max(0, len(messages) - count)
        outcome.alerts_missed += max(0, count - len(messages))
    # Rounds: one per deadline, a timeout apart, until acknowledged.
    by_flag: dict[int, list[FlagEvent]] = {}
    for event in events:
        by_flag.setdefault(event.flag_id, []).append(event)
    for flag_id in flags.values():
        rounds = by_flag.get(flag_id, [])
        outcome.rounds += len(rounds)
        for earlier, later in itertools.pairwise(rounds):
            gap = (later.at - earlier.at).total_seconds()
            if gap < plan.ack_timeout * 0.9:
                outcome.rounds_twice += 1  # two processes climbed for one deadline
            elif gap > plan.ack_timeout + 2 * plan.tick + 1.0:
                outcome.rounds_missed += 1  # a deadline passed with no climb
        acked_at = acknowledged.get(flag_id)
        if rounds and acked_at is not None:
            due = rounds[-1].at + dt.timedelta(seconds=plan.ack_timeout + 2 * plan.tick + 1.0)
            if acked_at > due:
                outcome.rounds_missed += 1  # the ladder stalled before the acknowledgement
