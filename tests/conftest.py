"""Shared fixtures: a migrated database (SQLite or PostgreSQL) and the real bot on a sandbox.

The suite runs against SQLite by default. Set TUNGHANG_TEST_DATABASE_URL to a
postgresql+asyncpg:// URL to run the same tests against PostgreSQL.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import text

from bot.config import Settings
from bot.i18n import Catalogs
from bot.library import Library, load_library
from storage import db
from tests.harness import FakeClock, Harness, start_harness

PG_URL = os.environ.get("TUNGHANG_TEST_DATABASE_URL", "").strip()
TOKEN = "123456:SANDBOX-token"


def _run(coro):  # type: ignore[no-untyped-def]
    return asyncio.run(coro)


async def _migrate(url: str, *, reset_postgres: bool) -> None:
    engine = db.create_engine(url)
    try:
        if reset_postgres:
            async with engine.begin() as conn:
                await conn.execute(text("DROP SCHEMA public CASCADE"))
                await conn.execute(text("CREATE SCHEMA public"))
        await db.upgrade(engine)
    finally:
        await engine.dispose()


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> str:
    """Run the real migrations once per session; tests get a copy (SQLite) or a wipe (PG)."""
    if PG_URL:
        _run(_migrate(PG_URL, reset_postgres=True))
        return PG_URL
    path = tmp_path_factory.mktemp("template") / "template.db"
    _run(_migrate(f"sqlite+aiosqlite:///{path}", reset_postgres=False))
    return str(path)


async def _truncate_all(url: str) -> None:
    engine = db.create_engine(url)
    try:
        async with engine.begin() as conn:
            tables = (
                (
                    await conn.execute(
                        text(
                            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                            "AND tablename <> 'alembic_version'"
                        )
                    )
                )
                .scalars()
                .all()
            )
            if tables:
                await conn.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
    finally:
        await engine.dispose()


@pytest.fixture
async def database_url(migrated_template: str, tmp_path: Path) -> str:
    """A migrated, empty database for one test."""
    if PG_URL:
        await _truncate_all(PG_URL)
        return PG_URL
    path = tmp_path / "tunghang.db"
    shutil.copyfile(migrated_template, path)
    return f"sqlite+aiosqlite:///{path}"


@pytest.fixture(scope="session")
def library() -> Library:
    return load_library()


@pytest.fixture(scope="session")
def catalogs() -> Catalogs:
    return Catalogs.load()


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings.from_env({"TELEGRAM_BOT_TOKEN": TOKEN, "DATABASE_URL": database_url})


@pytest.fixture
def clock() -> FakeClock:
    # A Thursday morning in Hong Kong (01:30 UTC = 09:30 HKT).
    return FakeClock(dt.datetime(2026, 11, 26, 1, 30, tzinfo=dt.UTC))


@pytest.fixture
async def bot(
    settings: Settings, clock: FakeClock, library: Library, catalogs: Catalogs
) -> AsyncIterator[Harness]:
    """The real Application, with every handler, talking to an in-process sandbox."""
    async with start_harness(settings, clock, library, catalogs) as harness:
        yield harness
