"""Trial 3: PostgreSQL stopped for 30 s under the running bot."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import os
import random
import shutil
import socket
import subprocess
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select, update

from bench.faults.kill import (
    FLAGGER_BASE,
    HOURS_BASE,
    TIPS_BASE,
    WORKER_BASE,
    KillPlan,
    backup_alert,
    count_losses,
    kill_sandbox,
    raised_flags,
    seed_kill_trial,
)
from bench.faults.people import Person_, log_hours, raise_concern
from bench.faults.pg import PgDatabase
from bench.faults.process import DB_DOWN, BotProcess, mono, until
from bot.sandbox.models import SandboxMessage
from bot.sandbox.server import SandboxServer
from bot.sandbox.state import BotApiSandbox
from storage import db
from storage.models import Person, Preferences, Role, Unit
from tests.seed import add_people, person_row

# --------------------------------------------------------------------------- 3. outage


@dataclass
class OutagePlan:
    seconds: float = 30.0
    tick: float = 1.0
    ack_timeout: int = 20  # the concern's deadline falls inside the outage
    talkers: int = 6  # people writing to the bot while the database is down


@dataclass
class OutageOutcome:
    hours_confirmed: int = 0
    hours_lost: int = 0
    flags_confirmed: int = 0
    flags_lost: int = 0
    asked_during: int = 0
    kind_apologies: int = 0
    other_apologies: int = 0
    unanswered: int = 0
    normal_answer_after: float | None = None  # s from PostgreSQL back to a normal answer
    tips_due_during: int = 0
    tips_after: float | None = None  # s from back to the last of those tips
    tips_missed: int = 0
    tip_duplicates: int = 0
    # The backup's alert, seconds after it was due: max(ack deadline, database back).
    backup_late: float | None = None
    downtime: float = 0.0
    allowance: float = 0.0  # a tick and a second
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return (
            self.hours_lost == 0
            and self.flags_lost == 0
            and self.unanswered == 0
            and self.other_apologies == 0
            and self.kind_apologies == self.asked_during
            and self.normal_answer_after is not None
            and self.tips_missed == 0
            and self.backup_late is not None
            and self.backup_late <= self.allowance
            and not self.problems
        )


class PrivatePostgres:
    """A throwaway PostgreSQL server of our own (initdb in /tmp, its own port), so stopping
    it for the outage trial disturbs nobody else. Needs the server binaries and root (it
    runs them as the postgres user) or to be run as postgres."""

    def __init__(self) -> None:
        bins = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
        if not bins:
            raise RuntimeError("no PostgreSQL server binaries in /usr/lib/postgresql")
        self.bin = bins[-1].parent
        self.root = Path(tempfile.mkdtemp(prefix="tunghang-pg-"))
        self.data = self.root / "data"
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]

    @property
    def url(self) -> str:
        return f"postgresql+asyncpg://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, *argv: str) -> None:
        command = [str(self.bin / argv[0]), *argv[1:]]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=120)

    def init(self) -> None:
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres", "postgres")
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8")
        self.start()

    def start(self) -> None:
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off"
        log = str(self.root / "server.log")
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", log, "-w", "start")

    def stop(self) -> None:
        """Fast shutdown, as an operator or a crash-restart would: connections are cut."""
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def remove(self) -> None:
        with contextlib.suppress(Exception):
            self.stop()
        shutil.rmtree(self.root, ignore_errors=True)


class SystemPostgres:
    """The machine's own cluster, stopped and started with pg_ctlcluster (root): everyone
    using it loses it for the outage."""

    def __init__(self, url: str) -> None:
        self.url = url
        versions = sorted(os.listdir("/etc/postgresql"))
        self.version, self.cluster = versions[-1], "main"

    def _ctl(self, action: str) -> None:
        subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", self.version, self.cluster, action],
            check=True,
            capture_output=True,
        )

    def stop(self) -> None:
        self._ctl("stop")

    def start(self) -> None:
        self._ctl("start")


async def outage_trial(
    postgres: PrivatePostgres | SystemPostgres, tmp: Path, plan: OutagePlan | None = None
) -> OutageOutcome:
    """See the module docstring, part 3. Stops and starts `postgres`."""
    plan = plan or OutagePlan()
    outcome = OutageOutcome()
    database = PgDatabase(postgres.url, f"tunghang_outage_{os.getpid()}")
    url = await database.create()
    rng = random.Random(7)
    kill_plan = KillPlan(hours_people=2, entries_each=2, flag_people=1, tip_people=0)
    await seed_kill_trial(url, kill_plan, dt.datetime.now(dt.UTC), rng)
    talkers = [HOURS_BASE + 100 + n for n in range(plan.talkers)]
    tip_people = [TIPS_BASE + 500 + n for n in range(10)]
    engine = db.create_engine(url)
    async with db.session_factory(engine)() as session:
        main = await session.scalar(select(Unit).order_by(Unit.id).limit(1))
        worker = await session.scalar(
            select(Person.id).where(Person.telegram_user_id == WORKER_BASE)
        )
        await add_people(
            session,
            [
                person_row(t, f"Talker {t}", Role.SUPPORTER, main.id, social_worker_id=worker)
                for t in talkers + tip_people
            ],
        )
        await session.commit()
    await engine.dispose()
    sandbox = kill_sandbox(kill_plan)
    for user in talkers + tip_people:
        sandbox.add_user(user, f"User {user}", language_code="en")
    sandbox.disable_limits()
    async with SandboxServer(sandbox) as server:
        bot = BotProcess(
            server.base_url,
            url,
            tmp / "outage.log",
            TUNGHANG_TICK_SECONDS=str(plan.tick),
            TUNGHANG_ACK_TIMEOUT_SECONDS=str(plan.ack_timeout),
        )
        await bot.start()
        deadline = time.monotonic() + 60
        try:
            scripts = await asyncio.gather(
                *(
                    log_hours(Person_(sandbox, HOURS_BASE + n, rng), 2, 5.0, deadline)
                    for n in range(kill_plan.hours_people)
                ),
                raise_concern(Person_(sandbox, FLAGGER_BASE, rng), 5.0, deadline),
            )
            # Tips that fall due while the database is down.
            engine = db.create_engine(url)
            due = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=plan.seconds / 3)
            async with db.session_factory(engine)() as session:
                ids = select(Person.id).where(Person.telegram_user_id.in_(tip_people))
                await session.execute(
                    update(Preferences)
                    .where(Preferences.person_id.in_(ids.scalar_subquery()))
                    .values(next_tip_at=due)
                )
                await session.commit()
            await engine.dispose()
            outcome.tips_due_during = len(tip_people)
            # Down.
            down_at = time.monotonic()
            await asyncio.to_thread(postgres.stop)
            asked: list[tuple[int, int]] = []
            while time.monotonic() - down_at < plan.seconds - 3:
                for user in talkers:
                    before = sandbox.last_event_seq
                    question = (
                        "/log 1h visit" if len(asked) % 2 else "how do I end a visit politely"
                    )
                    sandbox.send_text(user, question)
                    asked.append((user, before))
                await asyncio.sleep(4.0)
            await asyncio.sleep(max(0.0, down_at + plan.seconds - time.monotonic()))
            # "Back" is when the start command is given: the figures after it include the
            # server's own start-up (the bot may reconnect before the command returns).
            up_at = time.monotonic()
            await asyncio.to_thread(postgres.start)
            outcome.downtime = up_at - down_at
            outcome.asked_during = len(asked)
            # Back: a normal answer, the tips, the backup's alert.
            user = talkers[0]
            after = sandbox.last_event_seq

            def normal_answer() -> bool:
                return any(
                    event.chat_id == user
                    and event.kind == "new"
                    and (msg := _msg(sandbox, user, event.message_id)) is not None
                    and msg.from_bot
                    and not (msg.text or "").startswith(("Sorry", "對不起"))
                    for event in sandbox.events_since(after)
                )

            while time.monotonic() - up_at < 60 and not normal_answer():
                sandbox.send_text(user, "how do I end a visit politely")
                await until(normal_answer, 2.0)
            if normal_answer():
                outcome.normal_answer_after = time.monotonic() - up_at
            await until(lambda: all(sandbox.bot_messages(t) for t in tip_people), 90)
            flags = await raised_flags(url)
            await until(lambda: all(backup_alert(sandbox, f) is not None for f in flags), 60)
            await asyncio.sleep(2.0)
        finally:
            await bot.stop()
            with contextlib.suppress(Exception):
                await asyncio.to_thread(postgres.start)
    # Judge.
    answers = _answers_during(sandbox, asked)
    outcome.kind_apologies = answers["kind"]
    outcome.other_apologies = answers["other"]
    outcome.unanswered = answers["none"]
    tip_times = [
        c.time
        for c in sandbox.calls_to("sendMessage")
        if c.ok and int(c.params.get("chat_id", 0)) in tip_people
    ]
    counts = [len(sandbox.bot_messages(t)) for t in tip_people]
    outcome.tips_missed = sum(1 for c in counts if c == 0)
    outcome.tip_duplicates = sum(c - 1 for c in counts if c > 1)
    if tip_times:
        outcome.tips_after = max(tip_times) - up_at
    outcome.allowance = plan.tick + 1.0
    for flag in flags:
        alerted = backup_alert(sandbox, flag)
        if alerted is not None:
            due = max(mono(flag.created_at) + plan.ack_timeout, up_at)
            outcome.backup_late = alerted - due
    try:
        losses = await count_losses(url, scripts)
    finally:
        await database.drop()
    outcome.hours_confirmed, outcome.hours_lost = losses.hours_confirmed, losses.hours_lost
    outcome.flags_confirmed, outcome.flags_lost = losses.flags_confirmed, losses.flags_lost
    if not outcome.ok:
        outcome.problems.append(f"bot log: {tmp / 'outage.log'}")
    return outcome


def _msg(sandbox: BotApiSandbox, chat: int, message_id: int) -> SandboxMessage | None:
    for message in sandbox.messages(chat):
        if message.message_id == message_id:
            return message
    return None


def _answers_during(sandbox: BotApiSandbox, asked: list[tuple[int, int]]) -> Counter[str]:
    """For each message sent during the outage, the bot's first answer after it."""
    result: Counter[str] = Counter()
    for user, before in asked:
        answer = None
        for event in sandbox.events_since(before):
            if event.chat_id != user or event.kind != "new":
                continue
            message = _msg(sandbox, user, event.message_id)
            if message is not None and message.from_bot:
                answer = message.text or ""
                break
        if answer is None:
            result["none"] += 1
        elif answer.startswith(DB_DOWN):
            result["kind"] += 1
        elif answer.startswith("Sorry"):
            result["other"] += 1
        else:
            result["normal"] += 1  # answered from memory? (not expected while it is down)
    return result
