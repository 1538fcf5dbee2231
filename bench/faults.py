"""Fault trials: the real bot killed, doubled and cut off from its database.

    python bench/faults.py               # 50 kill trials (SQLite) + 100 two-process
                                         # trials (PostgreSQL): about 13 minutes
    python bench/faults.py --outage      # and a PostgreSQL server of its own stopped
                                         # for 30 s (root or the postgres user)
    python bench/faults.py --kill 5 --pg 10               # a quick look
    python bench/faults.py --kill 0 --pg 0 --outage-system  # stop the machine's own
                                         # cluster instead (root; everyone using it loses it)

PostgreSQL: --pg-url (default TUNGHANG_TEST_DATABASE_URL, else postgres@127.0.0.1:5432);
the trials create and drop a database of their own there.

Every trial runs the real bot, `python -m bot run`, in subprocesses polling the sandbox Bot
API over HTTP (bot/sandbox/server.py), as in tests/e2e/test_delivery_restart.py; simulated
people act through the sandbox and wait for what the bot tells them, like people would.

1. Kill -9 (SQLite, one process; `--kill N` trials, seeded): a scripted day — supporters
   due a daily tip over the first seconds, supporters logging hours (`/log 1.5h visit`, ✅
   Save, until they see "✅ Saved"), supporters raising a concern through the whole flag
   flow (until they see "Sent to …"), and nobody acknowledging, so each concern climbs to
   the unit's backup after TUNGHANG_ACK_TIMEOUT_SECONDS (2 s; TUNGHANG_TICK_SECONDS 0.5).
   The bot is SIGKILLed at a random moment (0.8–7 s after it starts: start-up, tips going
   out, hours being saved, flags raised, escalations due), restarted 0.2–1 s later; people
   whose step went unanswered do it again after a while, as a person would. In every other
   trial a send is held by the sandbox across the kill (a "timeout" fault that was carried
   out), so a send is surely in flight. Counted after the restart:
   - hour entries / flags the person saw confirmed that are not in the database: must be 0;
   - escalation timers missed: a flag whose backup was not alerted by max(deadline, restart
     ready) + one tick + 1 s delivery allowance: must be 0 (its lateness is reported);
   - tips: people with none (must be 0), duplicates (must be ≤ sends in flight at the kill:
     tips Telegram had that the outbox had not recorded as sent).
2. Two processes, one PostgreSQL (a database of its own, created and dropped here;
   `--pg N` trials): both run the tick and the outbox dispatcher on the same database and
   send through the same sandbox (only one polls for updates: two pollers of one bot would
   steal each other's updates — several instances take updates by webhook). Each trial,
   started a second after the previous one: 20 fresh supporters' daily tips come due at
   once (both ticks race to claim them), and a concern is raised in a unit of its own with
   a 1-second acknowledgement timeout, one alert per level: it climbs social worker →
   + backup → supervisor, and the supervisor acknowledges on seeing theirs. Counted: tips
   sent twice or not at all; alerts sent twice (Telegram messages per outbox row) or owed
   and never sent; ladder rounds recorded twice for one deadline or not at all.
3. Database outage (`--outage`): the bot runs on PostgreSQL; people have saved hours and
   raised a concern; the server is stopped for 30 s (`pg_ctl -m fast`, connections cut)
   while people keep writing to the bot and tips and an escalation fall due, then started
   again. By default the server is a private one this bench starts (initdb in /tmp, its
   own port), so nobody else's database goes away; `--outage-system` uses pg_ctlcluster
   on the machine's cluster. Counted: messages answered with the kind "can't reach my
   records" apology, otherwise, or not at all; confirmed entries lost; seconds from the
   server's return to a normal answer, to the tips that fell due being sent, and to the
   backup's alert (after its deadline, which passed during the outage).

Prints the trial counts and outcomes; exit status 1 if any target was missed.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import functools
import itertools
import logging
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import func, insert, select, update  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from bot.sandbox.models import SandboxMessage  # noqa: E402
from bot.sandbox.server import SandboxServer  # noqa: E402
from bot.sandbox.state import BotApiSandbox  # noqa: E402
from storage import db  # noqa: E402
from storage.delivery_models import OutboxMessage, OutboxStatus  # noqa: E402
from storage.models import Flag, FlagEvent, HourEntry, Person, Preferences, Role, Unit  # noqa: E402

log = logging.getLogger("bench.faults")

TOKEN = "123456:SANDBOX-faults"
DB_DOWN = "Sorry, I can't reach my records right now."
SORRY = "Sorry, something went wrong on my side."
MONO_TO_WALL = time.time() - time.monotonic()


def mono(moment: dt.datetime) -> float:
    return moment.timestamp() - MONO_TO_WALL


# --------------------------------------------------------------------------- the bot process


class BotProcess:
    """`python -m bot run` against a sandbox server, with its log in a file."""

    def __init__(self, base_url: str, database_url: str, log_path: Path, **env: str) -> None:
        self.env = {
            **os.environ,
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_API_BASE_URL": base_url,
            "DATABASE_URL": database_url,
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
            **env,
        }
        self.log_path = log_path
        self.proc: asyncio.subprocess.Process | None = None
        self.started = 0.0

    async def start(self) -> None:
        with self.log_path.open("ab") as sink:
            self.started = time.monotonic()
            self.proc = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", "run", cwd=ROOT, env=self.env, stdout=sink,
                stderr=sink,
            )  # fmt: skip

    async def kill(self) -> None:
        """SIGKILL: no clean-up of any kind, as a power cut or the OOM killer."""
        if self.proc is not None and self.proc.returncode is None:
            self.proc.send_signal(signal.SIGKILL)
            await self.proc.wait()

    async def stop(self) -> None:
        """SIGTERM, as systemd would; SIGKILL if it does not stop in 15 s."""
        if self.proc is None or self.proc.returncode is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(self.proc.wait(), 15)
        except TimeoutError:
            await self.kill()

    def log_tail(self, chars: int = 3000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-chars:]
        except OSError:
            return ""


class NoUpdates:
    """A view of a sandbox that never hands out updates: for a second bot process that
    sends (ticks, dispatcher) but must not poll the same bot's updates."""

    def __init__(self, sandbox: BotApiSandbox) -> None:
        self._sandbox = sandbox
        self.sends = 0  # messages this process got through

    def __getattr__(self, name: str) -> Any:
        return getattr(self._sandbox, name)

    async def call(
        self, method: str, params: dict[str, Any], files: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        if method.lower() == "getupdates":
            await asyncio.sleep(min(float(params.get("timeout") or 0), 1.0))
            return {"ok": True, "result": []}
        answer = await self._sandbox.call(method, params, files)
        self.sends += method.lower() == "sendmessage" and bool(answer.get("ok"))
        return answer


def polls_since(sandbox: BotApiSandbox, moment: float) -> float | None:
    """When the bot first called getUpdates at or after `moment` (monotonic), if it has."""
    for call in sandbox.calls_to("getUpdates"):
        if call.time >= moment:
            return call.time
    return None


async def until(predicate: Callable[[], bool], within: float, step: float = 0.02) -> bool:
    deadline = time.monotonic() + within
    while not predicate():
        if time.monotonic() > deadline:
            return False
        await asyncio.sleep(step)
    return True


# --------------------------------------------------------------------------- people


class Person_:
    """Someone in a chat with the bot: acts, then waits for what they expect to see; a step
    that goes unanswered for `patience` s is done again (as a person taps again)."""

    def __init__(self, sandbox: BotApiSandbox, user_id: int, rng: random.Random) -> None:
        self.sandbox = sandbox
        self.user_id = user_id
        self.rng = rng
        self.repeats = 0  # steps done again because nothing came back

    def bot_messages(self) -> list[SandboxMessage]:
        return self.sandbox.bot_messages(self.user_id)

    def last_id(self) -> int:
        messages = self.sandbox.messages(self.user_id)
        return messages[-1].message_id if messages else 0

    def new_with_button(self, after: int, prefix: str) -> SandboxMessage | None:
        for message in self.bot_messages():
            if message.message_id > after and any(
                (data or "").startswith(prefix) for row in message.buttons for _, data in row
            ):
                return message
        return None

    def new_starting(self, after: int, start: str) -> SandboxMessage | None:
        for message in self.bot_messages():
            if message.message_id > after and (message.text or "").startswith(start):
                return message
        return None

    def message(self, message_id: int) -> SandboxMessage | None:
        for message in self.sandbox.messages(self.user_id):
            if message.message_id == message_id:
                return message
        return None

    def button(self, message: SandboxMessage, prefix: str) -> str | None:
        for row in message.buttons:
            for _, data in row:
                if (data or "").startswith(prefix):
                    return data
        return None

    async def think(self) -> None:
        await asyncio.sleep(self.rng.uniform(0.15, 0.4))

    async def step(
        self,
        act: Callable[[], object],
        seen: Callable[[], Any],
        *,
        patience: float,
        deadline: float,
    ) -> Any:
        """Do `act` until `seen()` returns something (then return it) or `deadline`."""
        first = True
        while time.monotonic() < deadline:
            if not first:
                self.repeats += 1
            first = False
            with contextlib.suppress(ValueError):  # the button is gone (the step went through)
                act()
            if await until(lambda: bool(seen()), min(patience, deadline - time.monotonic())):
                return seen()
        return None

    def press_on(self, message_id: int, prefix: str) -> None:
        message = self.message(message_id)
        data = self.button(message, prefix) if message else None
        if data is None:
            raise ValueError("no such button")
        self.sandbox.press(self.user_id, message_id, data)


@dataclass
class Script:
    """What one scripted person got done, as they saw it."""

    user_id: int
    confirmed: list[int] = field(default_factory=list)  # card ids (hours) or flag ids
    finished: bool = False
    repeats: int = 0


async def log_hours(person: Person_, entries: int, patience: float, deadline: float) -> Script:
    """`/log 1.5h visit`, ✅ Save, until "✅ Saved" — `entries` times (a minute longer each
    time: the same entry again within 10 minutes asks "add another?")."""
    script = Script(person.user_id)
    for number in range(entries):
        after = person.last_id()
        text = f"/log {90 + number} min visit"
        card = await person.step(
            lambda text=text: person.sandbox.send_text(person.user_id, text),
            lambda after=after: person.new_with_button(after, "hrs:ok:"),
            patience=patience,
            deadline=deadline,
        )
        if card is None:
            return script
        await person.think()
        saved = await person.step(
            lambda card=card: person.press_on(card.message_id, "hrs:ok:"),
            lambda card=card: (person.message(card.message_id).text or "").startswith("✅ Saved"),
            patience=patience,
            deadline=deadline,
        )
        if not saved:
            return script
        script.confirmed.append(card.message_id)
        await person.think()
    script.finished = True
    script.repeats = person.repeats
    return script


_SENT = re.compile(r"^Sent to .+ \(concern #(\d+)\)")


async def raise_concern(person: Person_, patience: float, deadline: float) -> Script:
    """The whole flag flow by its buttons, until "Sent to … (concern #N)".

    Like a person, it answers whatever the bot last asked: a step whose answer was lost in
    a crash is done again, and one that went through without its answer (saved, then the
    bot died before replying) simply moves on to the next question when it shows."""
    script = Script(person.user_id)
    user, say, press = person.user_id, person.sandbox.send_text, person.sandbox.press

    def where() -> tuple[str, SandboxMessage | None]:
        """The step the chat shows: the newest bot message that asks something."""
        for message in reversed(person.bot_messages()):
            text = message.text or ""
            if _SENT.match(text):
                return "sent", message
            if text.startswith("That step has passed"):
                return "again", message
            if text.startswith("Which client?"):
                return "code", message
            for prefix, step in (
                ("flag:send", "review"),
                ("flag:skip", "description"),
                ("flag:urg:", "urgency"),
                ("flag:cat:", "category"),
            ):
                if person.button(message, prefix):
                    return step, message
        return "start", None

    def shown() -> tuple[str, int, str]:
        step, message = where()
        return step, message.message_id if message else 0, (message.text if message else "")

    while time.monotonic() < deadline:
        step, message = where()
        if step == "sent":
            match = _SENT.match(message.text or "") if message else None
            if match:
                script.confirmed.append(int(match.group(1)))
                script.finished = True
            break
        before = shown()
        with contextlib.suppress(ValueError):  # a button that went away meanwhile
            if step in ("start", "again"):
                say(user, "/flag")
            elif step == "category":
                press(user, message.message_id, "flag:cat:unreachable")
            elif step == "urgency":
                press(user, message.message_id, "flag:urg:today")
            elif step == "code":
                say(user, "C03")
            elif step == "description":
                press(user, message.message_id, "flag:skip")
            elif step == "review":
                press(user, message.message_id, "flag:send")
        wait = min(patience, deadline - time.monotonic())
        if not await until(lambda before=before: shown() != before, wait):
            person.repeats += 1  # nothing came back: the next turn of the loop asks again
        else:
            await person.think()
    script.repeats = person.repeats
    return script


# --------------------------------------------------------------------------- seeding


async def add_people(session: Any, rows: Iterable[dict[str, Any]], tip_at: Any = None) -> None:
    """People in bulk, with preferences (tips due at `tip_at`(person) or not this week)."""
    now = dt.datetime.now(dt.UTC)
    rows = list(rows)
    base = {"active": True, "created_at": now - dt.timedelta(days=30), "updated_at": now}
    for start in range(0, len(rows), 1000):
        await session.execute(insert(Person), [{**base, **r} for r in rows[start : start + 1000]])
    ids = dict(
        (
            await session.execute(
                select(Person.telegram_user_id, Person.id).where(
                    Person.telegram_user_id.in_([r["telegram_user_id"] for r in rows])
                )
            )
        ).all()
    )
    later = now + dt.timedelta(days=7)
    prefs = [
        {
            "person_id": ids[r["telegram_user_id"]],
            "tip_time": "09:30",
            "tip_days": 127,
            "tips_paused": False,
            "checkin_enabled": False,
            "checkin_time": "20:00",
            "next_tip_at": (tip_at(r["telegram_user_id"]) if tip_at else None) or later,
            "updated_at": now,
        }
        for r in rows
        if r["role"] == Role.SUPPORTER
    ]
    for start in range(0, len(prefs), 1000):
        await session.execute(insert(Preferences), prefs[start : start + 1000])


def person_row(
    telegram_id: int, name: str, role: str, unit_id: int, **extra: Any
) -> dict[str, Any]:
    return {
        "telegram_user_id": telegram_id,
        "display_name": name,
        "role": role,
        "language": "en",
        "unit_id": unit_id,
        **extra,
    }


async def new_unit(session: Any, name: str, **extra: Any) -> Unit:
    unit = Unit(name_en=name, name_yue=name, district="Sham Shui Po", **extra)
    session.add(unit)
    await session.flush()
    return unit


async def staff(session: Any, unit: Unit, worker: int, backup: int, supervisor: int | None) -> int:
    """A unit's social worker, backup (and supervisor); returns the worker's person id."""
    rows = [
        person_row(worker, f"Worker {worker}", Role.SOCIAL_WORKER, unit.id),
        person_row(backup, f"Backup {backup}", Role.SOCIAL_WORKER, unit.id),
    ]
    if supervisor is not None:
        rows.append(person_row(supervisor, f"Supervisor {supervisor}", Role.ADMIN, unit.id))
    await add_people(session, rows)
    found = dict(
        (
            await session.execute(
                select(Person.telegram_user_id, Person.id).where(
                    Person.telegram_user_id.in_([worker, backup, supervisor or 0])
                )
            )
        ).all()
    )
    unit.backup_social_worker_id = found[backup]
    if supervisor is not None:
        unit.supervisor_id = found[supervisor]
    return int(found[worker])


# --------------------------------------------------------------------------- 1. kill -9


@dataclass
class KillPlan:
    tip_people: int = 30
    hours_people: int = 3
    entries_each: int = 3
    flag_people: int = 2
    tick: float = 0.5
    ack_timeout: int = 2
    kill_window: tuple[float, float] = (0.8, 7.0)
    pause: tuple[float, float] = (0.2, 1.0)
    patience: float = 5.0
    allowance: float = 1.0  # delivery after the tick that made an alert due


@dataclass
class KillOutcome:
    seed: int
    killed_at: float = 0.0  # seconds after the bot process started
    phase: str = ""
    hours_confirmed: int = 0
    hours_lost: int = 0
    flags_confirmed: int = 0
    flags_lost: int = 0
    flags: int = 0  # flags in the database (confirmed or not)
    timers_missed: int = 0
    # The backup's alert, seconds after it was due: max(ack deadline, restart ready).
    worst_lateness: float = float("-inf")
    tips_due: int = 0
    tips_missed: int = 0
    tip_duplicates: int = 0
    in_flight: int = 0
    held_send: bool = False
    scripts_unfinished: int = 0
    repeated_steps: int = 0
    apologies: int = 0  # "Sorry, something went wrong" (an error reached the user)
    rate_limited: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return (
            self.hours_lost == 0
            and self.flags_lost == 0
            and self.timers_missed == 0
            and self.tips_missed == 0
            and self.tip_duplicates <= self.in_flight
            and self.scripts_unfinished == 0
            and self.apologies == 0
            and not self.problems
        )

    def summary(self) -> str:
        result = "ok" if self.ok else "FAILED " + "; ".join(self.problems)
        return (
            f"at {self.killed_at:4.1f} s ({self.phase}): hours {self.hours_confirmed} seen saved, "
            f"{self.hours_lost} lost; flags {self.flags_confirmed} seen sent, {self.flags_lost} "
            f"lost; timers missed {self.timers_missed} (backup {self.worst_lateness:+.2f} s after "
            f"due); tips missed {self.tips_missed}, duplicates {self.tip_duplicates} ≤ in flight "
            f"{self.in_flight}; {result}"
        )


HOURS_BASE, FLAGGER_BASE, TIPS_BASE = 13_000, 12_000, 14_000
WORKER_BASE, BACKUP_BASE = 10_000, 11_000


async def seed_kill_trial(url: str, plan: KillPlan, start: dt.datetime, rng: random.Random) -> None:
    engine = db.create_engine(url)
    try:
        await db.upgrade(engine)
        async with db.session_factory(engine)() as session:
            main = await new_unit(session, "Centre")
            worker = await staff(session, main, WORKER_BASE, BACKUP_BASE, None)
            supporters = [
                person_row(
                    HOURS_BASE + n, f"Hours {n}", Role.SUPPORTER, main.id, social_worker_id=worker
                )
                for n in range(plan.hours_people)
            ]
            due = {
                TIPS_BASE + n: start + dt.timedelta(seconds=rng.uniform(1.0, 4.0))
                for n in range(plan.tip_people)
            }
            supporters += [
                person_row(tid, f"Tips {tid}", Role.SUPPORTER, main.id, social_worker_id=worker)
                for tid in due
            ]
            await add_people(session, supporters, tip_at=due.get)
            for n in range(plan.flag_people):
                unit = await new_unit(session, f"Unit {n}")
                worker_n = await staff(
                    session, unit, WORKER_BASE + 1 + n, BACKUP_BASE + 1 + n, None
                )
                await add_people(
                    session,
                    [
                        person_row(
                            FLAGGER_BASE + n,
                            f"Flagger {n}",
                            Role.SUPPORTER,
                            unit.id,
                            social_worker_id=worker_n,
                        )
                    ],
                )
            await session.commit()
    finally:
        await engine.dispose()


def kill_sandbox(plan: KillPlan) -> BotApiSandbox:
    sandbox = BotApiSandbox(token=TOKEN)
    ids = [WORKER_BASE, BACKUP_BASE]
    ids += [HOURS_BASE + n for n in range(plan.hours_people)]
    ids += [TIPS_BASE + n for n in range(plan.tip_people)]
    for n in range(plan.flag_people):
        ids += [WORKER_BASE + 1 + n, BACKUP_BASE + 1 + n, FLAGGER_BASE + n]
    for user in ids:
        sandbox.add_user(user, f"User {user}", language_code="en")
    sandbox.enforce_limits(30, 1)
    return sandbox


async def _sent_tips(url: str) -> int:
    engine = db.create_engine(url)
    try:
        async with db.session_factory(engine)() as session:
            return int(
                await session.scalar(
                    select(func.count())
                    .select_from(OutboxMessage)
                    .where(OutboxMessage.kind == "tip", OutboxMessage.status == OutboxStatus.SENT)
                )
                or 0
            )
    finally:
        await engine.dispose()


async def _phase(
    url: str, sandbox: BotApiSandbox, plan: KillPlan, scripts: list[asyncio.Task[Script]]
) -> str:
    """What was going on when the bot was killed (for the report)."""
    if not sandbox.calls_to("getUpdates"):
        return "start-up"
    parts = []
    tips = [len(sandbox.bot_messages(TIPS_BASE + n)) for n in range(plan.tip_people)]
    if not all(tips):
        parts.append("tips")
    if not all(task.done() for task in scripts):
        parts.append("flows")
    if any(_backup_alert(sandbox, flag) is None for flag in await _flags(url)):
        parts.append("timers")
    return "+".join(parts) or "quiet"


async def kill_trial(seed: int, tmp: Path, plan: KillPlan | None = None) -> KillOutcome:
    """One scripted day with a SIGKILL at a random moment; see the module docstring."""
    plan = plan or KillPlan()
    rng = random.Random(seed)
    outcome = KillOutcome(seed)
    path = tmp / f"kill-{seed}.db"
    url = f"sqlite+aiosqlite:///{path}"
    start = dt.datetime.now(dt.UTC)
    await seed_kill_trial(url, plan, start, rng)
    outcome.tips_due = plan.tip_people
    sandbox = kill_sandbox(plan)
    log_path = tmp / f"kill-{seed}.log"
    async with SandboxServer(sandbox) as server:
        bot = BotProcess(
            server.base_url,
            url,
            log_path,
            TUNGHANG_TICK_SECONDS=str(plan.tick),
            TUNGHANG_ACK_TIMEOUT_SECONDS=str(plan.ack_timeout),
        )
        await bot.start()
        overall = time.monotonic() + 60
        scripts = [
            asyncio.create_task(
                log_hours(
                    Person_(sandbox, HOURS_BASE + n, random.Random(seed * 100 + n)),
                    plan.entries_each,
                    plan.patience,
                    overall,
                )
            )
            for n in range(plan.hours_people)
        ] + [
            asyncio.create_task(
                raise_concern(
                    Person_(sandbox, FLAGGER_BASE + n, random.Random(seed * 100 + 50 + n)),
                    plan.patience,
                    overall,
                )
            )
            for n in range(plan.flag_people)
        ]
        restarted = 0.0
        done: list[Script] = []
        try:
            kill_at = rng.uniform(*plan.kill_window)
            outcome.held_send = seed % 2 == 1
            if outcome.held_send:
                # A send Telegram carries out but whose answer is lost: in flight at the kill.
                await asyncio.sleep(max(0.0, bot.started + kill_at - 0.5 - time.monotonic()))
                sandbox.faults.queue("sendMessage", "timeout", delay=4.0, applied=True)
            await asyncio.sleep(max(0.0, bot.started + kill_at - time.monotonic()))
            await bot.kill()
            outcome.killed_at = time.monotonic() - bot.started
            sandbox.faults.clear()
            await asyncio.sleep(0.1)  # requests that reached the server before the kill
            delivered = sum(
                len(sandbox.bot_messages(TIPS_BASE + n)) for n in range(plan.tip_people)
            )
            outcome.in_flight = delivered - await _sent_tips(url)
            outcome.phase = await _phase(url, sandbox, plan, scripts)
            await asyncio.sleep(rng.uniform(*plan.pause))
            restart_asked = time.monotonic()
            await bot.start()
            await until(lambda: polls_since(sandbox, restart_asked) is not None, 30)
            restarted = polls_since(sandbox, restart_asked) or time.monotonic()
            done = list(await asyncio.gather(*scripts))
            # Everything owed is sent: each tip, each flag's climb to its backup.
            await until(
                lambda: all(sandbox.bot_messages(TIPS_BASE + n) for n in range(plan.tip_people)),
                max(1.0, overall - time.monotonic()),
            )
            raised = await _flags(url)
            await until(
                lambda: all(_backup_alert(sandbox, f) is not None for f in raised),
                max(1.0, overall - time.monotonic()),
            )
            await asyncio.sleep(1.0)  # anything still on its way (a duplicate would show)
        finally:
            await bot.stop()
            for task in scripts:
                task.cancel()
            await asyncio.gather(*scripts, return_exceptions=True)
        outcome.rate_limited = sandbox.stats.rate_limited
    await _judge_kill_trial(outcome, url, sandbox, plan, done, restarted)
    if outcome.ok:
        with contextlib.suppress(OSError):
            path.unlink()
            log_path.unlink()
    else:
        chats = [HOURS_BASE + n for n in range(plan.hours_people)]
        chats += [FLAGGER_BASE + n for n in range(plan.flag_people)]
        write_transcripts(tmp / f"kill-{seed}.txt", sandbox, chats, bot.started)
        outcome.problems.append(f"bot log and transcripts: {log_path}, kill-{seed}.txt")
    return outcome


def write_transcripts(path: Path, sandbox: BotApiSandbox, chats: list[int], t0: float) -> None:
    """What each person saw, and every Bot API call with its time (for a failed trial)."""
    lines = []
    for chat in chats:
        lines.append(f"== chat {chat}")
        for m in sandbox.messages(chat, include_deleted=True):
            who = "bot" if m.from_bot else "user"
            buttons = [d for row in m.buttons for _, d in row]
            lines.append(f"  #{m.message_id} {who}: {(m.text or '')[:70]!r} {buttons}")
    lines.append("== calls")
    for call in sandbox.calls:
        chat = call.params.get("chat_id") or call.params.get("callback_query_id") or ""
        lines.append(f"  {call.time - t0:7.3f} {call.method} {chat} {call.status}")
    path.write_text("\n".join(lines))


@dataclass(frozen=True)
class RaisedFlag:
    id: int
    created_at: dt.datetime
    backup: int  # the unit backup's Telegram id


async def _flags(url: str) -> list[RaisedFlag]:
    """Every flag in the database, with its unit's backup."""
    engine = db.create_engine(url)
    try:
        async with db.session_factory(engine)() as session:
            rows = await session.execute(
                select(Flag.id, Flag.created_at, Person.telegram_user_id)
                .join(Unit, Unit.id == Flag.unit_id)
                .join(Person, Person.id == Unit.backup_social_worker_id)
                .order_by(Flag.id)
            )
            return [RaisedFlag(*row) for row in rows]
    finally:
        await engine.dispose()


def _backup_alert(sandbox: BotApiSandbox, flag: RaisedFlag) -> float | None:
    """When the flag's backup was first sent its alert (monotonic), if ever."""
    backup = flag.backup
    for call in sandbox.calls_to("sendMessage"):
        if (
            call.ok
            and int(call.params.get("chat_id", 0)) == backup
            and f"flag:ack:{flag.id}" in str(call.params.get("reply_markup", ""))
        ):
            return call.time
    return None


@dataclass
class Losses:
    hours_confirmed: int = 0
    hours_lost: int = 0
    flags_confirmed: int = 0
    flags_lost: int = 0
    saved_twice: int = 0  # hours cards that made more than one entry


async def count_losses(url: str, scripts: list[Script]) -> Losses:
    """What people saw confirmed, against what the database holds."""
    engine = db.create_engine(url)
    try:
        async with db.session_factory(engine)() as session:
            keys = await session.execute(
                select(Person.telegram_user_id, HourEntry.source_key).join(
                    Person, Person.id == HourEntry.person_id
                )
            )
            per_card = Counter(tuple(key) for key in keys)
            flag_ids = set(await session.scalars(select(Flag.id)))
    finally:
        await engine.dispose()
    losses = Losses(saved_twice=sum(1 for n in per_card.values() if n > 1))
    for script in scripts:
        if script.user_id >= HOURS_BASE:
            losses.hours_confirmed += len(script.confirmed)
            losses.hours_lost += sum(
                (script.user_id, f"msg:{card}") not in per_card for card in script.confirmed
            )
        else:
            losses.flags_confirmed += len(script.confirmed)
            losses.flags_lost += sum(flag not in flag_ids for flag in script.confirmed)
    return losses


async def _judge_kill_trial(
    outcome: KillOutcome,
    url: str,
    sandbox: BotApiSandbox,
    plan: KillPlan,
    scripts: list[Script],
    restarted: float,
) -> None:
    flags = await _flags(url)
    losses = await count_losses(url, scripts)
    outcome.flags = len(flags)
    outcome.hours_confirmed, outcome.hours_lost = losses.hours_confirmed, losses.hours_lost
    outcome.flags_confirmed, outcome.flags_lost = losses.flags_confirmed, losses.flags_lost
    if losses.saved_twice:
        outcome.problems.append(f"{losses.saved_twice} hours card(s) saved twice")
    if len(scripts) < plan.hours_people + plan.flag_people:
        outcome.problems.append("the trial did not run to the end")
    for script in scripts:
        outcome.scripts_unfinished += not script.finished
        outcome.repeated_steps += script.repeats
    for flag in flags:
        alerted = _backup_alert(sandbox, flag)
        if alerted is None:
            outcome.timers_missed += 1
            continue
        due = max(mono(flag.created_at) + plan.ack_timeout, restarted)
        late = alerted - due
        outcome.worst_lateness = max(outcome.worst_lateness, late)
        if late > plan.tick + plan.allowance:
            outcome.timers_missed += 1
    tips = [len(sandbox.bot_messages(TIPS_BASE + n)) for n in range(plan.tip_people)]
    outcome.tips_missed = sum(1 for t in tips if t == 0)
    outcome.tip_duplicates = sum(t - 1 for t in tips if t > 1)
    outcome.apologies = sum(
        1
        for c in sandbox.calls_to("sendMessage")
        if str(c.params.get("text", "")).startswith(SORRY)
    )


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
    from bot.services import escalation

    ids = _trial_ids(k, plan)
    settings = Settings(token=TOKEN, database_url=services_url)
    context = escalation.Context(settings, _catalogs())
    async with db.session_factory(engine)() as session:
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
            flags = await _flags(url)
            await until(lambda: all(_backup_alert(sandbox, f) is not None for f in flags), 60)
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
        alerted = _backup_alert(sandbox, flag)
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


# --------------------------------------------------------------------------- main


async def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kill", type=int, default=50, help="kill -9 trials (0 to skip)")
    parser.add_argument("--pg", type=int, default=100, help="two-process trials (0 to skip)")
    parser.add_argument(
        "--outage", action="store_true", help="a private PostgreSQL server stopped for 30 s"
    )
    parser.add_argument(
        "--outage-system",
        action="store_true",
        help="stop the machine's own PostgreSQL cluster for 30 s instead (root; others lose it)",
    )
    parser.add_argument("--pg-url", default=default_pg_url(), help="a PostgreSQL server URL")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    print(f"bench/faults.py, {dt.date.today()}, {os.cpu_count()} CPUs", flush=True)
    failed = False
    tmp = Path(tempfile.mkdtemp(prefix="tunghang-faults-"))
    if args.kill:
        outcomes = []
        started = time.monotonic()
        for n in range(args.kill):
            outcome = await kill_trial(args.seed + n, tmp)
            outcomes.append(outcome)
            print(f"  kill {n + 1:2}/{args.kill}: {outcome.summary()}", flush=True)
        report_kill(outcomes, time.monotonic() - started)
        failed |= not all(o.ok for o in outcomes)
    if args.pg:
        started = time.monotonic()
        pg = await two_process_trials(args.pg_url, tmp, PgPlan(trials=args.pg))
        report_pg(pg, time.monotonic() - started)
        failed |= not pg.ok
    if args.outage or args.outage_system:
        if args.outage_system:
            server: PrivatePostgres | SystemPostgres = SystemPostgres(args.pg_url)
        else:
            server = PrivatePostgres()
            await asyncio.to_thread(server.init)
        try:
            outage = await outage_trial(server, tmp)
        finally:
            if isinstance(server, PrivatePostgres):
                await asyncio.to_thread(server.remove)
        report_outage(outage, "the machine's cluster" if args.outage_system else "a private server")
        failed |= not outage.ok
    if not failed:
        shutil.rmtree(tmp, ignore_errors=True)
    else:
        print(f"logs kept in {tmp}")
    return 1 if failed else 0


def _rows(rows: list[tuple[str, str, str]]) -> None:
    for label, value, target in rows:
        print(f"  {label:56} {value:>15}   {target}")


def report_kill(outcomes: list[KillOutcome], seconds: float) -> None:
    def total(name: str) -> int:
        return sum(getattr(o, name) for o in outcomes)

    late = max(o.worst_lateness for o in outcomes)
    plan = KillPlan()
    print(f"\n1. kill -9 mid-day, SQLite: {len(outcomes)} trials in {seconds:.0f} s")
    phases = ", ".join(f"{k} {v}" for k, v in sorted(Counter(o.phase for o in outcomes).items()))
    print(f"  what was going on at the kill: {phases}")
    print(f"  a send held across the kill (carried out, answer lost): {total('held_send')} trials")
    _rows(
        [
            ("hour entries seen saved → lost", f"{total('hours_confirmed')} → "
             f"{total('hours_lost')}", "0 lost"),
            ("flags seen sent → lost", f"{total('flags_confirmed')} → {total('flags_lost')}",
             "0 lost"),
            ("flags raised (in the database, seen or not)", f"{total('flags')}", ""),
            ("escalation timers missed", f"{total('timers_missed')}", "0"),
            ("latest backup alert after max(deadline, restart)", f"{late:+.2f} s",
             f"≤ tick + 1 s = {plan.tick + plan.allowance:g} s"),
            ("tips due → missed", f"{total('tips_due')} → {total('tips_missed')}", "0 missed"),
            ("tip duplicates / tips in flight at the kill",
             f"{total('tip_duplicates')} / {total('in_flight')}", "dup ≤ in flight, each trial"),
            ("steps people repeated (their update died with the bot)",
             f"{total('repeated_steps')}", ""),
            ("scripts unfinished / 'something went wrong' replies",
             f"{total('scripts_unfinished')} / {total('apologies')}", "0 / 0"),
            ("429s from the sandbox (Telegram's limits enforced)", f"{total('rate_limited')}", ""),
            ("trials passing", f"{sum(o.ok for o in outcomes)}/{len(outcomes)}", "all"),
        ]
    )  # fmt: skip


def report_pg(o: PgOutcome, seconds: float) -> None:
    print(f"\n2. two bot processes, one PostgreSQL: {o.trials} trials in {seconds:.0f} s")
    _rows(
        [
            ("daily-run tips due", f"{o.tips_due}", ""),
            ("  sent twice / missed", f"{o.tips_sent_twice} / {o.tips_missed}", "0 / 0"),
            ("ladder alerts owed (outbox rows)", f"{o.alerts_owed}", ""),
            ("  sent twice / missed", f"{o.alerts_sent_twice} / {o.alerts_missed}", "0 / 0"),
            ("ladder rounds", f"{o.rounds}", ""),
            ("  climbed twice for one deadline / deadline missed",
             f"{o.rounds_twice} / {o.rounds_missed}", "0 / 0"),
            ("concerns acknowledged by the supervisor", f"{o.acknowledged}/{o.trials}", "all"),
            ("messages sent by process A / process B", f"{o.sends_by[0]} / {o.sends_by[1]}",
             "both"),
            ("429s from the sandbox (two limiters, one bot)", f"{o.rate_limited}", ""),
            ("result", "ok" if o.ok else "FAILED " + "; ".join(o.problems), ""),
        ]
    )  # fmt: skip


def report_outage(o: OutageOutcome, which: str) -> None:
    def secs(value: float | None) -> str:
        return "never" if value is None else f"{value:.1f} s"

    print(f'\n3. PostgreSQL ({which}) down for {o.downtime:.0f} s ("back": its start command)')
    _rows(
        [
            ("messages sent to the bot while it was down", f"{o.asked_during}", ""),
            ("  answered 'I can't reach my records…'", f"{o.kind_apologies}", "all"),
            ("  answered otherwise / not at all", f"{o.other_apologies} / {o.unanswered}",
             "0 / 0"),
            ("hour entries seen saved before → lost", f"{o.hours_confirmed} → {o.hours_lost}",
             "0 lost"),
            ("flags seen sent before → lost", f"{o.flags_confirmed} → {o.flags_lost}", "0 lost"),
            ("back → a normal answer", secs(o.normal_answer_after), "by itself"),
            (f"tips due while down ({o.tips_due_during}): missed / twice",
             f"{o.tips_missed} / {o.tip_duplicates}", "0 / 0"),
            ("back → the last of those tips sent", secs(o.tips_after), ""),
            ("backup's alert after max(deadline, back)", secs(o.backup_late),
             f"≤ tick + 1 s = {o.allowance:g} s"),
            ("result", "ok" if o.ok else "FAILED " + "; ".join(o.problems), ""),
        ]
    )  # fmt: skip


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
