"""Questions to senior supporters: asking, offering to mentors, claiming, answering,
thanks, and the timers the tick reads (`process_due`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.delivery import outbox
from bot.delivery.lanes import Lane
from bot.domain.peer import (
    ANSWER_WINDOW,
    MAX_ANSWER_CHARS,
    MAX_QUESTION_CHARS,
    check_text,
    widen_after,
)
from bot.services.peer.common import (
    DUE_BATCH,
    PeerError,
    question_timeout,
    reachable,
    record_event,
    worker_name,
)
from bot.services.peer.mentors import (
    available_mentors,
    cross_unit,
    is_mentor,
    mentors_for,
    sharing_units,
)
from bot.services.registry import Services
from storage.db import get_by_id, rows_affected
from storage.delivery_models import OutboxMessage, OutboxStatus
from storage.models import Person, Unit
from storage.peer_models import (
    PeerQuestion,
    QuestionStatus,
)


def _question_key(question_id: int, mentor_id: int) -> str:
    return f"peerq:{question_id}:p{mentor_id}"


async def _offer(
    session: AsyncSession,
    ctx: Services,
    question: PeerQuestion,
    mentors: Sequence[Person],
    now: dt.datetime,
    parent: PeerQuestion | None = None,
) -> None:
    units = {u.id: u for u in await session.scalars(select(Unit))} if mentors else {}
    for mentor in mentors:
        tr = ctx.tr(mentor)
        unit = units.get(question.unit_id)
        other = mentor.unit_id != question.unit_id and unit is not None
        text, rows = ctx.notices.render_question_for_mentor(
            tr, question, unit_name=unit.name(tr.lang) if other and unit else None, parent=parent
        )
        await outbox.enqueue(
            session,
            dedupe_key=_question_key(question.id, mentor.id),
            chat_id=mentor.telegram_user_id,
            person_id=mentor.id,
            lane=Lane.REPLY,
            kind="peer_question",
            text=text,
            buttons=rows,
            due_at=now,
            meta={"question_id": question.id},
        )


async def follow_up_parent(session: AsyncSession, asker: Person, question_id: int) -> PeerQuestion:
    """The answered question a follow-up may be asked on (one per question)."""
    question = await get_by_id(session, PeerQuestion, question_id)
    if question is None or question.asker_id != asker.id:
        raise PeerError("not_found")
    if question.status != QuestionStatus.ANSWERED:
        raise PeerError("not_found")
    child = await session.scalar(
        select(PeerQuestion.id).where(PeerQuestion.parent_id == question.id)
    )
    if question.parent_id is not None or child is not None:
        raise PeerError("follow_up_used")
    return question


def validate_question(text: str) -> str:
    check = check_text(text, MAX_QUESTION_CHARS)
    if check.problem is not None:
        raise PeerError(str(check.problem))
    if check.risk is not None:
        raise PeerError("risk")
    return check.text


async def ask(
    session: AsyncSession,
    ctx: Services,
    asker: Person,
    text: str,
    *,
    show_name: str | None,
    now: dt.datetime,
    parent_id: int | None = None,
) -> tuple[PeerQuestion, bool]:
    """Store the question and owe it to mentors. Returns (question, went to one mentor):
    a follow-up goes to the mentor who answered, if they can still be reached."""
    text = validate_question(text)
    parent = await follow_up_parent(session, asker, parent_id) if parent_id else None
    own, others = await mentors_for(session, asker)
    answerer = (
        await session.get(Person, parent.claimed_by_id) if parent and parent.claimed_by_id else None
    )
    # An answerer exists only for a follow-up (a parent someone claimed).
    direct = answerer is not None and reachable(answerer) and await is_mentor(session, answerer)
    if not direct and not own and not others:
        raise PeerError("no_mentors")
    question = PeerQuestion(
        asker_id=asker.id,
        unit_id=asker.unit_id,
        parent_id=parent.id if parent else None,
        text=text,
        asker_name=show_name,
        status=QuestionStatus.OPEN,
        created_at=now,
        expires_at=now + question_timeout(ctx.settings),
    )
    session.add(question)
    await session.flush()
    await record_event(
        session, "question", question.id, "asked", now, asker, follow_up=bool(parent)
    )
    if direct:
        assert answerer is not None and parent is not None
        question.status, question.claimed_by_id, question.claimed_at = (
            QuestionStatus.CLAIMED,
            answerer.id,
            now,
        )
        question.expires_at = now + ANSWER_WINDOW
        text_, rows = ctx.notices.render_follow_up_for_mentor(ctx.tr(answerer), question, parent)
        await outbox.enqueue(
            session,
            dedupe_key=_question_key(question.id, answerer.id),
            chat_id=answerer.telegram_user_id,
            person_id=answerer.id,
            lane=Lane.REPLY,
            kind="peer_question",
            text=text_,
            buttons=rows,
            due_at=now,
            meta={"question_id": question.id},
        )
        return question, True
    if own:
        await _offer(session, ctx, question, own, now, parent)
        if await cross_unit(session, asker.unit_id):
            question.widen_at = now + widen_after(question_timeout(ctx.settings))
    else:
        await _offer(session, ctx, question, others, now, parent)
        question.widened_at = now
    return question, False


async def _offered_to(session: AsyncSession, question_id: int, person_id: int) -> bool:
    return (
        await session.scalar(
            select(OutboxMessage.id).where(
                OutboxMessage.dedupe_key == _question_key(question_id, person_id)
            )
        )
        is not None
    )


async def _withdraw_unsent(session: AsyncSession, question_id: int) -> None:
    """Question messages not yet sent are no longer owed to anyone."""
    await session.execute(
        delete(OutboxMessage).where(
            OutboxMessage.dedupe_key.like(f"peerq:{question_id}:p%"),
            OutboxMessage.status == OutboxStatus.PENDING,
            OutboxMessage.claimed_until.is_(None),
        )
    )


async def claim(
    session: AsyncSession, ctx: Services, mentor: Person, question_id: int, now: dt.datetime
) -> tuple[PeerQuestion, str]:
    """An atomic claim: the first mentor to tap "I'll answer" answers it.

    Returns (question, outcome) with outcome "won", "taken" (someone else has it) or
    "closed" (it expired). Only mentors the question was sent to may claim it."""
    question = await get_by_id(session, PeerQuestion, question_id)
    if question is None or not await _offered_to(session, question_id, mentor.id):
        raise PeerError("not_found")
    claimed = await session.execute(
        update(PeerQuestion)
        .where(PeerQuestion.id == question_id, PeerQuestion.status == QuestionStatus.OPEN)
        .values(
            status=QuestionStatus.CLAIMED,
            claimed_by_id=mentor.id,
            claimed_at=now,
            expires_at=now + ANSWER_WINDOW,
            widen_at=None,
        )
        .execution_options(synchronize_session=False)
    )
    await session.refresh(question)
    if rows_affected(claimed) != 1:
        if question.claimed_by_id == mentor.id and question.status == QuestionStatus.CLAIMED:
            return question, "won"  # a second tap by the same mentor
        return question, "closed" if question.status == QuestionStatus.EXPIRED else "taken"
    await record_event(session, "question", question.id, "claimed", now, mentor)
    await _withdraw_unsent(session, question.id)
    asker = await session.get(Person, question.asker_id)
    if reachable(asker):
        assert asker is not None
        await outbox.enqueue(
            session,
            dedupe_key=f"peerq:{question.id}:claimed",
            chat_id=asker.telegram_user_id,
            person_id=asker.id,
            lane=Lane.REPLY,
            kind="peer_status",
            text=ctx.notices.render_being_answered(ctx.tr(asker)),
            due_at=now,
            meta={"question_id": question.id},
        )
    return question, "won"


async def question_messages(session: AsyncSession, question_id: int) -> list[OutboxMessage]:
    """The question's messages that reached a mentor (to edit them once it is taken)."""
    return list(
        await session.scalars(
            select(OutboxMessage).where(
                OutboxMessage.dedupe_key.like(f"peerq:{question_id}:p%"),
                OutboxMessage.telegram_message_id.is_not(None),
            )
        )
    )


async def answerable(session: AsyncSession, mentor: Person, question_id: int) -> PeerQuestion:
    question = await get_by_id(session, PeerQuestion, question_id)
    if question is None or question.claimed_by_id != mentor.id:
        raise PeerError("not_found")
    if question.status == QuestionStatus.ANSWERED:
        raise PeerError("already_answered")
    return question


def validate_answer(text: str) -> tuple[str, str | None]:
    """(the answer, a fragment that looks like a name or None)."""
    check = check_text(text, MAX_ANSWER_CHARS, check_risk=False)
    if check.problem is not None:
        raise PeerError(str(check.problem))
    return check.text, check.name


async def answer(
    session: AsyncSession,
    ctx: Services,
    mentor: Person,
    question_id: int,
    text: str,
    now: dt.datetime,
) -> PeerQuestion:
    """Store the answer and owe it to the asker (with 🙏 and, once, ↩ follow-up)."""
    text, _ = validate_answer(text)
    question = await answerable(session, mentor, question_id)
    question.answer, question.answered_at = text, now
    question.status, question.expires_at = QuestionStatus.ANSWERED, None
    await record_event(session, "question", question.id, "answered", now, mentor)
    asker = await session.get(Person, question.asker_id)
    if asker is not None and asker.active:
        rendered, rows = ctx.notices.render_answer_for_asker(
            ctx.tr(asker), question, can_follow_up=question.parent_id is None
        )
        await outbox.enqueue(
            session,
            dedupe_key=f"peerq:{question.id}:answer",
            chat_id=asker.telegram_user_id,
            person_id=asker.id,
            lane=Lane.REPLY,
            kind="peer_answer",
            text=rendered,
            buttons=rows,
            due_at=now,
            meta={"question_id": question.id},
        )
    return question


async def thank(
    session: AsyncSession, ctx: Services, asker: Person, question_id: int, now: dt.datetime
) -> PeerQuestion:
    """The asker's 🙏 reaches the mentor once."""
    question = await get_by_id(session, PeerQuestion, question_id)
    if question is None or question.asker_id != asker.id or question.answered_at is None:
        raise PeerError("not_found")
    thanked = await session.execute(
        update(PeerQuestion)
        .where(PeerQuestion.id == question.id, PeerQuestion.thanked_at.is_(None))
        .values(thanked_at=now)
        .execution_options(synchronize_session=False)
    )
    await session.refresh(question)
    if not rows_affected(thanked):
        return question
    await record_event(session, "question", question.id, "thanked", now, asker)
    mentor = await session.get(Person, question.claimed_by_id) if question.claimed_by_id else None
    if reachable(mentor):
        assert mentor is not None
        await outbox.enqueue(
            session,
            dedupe_key=f"peerq:{question.id}:thanks",
            chat_id=mentor.telegram_user_id,
            person_id=mentor.id,
            lane=Lane.REPLY,
            kind="peer_thanks",
            text=ctx.notices.render_thanks_for_mentor(ctx.tr(mentor), question),
            due_at=now,
            meta={"question_id": question.id},
        )
    return question


async def can_follow_up(session: AsyncSession, asker: Person, question: PeerQuestion) -> bool:
    try:
        await follow_up_parent(session, asker, question.id)
    except PeerError:
        return False
    return True


async def process_due(session: AsyncSession, ctx: Services, now: dt.datetime) -> int:
    """The timers: widen unclaimed questions to other units, then tell askers whose
    question nobody took (or nobody answered) in time. Rows are claimed with FOR UPDATE
    SKIP LOCKED on PostgreSQL, so several processes never act twice."""
    done = 0
    widening = list(
        await session.scalars(
            select(PeerQuestion)
            .where(PeerQuestion.status == QuestionStatus.OPEN, PeerQuestion.widen_at <= now)
            .order_by(PeerQuestion.widen_at)
            .limit(DUE_BATCH)
            .with_for_update(skip_locked=True)
        )
    )
    for question in widening:
        question.widen_at = None
        if not await cross_unit(session, question.unit_id):
            continue
        asker = await session.get(Person, question.asker_id)
        units = await sharing_units(session, question.unit_id)
        mentors = await available_mentors(session, units, [question.asker_id])
        parent = await session.get(PeerQuestion, question.parent_id) if question.parent_id else None
        if asker is not None and mentors:
            await _offer(session, ctx, question, mentors, now, parent)
            question.widened_at = now
            await record_event(session, "question", question.id, "widened", now, units=units)
        done += 1
    overdue = list(
        await session.scalars(
            select(PeerQuestion)
            .where(
                PeerQuestion.status.in_([QuestionStatus.OPEN, QuestionStatus.CLAIMED]),
                PeerQuestion.expires_at <= now,
            )
            .order_by(PeerQuestion.expires_at)
            .limit(DUE_BATCH)
            .with_for_update(skip_locked=True)
        )
    )
    for question in overdue:
        claimed = question.status == QuestionStatus.CLAIMED
        question.expires_at, question.widen_at, question.asker_told_at = None, None, now
        if not claimed:
            question.status = QuestionStatus.EXPIRED
            await _withdraw_unsent(session, question.id)
        await record_event(session, "question", question.id, "late" if claimed else "expired", now)
        asker = await session.get(Person, question.asker_id)
        if reachable(asker):
            assert asker is not None
            tr = ctx.tr(asker)
            rendered, rows = ctx.notices.render_unanswered(
                tr, question, await worker_name(session, asker), claimed=claimed
            )
            await outbox.enqueue(
                session,
                dedupe_key=f"peerq:{question.id}:unanswered",
                chat_id=asker.telegram_user_id,
                person_id=asker.id,
                lane=Lane.REPLY,
                kind="peer_status",
                text=rendered,
                buttons=rows,
                due_at=now,
                meta={"question_id": question.id},
            )
        done += 1
    return done
