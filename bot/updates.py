"""Updates from different people are handled at once; one person's updates stay in order.

PTB handles one update at a time by default, so while one reply waits on Telegram (tens
of milliseconds) nobody else is answered: at 50 ms a call that is at most ~20 updates a
second however fast the handlers are (bench/handlers.py). PTB's `concurrent_updates(True)`
lifts that but runs everything at once, including two taps of the same person — whose
order matters (a flow step, then the next; ✅ Save, then ✏️ Change).

`PerPersonUpdateProcessor` runs up to `max_concurrent_updates` updates at a time, and
updates of the same user (or, without a user, the same chat) one after the other, in the
order Telegram delivered them. Installed by bot/app.py::

    ApplicationBuilder().concurrent_updates(PerPersonUpdateProcessor(64))

Each update holds a database connection while it is handled (bot/context.py), so the
engine's pool is sized to match (storage/db.py).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

__all__ = ["DEFAULT_CONCURRENCY", "PerPersonUpdateProcessor"]

DEFAULT_CONCURRENCY = 64


def _key(update: object) -> object:
    if isinstance(update, Update):
        if update.effective_user is not None:
            return ("user", update.effective_user.id)
        if update.effective_chat is not None:
            return ("chat", update.effective_chat.id)
    return None  # not a Telegram update (e.g. put on the queue by a test): no ordering


class PerPersonUpdateProcessor(BaseUpdateProcessor):
    """See the module docstring."""

    __slots__ = ("_locks", "_running", "max_in_flight")

    def __init__(self, max_concurrent_updates: int = DEFAULT_CONCURRENCY) -> None:
        super().__init__(max_concurrent_updates)
        self._locks: dict[object, tuple[asyncio.Lock, int]] = {}
        self._running = 0
        self.max_in_flight = 0  # the most updates handled at once (for benchmarks)

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = _key(update)
        if key is None:
            await self._run(coroutine)
            return
        lock, users = self._locks.get(key, (None, 0))
        if lock is None:
            lock = asyncio.Lock()  # FIFO: waiters get it in the order they asked
        self._locks[key] = (lock, users + 1)
        try:
            async with lock:
                await self._run(coroutine)
        finally:
            lock, users = self._locks[key]
            if users <= 1:
                del self._locks[key]
            else:
                self._locks[key] = (lock, users - 1)

    async def _run(self, coroutine: Awaitable[Any]) -> None:
        self._running += 1
        self.max_in_flight = max(self.max_in_flight, self._running)
        try:
            await coroutine
        finally:
            self._running -= 1

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""
