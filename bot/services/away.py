"""/away: a social worker on leave hands her supporters' new concerns to the backup.

While she is away she is left out of the ladder (bot/services/escalation.py asks
`away_until`), so the first alert goes to whoever comes next; her supporters are told
who to expect when she goes and when she is back.
"""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.delivery import outbox
from bot.delivery.lanes import Lane
from bot.domain.errors import RuleError
from bot.services.escalation import first_recipients
from bot.services.registry import Services
from storage.escalation_models import StaffAway
from storage.models import Person, Role

MAX_DAYS_AHEAD = 183
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})(?:/(\d{4}))?$")


class AwayError(RuleError):
    """A time away the rules refuse (a day in the past, a date that does not read)."""


def parse_until(text: str, today: dt.date) -> dt.date:
    """ "until 2026-12-24", "2026-12-24" or "24/12/2026" (the last day away), today or later."""
    text = re.sub(r"^(until|till|to|至|到)\s*", "", text.strip().lower())
    match = _ISO.match(text)
    day: dt.date | None = None
    try:
        if match:
            day = dt.date(int(match[1]), int(match[2]), int(match[3]))
        elif match := _DMY.match(text):
            day = dt.date(int(match[3] or today.year), int(match[2]), int(match[1]))
    except ValueError:  # 2026-02-30
        day = None
    if day is None:
        raise AwayError("bad_date")
    if day < today:
        raise AwayError("past")
    if day > today + dt.timedelta(days=MAX_DAYS_AHEAD):
        raise AwayError("too_far")
    return day


async def current(session: AsyncSession, worker: Person, today: dt.date) -> dt.date | None:
    row = await session.get(StaffAway, worker.id)
    return row.until if row is not None and row.until >= today else None


async def _supporters(session: AsyncSession, worker: Person) -> list[Person]:
    return list(
        await session.scalars(
            select(Person)
            .where(
                Person.social_worker_id == worker.id,
                Person.role == Role.SUPPORTER,
                Person.active.is_(True),
            )
            .order_by(Person.id)
        )
    )


async def set_away(
    session: AsyncSession, ctx: Services, worker: Person, until: dt.date, now: dt.datetime
) -> tuple[int, list[str]]:
    """Mark her away and tell each supporter who their concerns go to meanwhile.

    Returns (supporters told, the names who will be alerted instead)."""
    row = await session.get(StaffAway, worker.id)
    if row is None:
        session.add(StaffAway(person_id=worker.id, until=until, set_at=now))
    else:
        row.until, row.set_at = until, now
    await session.flush()
    supporters = await _supporters(session, worker)
    covering: dict[str, None] = {}
    for supporter in supporters:
        names = [
            p.display_name for p in await first_recipients(session, ctx, supporter, "now", now)
        ]
        covering.update(dict.fromkeys(names))
        tr = ctx.catalogs.get(supporter.language or "en")
        await outbox.enqueue(
            session,
            dedupe_key=f"away:{worker.id}:{until.isoformat()}:{now.isoformat()}:p{supporter.id}",
            chat_id=supporter.telegram_user_id,
            person_id=supporter.id,
            lane=Lane.REPLY,
            kind="away_notice",
            text=ctx.notices.render_supporter_notice(
                tr, worker.display_name, until, ", ".join(names)
            ),
            due_at=now,
        )
    return len(supporters), list(covering)


async def end_away(session: AsyncSession, ctx: Services, worker: Person, now: dt.datetime) -> bool:
    """Back early (or on time): her supporters' concerns come to her again."""
    row = await session.get(StaffAway, worker.id)
    if row is None:
        return False
    await session.delete(row)
    for supporter in await _supporters(session, worker):
        tr = ctx.catalogs.get(supporter.language or "en")
        await outbox.enqueue(
            session,
            dedupe_key=f"away:{worker.id}:back:{now.isoformat()}:p{supporter.id}",
            chat_id=supporter.telegram_user_id,
            person_id=supporter.id,
            lane=Lane.REPLY,
            kind="away_notice",
            text=ctx.notices.render_back_notice(tr, worker.display_name),
            due_at=now,
        )
    return True
