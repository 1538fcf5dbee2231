"""Mentors and a unit's peer settings: who may receive questions, sharing across units,
how long questions are kept."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import case, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services.peer.common import MAX_QUESTION_DAYS, MIN_QUESTION_DAYS, PeerError, record_event
from storage.db import rows_affected
from storage.models import Person, Role, Unit
from storage.peer_models import (
    DEFAULT_QUESTION_DAYS,
    PeerDraftCard,
    PeerMentor,
    PeerQuestion,
    PeerUnitSettings,
)


async def is_mentor(session: AsyncSession, person: Person) -> bool:
    row = await session.get(PeerMentor, person.id)
    return bool(row and row.active)


async def set_mentor(
    session: AsyncSession, person: Person, on: bool, actor: Person, now: dt.datetime
) -> bool:
    """Opt in or out (actor = the person) or be set by staff; True if it changed."""
    if person.role != Role.SUPPORTER:
        raise PeerError("not_supporter")
    row = await session.get(PeerMentor, person.id)
    if row is not None and row.active == on:
        return False
    if row is None:
        if not on:
            return False
        row = PeerMentor(person_id=person.id, created_at=now)
        session.add(row)
    row.active, row.set_by_id, row.updated_at = on, actor.id, now
    await record_event(session, "mentor", person.id, "on" if on else "off", now, actor)
    await session.flush()
    return True


async def available_mentors(
    session: AsyncSession, unit_ids: Sequence[int], exclude: Sequence[int] = ()
) -> list[Person]:
    """Opted-in supporters of these units who can be reached now."""
    if not unit_ids:
        return []
    query = (
        select(Person)
        .join(PeerMentor, PeerMentor.person_id == Person.id)
        .where(
            PeerMentor.active.is_(True),
            Person.reachable,
            Person.role == Role.SUPPORTER,
            Person.unit_id.in_(list(unit_ids)),
        )
        .order_by(Person.id)
    )
    if exclude:
        query = query.where(Person.id.not_in(list(exclude)))
    return list(await session.scalars(query))


async def cross_unit(session: AsyncSession, unit_id: int) -> bool:
    row = await session.get(PeerUnitSettings, unit_id)
    return bool(row and row.cross_unit)


async def set_cross_unit(
    session: AsyncSession, unit_id: int, on: bool, now: dt.datetime, actor: Person | None = None
) -> None:
    if await session.get(Unit, unit_id) is None:
        raise PeerError("no_unit")
    row = await session.get(PeerUnitSettings, unit_id)
    if row is None:
        row = PeerUnitSettings(unit_id=unit_id)
        session.add(row)
    row.cross_unit, row.updated_at = on, now
    await record_event(
        session, "unit", unit_id, "cross_unit_on" if on else "cross_unit_off", now, actor
    )
    await session.flush()


async def question_days(session: AsyncSession, unit_id: int) -> int:
    """How long the unit keeps peer questions and answers readable (for draft cards)."""
    row = await session.get(PeerUnitSettings, unit_id)
    return row.question_days if row is not None else DEFAULT_QUESTION_DAYS


async def set_question_days(
    session: AsyncSession, unit_id: int, days: int, now: dt.datetime, actor: Person | None = None
) -> None:
    if not MIN_QUESTION_DAYS <= days <= MAX_QUESTION_DAYS:
        raise PeerError("question_days")
    if await session.get(Unit, unit_id) is None:
        raise PeerError("no_unit")
    row = await session.get(PeerUnitSettings, unit_id)
    if row is None:
        row = PeerUnitSettings(unit_id=unit_id, cross_unit=False)
        session.add(row)
    row.question_days, row.updated_at = days, now
    await record_event(session, "unit", unit_id, "question_days", now, actor, days=days)
    await session.flush()


async def purge_old_questions(session: AsyncSession, now: dt.datetime) -> int:
    """Blank the words of peer questions (and their answers) older than their unit keeps
    them — except those a draft card was made from, which the clinical team still needs.
    Rows stay (follow-ups and the audit point at them). Idempotent; returns rows blanked."""
    kept = {
        row.unit_id: row.question_days for row in await session.scalars(select(PeerUnitSettings))
    }
    units = list(await session.scalars(select(Unit.id)))
    by_days: dict[int, list[int]] = {}
    for unit_id in units:
        by_days.setdefault(kept.get(unit_id, DEFAULT_QUESTION_DAYS), []).append(unit_id)
    drafted = select(PeerDraftCard.question_id)
    blanked = 0
    for days, unit_ids in by_days.items():
        result = await session.execute(
            update(PeerQuestion)
            .where(
                PeerQuestion.unit_id.in_(unit_ids),
                PeerQuestion.created_at < now - dt.timedelta(days=days),
                PeerQuestion.text != "",
                PeerQuestion.id.not_in(drafted),
                or_(PeerQuestion.parent_id.is_(None), PeerQuestion.parent_id.not_in(drafted)),
            )
            .values(
                text="",
                asker_name=None,
                answer=case((PeerQuestion.answer.is_(None), None), else_=""),
            )
            .execution_options(synchronize_session=False)
        )
        blanked += rows_affected(result)
    return blanked


async def sharing_units(session: AsyncSession, except_unit: int) -> list[int]:
    rows = await session.scalars(
        select(PeerUnitSettings.unit_id).where(
            PeerUnitSettings.cross_unit.is_(True), PeerUnitSettings.unit_id != except_unit
        )
    )
    return list(rows)


async def mentors_for(session: AsyncSession, asker: Person) -> tuple[list[Person], list[Person]]:
    """(mentors of the asker's unit, mentors of other units if both sides allow it)."""
    own = await available_mentors(session, [asker.unit_id], [asker.id])
    others: list[Person] = []
    if await cross_unit(session, asker.unit_id):
        others = await available_mentors(
            session, await sharing_units(session, asker.unit_id), [asker.id]
        )
    return own, others
