"""Handler benchmark: what one update costs the real bot, against a bare PTB echo bot.

    python bench/handlers.py            # about three minutes
    python bench/handlers.py --quick    # fewer samples and people, for a look

1. Per-update cost, in process: the real Application from build_application on a migrated
   SQLite database in a temporary folder, talking to the sandbox Bot API through
   SandboxRequest (no latency). Each update is made by the sandbox (a person typing or
   pressing a button), turned into a telegram.Update and timed around
   `await app.process_update(update)`, which includes the replies going out through PTB,
   the shared rate limiter and the transport (wall time, and process CPU time over all
   threads). Updates: `/help` (the floor: who is speaking, and a reply), a question
   (search), `/log 1.5h visit`, its ✅ Save press, the flag flow's final 📨 Send press, the
   whole six-update flag flow (per update) and `/hours`. Baseline: an Application with one
   MessageHandler replying with the text, same transport, in alternating rounds with the
   others (so machine noise hits both alike). No target: real load is a few updates a
   second, so this part shows where the time goes rather than judging it. Two
   reference rows show where the floor comes from: the echo replying with a menu keyboard
   like ours, and that plus looking the sender up (one SQLAlchemy query, same database). The
   outbox dispatcher is stopped here (a flag's alerts are sent by another task), and the
   shared limiter's 30 messages/s cap is lifted (its code still runs): at hundreds of
   updates a second it would otherwise put a 1-s stall after every 30th reply.
2. Throughput: the same bot, 50 ms latency on every Bot API call, bursts of updates from
   many people put on `update_queue` as polling would: a mix (a question, `/log`, `/hours`,
   then ✅ Save and another question each) and flag-flow steps (`/flag`, category,
   urgency: each writes the person's flow state). Also the picture before one fix:
   updates handled one at a time (PTB's default, before bot/updates.py). (A handler's
   transaction held open over its replies can no longer be built: with_turn sends only
   after its commit, bot/context.py.)
   Baseline: the echo bot with `concurrent_updates(True)`. Target: ≥ 500 updates/s (on
   SQLite). With `--pg-url`, the mix runs once more on that PostgreSQL database (its
   public schema is wiped first), as production would.
3. Start-up: `python -m bot run` in a subprocess against the HTTP SandboxServer
   (TELEGRAM_API_BASE_URL), from process start to its first getUpdates, on a migrated
   database (best of --starts) and on a fresh one (migrations run). Baseline: a bare PTB
   echo bot started the same way. Target ≤ 2 s.
4. Memory: 10,000 supporters (people and preferences inserted in bulk), the bot started as
   in 3; VmRSS and VmHWM (peak) from /proc/<pid>/status once it has answered 200 questions
   from 200 different people and ticked a few times. Target ≤ 120 MiB. Baseline: the echo
   bot after 200 messages.

Exit status 0 whatever the figures (it is a measurement); the output says which targets
were met.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import gc
import logging
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert, select, text  # noqa: E402
from telegram import ReplyKeyboardMarkup, Update  # noqa: E402
from telegram.ext import (  # noqa: E402
    Application,
    ApplicationBuilder,
    MessageHandler,
    SimpleUpdateProcessor,
    filters,
)

from bot.app import build_application  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.delivery.ratelimit import SharedRateLimiter  # noqa: E402
from bot.i18n import Catalogs  # noqa: E402
from bot.library import load_library  # noqa: E402
from bot.sandbox.request import SandboxRequest  # noqa: E402
from bot.sandbox.server import SandboxServer  # noqa: E402
from bot.sandbox.state import BotApiSandbox  # noqa: E402
from bot.services.people import person_by_telegram_id  # noqa: E402
from bot.views.common import menu_keyboard  # noqa: E402
from storage import db  # noqa: E402
from storage.models import Person, Preferences, Role, Unit  # noqa: E402

TOKEN = "123456:BENCH-handlers"
WORKER_ID = 900_000
SUPPORTER_BASE = 1_000_000
QUESTIONS = (
    "what do I say to a bereaved client",
    "client keeps asking for my number",
    "她不肯食藥點算",
    "how do I end a visit politely",
    "client says she is lonely since her husband died",
)
MiB = 1024 * 1024
TARGET_RATE = 500.0
TARGET_STARTUP = 2.0
TARGET_RSS = 120.0
LATENCY = 0.05  # seconds per Bot API call in the throughput part


# --------------------------------------------------------------------------- seeding


async def seed(url: str, supporters: int, *, mixed_languages: bool = False) -> None:
    """A unit, its social worker and `supporters` supporters, inserted in bulk (half of
    them Cantonese speakers if `mixed_languages`, else all English)."""
    engine = db.create_engine(url)
    try:
        await db.upgrade(engine)
        long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(days=60)
        tomorrow = dt.datetime.now(dt.UTC) + dt.timedelta(days=1)
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
                    "telegram_user_id": SUPPORTER_BASE + n,
                    "role": Role.SUPPORTER,
                    "display_name": f"Supporter {n}",
                    "language": "yue" if mixed_languages and n % 2 else "en",
                    "unit_id": unit.id,
                    "social_worker_id": worker.id,
                    "active": True,
                    "created_at": long_ago,
                    "updated_at": long_ago,
                }
                for n in range(supporters)
            ]
            for start in range(0, len(people), 2000):
                await session.execute(insert(Person), people[start : start + 2000])
            ids = (
                await session.scalars(select(Person.id).where(Person.role == Role.SUPPORTER))
            ).all()
            prefs = [
                {
                    "person_id": person_id,
                    "tip_time": "09:30",
                    "tip_days": 127,
                    "tips_paused": False,
                    "checkin_enabled": False,
                    "checkin_time": "20:00",
                    "next_tip_at": tomorrow,  # registered, nothing due during the run
                    "updated_at": long_ago,
                }
                for person_id in ids
            ]
            for start in range(0, len(prefs), 2000):
                await session.execute(insert(Preferences), prefs[start : start + 2000])
            await session.commit()
    finally:
        await engine.dispose()


def new_sandbox(supporters: int) -> BotApiSandbox:
    sandbox = BotApiSandbox(token=TOKEN, bot_username="TungHangBenchBot")
    sandbox.add_user(WORKER_ID, "Ms Chan", language_code="en")
    for n in range(supporters):
        sandbox.add_user(SUPPORTER_BASE + n, f"Supporter {n}", language_code="en")
    return sandbox


def echo_app(
    request: SandboxRequest,
    *,
    concurrent: bool = False,
    keyboard: ReplyKeyboardMarkup | None = None,
    lookup: Any = None,
) -> Application:  # type: ignore[type-arg]
    """The baseline: a bare PTB bot that replies with the text it got. The reference rows
    of part 1 add one thing each: `keyboard`, a reply keyboard on the reply (our main menu);
    `lookup`, a session factory, to look the sender up first (one SQLAlchemy ORM query)."""

    async def echo(update: Update, context: Any) -> None:
        if lookup is not None:
            async with lookup() as session:
                await person_by_telegram_id(session, update.effective_user.id)
        await update.effective_message.reply_text(
            update.effective_message.text, reply_markup=keyboard
        )

    builder = ApplicationBuilder().token(TOKEN).request(request).get_updates_request(request)
    if concurrent:
        builder = builder.concurrent_updates(True)
    app = builder.build()
    app.add_handler(MessageHandler(filters.TEXT, echo))
    return app


# --------------------------------------------------------------------------- 1. per update


@dataclass
class Samples:
    name: str
    updates: int = 1  # updates per sample (the whole flag flow is six)
    times: list[float] = field(default_factory=list)
    cpu_times: list[float] = field(default_factory=list)

    @property
    def cpu(self) -> float:
        return statistics.median(self.cpu_times) / self.updates if self.cpu_times else 0.0

    @property
    def median(self) -> float:
        return statistics.median(self.times) / self.updates

    @property
    def p95(self) -> float:
        ordered = sorted(self.times)
        return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))] / self.updates


class Driver:
    """Injects user actions into a sandbox and times the app's handling of the update:
    (wall seconds, process CPU seconds — every thread, so aiosqlite's too)."""

    def __init__(self, app: Application, sandbox: BotApiSandbox) -> None:  # type: ignore[type-arg]
        self.app = app
        self.sandbox = sandbox

    async def handle(self, inject: Callable[[], int]) -> tuple[float, float]:
        inject()
        (data,) = self.sandbox.take_updates()
        update = Update.de_json(data, self.app.bot)
        cpu = time.process_time()
        start = time.perf_counter()
        await self.app.process_update(update)
        return time.perf_counter() - start, time.process_time() - cpu

    async def say(self, user: int, text: str) -> tuple[float, float]:
        return await self.handle(lambda: self.sandbox.send_text(user, text))

    async def press(self, user: int, label: str) -> tuple[float, float]:
        return await self.handle(lambda: self.sandbox.press_label(user, label))


ECHO = "echo (PTB, baseline)"
ECHO_MENU = "  reference: echo + menu keyboard"
ECHO_LOOKUP = "  reference: … + 1 SQLAlchemy query"
HELP = "/help (the floor)"


async def per_update(args: argparse.Namespace, tmp: Path) -> dict[str, Samples]:
    supporters = 400
    url = f"sqlite+aiosqlite:///{tmp / 'per-update.db'}"
    await seed(url, supporters)
    sandbox = new_sandbox(supporters)
    settings = Settings(token=TOKEN, database_url=url)
    app = build_application(
        settings,
        request=SandboxRequest(sandbox),
        library_=load_library(),
        catalogs=Catalogs.load(),
        migrate=False,
        rate_limiter=lifted_limiter(),
    )
    echo = echo_app(SandboxRequest(sandbox))
    ours, base = Driver(app, sandbox), Driver(echo, sandbox)
    menu = menu_keyboard(app.bot_data["services"].catalogs.get("en"), supporter=True)
    echo_menu = echo_app(SandboxRequest(sandbox), keyboard=menu)
    echo_lookup = echo_app(
        SandboxRequest(sandbox), keyboard=menu, lookup=app.bot_data["services"].sessions
    )
    with_menu, with_lookup = Driver(echo_menu, sandbox), Driver(echo_lookup, sandbox)
    results = {
        name: Samples(name, updates)
        for name, updates in (
            (ECHO, 1),
            (ECHO_MENU, 1),
            (ECHO_LOOKUP, 1),
            (HELP, 1),
            ("question (search)", 1),
            ("/log 1.5h visit", 1),
            ("✅ Save press (after /log)", 1),
            ("flag: 📨 Send press", 1),
            ("flag: whole flow (6 updates), per update", 6),
            ("/hours", 1),
        )
    }
    users = iter(range(10**9))

    def supporter() -> int:
        return SUPPORTER_BASE + next(users) % supporters

    def record(name: str, *timings: tuple[float, float]) -> None:
        results[name].times.append(sum(t for t, _ in timings))
        results[name].cpu_times.append(sum(c for _, c in timings))

    async def echo_once() -> None:
        record(ECHO, await base.say(WORKER_ID, "hello there"))

    async def references() -> None:
        record(ECHO_MENU, await with_menu.say(WORKER_ID, "hello there"))
        record(ECHO_LOOKUP, await with_lookup.say(supporter(), "hello there"))

    async def help_() -> None:
        record(HELP, await ours.say(supporter(), "/help"))

    async def question() -> None:
        user = supporter()
        record("question (search)", await ours.say(user, QUESTIONS[user % len(QUESTIONS)]))

    async def log_and_save() -> None:
        user = supporter()
        record("/log 1.5h visit", await ours.say(user, "/log 1.5h visit"))
        record("✅ Save press (after /log)", await ours.press(user, "✅ Save"))

    async def flag() -> None:
        user = supporter()
        steps = [
            await ours.say(user, "/flag"),
            await ours.press(user, "Client unreachable"),
            await ours.press(user, "Needs action today"),
            await ours.say(user, "C03"),
            await ours.press(user, "Skip"),
            await ours.press(user, "📨 Send"),
        ]
        record("flag: 📨 Send press", steps[-1])
        record("flag: whole flow (6 updates), per update", *steps)

    async def hours() -> None:
        record("/hours", await ours.say(supporter(), "/hours"))

    scenarios: list[Callable[[], Awaitable[None]]] = [
        references,
        help_,
        question,
        log_and_save,
        flag,
        hours,
    ]
    async with echo, echo_menu, echo_lookup, app:
        await app.post_init(app)  # type: ignore[misc]
        await app.bot_data["dispatcher"].stop()  # see the module docstring
        for task in app.bot_data.get("startup_tasks", []):
            await task
        for _ in range(10):  # warm up every path (imports, caches, statement cache)
            await echo_once()
            for scenario in scenarios:
                await scenario()
        for samples in results.values():
            samples.times.clear()
            samples.cpu_times.clear()
        gc.collect()
        for _ in range(args.rounds):
            for _ in range(3):
                await echo_once()
            for scenario in scenarios:
                await scenario()
        await app.post_shutdown(app)  # type: ignore[misc]
    # Every flag went through: the flow really ran to the end each time.
    flags = sum(
        1
        for user in range(SUPPORTER_BASE, SUPPORTER_BASE + supporters)
        for m in sandbox.bot_messages(user)
        if (m.text or "").startswith("Sent to Ms Chan")
    )
    assert flags == 10 + args.rounds, flags
    return results


# --------------------------------------------------------------------------- 2. throughput


@dataclass
class Burst:
    name: str  # what was sent (and which variant of the bot)
    updates: int = 0
    seconds: float = 0.0
    in_flight: int = 0
    replies_missing: int = 0
    apologies: int = 0
    note: str = ""

    @property
    def rate(self) -> float:
        return self.updates / self.seconds if self.seconds else 0.0


def lifted_limiter() -> SharedRateLimiter:
    """The shared limiter with Telegram's 30 messages/s cap lifted (its code still runs)."""
    return SharedRateLimiter(per_second=10**6, background_rate=10**6)


async def _burst(app: Application, updates: list[Update]) -> float:  # type: ignore[type-arg]
    start = time.perf_counter()
    for update in updates:
        await app.update_queue.put(update)
    await app.update_queue.join()
    return time.perf_counter() - start


def _replies(sandbox: BotApiSandbox, users: range) -> int:
    return sum(len(sandbox.bot_messages(user)) for user in users)


MIXED = "mixed"  # questions, /log, ✅ Save, /hours
FLOWS = "flows"  # flag flow steps: each one writes the person's flow state, then replies


async def throughput_ours(
    tmp: Path,
    supporters: int,
    latency: float,
    *,
    work: str = MIXED,
    variant: str = "",
    run: int = 0,
    postgres_url: str | None = None,
) -> Burst:
    """A burst of updates from `supporters` people through update_queue, as polling puts
    them. `variant`: "" (as built), "sequential" (PTB's default: one update at a time, the
    picture before bot/updates.py). `postgres_url`: run
    on that (wiped) PostgreSQL database instead of a new SQLite file."""
    url = f"sqlite+aiosqlite:///{tmp / f'throughput-{work}-{variant}-{run}.db'}"
    if postgres_url:
        url = postgres_url
        await wipe_postgres(url)
    await seed(url, supporters)
    sandbox = new_sandbox(supporters)
    settings = Settings(token=TOKEN, database_url=url)
    app = build_application(
        settings,
        request=SandboxRequest(sandbox, latency=latency),
        library_=load_library(),
        catalogs=Catalogs.load(),
        migrate=False,
        rate_limiter=lifted_limiter(),
    )
    label = {MIXED: "mixed: question, /log, ✅ Save, /hours", FLOWS: "flag flow steps"}[work]
    if postgres_url:
        label += ", PostgreSQL"
    if variant == "sequential":
        app._update_processor = SimpleUpdateProcessor(1)  # PTB's default
        label += ", one at a time (before)"
    result = Burst(label)
    users = range(SUPPORTER_BASE, SUPPORTER_BASE + supporters)
    async with app:
        await app.post_init(app)  # type: ignore[misc]
        await app.start()
        for task in app.bot_data.get("startup_tasks", []):
            await task

        def updates(make: Callable[[int], int]) -> list[Update]:
            for user in users:
                make(user)
            return [Update.de_json(d, app.bot) for d in sandbox.take_updates()]

        if work == MIXED:
            # Each person asks a question, types an hours entry and opens /hours; then
            # presses ✅ Save on their card and asks another question.
            first = updates(lambda u: sandbox.send_text(u, QUESTIONS[u % len(QUESTIONS)]))
            first += updates(lambda u: sandbox.send_text(u, "/log 1.5h visit"))
            first += updates(lambda u: sandbox.send_text(u, "/hours"))
            seconds = await _burst(app, first)
            second = updates(lambda u: sandbox.press_label(u, "✅ Save"))
            second += updates(lambda u: sandbox.send_text(u, QUESTIONS[(u + 1) % 5]))
            seconds += await _burst(app, second)
            result.updates, result.seconds = len(first) + len(second), seconds
            done = "✅ Saved"
        else:
            # /flag, then the category, then the urgency: three flow steps each.
            result.seconds = await _burst(app, updates(lambda u: sandbox.send_text(u, "/flag")))
            for label_ in ("Client unreachable", "Needs action today"):
                steps = updates(lambda u, label_=label_: sandbox.press_label(u, label_))
                result.seconds += await _burst(app, steps)
            result.updates = 3 * supporters
            done = "Which client?"
        result.in_flight = getattr(app.update_processor, "max_in_flight", 1)
        texts = [m.text or "" for user in users for m in sandbox.bot_messages(user)]
        result.replies_missing = supporters - sum(t.startswith(done) for t in texts)
        result.apologies = sum(t.startswith("Sorry, ") for t in texts)
        await app.stop()
        await app.post_stop(app)  # type: ignore[misc]
        await app.post_shutdown(app)  # type: ignore[misc]
    return result


async def wipe_postgres(url: str) -> None:
    """An empty public schema in the bench's own database (--pg-url), as the tests do."""
    engine = db.create_engine(url)
    try:
        async with engine.begin() as conn:
            await conn.execute(text("DROP SCHEMA public CASCADE"))
            await conn.execute(text("CREATE SCHEMA public"))
    finally:
        await engine.dispose()


async def throughput_echo(supporters: int, latency: float, updates_per_person: int) -> Burst:
    sandbox = new_sandbox(supporters)
    app = echo_app(SandboxRequest(sandbox, latency=latency), concurrent=True)
    users = range(SUPPORTER_BASE, SUPPORTER_BASE + supporters)
    result = Burst("echo bot, concurrent_updates(True) (baseline)")
    async with app:
        await app.start()
        for n in range(updates_per_person):
            for user in users:
                sandbox.send_text(user, f"hello {n}")
        batch = [Update.de_json(d, app.bot) for d in sandbox.take_updates()]
        result.seconds = await _burst(app, batch)
        result.updates = len(batch)
        result.in_flight = app.update_processor.max_concurrent_updates
        result.replies_missing = result.updates - _replies(sandbox, users)
        await app.stop()
    return result


# --------------------------------------------------------------------------- 3, 4. processes

ECHO_BOT = """
import os, sys
from telegram.ext import ApplicationBuilder, MessageHandler, filters
base = os.environ["TELEGRAM_API_BASE_URL"]
async def echo(update, context):
    await update.effective_message.reply_text(update.effective_message.text)
app = (ApplicationBuilder().token(os.environ["TELEGRAM_BOT_TOKEN"])
       .base_url(base + "/bot").base_file_url(base + "/file/bot").build())
app.add_handler(MessageHandler(filters.TEXT, echo))
app.run_polling()
"""


@dataclass
class Process:
    name: str
    startup: float = 0.0
    rss: float = 0.0  # MiB
    hwm: float = 0.0  # MiB, the peak
    answered: int = 0


def _status_mib(pid: int, field_name: str) -> float:
    """VmRSS / VmHWM of a process in MiB, from /proc/<pid>/status (no psutil)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field_name + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


async def _wait_for(predicate: Callable[[], bool], within: float, what: str) -> None:
    deadline = time.monotonic() + within
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out waiting for {what}")
        await asyncio.sleep(0.005)


async def run_process(
    name: str,
    argv: list[str],
    *,
    url: str | None,
    supporters: int,
    questions: int,
    log: Path,
) -> Process:
    """Start `argv` against an HTTP sandbox; time to its first getUpdates; then RSS after it
    answered `questions` questions from different people."""
    sandbox = new_sandbox(supporters)
    result = Process(name)
    async with SandboxServer(sandbox) as server:
        env = {
            **os.environ,
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_API_BASE_URL": server.base_url,
            "TUNGHANG_TICK_SECONDS": "1",
            "LOG_LEVEL": "WARNING",
            "PYTHONDONTWRITEBYTECODE": "1",
        }
        if url is not None:
            env["DATABASE_URL"] = url
        with log.open("ab") as sink:
            started = time.monotonic()
            proc = await asyncio.create_subprocess_exec(
                *argv, cwd=ROOT, env=env, stdout=sink, stderr=sink
            )
        try:
            await _wait_for(lambda: bool(sandbox.calls_to("getUpdates")), 60, f"{name} to poll")
            result.startup = sandbox.calls_to("getUpdates")[0].time - started
            if questions:
                for n in range(questions):
                    user = SUPPORTER_BASE + n * max(1, supporters // questions)
                    sandbox.send_text(user, QUESTIONS[n % len(QUESTIONS)])
                await _wait_for(
                    lambda: len(sandbox.calls_to("sendMessage")) >= questions, 120, "answers"
                )
                await asyncio.sleep(2.5)  # a couple of ticks and whatever they start
                result.answered = len(sandbox.calls_to("sendMessage"))
            result.rss = _status_mib(proc.pid, "VmRSS")
            result.hwm = _status_mib(proc.pid, "VmHWM")
        finally:
            proc.terminate()
            try:
                await asyncio.wait_for(proc.wait(), 15)
            except TimeoutError:
                proc.kill()
                await proc.wait()
    return result


async def processes(args: argparse.Namespace, tmp: Path) -> list[Process]:
    bot = [sys.executable, "-m", "bot", "run"]
    echo = [sys.executable, "-c", ECHO_BOT]
    log = tmp / "processes.log"
    results = []
    # Start-up, best of a few (the first start also warms the OS file cache).
    migrated = f"sqlite+aiosqlite:///{tmp / 'startup.db'}"
    await seed(migrated, 50)
    for name, argv, url in (
        ("echo bot (PTB, baseline)", echo, None),
        ("Tung Hang, migrated database", bot, migrated),
    ):
        runs = [
            await run_process(name, argv, url=url, supporters=0, questions=0, log=log)
            for _ in range(args.starts)
        ]
        best = min(runs, key=lambda r: r.startup)
        best.name = f"{name} (best of {args.starts})"
        results.append(best)
    fresh = f"sqlite+aiosqlite:///{tmp / 'fresh.db'}"
    once = await run_process(
        "Tung Hang, fresh database (runs migrations)",
        bot,
        url=fresh,
        supporters=0,
        questions=0,
        log=log,
    )
    results.append(once)
    # Memory with a district's worth of supporters and more.
    big = f"sqlite+aiosqlite:///{tmp / 'rss.db'}"
    await seed(big, args.rss_supporters, mixed_languages=True)
    questions = min(200, args.rss_supporters)
    results.append(
        await run_process(
            f"echo bot, after {questions} messages (baseline)",
            echo,
            url=None,
            supporters=args.rss_supporters,
            questions=questions,
            log=log,
        )
    )
    results.append(
        await run_process(
            f"Tung Hang, {args.rss_supporters:,} supporters, after {questions} questions",
            bot,
            url=big,
            supporters=args.rss_supporters,
            questions=questions,
            log=log,
        )
    )
    return results


# --------------------------------------------------------------------------- report


def _met(ok: bool) -> str:
    return "yes" if ok else "NO"


def report_per_update(results: dict[str, Samples]) -> None:
    base = results[ECHO]
    print("\n1. Per-update handling cost: in process, SQLite, sandbox transport, no latency")
    print(f"  {'update':38} {'median ms':>9} {'p95 ms':>7} {'CPU ms':>7} {'× echo':>7} {'n':>5}")
    for samples in results.values():
        ratio = samples.median / base.median
        print(
            f"  {samples.name:38} {samples.median * 1000:9.2f} {samples.p95 * 1000:7.2f} "
            f"{samples.cpu * 1000:7.2f} {ratio:7.2f} {len(samples.times):5}"
        )
    print(
        "  (/help is the floor of any update from a registered person: who is speaking, one\n"
        "   SQLAlchemy query, a reply with the menu; the reference rows are PTB echo bots\n"
        "   doing just that, in the same run. CPU ms: process time, all threads.)"
    )


def report_throughput(bursts: list[Burst], runs: list[Burst]) -> None:
    print("\n2. Throughput: bursts of updates through update_queue, 50 ms per Bot API call")
    print(
        f"  {'':62} {'updates':>7} {'s':>6} {'per s':>6} {'× echo':>6} {'in flight':>9}"
        "  missing  sorry"
    )
    base = bursts[0]
    for b in bursts:
        print(
            f"  {b.name:62} {b.updates:7} {b.seconds:6.2f} {b.rate:6.0f} "
            f"{b.rate / base.rate:6.2f} {b.in_flight:9}  {b.replies_missing:7}  {b.apologies:5}"
        )
    ours = bursts[1]
    rates = " / ".join(f"{burst.rate:.0f}" for burst in runs)
    print(f"  mixed, as built, {len(runs)} run(s): {rates} updates/s; the median run is shown.")
    print(
        f"  target ≥ {TARGET_RATE:g} updates/s (mixed, as built, median run): "
        f"{_met(ours.rate >= TARGET_RATE)}."
        " In flight: the most updates being handled at once.\n"
        "  Telegram's 30 messages/s cap is lifted here, as in part 1: it bounds new messages,\n"
        "  not the bot's handling (bench/broadcast.py measures the capped case)."
    )


def report_processes(results: list[Process]) -> None:
    print("\n3. Start-up (process start → first getUpdates) and 4. memory (VmRSS, VmHWM)")
    print(f"  {'':62} {'start s':>7} {'RSS MiB':>8} {'peak MiB':>8}")
    for r in results:
        print(f"  {r.name:62} {r.startup:7.2f} {r.rss:8.1f} {r.hwm:8.1f}")
    echo_start = next(r for r in results if r.name.startswith("echo bot (PTB"))
    bot_start = next(r for r in results if r.name.startswith("Tung Hang, migrated"))
    fresh = next(r for r in results if "fresh" in r.name)
    echo_mem = next(r for r in results if r.name.startswith("echo bot, after"))
    bot_mem = results[-1]
    print(
        f"  start-up {bot_start.startup:.2f} s = {bot_start.startup / echo_start.startup:.1f}× the "
        f"echo bot's (fresh database {fresh.startup:.2f} s); target ≤ {TARGET_STARTUP:g} s: "
        f"{_met(max(bot_start.startup, fresh.startup) <= TARGET_STARTUP)}"
    )
    print(
        f"  RSS {bot_mem.rss:.1f} MiB (peak {bot_mem.hwm:.1f}) = {bot_mem.rss / echo_mem.rss:.1f}× "
        f"the echo bot's; target ≤ {TARGET_RSS:g} MiB: {_met(bot_mem.hwm <= TARGET_RSS)}"
    )


# --------------------------------------------------------------------------- main


async def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=150, help="per-update: rounds")
    parser.add_argument("--people", type=int, default=1000, help="throughput: how many people")
    parser.add_argument("--starts", type=int, default=3, help="start-up: runs, best is kept")
    parser.add_argument("--runs", type=int, default=3, help="throughput: runs of the mix")
    parser.add_argument(
        "--pg-url",
        default="",
        help="also run the mix on this PostgreSQL database (postgresql+asyncpg://…); "
        "its public schema is WIPED, so give it a database of its own",
    )
    parser.add_argument("--rss-supporters", type=int, default=10_000)
    parser.add_argument("--quick", action="store_true", help="fewer samples, for a look")
    args = parser.parse_args(argv)
    if args.quick:
        args.rounds, args.people, args.starts, args.runs = 30, 300, 1, 1
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)
    started = time.monotonic()
    python = sys.version.split()[0]
    print(f"bench/handlers.py, {dt.date.today()}, Python {python}, {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory(prefix="tunghang-bench-") as name:
        tmp = Path(name)
        report_per_update(await per_update(args, tmp))
        people = args.people
        # The as-built mix is run `--runs` times (runs of 5,000 updates vary by about ±5%
        # here); the median run is the one reported against the target.
        mixed = [await throughput_ours(tmp, people, LATENCY, run=run) for run in range(args.runs)]
        bursts = [
            await throughput_echo(people, LATENCY, 5),
            sorted(mixed, key=lambda burst: burst.rate)[len(mixed) // 2],
            await throughput_ours(tmp, 40, LATENCY, variant="sequential"),
            await throughput_ours(tmp, people // 2, LATENCY, work=FLOWS),
        ]
        if args.pg_url:
            bursts.append(await throughput_ours(tmp, people, LATENCY, postgres_url=args.pg_url))
        report_throughput(bursts, mixed)
        report_processes(await processes(args, tmp))
    print(f"\ntotal {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
