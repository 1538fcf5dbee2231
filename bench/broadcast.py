"""Broadcast benchmark: a daily-tip run for N supporters due at the same minute, against the
sandbox Bot API enforcing Telegram's limits (it answers 429 beyond 30 messages a second
overall or 1 a second in a chat).

    python bench/broadcast.py                    # 10,000 supporters: about 6 minutes a run
    python bench/broadcast.py --supporters 1000  # a quicker look

Each run is the real bot — build_application, JobQueue tick, outbox dispatcher, polling —
on an in-process sandbox with network latency, a fresh SQLite database, and:
- N supporters whose next tip is due in a few seconds (all the same minute);
- interactive traffic throughout: other supporters send /help or a question, one every
  1/--interactive-per-second s, each answered by the bot's handlers;
- five escalation-style alerts (Lane.ALERT outbox rows) issued between 30% and 70% of
  the run.
It runs twice in the same process: with the shared limiter (bot/delivery/ratelimit.py)
and with PTB's default AIORateLimiter() in its place (the baseline), then prints the
figures side by side. Exit status 0 when every tip was delivered in both runs and the
shared limiter met every target.

PTB's AIORateLimiter runs on the published `aiolimiter` package:
`pip install -e '.[bench]'`.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import logging
import math
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, insert, select  # noqa: E402
from telegram.ext import AIORateLimiter, BaseRateLimiter  # noqa: E402

from bot.app import build_application  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.delivery import outbox  # noqa: E402
from bot.delivery.lanes import Lane  # noqa: E402
from bot.i18n import Catalogs  # noqa: E402
from bot.library import load_library  # noqa: E402
from bot.sandbox.request import SandboxRequest  # noqa: E402
from bot.sandbox.state import BotApiSandbox  # noqa: E402
from storage import db  # noqa: E402
from storage.delivery_models import OutboxMessage, OutboxStatus  # noqa: E402
from storage.models import Person, Preferences, Role, Unit  # noqa: E402

TOKEN = "123456:BENCH-broadcast"
WORKER_ID = 900_000
CHATTY_BASE = 800_000
TIP_BASE = 1_000_000
APOLOGY = "Sorry, something went wrong"
QUESTIONS = ("/help", "what do I say to a bereaved client", "client keeps asking for my number")
TARGETS = {"rate": 27.0, "window": 30, "per_chat": 1, "429": 0, "p95": 2.0}


# --------------------------------------------------------------------------- baseline


def baseline_limiter() -> BaseRateLimiter[Any]:
    """PTB's AIORateLimiter with its defaults (30/s overall, no retries), on the published
    `aiolimiter` (the `bench` extra in pyproject.toml)."""
    return AIORateLimiter()


# --------------------------------------------------------------------------- one run


@dataclass
class Result:
    name: str
    supporters: int
    delivered: int = 0
    duplicates: int = 0
    duration: float = 0.0
    rate: float = 0.0
    tip_rate: float = 0.0
    max_window: int = 0
    max_per_chat: int = 0
    throttled: int = 0
    interactive: list[float] = field(default_factory=list)
    alerts: list[float] = field(default_factory=list)
    unanswered: int = 0
    throttled_chat: int = 0
    refused_at: list[float] = field(default_factory=list)
    apologies: int = 0

    def ok(self) -> bool:
        return (
            self.delivered == self.supporters
            and self.rate >= TARGETS["rate"]
            and self.max_window <= TARGETS["window"]
            and self.max_per_chat <= TARGETS["per_chat"]
            and self.throttled <= TARGETS["429"]
            and p95(self.interactive) <= TARGETS["p95"]
            and p95(self.alerts) <= TARGETS["p95"]
            and self.unanswered == 0
            and self.apologies == 0
        )


def p95(values: list[float]) -> float:
    if not values:
        return math.inf
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1)]


def max_in_window(times: list[float], window: float = 1.0) -> int:
    times = sorted(times)
    best = start = 0
    for end, moment in enumerate(times):
        while moment - times[start] >= window:
            start += 1
        best = max(best, end - start + 1)
    return best


async def seed(url: str, supporters: int, chatty: int, due_at: dt.datetime) -> None:
    engine = db.create_engine(url)
    try:
        await db.upgrade(engine)
        long_ago = due_at - dt.timedelta(days=60)
        async with db.session_factory(engine)() as session:
            unit = Unit(name_en="Bench Centre", name_yue="測試中心", district="Sham Shui Po")
            session.add(unit)
            await session.flush()
            worker = Person(
                telegram_user_id=WORKER_ID,
                role=Role.SOCIAL_WORKER,
                display_name="Ms Chan",
                language="en",
                unit_id=unit.id,
                created_at=long_ago,
            )
            session.add(worker)
            await session.flush()
            people = [
                {
                    "telegram_user_id": base + n,
                    "role": Role.SUPPORTER,
                    "display_name": f"Supporter {base + n}",
                    "language": "yue" if n % 2 else "en",
                    "unit_id": unit.id,
                    "social_worker_id": worker.id,
                    "active": True,
                    "created_at": long_ago,
                    "updated_at": long_ago,
                }
                for base, count in ((TIP_BASE, supporters), (CHATTY_BASE, chatty))
                for n in range(count)
            ]
            for start in range(0, len(people), 2000):
                await session.execute(insert(Person), people[start : start + 2000])
            ids = await session.execute(
                select(Person.id, Person.telegram_user_id).where(Person.role == Role.SUPPORTER)
            )
            prefs = [
                {
                    "person_id": person_id,
                    "tip_time": "09:30",
                    "tip_days": 127,
                    "tips_paused": telegram_id < TIP_BASE,  # the chatty ones get no tips
                    "checkin_enabled": False,
                    "checkin_time": "20:00",
                    "next_tip_at": due_at if telegram_id >= TIP_BASE else None,
                    "updated_at": long_ago,
                }
                for person_id, telegram_id in ids
            ]
            for start in range(0, len(prefs), 2000):
                await session.execute(insert(Preferences), prefs[start : start + 2000])
            await session.commit()
    finally:
        await engine.dispose()


async def count_sent(sessions: Any) -> int:
    async with sessions() as session:
        return int(
            await session.scalar(
                select(func.count())
                .select_from(OutboxMessage)
                .where(OutboxMessage.kind == "tip", OutboxMessage.status == OutboxStatus.SENT)
            )
            or 0
        )


async def run(name: str, limiter: BaseRateLimiter[Any] | None, args: argparse.Namespace) -> Result:
    supporters, chatty = args.supporters, args.chatty
    with tempfile.TemporaryDirectory(prefix="tunghang-bench-") as tmp:
        url = f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}"
        due_at = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=args.lead)
        await seed(url, supporters, chatty, due_at)
        sandbox = BotApiSandbox(token=TOKEN, bot_username="TungHangBenchBot")
        sandbox.add_user(WORKER_ID, "Ms Chan")
        for n in range(supporters):
            sandbox.add_user(TIP_BASE + n, f"S{n}")
        for n in range(chatty):
            sandbox.add_user(CHATTY_BASE + n, f"C{n}", language_code="en")
        sandbox.enforce_limits(30, 1)
        settings = Settings(token=TOKEN, database_url=url, tick_seconds=args.tick)
        request = SandboxRequest(sandbox, latency=args.latency)
        app = build_application(
            settings,
            request=request,
            library_=load_library(),
            catalogs=Catalogs.load(),
            migrate=False,
            rate_limiter=limiter,
        )
        services = app.bot_data["services"]
        result = Result(name, supporters)
        injected: list[tuple[float, int]] = []
        alerts: list[float] = []
        await app.initialize()
        await app.post_init(app)  # type: ignore[misc]
        await app.start()
        await app.updater.start_polling(poll_interval=0.0, timeout=5)  # type: ignore[union-attr]
        print(f"[{name}] {supporters:,} tips due at {due_at:%H:%M:%S} UTC", flush=True)
        done = asyncio.Event()

        async def chatter() -> None:
            n = 0
            while not done.is_set():
                user = CHATTY_BASE + n % chatty
                injected.append((time.monotonic(), user))
                sandbox.send_text(user, QUESTIONS[n % len(QUESTIONS)])
                n += 1
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(done.wait(), 1 / args.interactive_per_second)

        async def alert(number: int) -> None:
            async with services.sessions() as session:
                await outbox.enqueue(
                    session,
                    dedupe_key=f"bench-alert:{number}",
                    chat_id=WORKER_ID,
                    lane=Lane.ALERT,
                    kind="bench_alert",
                    text=f"⚠️ New concern #{number} (benchmark)",
                    due_at=services.clock(),
                )
                alerts.append(time.monotonic())
                await session.commit()

        chatter_task = asyncio.get_running_loop().create_task(chatter())
        fired = 0
        started = time.monotonic()
        last_report = started
        deadline = started + args.lead + supporters / 15 + 120
        try:
            while True:
                await asyncio.sleep(0.25)
                sent = await count_sent(services.sessions)
                while fired < 5 and sent >= supporters * (0.3 + 0.1 * fired):
                    await alert(fired)
                    fired += 1
                if time.monotonic() - last_report >= 15:
                    last_report = time.monotonic()
                    print(f"[{name}] {sent:,}/{supporters:,} tips sent", flush=True)
                if sent >= supporters or time.monotonic() > deadline:
                    break
            await asyncio.sleep(1.5)  # the last interactive replies
        finally:
            done.set()
            await chatter_task
            await app.updater.stop()  # type: ignore[union-attr]
            await app.stop()
            await app.post_stop(app)  # type: ignore[misc]
            await app.shutdown()
            await app.post_shutdown(app)  # type: ignore[misc]
        measure(result, sandbox, injected, alerts)
        return result


def measure(
    result: Result,
    sandbox: BotApiSandbox,
    injected: list[tuple[float, int]],
    alerts: list[float],
) -> None:
    sends = [c for c in sandbox.calls_to("sendMessage") if c.ok]
    by_chat: dict[int, list[float]] = defaultdict(list)
    apology: dict[int, list[float]] = defaultdict(list)
    for call in sends:
        chat = int(call.params["chat_id"])
        if str(call.params.get("text", "")).startswith(APOLOGY):
            apology[chat].append(call.time)  # the error handler: the real reply failed
        else:
            by_chat[chat].append(call.time)
    tip_times = sorted(t for chat, times in by_chat.items() if chat >= TIP_BASE for t in times)
    tip_chats = [chat for chat in by_chat if chat >= TIP_BASE]
    result.delivered = len(tip_chats)
    result.duplicates = len(tip_times) - len(tip_chats)
    if len(tip_times) > 1:
        first, last = tip_times[0], tip_times[-1]
        result.duration = last - first
        result.tip_rate = (len(tip_times) - 1) / result.duration
        during = [c for c in sends if first <= c.time <= last]
        result.rate = (len(during) - 1) / result.duration
    result.max_window = max_in_window([c.time for c in sends])
    result.max_per_chat = max((max_in_window(times) for times in by_chat.values()), default=0)
    result.throttled = sandbox.stats.rate_limited
    result.throttled_chat = sandbox.stats.rate_limited_per_chat
    refused = [c.time for c in sandbox.calls_to("sendMessage") if c.status == 429]
    if refused and tip_times:
        result.refused_at = [round(t - tip_times[0], 1) for t in refused[:20]]
    result.apologies = sum(len(times) for times in apology.values())
    for moment, user in injected:
        replies = [t for t in by_chat.get(user, []) if t >= moment]
        if replies:
            result.interactive.append(min(replies) - moment)
        else:
            result.unanswered += 1
    worker = sorted(by_chat.get(WORKER_ID, []))
    for moment in alerts:
        later = [t for t in worker if t >= moment]
        if later:
            result.alerts.append(later[0] - moment)


# --------------------------------------------------------------------------- report


def report(results: list[Result], notes: list[str], args: argparse.Namespace) -> None:
    def fmt(value: float, digits: int = 2) -> str:
        return "—" if math.isinf(value) else f"{value:.{digits}f}"

    rows = [
        ("tips delivered", lambda r: f"{r.delivered:,}/{r.supporters:,}", "all"),
        ("duplicates", lambda r: f"{r.duplicates}", "0"),
        ("tip run, first to last (s)", lambda r: fmt(r.duration, 1), ""),
        ("sustained rate, all sends (msg/s)", lambda r: fmt(r.rate, 1), "≥ 27"),
        ("  of which tips (msg/s)", lambda r: fmt(r.tip_rate, 1), ""),
        ("max sends in any 1-s window", lambda r: f"{r.max_window}", "≤ 30"),
        ("max per chat in any 1-s window", lambda r: f"{r.max_per_chat}", "≤ 1"),
        ("429s received", lambda r: f"{r.throttled} ({r.throttled_chat} per-chat)", "0"),
        (
            "interactive reply p95 (s), answered",
            lambda r: f"{fmt(p95(r.interactive))} (n={len(r.interactive)})",
            "≤ 2",
        ),
        (
            "interactive reply median (s)",
            lambda r: fmt(statistics.median(r.interactive)) if r.interactive else "—",
            "",
        ),
        (
            "interactive replies in time",
            lambda r: f"{len(r.interactive)}/{len(r.interactive) + r.unanswered}",
            "all",
        ),
        ("replies lost to an error (429)", lambda r: f"{r.apologies}", "0"),
        ("alert p95 (s)", lambda r: f"{fmt(p95(r.alerts))} (n={len(r.alerts)})", "≤ 2"),
        ("alert max (s)", lambda r: fmt(max(r.alerts)) if r.alerts else "—", ""),
    ]
    names = [r.name for r in results]
    width = [36, *(max(24, len(n) + 2) for n in names), 8]
    print()
    print(
        f"Broadcast: {args.supporters:,} supporters due the same minute; sandbox enforcing "
        f"30 msg/s and 1 msg/s per chat; {args.latency * 1000:.0f} ms latency; "
        f"{args.interactive_per_second:g} interactive msg/s from {args.chatty} other people"
    )
    header = ["", *names, "target"]
    print("".join(h.ljust(w) for h, w in zip(header, width, strict=True)))
    print("-" * sum(width))
    for label, value, target in rows:
        cells = [label, *(value(r) for r in results), target]
        print("".join(c.ljust(w) for c, w in zip(cells, width, strict=True)))
    for note in notes:
        print(f"note: {note}")
    for r in results:
        if r.refused_at:
            print(f"note: {r.name}: first 429s at {r.refused_at} s into the tip run")


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--supporters", type=int, default=10_000)
    parser.add_argument("--chatty", type=int, default=20, help="people sending messages")
    parser.add_argument("--interactive-per-second", type=float, default=2.0)
    parser.add_argument("--latency", type=float, default=0.05, help="one-way, seconds")
    parser.add_argument("--tick", type=float, default=1.0, help="TUNGHANG_TICK_SECONDS")
    parser.add_argument("--lead", type=float, default=3.0, help="seconds until tips are due")
    parser.add_argument("--only", choices=("ours", "baseline"), help="run just one side")
    return parser.parse_args(argv)


async def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    for chatty in ("httpx", "apscheduler", "bot.delivery.ratelimit"):
        logging.getLogger(chatty).setLevel(logging.ERROR)
    # The baseline's 429s are counted in the table; their tracebacks would drown it.
    for noisy in ("telegram.ext.AIORateLimiter", "bot.handlers.errors", "telegram.ext.Application"):
        logging.getLogger(noisy).setLevel(logging.CRITICAL)
    results, notes = [], []
    if args.only != "baseline":
        results.append(await run("shared limiter (ours)", None, args))
        report(results, [], args)  # printed as soon as it is known
    if args.only != "ours":
        notes.append("baseline: PTB AIORateLimiter() on aiolimiter")
        results.append(await run("AIORateLimiter (PTB)", baseline_limiter(), args))
        report(results, notes, args)
    ours = [r for r in results if r.name.startswith("shared")]
    delivered = all(r.delivered == r.supporters for r in results)
    return 0 if delivered and all(r.ok() for r in ours) else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
