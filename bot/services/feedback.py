"""A person's 👍/👎 on refresher cards."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import CardFeedback


async def record(
    session: AsyncSession, person_id: int, card_id: str, helpful: bool, now: dt.datetime
) -> None:
    """The latest vote wins; voting twice changes nothing else."""
    existing = await session.get(CardFeedback, (person_id, card_id))
    if existing is None:
        session.add(
            CardFeedback(person_id=person_id, card_id=card_id, helpful=helpful, updated_at=now)
        )
    else:
        existing.helpful, existing.updated_at = helpful, now
    await session.flush()


async def votes(session: AsyncSession, person_id: int) -> dict[str, bool]:
    rows = await session.execute(
        select(CardFeedback.card_id, CardFeedback.helpful).where(
            CardFeedback.person_id == person_id
        )
    )
    return {card_id: helpful for card_id, helpful in rows}
