"""The social worker's view of the unit's questions and answers, drafts made from answers,
and who in the unit is a mentor."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.delivery import outbox
from bot.delivery.lanes import Lane
from bot.services.peer.common import STAFF, STAFF_PAGE, PeerError, reachable, record_event
from bot.services.peer.mentors import available_mentors, is_mentor, question_days, set_mentor
from bot.services.registry import Services
from storage.db import get_by_id
from storage.models import Person, Role
from storage.peer_models import (
    PeerDraftCard,
    PeerMentor,
    PeerQuestion,
    SharedTip,
    TipStatus,
)


@dataclass(frozen=True)
class QuestionPage:
    """One screen of the unit's peer questions for staff, newest first."""

    questions: list[PeerQuestion]
    page: int
    pages: int
    total: int
    answered: int
    drafted: set[int]  # ids on this page that a draft card was made from
    days: int  # how long the unit keeps them


def _kept(unit_id: int, since: dt.datetime) -> Any:
    return (
        PeerQuestion.unit_id == unit_id,
        PeerQuestion.parent_id.is_(None),
        PeerQuestion.created_at >= since,
        PeerQuestion.text != "",
    )


async def question_page(
    session: AsyncSession, unit_id: int, now: dt.datetime, page: int
) -> QuestionPage:
    """The unit's questions still kept (its `question_days`), STAFF_PAGE at a time."""
    days = await question_days(session, unit_id)
    where = _kept(unit_id, now - dt.timedelta(days=days))
    total, answered = (
        await session.execute(
            select(func.count(), func.count(PeerQuestion.answered_at)).where(*where)
        )
    ).one()
    pages = max(1, -(-int(total) // STAFF_PAGE))
    page = min(max(page, 0), pages - 1)
    questions = list(
        await session.scalars(
            select(PeerQuestion)
            .where(*where)
            .order_by(PeerQuestion.created_at.desc(), PeerQuestion.id.desc())
            .offset(page * STAFF_PAGE)
            .limit(STAFF_PAGE)
        )
    )
    drafted: set[int] = set()
    if questions:
        drafted = set(
            await session.scalars(
                select(PeerDraftCard.question_id).where(
                    PeerDraftCard.question_id.in_([q.id for q in questions])
                )
            )
        )
    return QuestionPage(questions, page, pages, int(total), int(answered), drafted, days)


@dataclass(frozen=True)
class QuestionDetail:
    question: PeerQuestion
    follow_up: PeerQuestion | None
    mentor_name: str | None
    has_draft: bool


async def question_detail(
    session: AsyncSession, staff: Person, question_id: int, now: dt.datetime
) -> QuestionDetail:
    """One question of the staff member's unit, still kept, with its follow-up."""
    question = await question_for_staff(session, staff, question_id)
    days = await question_days(session, question.unit_id)
    if (
        question.parent_id is not None
        or not question.text
        or question.created_at < now - dt.timedelta(days=days)
    ):
        raise PeerError("not_found")
    follow_up = await session.scalar(
        select(PeerQuestion).where(PeerQuestion.parent_id == question.id)
    )
    mentor = await session.get(Person, question.claimed_by_id) if question.claimed_by_id else None
    has_draft = (
        await session.scalar(
            select(PeerDraftCard.id).where(PeerDraftCard.question_id == question.id)
        )
        is not None
    )
    return QuestionDetail(question, follow_up, mentor.display_name if mentor else None, has_draft)


async def counts_for_staff(session: AsyncSession, unit_id: int) -> tuple[list[str], int, int]:
    """(mentor names, tips waiting for review, draft cards) for the unit."""
    mentors = await available_mentors(session, [unit_id])
    pending = await session.scalar(
        select(func.count()).where(
            SharedTip.unit_id == unit_id, SharedTip.status == TipStatus.PENDING
        )
    )
    drafts = await session.scalar(select(func.count()).where(PeerDraftCard.unit_id == unit_id))
    return [m.display_name for m in mentors], int(pending or 0), int(drafts or 0)


async def question_for_staff(
    session: AsyncSession, staff: Person, question_id: int
) -> PeerQuestion:
    question = await get_by_id(session, PeerQuestion, question_id)
    if question is None or question.unit_id != staff.unit_id or staff.role not in STAFF:
        raise PeerError("not_found")
    return question


async def make_draft(
    session: AsyncSession,
    ctx: Services,
    staff: Person,
    question_id: int,
    topic: str,
    now: dt.datetime,
) -> PeerDraftCard:
    """A good answer becomes a draft card (exported with `content export-shared`)."""
    question = await question_for_staff(session, staff, question_id)
    if not question.answer or not question.text or topic not in ctx.library.topics:
        raise PeerError("not_found")
    existing = await session.scalar(
        select(PeerDraftCard).where(PeerDraftCard.question_id == question.id)
    )
    if existing is not None:
        return existing
    draft = PeerDraftCard(
        unit_id=question.unit_id,
        question_id=question.id,
        topic=topic,
        created_by_id=staff.id,
        created_at=now,
    )
    session.add(draft)
    await session.flush()
    await record_event(session, "draft", draft.id, "created", now, staff, question_id=question.id)
    return draft


async def unit_supporters(session: AsyncSession, unit_id: int) -> list[tuple[Person, bool]]:
    """Active supporters of the unit and whether each answers questions."""
    rows = await session.execute(
        select(Person, PeerMentor.active)
        .outerjoin(PeerMentor, PeerMentor.person_id == Person.id)
        .where(
            Person.unit_id == unit_id,
            Person.role == Role.SUPPORTER,
            Person.active.is_(True),
        )
        .order_by(Person.display_name, Person.id)
    )
    return [(person, bool(active)) for person, active in rows]


async def staff_toggle_mentor(
    session: AsyncSession, ctx: Services, staff: Person, person_id: int, now: dt.datetime
) -> tuple[Person, bool]:
    """Staff turn a supporter of their unit on or off as a mentor; the supporter is told."""
    person = await get_by_id(session, Person, person_id)
    if (
        person is None
        or staff.role not in STAFF
        or person.unit_id != staff.unit_id
        or person.role != Role.SUPPORTER
    ):
        raise PeerError("not_found")
    on = not await is_mentor(session, person)
    await set_mentor(session, person, on, staff, now)
    if reachable(person):
        await outbox.enqueue(
            session,
            dedupe_key=f"mentor:{person.id}:{'on' if on else 'off'}:{int(now.timestamp())}",
            chat_id=person.telegram_user_id,
            person_id=person.id,
            lane=Lane.REPLY,
            kind="peer_status",
            text=ctx.notices.render_mentor_set_by_staff(ctx.tr(person), on, staff.display_name),
            due_at=now,
        )
    return person, on
