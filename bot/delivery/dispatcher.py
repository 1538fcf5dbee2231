"""The dispatcher: a long-running task that sends due outbox rows and records the outcome.

- Claims due rows in lane order (alerts first) with a lease (see `outbox.claim`), a few at
  a time, so the send budget decides the pace, not the size of the backlog. Alerts and
  replies have their own worker slots, so a tip backlog never holds them up.
- Sends through the bot, whose shared rate limiter (bot/delivery/ratelimit.py) keeps the
  bot within Telegram's limits and puts interactive replies and alerts first.
- Records each outcome in its own transaction with the feature's hooks:
  sent → status, sent_at, telegram_message_id;
  429 (after the limiter's own retries) → due again after retry_after;
  network error, 5xx, timeout → due again with exponential backoff (and jitter), given up
  after MAX_ATTEMPTS; 403 → the person is marked unreachable, their social worker is told
  once, and nothing more is sent to them; 400 → failed (Telegram refused this message).
- Woken at once when a row is committed in this process, by the tick, or after
  `poll_seconds` (rows written by other processes).
- A process that dies mid-send leaves its claimed rows leased; they are claimed again
  when the lease ends (PostgreSQL) or at the next start (SQLite: one process, so every
  lease at start-up is stale). A send in flight at the crash may therefore go out twice;
  a claimed row is never lost.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import os
import random
import socket
import uuid
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, Forbidden, RetryAfter, TelegramError
from telegram.ext import ExtBot

from bot.delivery import outbox, reachability
from bot.delivery.lanes import Lane, Outgoing
from bot.i18n import Catalogs
from storage.models import Person

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 12
FOREGROUND = (int(Lane.ALERT), int(Lane.REPLY))
BACKGROUND = (int(Lane.CHECKIN), int(Lane.TIP))
ALL_LANES = (int(Lane.ALERT), int(Lane.TIP))


class Dispatcher:
    """See the module docstring. `start()` in post_init, `stop()` in post_shutdown."""

    def __init__(
        self,
        # An ExtBot: its sends take `rate_limit_args` (an Outgoing when priority_args, for
        # the SharedRateLimiter; None for any other limiter), which a plain Bot's do not.
        bot: ExtBot[Any],
        sessions: async_sessionmaker[AsyncSession],
        *,
        clock: Callable[[], dt.datetime],
        catalogs: Catalogs,
        foreground_slots: int = 8,
        background_slots: int = 48,
        lease: dt.timedelta = dt.timedelta(minutes=2),
        poll_seconds: float = 1.0,
        priority_args: bool = True,
        release_on_start: bool | None = None,
        max_attempts: int = MAX_ATTEMPTS,
        retry_base: float = 2.0,
        retry_cap: float = 300.0,
        owner: str | None = None,
    ) -> None:
        self._bot = bot
        self._sessions = sessions
        self._clock = clock
        self._catalogs = catalogs
        self._slots = {FOREGROUND: foreground_slots, BACKGROUND: background_slots}
        self._lease = lease
        self._poll = poll_seconds
        self._priority_args = priority_args
        self._release_on_start = release_on_start
        self._max_attempts = max_attempts
        self._retry_base = retry_base
        self._retry_cap = retry_cap
        self.owner = owner or f"{socket.gethostname()[:30]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self._inflight: dict[tuple[int, int], set[asyncio.Task[None]]] = {
            FOREGROUND: set(),
            BACKGROUND: set(),
        }
        self._event = asyncio.Event()
        # One send at a time per chat: a later row for the same chat waits for the earlier
        # one's outcome (and is dropped if that was a 403).
        self._chat_tail: dict[int, asyncio.Task[None]] = {}
        self._claim_lock = asyncio.Lock()
        self._task: asyncio.Task[None] | None = None
        self._stopping = False
        self.sent = 0
        self.failed = 0
        self.retried = 0

    # ------------------------------------------------------------------ lifecycle

    def wake(self) -> None:
        """Something was enqueued (or the tick ran): look for due rows now."""
        self._event.set()

    async def start(self) -> None:
        """Release stale leases if this is the only process (SQLite), then run."""
        if self._task is not None:
            return
        release = self._release_on_start
        if release is None:
            bind = self._sessions.kw.get("bind")
            release = bind is not None and bind.dialect.name == "sqlite"
        if release:
            async with self._sessions() as session:
                released = await outbox.release_claims(session, self._clock())
                await session.commit()
            if released:
                log.info("resuming %d outbox message(s) claimed before a restart", released)
        self._stopping = False
        self._task = asyncio.get_running_loop().create_task(self._run(), name="outbox-dispatcher")

    async def stop(self, grace: float = 5.0) -> None:
        """Stop claiming, let sends in flight finish (up to `grace` s), cancel the rest."""
        self._stopping = True
        self._event.set()
        if self._task is not None:
            task, self._task = self._task, None
            await task
        pending = self._all_inflight()
        if pending:
            _, late = await asyncio.wait(pending, timeout=grace)
            for task in late:
                task.cancel()
            await asyncio.gather(*late, return_exceptions=True)

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    async def drain(self) -> int:
        """Send everything that is due now, wait for the outcomes, return how many rows were
        handled. The background loop may run alongside. For tests and tools."""
        handled = 0
        while True:
            async with self._claim_lock:
                claimed = await self._claim(ALL_LANES, 64)
                for row in claimed:
                    self._spawn(row, FOREGROUND if row.lane <= Lane.REPLY else BACKGROUND)
            handled += len(claimed)
            pending = self._all_inflight()
            if not claimed and not pending:
                return handled
            if pending:
                await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)

    # ------------------------------------------------------------------ loop

    async def _run(self) -> None:
        while not self._stopping:
            self._event.clear()
            try:
                claimed = await self._fill()
            except Exception as error:  # the database may be briefly unreachable
                log.warning("outbox claim failed: %s", type(error).__name__)
                claimed = 0
            if self._stopping:
                break
            if claimed and self._free(FOREGROUND) and self._free(BACKGROUND):
                continue  # more may be due
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._event.wait(), self._poll)

    async def _fill(self) -> int:
        claimed = 0
        async with self._claim_lock:
            for lanes in (FOREGROUND, BACKGROUND):
                free = self._free(lanes)
                # Background rows are claimed in batches, foreground ones as soon as a slot frees.
                if lanes == BACKGROUND and free < max(1, self._slots[lanes] // 4):
                    continue
                if free <= 0:
                    continue
                rows = await self._claim(lanes, free)
                for row in rows:
                    self._spawn(row, lanes)
                claimed += len(rows)
        return claimed

    def _free(self, lanes: tuple[int, int]) -> int:
        return self._slots[lanes] - len(self._inflight[lanes])

    def _all_inflight(self) -> set[asyncio.Task[None]]:
        return self._inflight[FOREGROUND] | self._inflight[BACKGROUND]

    def _spawn(self, row: outbox.Claimed, lanes: tuple[int, int]) -> None:
        before = self._chat_tail.get(row.chat_id)
        task = asyncio.get_running_loop().create_task(
            self._deliver_after(before, row), name=f"outbox-{row.id}"
        )
        self._inflight[lanes].add(task)
        self._chat_tail[row.chat_id] = task

        def done(finished: asyncio.Task[None]) -> None:
            self._inflight[lanes].discard(finished)
            if self._chat_tail.get(row.chat_id) is finished:
                del self._chat_tail[row.chat_id]
            if lanes == FOREGROUND or self._free(lanes) >= max(1, self._slots[lanes] // 4):
                self._event.set()

        task.add_done_callback(done)

    async def _claim(self, lanes: tuple[int, int], limit: int) -> list[outbox.Claimed]:
        """Lease due rows; rows for people we must not message fail at once."""
        now = self._clock()
        async with self._sessions() as session:
            rows = await outbox.claim(
                session, now=now, lanes=lanes, limit=limit, owner=self.owner, lease=self._lease
            )
            await session.commit()
        if not rows:
            return []
        blocked = await self._unreachable_people({r.person_id for r in rows if r.person_id})
        if blocked:
            for row in rows:
                if row.person_id in blocked:
                    await self._record_failed(row, outbox.UNREACHABLE, "unreachable")
            rows = [r for r in rows if r.person_id not in blocked]
        return rows

    async def _unreachable_people(self, ids: set[int]) -> set[int]:
        if not ids:
            return set()
        async with self._sessions() as session:
            found = await session.execute(
                select(Person.id).where(Person.id.in_(ids), ~Person.reachable)
            )
            return set(found.scalars())

    # ------------------------------------------------------------------ one send

    async def _deliver_after(self, before: asyncio.Task[None] | None, row: outbox.Claimed) -> None:
        if before is not None:
            await asyncio.wait([before])
            if row.person_id is not None and await self._unreachable_people({row.person_id}):
                await self._record_failed(row, outbox.UNREACHABLE, "unreachable")
                return
        await self._deliver(row)

    async def _deliver(self, row: outbox.Claimed) -> None:
        edit_id = (row.meta or {}).get("edit_message_id")
        try:
            if edit_id:  # a correction of a message already sent (e.g. an erasure)
                await self._bot.edit_message_text(
                    chat_id=row.chat_id,
                    message_id=int(edit_id),
                    text=row.text,
                    reply_markup=_keyboard(row.buttons),
                    rate_limit_args=Outgoing(row.lane) if self._priority_args else None,
                )
                message_id = int(edit_id)
            else:
                message = await self._bot.send_message(
                    chat_id=row.chat_id,
                    text=row.text,
                    parse_mode=row.parse_mode,
                    reply_markup=_keyboard(row.buttons),
                    rate_limit_args=Outgoing(row.lane) if self._priority_args else None,
                )
                message_id = message.message_id
        except RetryAfter as error:
            seconds = error.retry_after
            wait = seconds.total_seconds() if isinstance(seconds, dt.timedelta) else seconds
            await self._retry(row, wait, "RetryAfter")
        except Forbidden:
            await self._unreachable(row)
        except BadRequest as error:
            log.warning("outbox %s (%s) refused by Telegram: BadRequest", row.id, row.kind)
            await self._record_failed(row, outbox.REJECTED, _short(error))
        except TelegramError as error:  # NetworkError, TimedOut, 5xx, InvalidToken…
            await self._retry(row, self._backoff(row.attempts), type(error).__name__)
        except asyncio.CancelledError:
            raise
        except Exception as error:
            log.error("outbox %s: unexpected %s while sending", row.id, type(error).__name__)
            await self._retry(row, self._backoff(row.attempts), type(error).__name__)
        else:
            await self._record(lambda s, now: outbox.mark_sent(s, row, now, message_id))
            self.sent += 1
            await self._delete_replaced(row)

    async def _delete_replaced(self, row: outbox.Claimed) -> None:
        """meta["replaces"]: earlier messages this one stands in for (a reminder replacing the
        previous alert), deleted once it is out — best effort, the new message stands anyway."""
        for message_id in (row.meta or {}).get("replaces") or ():
            try:
                await self._bot.delete_message(chat_id=row.chat_id, message_id=int(message_id))
            except TelegramError as error:  # too old (48 h) or already gone
                log.info(
                    "outbox %s: could not delete a replaced message: %s", row.id, _short(error)
                )

    def _backoff(self, attempts: int) -> float:
        delay = min(self._retry_cap, self._retry_base * 2 ** max(0, attempts - 1))
        return delay * random.uniform(0.8, 1.2)

    async def _retry(self, row: outbox.Claimed, wait: float, error: str) -> None:
        if row.attempts >= self._max_attempts:
            log.warning("outbox %s (%s) given up after %d attempts", row.id, row.kind, row.attempts)
            await self._record_failed(row, outbox.GAVE_UP, f"gave_up:{error}")
            return
        self.retried += 1

        async def reschedule(session: AsyncSession, now: dt.datetime) -> None:
            due = now + dt.timedelta(seconds=wait)
            await outbox.reschedule(session, row, now, due, error)

        await self._record(reschedule)

    async def _unreachable(self, row: outbox.Claimed) -> None:
        async def record(session: AsyncSession, now: dt.datetime) -> None:
            if row.person_id is not None:
                await reachability.mark_unreachable(session, row.person_id, now, self._catalogs)
            await outbox.mark_failed(session, row, now, outbox.UNREACHABLE, "Forbidden")

        await self._record(record)
        self.failed += 1

    async def _record_failed(self, row: outbox.Claimed, outcome: str, error: str) -> None:
        await self._record(lambda s, now: outbox.mark_failed(s, row, now, outcome, error))
        self.failed += 1

    async def _record(self, write: Callable[[AsyncSession, dt.datetime], Any]) -> None:
        """Run `write` in its own transaction, retrying briefly if the database hiccups
        (if it stays down, the lease brings the row back: at worst a duplicate)."""
        for attempt in range(3):
            try:
                async with self._sessions() as session:
                    await write(session, self._clock())
                    await outbox.commit(session)  # a hook may have queued the next message
                return
            except Exception as error:
                log.warning("could not record an outbox outcome: %s", type(error).__name__)
                if attempt == 2:
                    return
                await asyncio.sleep(0.2 * (attempt + 1))


def _keyboard(buttons: Sequence[Sequence[Sequence[str]]] | None) -> InlineKeyboardMarkup | None:
    if not buttons:
        return None
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(label, callback_data=data) for label, data in row]
            for row in buttons
        ]
    )


def _short(error: TelegramError) -> str:
    """A short, text-free code for Telegram's refusal (its message can quote our text)."""
    message = error.message.lower()
    for code in ("chat not found", "message is too long", "can't parse entities", "button"):
        if code in message:
            return f"BadRequest:{code.replace(' ', '_')}"
    return "BadRequest"
