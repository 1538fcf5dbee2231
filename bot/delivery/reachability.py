"""People Telegram says we can't reach (they blocked the bot or deleted their account)."""

from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.delivery import outbox
from bot.delivery.lanes import Lane
from bot.i18n import N_, Catalogs
from storage.db import rows_affected, social_worker_of
from storage.models import Person

log = logging.getLogger(__name__)

NOTICE_KIND = "unreachable_notice"
UNREACHABLE_NOTICE = N_(
    "{name} can no longer receive messages from Tung Hang: they blocked the bot or closed "
    "their Telegram account, so their daily tips have stopped. You may want to check in "
    "with them another way."
)


async def mark_unreachable(
    session: AsyncSession, person_id: int, now: dt.datetime, catalogs: Catalogs
) -> bool:
    """Mark the person unreachable and, the first time, tell their social worker through
    the outbox. True if they were reachable until now. The caller commits."""
    marked = await session.execute(
        update(Person)
        .where(Person.id == person_id, Person.unreachable_at.is_(None))
        .values(unreachable_at=now, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    if not rows_affected(marked):
        return False
    person = await session.get(Person, person_id, populate_existing=True)
    if person is None:
        return False
    log.info("person %s is unreachable", person_id)
    worker = await social_worker_of(session, person)
    if worker is None or not worker.active or worker.unreachable_at is not None:
        return True
    langs = [worker.language] if worker.language in ("en", "yue") else ["yue", "en"]
    text = "\n\n".join(
        catalogs.get(lang).gettext(UNREACHABLE_NOTICE).format(name=person.display_name)
        for lang in langs
    )
    await outbox.enqueue(
        session,
        # One notice per time they became unreachable, however many sends failed.
        dedupe_key=f"unreachable:{person.id}:{int(now.timestamp())}",
        chat_id=worker.telegram_user_id,
        person_id=worker.id,
        lane=Lane.REPLY,
        kind=NOTICE_KIND,
        text=text,
        due_at=now,
        meta={"about_person_id": person.id},
    )
    return True


async def mark_reachable(session: AsyncSession, person_id: int, now: dt.datetime) -> bool:
    """They unblocked the bot: deliver to them again. The caller commits."""
    cleared = await session.execute(
        update(Person)
        .where(Person.id == person_id, Person.unreachable_at.is_not(None))
        .values(unreachable_at=None, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    return bool(rows_affected(cleared))
