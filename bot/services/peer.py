"""Peer wisdom: mentors, questions to senior supporters, shared tips, drafts. No Telegram types.

Everything owed to someone (a question to mentors, an answer, thanks, a review request, "your
tip was approved") is written to the outbox in the same transaction as the change that
caused it, with a dedupe key. Timers are columns the tick reads (`process_due`,
`process_tip_thanks`), so a crash or restart loses nothing and repeats nothing.

Who receives a question: active, reachable supporters who opted in as mentors (or whom
staff marked), in the asker's unit, never the asker. If the asker's unit allows it
(`peer_unit_settings.cross_unit`), then after half the timeout also mentors of other units
that allow it too. Mentors see the asker's first name only if the asker chose to show it.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import yaml
from sqlalchemy import case, delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.delivery import outbox
from bot.delivery.lanes import Lane
from bot.domain.peer import (
    ANSWER_WINDOW,
    MAX_ANSWER_CHARS,
    MAX_NOTE_CHARS,
    MAX_QUESTION_CHARS,
    MAX_TIP_CHARS,
    TIP_EXCLUDED_CATEGORIES,
    check_text,
    is_cantonese,
    next_thanks_at,
    shared_card_id,
    short_title,
    widen_after,
)
from bot.domain.privacy import looks_sensitive
from bot.domain.tips import TipCard
from bot.i18n import Catalogs, Translator, negotiate
from bot.library import Library
from bot.services import feedback
from bot.services.tips import ExtraTip, ExtraTips
from bot.views import peer as texts
from storage.db import get_by_id
from storage.delivery_models import OutboxMessage, OutboxStatus
from storage.models import STAFF_ROLES, CardFeedback, Person, Role, Unit
from storage.peer_models import (
    DEFAULT_QUESTION_DAYS,
    PeerDraftCard,
    PeerEvent,
    PeerMentor,
    PeerQuestion,
    PeerUnitSettings,
    QuestionStatus,
    SharedTip,
    TipStatus,
)

log = logging.getLogger(__name__)
STAFF = STAFF_ROLES
DUE_BATCH = 50
MIN_QUESTION_DAYS, MAX_QUESTION_DAYS = 7, 730
STAFF_PAGE = 5  # questions per screen in the staff view


class PeerError(Exception):
    """A request the rules refuse; `reason` is a short code the caller turns into words."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Context:
    """What the peer rules need from the outside world."""

    settings: Settings
    catalogs: Catalogs
    library: Library

    @property
    def timeout(self) -> dt.timedelta:
        return dt.timedelta(minutes=self.settings.peer_timeout_minutes)

    def tr(self, person: Person) -> Translator:
        return self.catalogs.get(negotiate(person.language, None))

    def topic_label(self, topic_id: str, lang: str) -> str:
        topic = self.library.topics.get(topic_id)
        return topic.label(lang) if topic else topic_id


def reachable(person: Person | None) -> bool:
    return person is not None and person.reachable


async def _event(
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


async def _worker_of(session: AsyncSession, person: Person) -> Person | None:
    return await session.get(Person, person.social_worker_id) if person.social_worker_id else None


async def worker_name(session: AsyncSession, person: Person) -> str | None:
    worker = await _worker_of(session, person)
    return worker.display_name if worker else None


# --------------------------------------------------------------------------- mentors


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
    await _event(session, "mentor", person.id, "on" if on else "off", now, actor)
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
            Person.active.is_(True),
            Person.unreachable_at.is_(None),
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
    await _event(session, "unit", unit_id, "cross_unit_on" if on else "cross_unit_off", now, actor)
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
    await _event(session, "unit", unit_id, "question_days", now, actor, days=days)
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
        blanked += int(result.rowcount or 0)  # type: ignore[attr-defined]
    return blanked


async def _sharing_units(session: AsyncSession, except_unit: int) -> list[int]:
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
            session, await _sharing_units(session, asker.unit_id), [asker.id]
        )
    return own, others


# --------------------------------------------------------------------------- questions


def _question_key(question_id: int, mentor_id: int) -> str:
    return f"peerq:{question_id}:p{mentor_id}"


async def _offer(
    session: AsyncSession,
    ctx: Context,
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
        text, rows = texts.render_question_for_mentor(
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
    ctx: Context,
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
    direct = parent is not None and reachable(answerer) and await is_mentor(session, answerer)  # type: ignore[arg-type]
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
        expires_at=now + ctx.timeout,
    )
    session.add(question)
    await session.flush()
    await _event(session, "question", question.id, "asked", now, asker, follow_up=bool(parent))
    if direct:
        assert answerer is not None and parent is not None
        question.status, question.claimed_by_id, question.claimed_at = (
            QuestionStatus.CLAIMED,
            answerer.id,
            now,
        )
        question.expires_at = now + ANSWER_WINDOW
        text_, rows = texts.render_follow_up_for_mentor(ctx.tr(answerer), question, parent)
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
            question.widen_at = now + widen_after(ctx.timeout)
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
    session: AsyncSession, ctx: Context, mentor: Person, question_id: int, now: dt.datetime
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
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        if question.claimed_by_id == mentor.id and question.status == QuestionStatus.CLAIMED:
            return question, "won"  # a second tap by the same mentor
        return question, "closed" if question.status == QuestionStatus.EXPIRED else "taken"
    await _event(session, "question", question.id, "claimed", now, mentor)
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
            text=texts.render_being_answered(ctx.tr(asker)),
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
    ctx: Context,
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
    await _event(session, "question", question.id, "answered", now, mentor)
    asker = await session.get(Person, question.asker_id)
    if asker is not None and asker.active:
        rendered, rows = texts.render_answer_for_asker(
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
    session: AsyncSession, ctx: Context, asker: Person, question_id: int, now: dt.datetime
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
    if not thanked.rowcount:  # type: ignore[attr-defined]
        return question
    await _event(session, "question", question.id, "thanked", now, asker)
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
            text=texts.render_thanks_for_mentor(ctx.tr(mentor), question),
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


async def process_due(session: AsyncSession, ctx: Context, now: dt.datetime) -> int:
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
        units = await _sharing_units(session, question.unit_id)
        mentors = await available_mentors(session, units, [question.asker_id])
        parent = await session.get(PeerQuestion, question.parent_id) if question.parent_id else None
        if asker is not None and mentors:
            await _offer(session, ctx, question, mentors, now, parent)
            question.widened_at = now
            await _event(session, "question", question.id, "widened", now, units=units)
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
        await _event(session, "question", question.id, "late" if claimed else "expired", now)
        asker = await session.get(Person, question.asker_id)
        if reachable(asker):
            assert asker is not None
            tr = ctx.tr(asker)
            rendered, rows = texts.render_unanswered(
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


# --------------------------------------------------------------------------- staff view


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
    ctx: Context,
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
    await _event(session, "draft", draft.id, "created", now, staff, question_id=question.id)
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
    session: AsyncSession, ctx: Context, staff: Person, person_id: int, now: dt.datetime
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
            text=texts.render_mentor_set_by_staff(ctx.tr(person), on, staff.display_name),
            due_at=now,
        )
    return person, on


# --------------------------------------------------------------------------- shared tips


def validate_tip(text: str) -> tuple[str, Any]:
    """(the tip, the check) — the caller shows the safety block first on risk words."""
    check = check_text(text, MAX_TIP_CHARS)
    if check.problem is not None:
        raise PeerError(str(check.problem))
    return check.text, check


def valid_tip_topic(ctx: Context, topic: str) -> bool:
    found = ctx.library.topics.get(topic)
    return found is not None and found.category not in TIP_EXCLUDED_CATEGORIES


async def reviewers_for(session: AsyncSession, author: Person) -> list[Person]:
    """The author's social worker; if they can't be reached, the unit's social workers
    (and, with none, its admins)."""
    worker = await _worker_of(session, author)
    if reachable(worker) and worker is not None and worker.unit_id == author.unit_id:
        return [worker]
    for roles in ((Role.SOCIAL_WORKER,), (Role.ADMIN,)):
        staff = list(
            await session.scalars(
                select(Person)
                .where(
                    Person.unit_id == author.unit_id,
                    Person.role.in_(roles),
                    Person.active.is_(True),
                    Person.unreachable_at.is_(None),
                )
                .order_by(Person.id)
            )
        )
        if staff:
            return staff
    return []


async def share_tip(
    session: AsyncSession,
    ctx: Context,
    author: Person,
    text: str,
    topic: str,
    credit_name: str | None,
    now: dt.datetime,
) -> tuple[SharedTip, list[Person]]:
    """Store the tip and owe a review request to the unit's social worker(s)."""
    text, _ = validate_tip(text)
    if not valid_tip_topic(ctx, topic):
        raise PeerError("not_found")
    tip = SharedTip(
        author_id=author.id,
        unit_id=author.unit_id,
        topic=topic,
        text=text,
        credit_name=credit_name,
        status=TipStatus.PENDING,
        created_at=now,
        helpful_count=0,
        thanks_pending=0,
    )
    session.add(tip)
    await session.flush()
    await _event(session, "tip", tip.id, "shared", now, author, credited=bool(credit_name))
    reviewers = await reviewers_for(session, author)
    for reviewer in reviewers:
        tr = ctx.tr(reviewer)
        rendered, rows = texts.render_tip_for_review(
            tr, tip, author.display_name, ctx.topic_label(topic, tr.lang)
        )
        await outbox.enqueue(
            session,
            dedupe_key=f"ptip:{tip.id}:review:p{reviewer.id}",
            chat_id=reviewer.telegram_user_id,
            person_id=reviewer.id,
            lane=Lane.REPLY,
            kind="tip_review",
            text=rendered,
            buttons=rows,
            due_at=now,
            meta={"tip_id": tip.id},
        )
    return tip, reviewers


async def tip_for_staff(session: AsyncSession, staff: Person, tip_id: int) -> SharedTip:
    tip = await get_by_id(session, SharedTip, tip_id)
    if tip is None or staff.role not in STAFF or tip.unit_id != staff.unit_id:
        raise PeerError("not_found")
    return tip


async def _decide(session: AsyncSession, tip: SharedTip, values: dict[str, Any]) -> bool:
    """The atomic review: only a pending tip can be approved or returned, once."""
    decided = await session.execute(
        update(SharedTip)
        .where(SharedTip.id == tip.id, SharedTip.status == TipStatus.PENDING)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    await session.refresh(tip)
    return decided.rowcount == 1  # type: ignore[attr-defined]


async def approve_tip(
    session: AsyncSession,
    ctx: Context,
    staff: Person,
    tip_id: int,
    now: dt.datetime,
    edited_text: str | None = None,
) -> tuple[SharedTip, bool]:
    """Approve (optionally with the social worker's edit); (tip, whether it was this call)."""
    tip = await tip_for_staff(session, staff, tip_id)
    values: dict[str, Any] = {
        "status": TipStatus.APPROVED,
        "reviewed_by_id": staff.id,
        "reviewed_at": now,
    }
    edited = edited_text is not None and edited_text.strip() != tip.text
    if edited_text is not None:
        check = check_text(edited_text, MAX_TIP_CHARS, check_risk=False)
        if check.problem is not None:
            raise PeerError(str(check.problem))
        if edited:
            values.update(text=check.text, original_text=tip.text)
    if not await _decide(session, tip, values):
        return tip, False
    await _event(session, "tip", tip.id, "approved", now, staff, edited=edited)
    await _tell_author(session, ctx, tip, staff, now, "approved")
    return tip, True


async def return_tip(
    session: AsyncSession,
    ctx: Context,
    staff: Person,
    tip_id: int,
    note: str,
    now: dt.datetime,
) -> tuple[SharedTip, bool]:
    tip = await tip_for_staff(session, staff, tip_id)
    note = note.strip()
    if not note:
        raise PeerError("no_note")
    if looks_sensitive(note):
        raise PeerError("sensitive")
    if len(note) > MAX_NOTE_CHARS:
        raise PeerError("too_long")
    values = {
        "status": TipStatus.RETURNED,
        "reviewed_by_id": staff.id,
        "reviewed_at": now,
        "review_note": note,
    }
    if not await _decide(session, tip, values):
        return tip, False
    await _event(session, "tip", tip.id, "returned", now, staff)
    await _tell_author(session, ctx, tip, staff, now, "returned")
    return tip, True


async def _tell_author(
    session: AsyncSession,
    ctx: Context,
    tip: SharedTip,
    staff: Person,
    now: dt.datetime,
    outcome: str,
) -> None:
    author = await session.get(Person, tip.author_id)
    if not reachable(author):
        return
    assert author is not None
    tr = ctx.tr(author)
    topic = ctx.topic_label(tip.topic, tr.lang)
    if outcome == "approved":
        text = texts.render_tip_approved_for_author(tr, tip, staff.display_name, topic)
    else:
        text = texts.render_tip_returned_for_author(tr, tip, staff.display_name, topic)
    await outbox.enqueue(
        session,
        dedupe_key=f"ptip:{tip.id}:{outcome}",
        chat_id=author.telegram_user_id,
        person_id=author.id,
        lane=Lane.REPLY,
        kind="tip_status",
        text=text,
        due_at=now,
        meta={"tip_id": tip.id},
    )


async def review_messages(session: AsyncSession, tip_id: int) -> list[OutboxMessage]:
    return list(
        await session.scalars(
            select(OutboxMessage).where(
                OutboxMessage.dedupe_key.like(f"ptip:{tip_id}:review:p%"),
                OutboxMessage.telegram_message_id.is_not(None),
            )
        )
    )


async def pending_tips(session: AsyncSession, unit_id: int) -> list[tuple[SharedTip, Person]]:
    rows = await session.execute(
        select(SharedTip, Person)
        .join(Person, Person.id == SharedTip.author_id)
        .where(SharedTip.unit_id == unit_id, SharedTip.status == TipStatus.PENDING)
        .order_by(SharedTip.created_at)
    )
    return [(tip, author) for tip, author in rows]


async def record_tip_vote(
    session: AsyncSession,
    ctx: Context,
    person: Person,
    tip_id: int,
    helpful: bool,
    now: dt.datetime,
) -> SharedTip | None:
    """👍/👎 on a shared tip: kept like a card vote (so the rotation respects it), and a new
    👍 from someone else is counted for the author's batched "your tip helped" note."""
    tip = await get_by_id(session, SharedTip, tip_id)
    if tip is None or tip.status != TipStatus.APPROVED or tip.unit_id != person.unit_id:
        return None
    card_id = shared_card_id(tip.id)
    before = await session.get(CardFeedback, (person.id, card_id))
    was = before.helpful if before is not None else None
    await feedback.record(session, person.id, card_id, helpful, now)
    if person.id == tip.author_id or was == helpful:
        return tip
    if helpful:
        tip.helpful_count += 1
        tip.thanks_pending += 1
        tip.thanks_due_at = tip.thanks_due_at or next_thanks_at(now, ctx.settings.tz)
    elif was:
        tip.helpful_count = max(0, tip.helpful_count - 1)
        tip.thanks_pending = max(0, tip.thanks_pending - 1)
        if not tip.thanks_pending:
            tip.thanks_due_at = None
    return tip


async def process_tip_thanks(session: AsyncSession, ctx: Context, now: dt.datetime) -> int:
    """Authors hear, at most once a day, how many fellow supporters their tip helped."""
    tips = list(
        await session.scalars(
            select(SharedTip)
            .where(SharedTip.thanks_due_at <= now)
            .order_by(SharedTip.thanks_due_at)
            .limit(DUE_BATCH)
            .with_for_update(skip_locked=True)
        )
    )
    sent = 0
    for tip in tips:
        author = await session.get(Person, tip.author_id)
        if tip.thanks_pending > 0 and reachable(author):
            assert author is not None
            tr = ctx.tr(author)
            day = now.astimezone(ctx.settings.tz).date().isoformat()
            await outbox.enqueue(
                session,
                dedupe_key=f"ptip:{tip.id}:helped:{day}",
                chat_id=author.telegram_user_id,
                person_id=author.id,
                lane=Lane.CHECKIN,
                kind="tip_helped",
                text=texts.render_tip_helped(
                    tr, tip, ctx.topic_label(tip.topic, tr.lang), tip.thanks_pending
                ),
                due_at=now,
                meta={"tip_id": tip.id},
            )
            sent += 1
        tip.thanks_pending, tip.thanks_due_at = 0, None
    return sent


@dataclass(frozen=True, slots=True)
class _Approved:
    id: int
    author_id: int
    unit_id: int
    topic: str
    text: str
    credit: str | None


def extra_tips(ctx: Context) -> ExtraTips:
    """Approved tips of each person's unit join their daily-tip rotation (not their own)."""

    async def provide(
        session: AsyncSession, people: Sequence[Person]
    ) -> Mapping[int, Sequence[ExtraTip]]:
        units = {p.unit_id for p in people}
        rows = await session.scalars(
            select(SharedTip).where(
                SharedTip.unit_id.in_(list(units)), SharedTip.status == TipStatus.APPROVED
            )
        )
        by_unit: dict[int, list[_Approved]] = {}
        for tip in rows:
            by_unit.setdefault(tip.unit_id, []).append(
                _Approved(tip.id, tip.author_id, tip.unit_id, tip.topic, tip.text, tip.credit_name)
            )
        if not by_unit:
            return {}
        return {
            person.id: [
                ExtraTip(TipCard(shared_card_id(t.id), t.topic, False), _renderer(ctx, t))
                for t in by_unit.get(person.unit_id, ())
                if t.author_id != person.id
            ]
            for person in people
        }

    return provide


def _renderer(ctx: Context, tip: _Approved):  # type: ignore[no-untyped-def]
    def render(lang: str) -> tuple[str, str | None, list[list[tuple[str, str]]]]:
        tr = ctx.catalogs.get(lang)
        return texts.render_shared_tip(
            tr, tip.text, tip.topic, ctx.topic_label(tip.topic, lang), tip.credit, tip.id
        )

    return render


# --------------------------------------------------------------------------- export


EXPORT_HEADER = """\
# Shared by fellow supporters and approved by their social workers (Tung Hang).
# These are DRAFTS for the clinical team, not release-ready cards: write the other language,
# 2-4 `say` and 2-3 `avoid` lines and keywords, then sign off (reviewed_by, last_reviewed)
# before moving a card into content/cards/. See content/README.md.
"""
_NOTE = {
    "en": "A tip from a fellow supporter.",
    "yue": "師兄師姐分享嘅心得。",
}


def _sides(main: str, lang: str, title: str, situation: str) -> dict[str, Any]:
    sides: dict[str, Any] = {}
    for side in ("en", "yue"):
        own = side == lang
        sides[side] = {
            "title": title if own else "",
            "situation": situation if own else _NOTE[side],
            "say": [main] if own else [],
            "avoid": [],
            "keywords": [],
        }
    return sides


async def export_shared(session: AsyncSession, unit_id: int | None = None) -> tuple[str, int]:
    """Approved shared tips and draft cards as YAML cards in the content schema, each
    marked "from a fellow supporter", with reviewed_by / last_reviewed empty."""
    units = {u.id: u for u in await session.scalars(select(Unit))}
    people = {p.id: p for p in await session.scalars(select(Person))}
    tips_query = select(SharedTip).where(SharedTip.status == TipStatus.APPROVED)
    drafts_query = select(PeerDraftCard, PeerQuestion).join(
        PeerQuestion, PeerQuestion.id == PeerDraftCard.question_id
    )
    if unit_id is not None:
        tips_query = tips_query.where(SharedTip.unit_id == unit_id)
        drafts_query = drafts_query.where(PeerDraftCard.unit_id == unit_id)
    blocks = [EXPORT_HEADER]
    count = 0
    for tip in await session.scalars(tips_query.order_by(SharedTip.id)):
        lang = "yue" if is_cantonese(tip.text) else "en"
        reviewer = people.get(tip.reviewed_by_id or 0)
        when = tip.reviewed_at.date().isoformat() if tip.reviewed_at else "?"
        unit = units.get(tip.unit_id)
        comment = (
            f"# From a fellow supporter: shared tip #{tip.id} ({unit.name_en if unit else '?'}), "
            f"approved by {reviewer.display_name if reviewer else '?'} on {when}."
        )
        card = {
            "id": f"shared-tip-{tip.id}",
            "topics": [tip.topic],
            "kind": "tip",
            **_sides(tip.text, lang, short_title(tip.text), _NOTE[lang]),
            "reviewed_by": None,
            "last_reviewed": None,
        }
        blocks.append(_yaml_block(comment, card))
        count += 1
    for draft, question in await session.execute(drafts_query.order_by(PeerDraftCard.id)):
        main = question.answer or ""
        lang = "yue" if is_cantonese(main) else "en"
        maker = people.get(draft.created_by_id)
        unit = units.get(draft.unit_id)
        comment = (
            f"# From a fellow supporter's answer to question #{question.id} "
            f"({unit.name_en if unit else '?'}), drafted by "
            f"{maker.display_name if maker else '?'} on {draft.created_at.date().isoformat()}."
        )
        card = {
            "id": f"shared-answer-{question.id}",
            "topics": [draft.topic],
            "kind": "tip",
            **_sides(main, lang, short_title(question.text), question.text),
            "reviewed_by": None,
            "last_reviewed": None,
        }
        blocks.append(_yaml_block(comment, card))
        count += 1
    return "\n".join(blocks), count


def _yaml_block(comment: str, card: dict[str, Any]) -> str:
    body = yaml.safe_dump([card], allow_unicode=True, sort_keys=False, width=100)
    return f"{comment}\n{body}"
