"""The outbox: every message the bot sends on its own initiative is a row here first.

Writing one (in the same transaction as whatever caused it)::

    from bot.delivery import outbox
    from bot.delivery.lanes import Lane

    queued = await outbox.enqueue(
        session,
        dedupe_key=f"alert:{flag.id}:level:1",   # unique per message owed; twice -> one row
        chat_id=worker.telegram_user_id,
        person_id=worker.id,
        lane=Lane.ALERT,
        kind="alert",                            # selects the hooks below
        text=text, parse_mode=None,              # in the recipient's language:
                                                 # catalogs.for_person(worker).gettext(…)
        buttons=[[("✅ I'm on it", f"esc:ack:{flag.id}")]],
        due_at=now,                              # may be in the future
        meta={"flag_id": flag.id, "level": 1},   # handed back to the hooks
    )
    await outbox.commit(session)                 # commits, then wakes the dispatcher

Every `kind` must reach a Cantonese speaker in Cantonese: tests/integration/test_languages.py
finds the kinds in the source and fails until a step there produces a new one.

`enqueue` returns `Enqueued(id, created)`; `created` is False when the dedupe key already
existed (nothing was changed). `enqueue_many(session, [NewMessage(...), ...])` is the bulk
form (the daily tip run uses it). `await outbox.find(session, dedupe_key)` returns the row,
whose `status`, `sent_at`, `attempts`, `last_error` and `telegram_message_id` (to edit the
message later) the dispatcher keeps up to date.

A message can stand in for earlier ones: `meta={"replaces": [telegram_message_id, …]}`
makes the dispatcher delete those (same chat, best effort) right after this one is sent —
a reminder that replaces the previous alert instead of piling up under it.

Hooks run inside the transaction that records the outcome, so whatever they write (an
escalation step, the next alert) commits atomically with it::

    @outbox.on_sent("alert")
    async def alert_sent(session, delivery, now): ...        # delivery.telegram_message_id

    @outbox.on_failed("alert")
    async def alert_failed(session, delivery, now):
        if delivery.outcome == outbox.UNREACHABLE: ...       # 403: try the next level

`Delivery.outcome` is SENT, UNREACHABLE (403, or the person was already marked unreachable
or deactivated), REJECTED (400: Telegram refused this message) or GAVE_UP (still failing
after MAX_ATTEMPTS network errors, 5xx or timeouts with backoff). 429s are retried, not
failures. Hooks of kind "*" see every kind.

Lanes: Lane.ALERT > Lane.REPLY (follow-ups) > Lane.CHECKIN > Lane.TIP.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import Table, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.delivery.lanes import Lane
from storage.db import dialect_insert, rows_affected
from storage.delivery_models import OutboxMessage, OutboxStatus
from storage.models import utcnow

__all__ = [
    "GAVE_UP",
    "REJECTED",
    "SENT",
    "UNREACHABLE",
    "Delivery",
    "Enqueued",
    "Lane",
    "NewMessage",
    "enqueue",
    "enqueue_many",
    "find",
    "on_failed",
    "on_sent",
    "register_hooks",
]

SENT = "sent"
UNREACHABLE = "unreachable"
REJECTED = "rejected"
GAVE_UP = "gave_up"

# Session.info keys: set by enqueue, read after commit to wake the dispatcher.
_ENQUEUED = "tunghang.outbox.enqueued"
WAKE = "tunghang.outbox.wake"

Buttons = Sequence[Sequence[tuple[str, str]]]
# Declarative models type __table__ as any FromClause; a mapped class's is always a Table.
_TABLE = cast(Table, OutboxMessage.__table__)


@dataclass(frozen=True, slots=True)
class NewMessage:
    """One message to enqueue (see `enqueue` for the fields)."""

    dedupe_key: str
    chat_id: int
    text: str
    due_at: dt.datetime
    lane: Lane = Lane.REPLY
    kind: str = "message"
    person_id: int | None = None
    parse_mode: str | None = None
    buttons: Buttons | None = None
    meta: Mapping[str, Any] | None = None

    def row(self) -> dict[str, Any]:
        now = utcnow()
        if not self.text.strip():
            raise ValueError("an outbox message needs text")
        if len(self.dedupe_key) > 160:
            raise ValueError("dedupe keys are at most 160 characters")
        return {
            "dedupe_key": self.dedupe_key,
            "kind": self.kind,
            "lane": int(self.lane),
            "person_id": self.person_id,
            "chat_id": self.chat_id,
            "text": self.text,
            "parse_mode": self.parse_mode,
            "buttons": [[[label, data] for label, data in row] for row in self.buttons]
            if self.buttons
            else None,
            "meta": dict(self.meta) if self.meta is not None else None,
            "status": OutboxStatus.PENDING,
            "due_at": self.due_at,
            "attempts": 0,
            "created_at": now,
            "updated_at": now,
        }


@dataclass(frozen=True, slots=True)
class Enqueued:
    id: int
    created: bool


def _mark_enqueued(session: AsyncSession) -> None:
    session.info[_ENQUEUED] = True


async def enqueue(
    session: AsyncSession,
    *,
    dedupe_key: str,
    chat_id: int,
    text: str,
    due_at: dt.datetime,
    lane: Lane = Lane.REPLY,
    kind: str = "message",
    person_id: int | None = None,
    parse_mode: str | None = None,
    buttons: Buttons | None = None,
    meta: Mapping[str, Any] | None = None,
) -> Enqueued:
    """Owe `chat_id` a message, once per `dedupe_key` (INSERT … ON CONFLICT DO NOTHING).

    Nothing is sent until the caller commits; the dispatcher is woken right after.
    """
    message = NewMessage(
        dedupe_key, chat_id, text, due_at, lane, kind, person_id, parse_mode, buttons, meta
    )
    stmt = (
        dialect_insert(session)(_TABLE)
        .values(message.row())
        .on_conflict_do_nothing(index_elements=["dedupe_key"])
        .returning(_TABLE.c.id)
    )
    new_id = (await session.execute(stmt)).scalar_one_or_none()
    if new_id is not None:
        _mark_enqueued(session)
        return Enqueued(new_id, True)
    existing = await session.scalar(
        select(OutboxMessage.id).where(OutboxMessage.dedupe_key == dedupe_key)
    )
    assert existing is not None
    return Enqueued(existing, False)


async def enqueue_many(
    session: AsyncSession, messages: Sequence[NewMessage], *, chunk: int = 500
) -> int:
    """Bulk `enqueue`; returns how many rows were new."""
    created = 0
    for start in range(0, len(messages), chunk):
        rows = [m.row() for m in messages[start : start + chunk]]
        stmt = (
            dialect_insert(session)(_TABLE)
            .values(rows)
            .on_conflict_do_nothing(index_elements=["dedupe_key"])
            .returning(_TABLE.c.id)
        )
        created += len((await session.execute(stmt)).scalars().all())
    if created:
        _mark_enqueued(session)
    return created


async def find(session: AsyncSession, dedupe_key: str) -> OutboxMessage | None:
    """The row for a dedupe key: its status, attempts, sent_at, telegram_message_id…"""
    return await session.scalar(select(OutboxMessage).where(OutboxMessage.dedupe_key == dedupe_key))


def wake_if_enqueued(session: AsyncSession) -> None:
    """After a commit: if that transaction enqueued rows, wake the dispatcher now (they are
    visible to it only once committed). `WAKE` is set on the app's sessionmaker (bot/app.py);
    without it (the CLI, another process) the dispatcher's poll finds the rows."""
    if session.info.pop(_ENQUEUED, False):
        wake = session.info.get(WAKE)
        if wake is not None:
            wake()


async def commit(session: AsyncSession) -> None:
    """Commit, then wake the dispatcher if rows were enqueued (see `wake_if_enqueued`)."""
    await session.commit()
    wake_if_enqueued(session)


# --------------------------------------------------------------------------- hooks


@dataclass(frozen=True, slots=True)
class Delivery:
    """What the hooks learn about a message whose outcome was just recorded."""

    id: int
    dedupe_key: str
    kind: str
    lane: Lane
    person_id: int | None
    chat_id: int
    meta: Mapping[str, Any] | None
    attempts: int
    outcome: str
    telegram_message_id: int | None = None
    last_error: str | None = None


Hook = Callable[[AsyncSession, Delivery, dt.datetime], Awaitable[None]]


@dataclass
class _Hooks:
    sent: dict[str, list[Hook]] = field(default_factory=dict)
    failed: dict[str, list[Hook]] = field(default_factory=dict)

    def for_outcome(self, delivery: Delivery) -> list[Hook]:
        table = self.sent if delivery.outcome == SENT else self.failed
        return [*table.get(delivery.kind, ()), *table.get("*", ())]


HOOKS = _Hooks()


def register_hooks(
    kind: str, *, sent: Hook | None = None, failed: Hook | None = None
) -> Callable[[], None]:
    """Call `sent`/`failed` when a message of `kind` is sent/undeliverable; returns an
    unregister function (handy in tests)."""
    added: list[tuple[dict[str, list[Hook]], Hook]] = []
    for table, hook in ((HOOKS.sent, sent), (HOOKS.failed, failed)):
        if hook is not None:
            table.setdefault(kind, []).append(hook)
            added.append((table, hook))

    def unregister() -> None:
        for table, hook in added:
            if hook in table.get(kind, []):
                table[kind].remove(hook)

    return unregister


def on_sent(kind: str) -> Callable[[Hook], Hook]:
    def decorate(hook: Hook) -> Hook:
        register_hooks(kind, sent=hook)
        return hook

    return decorate


def on_failed(kind: str) -> Callable[[Hook], Hook]:
    def decorate(hook: Hook) -> Hook:
        register_hooks(kind, failed=hook)
        return hook

    return decorate


async def run_hooks(session: AsyncSession, delivery: Delivery, now: dt.datetime) -> None:
    for hook in HOOKS.for_outcome(delivery):
        await hook(session, delivery, now)


# --------------------------------------------------------------------------- dispatcher side


@dataclass(frozen=True, slots=True)
class Claimed:
    """A row the dispatcher holds a lease on."""

    id: int
    dedupe_key: str
    kind: str
    lane: Lane
    person_id: int | None
    chat_id: int
    text: str
    parse_mode: str | None
    buttons: list[list[list[str]]] | None
    meta: dict[str, Any] | None
    attempts: int
    due_at: dt.datetime

    def delivery(self, outcome: str, **extra: Any) -> Delivery:
        return Delivery(
            self.id,
            self.dedupe_key,
            self.kind,
            self.lane,
            self.person_id,
            self.chat_id,
            self.meta,
            self.attempts,
            outcome,
            **extra,
        )


_CLAIMED_COLUMNS = [
    _TABLE.c[name]
    for name in (
        "id", "dedupe_key", "kind", "lane", "person_id", "chat_id", "text", "parse_mode",
        "buttons", "meta", "attempts", "due_at",
    )
]  # fmt: skip


async def claim(
    session: AsyncSession,
    *,
    now: dt.datetime,
    lanes: tuple[int, int],
    limit: int,
    owner: str,
    lease: dt.timedelta,
) -> list[Claimed]:
    """Lease up to `limit` due rows in lanes lanes[0]..lanes[1], highest lane first.

    PostgreSQL: FOR UPDATE SKIP LOCKED, so several processes never claim the same row.
    SQLite: one process; the write lock serialises claims. An expired lease (a process that
    died mid-send) makes a row claimable again. Counts the attempt. The caller commits.
    """
    due = (
        select(_TABLE.c.id)
        .where(
            _TABLE.c.status == OutboxStatus.PENDING,
            _TABLE.c.due_at <= now,
            _TABLE.c.lane.between(*lanes),
            or_(_TABLE.c.claimed_until.is_(None), _TABLE.c.claimed_until < now),
        )
        .order_by(_TABLE.c.lane, _TABLE.c.due_at, _TABLE.c.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    stmt = (
        update(_TABLE)
        .where(_TABLE.c.id.in_(due.scalar_subquery()))
        .values(
            claimed_until=now + lease,
            claimed_by=owner,
            attempts=_TABLE.c.attempts + 1,
            updated_at=now,
        )
        .returning(*_CLAIMED_COLUMNS)
    )
    rows = (await session.execute(stmt)).mappings().all()
    claimed = [Claimed(**{**row, "lane": Lane(row["lane"])}) for row in rows]
    claimed.sort(key=lambda c: (c.lane, c.due_at, c.id))
    return claimed


async def next_due(session: AsyncSession, now: dt.datetime) -> dt.datetime | None:
    """When the next pending row becomes due or its lease ends (for the dispatcher's sleep)."""
    due = await session.scalar(
        select(_TABLE.c.due_at)
        .where(_TABLE.c.status == OutboxStatus.PENDING, _TABLE.c.claimed_until.is_(None))
        .order_by(_TABLE.c.due_at)
        .limit(1)
    )
    lease = await session.scalar(
        select(_TABLE.c.claimed_until)
        .where(_TABLE.c.status == OutboxStatus.PENDING, _TABLE.c.claimed_until.is_not(None))
        .order_by(_TABLE.c.claimed_until)
        .limit(1)
    )
    times = [t for t in (due, lease) if t is not None]
    return min(times) if times else None


async def release_claims(session: AsyncSession, now: dt.datetime) -> int:
    """Forget every lease (SQLite at start-up: the only process that could hold one died)."""
    result = await session.execute(
        update(_TABLE)
        .where(_TABLE.c.status == OutboxStatus.PENDING, _TABLE.c.claimed_until.is_not(None))
        .values(claimed_until=None, claimed_by=None, updated_at=now)
    )
    return rows_affected(result)


async def mark_sent(
    session: AsyncSession, row: Claimed, now: dt.datetime, telegram_message_id: int | None
) -> None:
    """Record the send; hooks run unless another process recorded this row first."""
    result = await session.execute(
        update(_TABLE)
        .where(_TABLE.c.id == row.id, _TABLE.c.status == OutboxStatus.PENDING)
        .values(
            status=OutboxStatus.SENT,
            sent_at=now,
            telegram_message_id=telegram_message_id,
            claimed_until=None,
            claimed_by=None,
            updated_at=now,
        )
    )
    if rows_affected(result):
        delivery = row.delivery(SENT, telegram_message_id=telegram_message_id)
        await run_hooks(session, delivery, now)


async def mark_failed(
    session: AsyncSession, row: Claimed, now: dt.datetime, outcome: str, error: str
) -> None:
    result = await session.execute(
        update(_TABLE)
        .where(_TABLE.c.id == row.id, _TABLE.c.status == OutboxStatus.PENDING)
        .values(
            status=OutboxStatus.FAILED,
            last_error=error[:80],
            claimed_until=None,
            claimed_by=None,
            updated_at=now,
        )
    )
    if rows_affected(result):
        await run_hooks(session, row.delivery(outcome, last_error=error[:80]), now)


async def reschedule(
    session: AsyncSession, row: Claimed, now: dt.datetime, due_at: dt.datetime, error: str
) -> None:
    """Try again at `due_at` (a retryable error); the attempt was already counted."""
    await session.execute(
        update(_TABLE)
        .where(_TABLE.c.id == row.id, _TABLE.c.status == OutboxStatus.PENDING)
        .values(
            due_at=due_at,
            last_error=error[:80],
            claimed_until=None,
            claimed_by=None,
            updated_at=now,
        )
    )
