"""Where a person is in a multi-step flow, kept in the database so restarts resume."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import bindparam, delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import ChatState, Person

# Who is speaking and where they are in a flow are read together, once per update
# (`speaker`): typed text and flow buttons need both, and a second query was a tenth of
# answering a question (bench/handlers.py). A state found is in the session's identity
# map, so `get` costs no query; "no state" is remembered in the session's info.
_NO_STATE = "tunghang.states.none"
_PERSON_WITH_STATE = (
    select(Person, ChatState)
    .outerjoin(ChatState, ChatState.telegram_user_id == Person.telegram_user_id)
    .where(Person.telegram_user_id == bindparam("telegram_id"))
)


async def speaker(session: AsyncSession, telegram_user_id: int) -> Person | None:
    """The registered person with this Telegram id (their flow state loaded alongside)."""
    row = (await session.execute(_PERSON_WITH_STATE, {"telegram_id": telegram_user_id})).first()
    if row is None:
        return None
    person, state = row
    if state is None:
        _known_absent(session).add(telegram_user_id)
    return person  # type: ignore[no-any-return]


def _known_absent(session: AsyncSession) -> set[int]:
    return session.info.setdefault(_NO_STATE, set())  # type: ignore[no-any-return]


async def get(session: AsyncSession, telegram_user_id: int) -> ChatState | None:
    if telegram_user_id in _known_absent(session):
        return None
    return await session.get(ChatState, telegram_user_id)


async def put(
    session: AsyncSession, telegram_user_id: int, flow: str, data: dict[str, Any], now: dt.datetime
) -> ChatState:
    state = await get(session, telegram_user_id)
    _known_absent(session).discard(telegram_user_id)
    if state is None:
        state = ChatState(telegram_user_id=telegram_user_id, flow=flow, data=data, updated_at=now)
        session.add(state)
    else:
        state.flow, state.data, state.updated_at = flow, dict(data), now
    await session.flush()
    return state


async def clear(session: AsyncSession, telegram_user_id: int) -> bool:
    """Forget the person's flow; True if there was one."""
    result = await session.execute(
        delete(ChatState).where(ChatState.telegram_user_id == telegram_user_id)
    )
    _known_absent(session).add(telegram_user_id)
    return bool(result.rowcount)  # type: ignore[attr-defined]
