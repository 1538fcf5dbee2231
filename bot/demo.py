"""`tunghang demo`: the real bot, polling a local Bot API stand-in, chatted with in a terminal."""

from __future__ import annotations

import asyncio
import datetime as dt
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

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
BANNER = """\
Tung Hang 同行 demo — the real bot, on a local stand-in for Telegram.
You are "you", a peer supporter. Type messages; press a button by its number or [Label];
switch persona with @sw (social worker), @mentor (a senior supporter) or @you; /quit to leave.
"""


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
        server = SandboxServer(sandbox)
        await server.start()
        settings = Settings(
            token=DEMO_TOKEN,
            database_url=f"sqlite+aiosqlite:///{path}",
            api_base_url=server.base_url,
        )
        code = await _seed(settings)
        app = build_application(settings)
        personas = {"you": SUPPORTER_ID, "sw": SOCIAL_WORKER_ID, "mentor": MENTOR_ID}
        chat = TerminalChat(sandbox, personas=personas, current="you")
        try:
            async with app:
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


async def _read_line(prompt: str = "> ") -> str | None:
    """One line from the terminal without blocking the bot's event loop; None at EOF."""
    try:
        return await asyncio.to_thread(input, prompt)
    except EOFError:
        return None
