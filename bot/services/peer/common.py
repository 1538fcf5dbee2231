"""What every part of the peer feature shares: the rule error, the question timeout, the
event log and a supporter's social worker. The outside world (settings, catalogs, library,
the texts owed through the outbox) comes in as `ctx: Services` (bot/services/registry.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from storage.db import social_worker_of
from storage.models import STAFF_ROLES, Person
from storage.peer_models import PeerEvent

STAFF = STAFF_ROLES
DUE_BATCH = 50
MIN_QUESTION_DAYS, MAX_QUESTION_DAYS = 7, 730
STAFF_PAGE = 5  # questions per screen in the staff view


class PeerError(Exception):
    """A request the rules refuse; `reason` is a short code the caller turns into words."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def question_timeout(settings: Settings) -> dt.timedelta:
    """How long a question waits for a mentor before the asker is told kindly."""
    return dt.timedelta(minutes=settings.peer_timeout_minutes)


def reachable(person: Person | None) -> bool:
    return person is not None and person.reachable


async def record_event(
    session: AsyncSession,
    subject: str,
    subject_id: int,
    kind: str,
    now: dt.datetime,
    actor: Person | None = None,
    **detail: Any,
) -> None:
    session.add(
        PeerEvent(
            at=now,
            actor_id=actor.id if actor else None,
            subject=subject,
            subject_id=subject_id,
            kind=kind,
            detail=detail,
        )
    )


async def worker_of(session: AsyncSession, person: Person) -> Person | None:
    return await social_worker_of(session, person)


async def worker_name(session: AsyncSession, person: Person) -> str | None:
    worker = await worker_of(session, person)
    return worker.display_name if worker else None
