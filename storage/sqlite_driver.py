"""An asyncio SQLite connection that costs one thread hop per statement.

SQLAlchemy's `sqlite+aiosqlite` dialect drives SQLite through aiosqlite, which runs each
call on the connection's own thread: creating a cursor, executing, fetching the rows and
closing the cursor are four round trips between the event loop and that thread for every
statement, plus one for each COMMIT or ROLLBACK — also when the unit of work only read
and SQLite has no transaction open. Each trip wakes the event loop through its self-pipe;
at a few hundred updates a second those wake-ups were the largest single cost of handling
an update after SQLAlchemy itself (bench/handlers.py).

This connection keeps aiosqlite's model (one thread per connection, so a statement that
waits on SQLite's write lock never blocks the event loop) but does a statement's whole
execute-and-fetch in one trip, and answers COMMIT/ROLLBACK without a trip when SQLite
has no transaction open. It plugs into the same dialect through `create_async_engine`'s
documented `async_creator` hook (storage/db.py), so SQLAlchemy's SQLite behaviour, error
classes (sqlite3's, which aiosqlite re-exports) and the `sqlite+aiosqlite://` URLs stay.

Only what SQLAlchemy's aiosqlite adapter calls is implemented: `cursor()` with
execute/executemany/fetch*/close, commit, rollback, close, create_function, stop, and
`_conn`/`_tx` for its isolation-level setter.
"""

from __future__ import annotations

import asyncio
import contextlib
import queue
import sqlite3
import threading
from collections.abc import Callable, Sequence
from typing import Any

_STOP = object()


class _Worker:
    """The connection's thread: runs (future, fn) items in order, settles the futures."""

    def __init__(self) -> None:
        self.queue: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self.thread = threading.Thread(target=self._run, name="tunghang-sqlite", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while True:
            item = self.queue.get()
            if item is _STOP:
                return
            future, fn = item
            try:
                result = fn()
            except BaseException as error:  # handed to the awaiting coroutine
                if future is not None:
                    _resolve(future, None, error)
            else:
                if future is not None:
                    _resolve(future, result, None)

    def put_nowait(self, item: tuple[asyncio.Future[Any] | None, Callable[[], Any]]) -> None:
        """Queue `fn`; its outcome settles `future` (None: nobody is waiting)."""
        self.queue.put(item)

    def stop(self) -> None:
        self.queue.put(_STOP)


def _resolve(future: asyncio.Future[Any], result: Any, error: BaseException | None) -> None:
    def settle() -> None:
        if future.cancelled():
            return
        if error is not None:
            future.set_exception(error)
        else:
            future.set_result(result)

    with contextlib.suppress(RuntimeError):  # a closed loop: nobody is waiting any more
        future.get_loop().call_soon_threadsafe(settle)


class Connection:
    """What SQLAlchemy's aiosqlite adapter expects of an aiosqlite connection."""

    def __init__(self, conn: sqlite3.Connection, worker: _Worker) -> None:
        self._conn: sqlite3.Connection | None = conn
        self._worker = worker

    @property
    def _connection(self) -> sqlite3.Connection | None:  # the adapter checks it is open
        return self._conn

    @property
    def _tx(self) -> _Worker:  # used by the adapter's isolation_level setter
        return self._worker

    async def _call(self, fn: Callable[[], Any]) -> Any:
        if self._conn is None:
            raise ValueError("no active connection")
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._worker.put_nowait((future, fn))
        return await future

    @property
    def isolation_level(self) -> str | None:
        return self._conn.isolation_level if self._conn is not None else None

    def cursor(self) -> Cursor:
        return Cursor(self)

    async def commit(self) -> None:
        # Nothing open (a unit of work that only read): nothing to send to the thread.
        # Safe to read here: the adapter never uses a connection for two things at once.
        if self._conn is not None and self._conn.in_transaction:
            await self._call(self._conn.commit)

    async def rollback(self) -> None:
        if self._conn is not None and self._conn.in_transaction:
            await self._call(self._conn.rollback)

    async def create_function(self, *args: Any, **kwargs: Any) -> None:
        conn = self._conn
        assert conn is not None
        await self._call(lambda: conn.create_function(*args, **kwargs))

    async def close(self) -> None:
        conn = self._conn
        if conn is None:
            return
        try:
            await self._call(conn.close)
        finally:
            self._conn = None
            self._worker.stop()

    def stop(self) -> None:
        """Abandon the connection without waiting (SQLAlchemy's terminate, e.g. from gc)."""
        conn, self._conn = self._conn, None
        if conn is not None:
            self._worker.put_nowait((None, conn.close))
        self._worker.stop()


class Cursor:
    """A statement's results, fetched in the same trip as its execution."""

    arraysize = 1

    def __init__(self, connection: Connection) -> None:
        self._connection = connection
        self.description: Any = None
        self.rowcount = -1
        self.lastrowid: int | None = None
        self._rows: list[Any] = []
        self._next = 0

    async def __aenter__(self) -> Cursor:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def execute(self, sql: str, parameters: Sequence[Any] | None = None) -> Cursor:
        return await self._run(lambda conn: conn.execute(sql, parameters or ()))

    async def executemany(self, sql: str, seq_of_parameters: Any) -> Cursor:
        return await self._run(lambda conn: conn.executemany(sql, seq_of_parameters))

    async def _run(self, start: Callable[[sqlite3.Connection], sqlite3.Cursor]) -> Cursor:
        """Execute and fetch everything in one trip to the connection's thread."""
        conn = self._connection._conn
        if conn is None:
            raise ValueError("no active connection")

        def run() -> tuple[Any, int, int | None, list[Any]]:
            cursor = start(conn)
            try:
                description = cursor.description
                rows = cursor.fetchall() if description else []
                return description, cursor.rowcount, cursor.lastrowid, rows
            finally:
                cursor.close()

        self.description, self.rowcount, self.lastrowid, self._rows = await self._connection._call(
            run
        )
        self._next = 0
        return self

    async def fetchone(self) -> Any:
        if self._next >= len(self._rows):
            return None
        row = self._rows[self._next]
        self._next += 1
        return row

    async def fetchmany(self, size: int | None = None) -> list[Any]:
        size = self.arraysize if size is None else size
        rows = self._rows[self._next : self._next + size]
        self._next += len(rows)
        return rows

    async def fetchall(self) -> list[Any]:
        rows = self._rows[self._next :]
        self._next = len(self._rows)
        return rows

    async def close(self) -> None:
        self._rows = []

    def __aiter__(self) -> Cursor:
        return self

    async def __anext__(self) -> Any:
        row = await self.fetchone()
        if row is None:
            raise StopAsyncIteration
        return row


def creator(args: Sequence[Any], kwargs: dict[str, Any]) -> Callable[[], Any]:
    """The `async_creator` for `create_async_engine`: a new connection on its own thread,
    opened with `sqlite3.connect(*args, **kwargs)` (the dialect's connect arguments)."""

    async def connect() -> Connection:
        worker = _Worker()
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()

        def open_() -> sqlite3.Connection:
            # check_same_thread=False: only `in_transaction` is read from the event loop's
            # thread, and only while no statement is running (see Connection.commit).
            return sqlite3.connect(*args, **{**kwargs, "check_same_thread": False})

        worker.put_nowait((future, open_))
        try:
            conn = await future
        except BaseException:
            worker.stop()
            raise
        return Connection(conn, worker)

    return connect
