"""Where a person is in a multi-step flow, kept in the database so restarts resume.

A flow the person stepped out of (a command, a clearly different message) is *parked*,
not lost: it waits in the same row under `PARKED_KEY`, one per flow family ("flag",
"peer"…), for `PARK_FOR` (24 hours), and the family's command brings it back. A row whose
only content is parked flows has the flow name `PARKED`, which no typed-text flow claims.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, delete, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import joinedload

from storage.db import rows_affected
from storage.models import ChatState, Person

PARKED = "parked"
PARKED_KEY = "_parked"
PARK_FOR = dt.timedelta(hours=24)

# Who is speaking and where they are in a flow are read together, once per update
# (`speaker`): typed text and flow buttons need both, and a second query was a tenth of
# answering a question (bench/handlers.py). What was found — the state, or that there is
# none — is kept in the session's info, so `get` costs no query. (The identity map alone
# would not do: it holds objects weakly, and a state nobody held on to was read again.)
_KNOWN = "tunghang.states.known"
_PERSON_WITH_STATE = (
    select(Person, ChatState)
    .outerjoin(ChatState, ChatState.telegram_user_id == Person.telegram_user_id)
    .where(Person.telegram_user_id == bindparam("telegram_id"))
    # Their social worker too, in the same query: welcome texts, "ask my social worker"
    # and hours cards name them (`storage.db.social_worker_of`).
    .options(joinedload(Person.social_worker))
)


@dataclass(frozen=True, slots=True)
class Speaker:
    """Who spoke and their flow state, as the last unit of work of this update left them:
    the next handler group takes them over instead of reading them again (`adopt`)."""

    person: Person
    state: ChatState | None


async def speaker(session: AsyncSession, telegram_user_id: int) -> Person | None:
    """The registered person with this Telegram id (their flow state and their social worker
    loaded alongside)."""
    row = (await session.execute(_PERSON_WITH_STATE, {"telegram_id": telegram_user_id})).first()
    if row is None:
        return None
    person, state = row
    _known(session)[telegram_user_id] = state
    return person


def adopt(session: AsyncSession, carried: Speaker) -> Person:
    """Take over the speaker an earlier unit of work of the same update read (detached
    since its session closed): no query, the same values it committed."""
    session.add(carried.person)  # its loaded social worker comes along (save-update)
    if carried.state is not None:
        session.add(carried.state)
    _known(session)[carried.person.telegram_user_id] = carried.state
    return carried.person


def carried(session: AsyncSession, person: Person) -> Speaker | None:
    """What `adopt` needs, if this session knows the person's state (else None: read it)."""
    known = _known(session)
    uid = person.telegram_user_id
    return Speaker(person, known[uid]) if uid in known else None


def _known(session: AsyncSession) -> dict[int, ChatState | None]:
    known: dict[int, ChatState | None] = session.info.setdefault(_KNOWN, {})
    return known


async def get(session: AsyncSession, telegram_user_id: int) -> ChatState | None:
    known = _known(session)
    if telegram_user_id not in known:
        known[telegram_user_id] = await session.get(ChatState, telegram_user_id)
    return known[telegram_user_id]


async def put(
    session: AsyncSession, telegram_user_id: int, flow: str, data: dict[str, Any], now: dt.datetime
) -> ChatState:
    state = await get(session, telegram_user_id)
    data = dict(data)
    data.pop(PARKED_KEY, None)
    if state is not None:
        # Starting a flow of a family replaces that family's parked copy; the others wait on.
        parked = {
            family: kept for family, kept in _parked(state).items() if family != family_of(flow)
        }
        if parked:
            data[PARKED_KEY] = parked
    if state is None:
        state = ChatState(telegram_user_id=telegram_user_id, flow=flow, data=data, updated_at=now)
        session.add(state)
        _known(session)[telegram_user_id] = state
    else:
        state.flow, state.data, state.updated_at = flow, dict(data), now
    await session.flush()
    return state


async def clear(session: AsyncSession, telegram_user_id: int) -> bool:
    """Forget the person's current flow (parked ones wait on); True if there was one."""
    state = await get(session, telegram_user_id)
    if state is not None and _parked(state):
        had_flow = state.flow != PARKED
        state.flow, state.data = PARKED, {PARKED_KEY: _parked(state)}
        await session.flush()
        return had_flow
    result = await session.execute(
        delete(ChatState).where(ChatState.telegram_user_id == telegram_user_id)
    )
    if (state := _known(session).get(telegram_user_id)) is not None:
        session.expunge(state)  # its row is gone
    _known(session)[telegram_user_id] = None
    return bool(rows_affected(result))


def family_of(flow: str) -> str:
    """The flow family a command resumes: "flag", "peer.ask", "hours"…"""
    if flow.startswith("peer."):
        return flow  # asking and sharing are separate things to come back to
    return flow.split(".", 1)[0]


def _parked(state: ChatState) -> dict[str, Any]:
    kept = (state.data or {}).get(PARKED_KEY)
    return dict(kept) if isinstance(kept, dict) else {}


def active_flow(state: ChatState | None) -> str | None:
    """The flow the person is in now (None when there is none, or only parked ones)."""
    if state is None or state.flow == PARKED:
        return None
    return state.flow


async def park(session: AsyncSession, telegram_user_id: int, now: dt.datetime) -> str | None:
    """Put the current flow aside (resumable for PARK_FOR); returns its family, or None."""
    state = await get(session, telegram_user_id)
    flow = active_flow(state)
    if state is None or flow is None:
        return None
    parked = _parked(state)
    data = {k: v for k, v in (state.data or {}).items() if k != PARKED_KEY}
    parked[family_of(flow)] = {"flow": flow, "data": data, "at": now.isoformat()}
    state.flow, state.data, state.updated_at = PARKED, {PARKED_KEY: parked}, now
    await session.flush()
    return family_of(flow)


async def parked_flow(
    session: AsyncSession,
    telegram_user_id: int,
    family: str,
    now: dt.datetime,
    *,
    within: dt.timedelta = PARK_FOR,
) -> tuple[str, dict[str, Any]] | None:
    """The family's parked flow (name, data) if it was parked less than `within` ago."""
    state = await get(session, telegram_user_id)
    if state is None:
        return None
    kept = _parked(state).get(family)
    if not isinstance(kept, dict):
        return None
    try:
        at = dt.datetime.fromisoformat(str(kept.get("at")))
    except ValueError:
        return None
    if now - at > within:
        return None
    return str(kept.get("flow")), dict(kept.get("data") or {})


async def unpark(
    session: AsyncSession, telegram_user_id: int, family: str, now: dt.datetime
) -> ChatState | None:
    """Bring the family's parked flow back as the current one (the current one, if any,
    is parked in its place); None when nothing of that family is waiting."""
    found = await parked_flow(session, telegram_user_id, family, now)
    if found is None:
        return None
    await park(session, telegram_user_id, now)
    flow, data = found
    return await put(session, telegram_user_id, flow, data, now)
