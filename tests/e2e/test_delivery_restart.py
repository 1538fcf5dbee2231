"""Kill the real bot (SIGKILL) in the middle of a tip run, start it again: every due
supporter gets their tip, and duplicates are at most the sends in flight at the kill.

The bot runs as `python -m bot run` in a subprocess, polling a sandbox Bot API served over
HTTP by this test process, with Telegram's limits enforced. SQLite, as one process."""

from __future__ import annotations

import asyncio
import collections
import datetime as dt
import os
import signal
import sys
from pathlib import Path

from sqlalchemy import func, select

from bot.sandbox.server import SandboxServer
from bot.sandbox.state import BotApiSandbox
from storage import db
from storage.delivery_models import OutboxMessage, OutboxStatus
from storage.models import Person, Role
from tests.seed import add_people, new_unit, person_row

TOKEN = "123456:SANDBOX-restart"
SUPPORTERS = 90
FIRST_ID = 20000
WORKER_ID = 19999
ROOT = Path(__file__).resolve().parents[2]


async def _seed(url: str) -> None:
    engine = db.create_engine(url)
    try:
        await db.upgrade(engine)
        due = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=5)
        async with db.session_factory(engine)() as session:
            unit = await new_unit(session, "Centre")
            await add_people(
                session, [person_row(WORKER_ID, "Ms Chan", Role.SOCIAL_WORKER, unit.id)]
            )
            worker_id = await session.scalar(
                select(Person.id).where(Person.telegram_user_id == WORKER_ID)
            )
            supporters = [
                person_row(
                    FIRST_ID + n,
                    f"Supporter {n}",
                    Role.SUPPORTER,
                    unit.id,
                    social_worker_id=worker_id,
                )
                for n in range(SUPPORTERS)
            ]
            await add_people(session, supporters, tip_at=lambda _: due)
            await session.commit()
    finally:
        await engine.dispose()


async def _start_bot(base_url: str, url: str, log: Path) -> asyncio.subprocess.Process:
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": base_url,
        "DATABASE_URL": url,
        "TUNGHANG_TICK_SECONDS": "0.5",
        "LOG_LEVEL": "WARNING",
    }
    with log.open("ab") as sink:
        return await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", cwd=ROOT, env=env, stdout=sink, stderr=sink
        )


def _tips(sandbox: BotApiSandbox) -> collections.Counter[int]:
    """Tips each supporter can see in their chat (what matters, whatever the bot heard)."""
    counts = collections.Counter(
        {FIRST_ID + n: len(sandbox.bot_messages(FIRST_ID + n)) for n in range(SUPPORTERS)}
    )
    return +counts


async def _until(predicate, within: float, what: str) -> None:  # type: ignore[no-untyped-def]
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while not predicate():
        assert loop.time() < deadline, f"timed out waiting for {what}"
        await asyncio.sleep(0.02)


async def _in_flight(url: str) -> tuple[int, int]:
    """(rows claimed but not recorded as sent, rows recorded as sent)."""
    engine = db.create_engine(url)
    try:
        async with db.session_factory(engine)() as session:
            claimed = await session.scalar(
                select(func.count())
                .select_from(OutboxMessage)
                .where(
                    OutboxMessage.status == OutboxStatus.PENDING,
                    OutboxMessage.claimed_until.is_not(None),
                )
            )
            sent = await session.scalar(
                select(func.count())
                .select_from(OutboxMessage)
                .where(OutboxMessage.status == OutboxStatus.SENT)
            )
            return int(claimed or 0), int(sent or 0)
    finally:
        await engine.dispose()


async def test_sigkill_mid_run_and_restart_loses_nothing(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"
    await _seed(url)
    sandbox = BotApiSandbox(token=TOKEN)
    sandbox.add_user(WORKER_ID, "Ms Chan")
    for n in range(SUPPORTERS):
        sandbox.add_user(FIRST_ID + n, f"Supporter {n}")
    sandbox.enforce_limits()
    log = tmp_path / "bot.log"
    async with SandboxServer(sandbox) as server:
        bot = await _start_bot(server.base_url, url, log)
        try:
            await _until(lambda: len(_tips(sandbox)) >= 25, 30, "the tip run to start")
            # The next send reaches Telegram but its answer never comes back: it is in
            # flight when the process dies, so it may be sent twice — at most once more.
            sandbox.faults.queue("sendMessage", "timeout", delay=4.0, applied=True)
            await _until(lambda: sandbox.stats.faults_injected == 1, 10, "the lost answer")
            await asyncio.sleep(0.2)
            bot.send_signal(signal.SIGKILL)
            await bot.wait()
        finally:
            if bot.returncode is None:
                bot.kill()
                await bot.wait()
        await asyncio.sleep(0.1)  # requests that reached the server before the kill
        delivered_before = sum(_tips(sandbox).values())
        claimed, recorded = await _in_flight(url)
        # Sends in flight at the kill: they reached Telegram, the bot never recorded them.
        in_flight = delivered_before - recorded
        assert delivered_before < SUPPORTERS, "the kill came too late to test anything"

        bot = await _start_bot(server.base_url, url, log)
        try:
            await _until(lambda: len(_tips(sandbox)) == SUPPORTERS, 30, "every tip")
            await asyncio.sleep(0.5)  # anything still on its way (there should be nothing)
        finally:
            bot.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(bot.wait(), 15)
            except TimeoutError:
                bot.kill()
                await bot.wait()

    tips = _tips(sandbox)
    duplicates = sum(tips.values()) - SUPPORTERS
    print(
        f"killed after {delivered_before} tips ({claimed} rows claimed, {in_flight} sent but "
        f"unrecorded); after the restart {len(tips)}/{SUPPORTERS} reached, "
        f"{duplicates} duplicate(s)"
    )
    assert set(tips) == {FIRST_ID + n for n in range(SUPPORTERS)}  # nobody missed out
    assert 0 < in_flight <= claimed
    assert duplicates <= in_flight, (duplicates, in_flight, recorded)
    assert max(tips.values()) <= 2
    assert sandbox.stats.rate_limited == 0, log.read_text()[-2000:]
    claimed_after, sent_after = await _in_flight(url)
    assert claimed_after == 0 and sent_after == SUPPORTERS
