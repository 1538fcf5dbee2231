"""Where a person is in a multi-step flow, kept in the database so restarts resume."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import ChatState


async def get(session: AsyncSession, telegram_user_id: int) -> ChatState | None:
    return await session.get(ChatState, telegram_user_id)


async def put(
    session: AsyncSession, telegram_user_id: int, flow: str, data: dict[str, Any], now: dt.datetime
) -> ChatState:
    state = await session.get(ChatState, telegram_user_id)
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
    return bool(result.rowcount)  # type: ignore[attr-defined]
