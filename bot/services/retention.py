"""Every scheduled clean-up in one job: what privacy, concerns and the peer feature keep
no longer than needed, and the copies of it (bot/services/personal_data.py).

Its own module because it calls bot/services/privacy.py, which itself builds on
personal_data: kept in personal_data, the two would import each other.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.services import concerns, peer, privacy
from bot.services.personal_data import blank_question_copies, purge_concern_descriptions

log = logging.getLogger(__name__)


async def run_retention(session: AsyncSession, now: dt.datetime, settings: Any) -> int:
    """Every scheduled clean-up, in one place. Idempotent: every instance may run it."""
    touched = await privacy.purge_due(session, now)
    touched += await purge_concern_descriptions(session, now, settings.flag_description_days)
    touched += await concerns.purge_notes(session, now, settings.flag_description_days)
    touched += await peer.purge_old_questions(session, now)
    touched += await blank_question_copies(session, now)
    return touched


async def due_retention(services: Any, now: dt.datetime) -> int:
    """The tick's retention job (registered in bot/app.py). Queues no messages."""
    async with services.sessions() as session:
        touched = await run_retention(session, now, services.settings)
        await session.commit()
    if touched:
        log.info("retention: %d rows blanked or removed", touched)
    return 0
