"""SQLite through aiosqlite and SQLAlchemy without blocking the bot.

What people would notice if it were wrong: the bot freezing while one update waits for
SQLite's write lock, a double tap saving two entries (IntegrityError must still reach the
service), or a write that was acknowledged not being there afterwards.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from storage import db


@pytest.fixture
async def engine(tmp_path: Path):  # type: ignore[no-untyped-def]
    engine = db.create_engine(f"sqlite+aiosqlite:///{tmp_path / 'driver.db'}")
    async with engine.begin() as conn:
        await conn.execute(text("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT UNIQUE)"))
    yield engine
    await engine.dispose()


async def test_a_write_waiting_for_the_lock_does_not_freeze_the_event_loop(engine) -> None:  # type: ignore[no-untyped-def]
    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0.01)
            ticks += 1

    ticking = asyncio.create_task(ticker())
    try:
        async with engine.connect() as holder, engine.connect() as waiter:
            await holder.execute(text("INSERT INTO notes (body) VALUES ('first')"))
            # `waiter` now waits on SQLite's write lock (busy timeout) in its own thread.
            second = asyncio.create_task(
                waiter.execute(text("INSERT INTO notes (body) VALUES ('second')"))
            )
            await asyncio.sleep(0.3)
            assert not second.done()
            assert ticks >= 10  # the loop kept running other work meanwhile
            await holder.commit()
            await asyncio.wait_for(second, 5)
            await waiter.commit()
    finally:
        ticking.cancel()
    async with engine.connect() as conn:
        bodies = (await conn.scalars(text("SELECT body FROM notes ORDER BY id"))).all()
    assert bodies == ["first", "second"]


async def test_constraint_errors_reach_the_caller_and_leave_the_connection_usable(engine) -> None:  # type: ignore[no-untyped-def]
    async with engine.connect() as conn:
        await conn.execute(text("INSERT INTO notes (body) VALUES ('once')"))
        await conn.commit()
        with pytest.raises(IntegrityError):
            await conn.execute(text("INSERT INTO notes (body) VALUES ('once')"))
        await conn.rollback()
        await conn.execute(text("INSERT INTO notes (body) VALUES ('twice')"))
        await conn.commit()
    async with engine.connect() as conn:
        assert (await conn.scalar(text("SELECT count(*) FROM notes"))) == 2


async def test_rolled_back_work_is_gone_and_committed_work_stays(engine) -> None:  # type: ignore[no-untyped-def]
    async with engine.connect() as conn:
        await conn.execute(text("INSERT INTO notes (body) VALUES ('kept')"))
        await conn.commit()
        await conn.execute(text("INSERT INTO notes (body) VALUES ('dropped')"))
        await conn.rollback()
        # Reads and their (empty) commit need no transaction.
        result = await conn.execute(text("SELECT id, body FROM notes"))
        rows = result.all()
        await conn.commit()
    assert [body for _, body in rows] == ["kept"]
    async with engine.connect() as conn:
        result = await conn.execute(
            text("INSERT INTO notes (body) VALUES ('returned') RETURNING id, body")
        )
        assert result.one().body == "returned"
        updated = await conn.execute(text("UPDATE notes SET body = body || '!'"))
        assert updated.rowcount == 2
        await conn.commit()
