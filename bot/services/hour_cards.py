"""Which hours card is still open: one unsaved card per person, one outcome per card.

A card is the message with ✅ Save (or the buttons leading to it). Only the newest card
counts; /cancel, a newer card, another flow or a time-out retires it, and its buttons
then save nothing. A command that only puts it aside (/hours) does not: its buttons bring it
back. Kept in the person's chat state, so /cancel sees it like any flow.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.services import states

CARD_FLOW = "hours.card"
FAMILY = states.family_of(CARD_FLOW)
CARD_TIMEOUT = dt.timedelta(minutes=30)


async def open_card(
    session: AsyncSession,
    telegram_user_id: int,
    message_id: int,
    now: dt.datetime,
    *,
    entry_id: int | None = None,
) -> None:
    """Make this message the person's one open card (retiring any other)."""
    data: dict[str, Any] = {"card": message_id}
    if entry_id is not None:
        data["entry_id"] = entry_id
    await states.put(session, telegram_user_id, CARD_FLOW, data, now)


async def live_card(
    session: AsyncSession, telegram_user_id: int, message_id: int, now: dt.datetime
) -> dict[str, Any] | None:
    """The open card's data if `message_id` is it and it has not timed out, else None.

    A card put aside by another command (/hours, a question's flow) is still the person's
    card: pressing its button brings it back rather than saying it was cancelled."""
    state = await states.get(session, telegram_user_id)
    if state is not None and state.flow != CARD_FLOW:
        parked = await states.parked_flow(
            session, telegram_user_id, FAMILY, now, within=CARD_TIMEOUT
        )
        if parked is not None and parked[0] == CARD_FLOW and parked[1].get("card") == message_id:
            state = await states.unpark(session, telegram_user_id, FAMILY, now)
    if state is None or state.flow != CARD_FLOW:
        return None
    data = dict(state.data or {})
    if data.get("card") != message_id:
        return None
    if state.updated_at is not None and now - _aware(state.updated_at) > CARD_TIMEOUT:
        return None
    return data


async def close_card(session: AsyncSession, telegram_user_id: int, message_id: int) -> None:
    """The card has its outcome (saved or cancelled): it is no longer open."""
    state = await states.get(session, telegram_user_id)
    if state is not None and state.flow == CARD_FLOW and state.data.get("card") == message_id:
        await states.clear(session, telegram_user_id)


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
