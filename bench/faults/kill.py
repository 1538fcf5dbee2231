"""Trial 1: kill -9 at a random moment of a scripted day (SQLite)."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import random
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select

from bench.faults.people import Person_, Script, log_hours, raise_concern
from bench.faults.process import SORRY, TOKEN, BotProcess, mono, polls_since, until
from bot.sandbox.server import SandboxServer
from bot.sandbox.state import BotApiSandbox
from storage import db
from storage.delivery_models import OutboxMessage, OutboxStatus
from storage.models import Flag, HourEntry, Person, Role, Unit
from tests.seed import add_people, new_unit, person_row, staff

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
    if any(backup_alert(sandbox, flag) is None for flag in await raised_flags(url)):
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
            raised = await raised_flags(url)
            await until(
                lambda: all(backup_alert(sandbox, f) is not None for f in raised),
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


async def raised_flags(url: str) -> list[RaisedFlag]:
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


def backup_alert(sandbox: BotApiSandbox, flag: RaisedFlag) -> float | None:
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
    flags = await raised_flags(url)
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
        alerted = backup_alert(sandbox, flag)
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
