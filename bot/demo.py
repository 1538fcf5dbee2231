"""`tunghang demo`: the real bot, polling a local Bot API stand-in, chatted with in a terminal."""

from __future__ import annotations

import asyncio
import datetime as dt
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bot import jobs
from bot.app import build_application
from bot.config import Settings
from bot.logging_setup import configure_logging
from bot.sandbox.server import SandboxServer
from bot.sandbox.state import BotApiSandbox
from bot.sandbox.terminal import TerminalChat
from bot.services import people
from storage import db
from storage.models import Role

DEMO_TOKEN = "100000001:TUNGHANG-DEMO-TOKEN"
DEMO_BOT = "TungHangDemoBot"
SUPPORTER_ID = 2001
SOCIAL_WORKER_ID = 1001
MENTOR_ID = 2002  # a senior supporter who opted in to answer fellow supporters' questions
BACKUP_ID = 1002  # the unit's backup social worker: the second rung of the alert ladder
BANNER = """\
Tung Hang 同行 demo — the real bot, on a local stand-in for Telegram.
You are "you", a peer supporter. Type messages; press a button by its number or [Label];
switch persona with @sw (social worker), @backup (her backup), @mentor (a senior supporter)
or @you; "advance 1d" moves the demo clock on (tips, alert ladders, time-outs follow it),
"wait 3s" lets real time pass; /quit to leave.
"""


class DemoClock:
    """The wall clock plus however far the script moved it on (`advance 10m`). The bot's
    scheduled work — the tick, the outbox, flag timers, peer time-outs — reads this clock."""

    def __init__(self) -> None:
        self.offset = dt.timedelta(0)

    def __call__(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC) + self.offset

    def advance(self, seconds: float) -> None:
        self.offset += dt.timedelta(seconds=seconds)


async def _seed(settings: Settings) -> str:
    """A demo unit, a registered social worker, and an invite code for the supporter."""
    engine = db.create_engine(settings.database_url)
    try:
        await db.upgrade(engine)
        async with db.session_factory(engine)() as session:
            now = dt.datetime.now(dt.UTC)
            unit = await people.add_unit(
                session,
                name_en="Demo Centre",
                name_yue="示範中心",
                district="Sham Shui Po",
                planned_hours=16,
            )
            staff_invite = await people.create_invite(
                session, role=Role.SOCIAL_WORKER, unit_id=unit.id, now=now, days_valid=14
            )
            worker = await people.redeem_invite(
                session,
                staff_invite.code,
                people.TelegramIdentity(SOCIAL_WORKER_ID, "Ms Chan", None, "ms_chan_sw"),
                now,
            )
            backup_invite = await people.create_invite(
                session, role=Role.SOCIAL_WORKER, unit_id=unit.id, now=now, days_valid=14
            )
            backup = await people.redeem_invite(
                session,
                backup_invite.code,
                people.TelegramIdentity(BACKUP_ID, "Mr Ho", None, "mr_ho_sw"),
                now,
            )
            unit.backup_social_worker_id = backup.id
            supporter_invite = await people.create_invite(
                session,
                role=Role.SUPPORTER,
                unit_id=unit.id,
                social_worker_id=worker.id,
                now=now,
                days_valid=14,
            )
            await _seed_mentor(session, unit.id, worker.id, now)
            await session.commit()
            return supporter_invite.code
    finally:
        await engine.dispose()


async def _seed_mentor(session: Any, unit_id: int, worker_id: int, now: dt.datetime) -> None:
    """Ah Kam, a senior supporter of the demo centre who answers fellow supporters."""
    from bot.services import peer

    invite = await people.create_invite(
        session,
        role=Role.SUPPORTER,
        unit_id=unit_id,
        social_worker_id=worker_id,
        now=now,
        days_valid=14,
    )
    mentor = await people.redeem_invite(
        session, invite.code, people.TelegramIdentity(MENTOR_ID, "Ah Kam", None, "ah_kam"), now
    )
    await peer.set_mentor(session, mentor, True, mentor, now)


async def run_demo(*, script: Sequence[str] | None = None, db_path: Path | None = None) -> int:
    configure_logging("WARNING", DEMO_TOKEN)
    with tempfile.TemporaryDirectory(prefix="tunghang-demo-") as tmp:
        path = db_path or Path(tmp) / "demo.db"
        sandbox = BotApiSandbox(token=DEMO_TOKEN, bot_username=DEMO_BOT)
        sandbox.add_user(SUPPORTER_ID, "Siu Fong", username="siu_fong", language_code="en")
        sandbox.add_user(SOCIAL_WORKER_ID, "Ms Chan", username="ms_chan_sw", language_code="en")
        sandbox.add_user(MENTOR_ID, "Ah Kam", username="ah_kam", language_code="en")
        sandbox.add_user(BACKUP_ID, "Mr Ho", username="mr_ho_sw", language_code="en")
        server = SandboxServer(sandbox)
        await server.start()
        settings = Settings(
            token=DEMO_TOKEN,
            database_url=f"sqlite+aiosqlite:///{path}",
            api_base_url=server.base_url,
        )
        code = await _seed(settings)
        clock = DemoClock()
        app = build_application(settings, clock=clock)
        services = app.bot_data["services"]
        dispatcher = app.bot_data["dispatcher"]

        async def advance(seconds: float) -> str:
            """Move the demo clock on, run what fell due, send it (as the tick would)."""
            # First what is due before the jump (a new supporter's first tip time is set by
            # the tick), so the jump passes every time that falls inside it.
            await jobs.run_due_work(services, app.bot_data["due_work"])
            clock.advance(seconds)
            await jobs.run_due_work(services, app.bot_data["due_work"])
            await dispatcher.drain()
            local = clock().astimezone(settings.tz)
            return f"demo clock now {local:%a %d %b %H:%M} ({settings.timezone})"

        personas = {
            "you": SUPPORTER_ID,
            "sw": SOCIAL_WORKER_ID,
            "backup": BACKUP_ID,
            "mentor": MENTOR_ID,
        }
        chat = TerminalChat(
            sandbox, personas=personas, current="you", advance=advance, flush=dispatcher.drain
        )
        try:
            async with app:
                # build_app always sets post_init/post_shutdown and an updater; PTB types
                # them as optional, hence the ignores in this block.
                await app.post_init(app)  # type: ignore[misc]
                await app.start()
                await app.updater.start_polling(poll_interval=0.0, timeout=1)  # type: ignore[union-attr]
                opening = [f"/start {code}"]
                if script is not None:
                    await chat.run_script([*opening, *script])  # prints as it goes
                else:
                    print(BANNER)
                    await chat.run_script(opening)
                    await chat.run_interactive(_read_line)
                await app.updater.stop()  # type: ignore[union-attr]
                await app.stop()
                await app.post_shutdown(app)  # type: ignore[misc]
        finally:
            await server.stop()
    return 0


async def _read_line(prompt: str = "> ") -> str:
    """One line from the terminal without blocking the bot's event loop.

    At end of input the EOFError reaches run_interactive, which ends the session.
    """
    return await asyncio.to_thread(input, prompt)
