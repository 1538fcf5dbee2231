"""Engine, sessions and migrations: the one place that knows how we reach the database."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import event, inspect, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection, CursorResult, Result
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from storage.models import Person

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# A unit of work holds a connection only while it reads and writes: with_turn commits and
# closes before anything is sent (bot/context.py), so the up to 64 updates handled at once
# (bot/updates.py) share far fewer connections. SQLAlchemy's default pool (5 + 10 overflow)
# once made bursts queue, when connections were held over Telegram calls. Each SQLite
# connection is a thread with its own page cache: 8 + 32 kept 5 MiB more resident after a
# burst than 8 + 8, for the same throughput (bench/handlers.py, runs within ±20% noise).
# PostgreSQL keeps the defaults: each connection is a server process there, and several bot
# processes share its limit.
SQLITE_POOL = {"pool_size": 8, "max_overflow": 8}
# Pages cached per connection (KiB, as SQLite's negative cache_size): the default 2,000 KiB
# each, over 16 connections, is more than the whole database of a centre; 512 kept 2 MiB less
# resident after a burst, the OS file cache holding the rest.
SQLITE_CACHE_KIB = 512


def create_engine(database_url: str, **kwargs: Any) -> AsyncEngine:
    """An async engine; SQLite gets WAL, foreign keys and a busy timeout.

    hide_parameters: a database error's message never quotes the values (what people
    typed), so a traceback that reaches a log carries none of it."""
    kwargs.setdefault("hide_parameters", True)
    if database_url.startswith("sqlite"):
        if ":memory:" not in database_url:
            kwargs = {**SQLITE_POOL, **kwargs}
        # aiosqlite as published: one thread per connection; the 30-s busy timeout lets a
        # writer wait for SQLite's lock without failing (the wait does not block the loop).
        kwargs.setdefault("connect_args", {"timeout": 30})
        engine = create_async_engine(database_url, **kwargs)
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    return create_async_engine(database_url, **kwargs)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
    cursor.close()


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


# Alembic is imported only when there is migrating to do: importing it (with Mako and
# Pygments behind it) costs the bot ~10 MiB it would keep for good, and on an ordinary start
# the database is already at the head revision, which one query and the migration files'
# own `revision` lines can tell.


def alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def _upgrade(connection: Connection, revision: str) -> None:
    from alembic import command

    cfg = alembic_config()
    cfg.attributes["connection"] = connection
    command.upgrade(cfg, revision)


def _downgrade(connection: Connection, revision: str) -> None:
    from alembic import command

    cfg = alembic_config()
    cfg.attributes["connection"] = connection
    command.downgrade(cfg, revision)


async def upgrade(engine: AsyncEngine, revision: str = "head") -> None:
    """Apply Alembic migrations up to `revision` (the app does this on start)."""
    if revision == "head" and await _at_head(engine):
        return
    async with engine.begin() as conn:
        await conn.run_sync(_upgrade, revision)


async def downgrade(engine: AsyncEngine, revision: str) -> None:
    async with engine.begin() as conn:
        await conn.run_sync(_downgrade, revision)


def head_from_files() -> str | None:
    """The head revision read from the migration files' `revision` / `down_revision` lines
    (None unless there is exactly one head; Alembic itself then decides)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            target = node.targets[0] if isinstance(node, ast.Assign) else None
            if isinstance(node, ast.AnnAssign):
                target = node.target
            value = getattr(node, "value", None)
            if not isinstance(target, ast.Name) or value is None:
                continue
            found = ast.literal_eval(value)
            if target.id == "revision":
                revisions.add(found)
            elif target.id == "down_revision" and found is not None:
                parents.update(found if isinstance(found, tuple | list) else [found])
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


async def _at_head(engine: AsyncEngine) -> bool:
    head = head_from_files()
    if head is None:
        return False
    try:
        async with engine.connect() as conn:
            current = (await conn.execute(text("SELECT version_num FROM alembic_version"))).all()
    except Exception:  # no version table yet (a new database): migrate
        return False
    return [row[0] for row in current] == [head]


def _current(connection: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()


async def current_revision(engine: AsyncEngine) -> str | None:
    async with engine.connect() as conn:
        return await conn.run_sync(_current)


def head_revision() -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def dialect_insert(session: AsyncSession) -> Any:
    """The `insert` construct of the session's database, for ON CONFLICT … DO NOTHING."""
    dialect = session.bind.dialect.name if session.bind is not None else "sqlite"
    return pg_insert if dialect == "postgresql" else sqlite_insert


# Ids from button data are checked like typed input: a forged id beyond the column's range
# would crash the driver (OverflowError on SQLite, DataError on PostgreSQL) instead of
# simply not being found.
MAX_ID = 2**31 - 1


async def get_by_id(session: AsyncSession, model: type[Any], ident: int) -> Any:
    """`session.get` for an id that came from outside: out of range means not found."""
    if not 0 < ident <= MAX_ID:
        return None
    return await session.get(model, ident)


async def social_worker_of(session: AsyncSession, person: Person) -> Person | None:
    """The person's social worker: `Person.social_worker` when it was loaded with them (the
    speaker's is, see `bot.services.states.speaker`) and still matches the id, else one look-up
    by id (free when the worker is already in the session)."""
    if person.social_worker_id is None:
        return None
    if "social_worker" not in inspect(person).unloaded:
        worker = person.social_worker
        if worker is not None and worker.id == person.social_worker_id:
            return worker
    return await session.get(Person, person.social_worker_id)


def rows_affected(result: Result[Any]) -> int:
    """How many rows an UPDATE or DELETE touched.

    execute() is typed as returning a plain Result; for a DML statement it is a CursorResult,
    the only kind that carries rowcount.
    """
    return int(cast(CursorResult[Any], result).rowcount or 0)
