"""The supporter's own wellbeing: an optional weekly check-in, the gentle note after hard
weeks, and the monthly "meaning" note. No Telegram types.

- The check-in is OFF unless the supporter turns it on (/settings → 🌿). Its time is a row
  (`wellbeing_settings.next_at`) the tick reads; a check-in goes out through the outbox
  (CHECKIN lane, dedupe key wb:<person>:<week>), so it is sent once per week at most.
- Answers are theirs: only they see them (/wellbeing), and they can delete them. Their
  social worker hears only that they would welcome a chat, and only if they tap yes; their
  answers go along only if they choose "share my recent answers".
- The monthly note is considered once per person and month (a `meaning_notes` row, written
  with ON CONFLICT DO NOTHING so two processes never both send it) and skipped when there
  is nothing to say or the supporter turned it off.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.delivery import outbox
from bot.delivery.lanes import Lane
from bot.domain.peer import (
    CHECKIN_TIME_CHOICES,
    DEFAULT_CHECKIN_DAY,
    DEFAULT_CHECKIN_TIME,
    FACES,
    Contribution,
    gentle_note_due,
    meaning_month,
    month_bounds,
    next_weekly,
    week_of,
)
from bot.services.registry import Services
from storage.db import dialect_insert, rows_affected, social_worker_of
from storage.delivery_models import OutboxMessage, TipSent
from storage.models import CardFeedback, HourEntry, Person, Role
from storage.peer_models import (
    MeaningNote,
    PeerEvent,
    PeerQuestion,
    SharedTip,
    WellbeingAnswer,
    WellbeingSettings,
)

log = logging.getLogger(__name__)
DUE_BATCH = 200
HISTORY_WEEKS = 12
SHARED_WEEKS = 4


def _wants(person: Person) -> bool:
    return person.role == Role.SUPPORTER and person.reachable


async def settings_for(session: AsyncSession, person: Person) -> WellbeingSettings | None:
    return await session.get(WellbeingSettings, person.id)


async def get_or_create(
    session: AsyncSession, person: Person, now: dt.datetime
) -> WellbeingSettings:
    row = await session.get(WellbeingSettings, person.id)
    if row is None:
        row = WellbeingSettings(
            person_id=person.id,
            enabled=False,
            weekday=DEFAULT_CHECKIN_DAY,
            time=DEFAULT_CHECKIN_TIME,
            next_at=None,
            monthly_note=True,
            updated_at=now,
        )
        session.add(row)
        await session.flush()
    return row


def _reschedule(
    row: WellbeingSettings, person: Person, now: dt.datetime, settings: Settings
) -> None:
    row.next_at = (
        next_weekly(row.weekday, row.time, now, settings.tz)
        if row.enabled and person.active and person.role == Role.SUPPORTER
        else None
    )
    row.updated_at = now


async def change(
    session: AsyncSession,
    person: Person,
    now: dt.datetime,
    settings: Settings,
    *,
    enabled: bool | None = None,
    weekday: int | None = None,
    time: str | None = None,
    monthly_note: bool | None = None,
) -> WellbeingSettings:
    """Change the check-in (and the monthly note); the next check-in moves with it."""
    if person.role != Role.SUPPORTER:
        raise ValueError("only supporters have check-ins")
    row = await get_or_create(session, person, now)
    if enabled is not None:
        row.enabled = enabled
    if weekday is not None and 0 <= weekday <= 6:
        row.weekday = weekday
    if time is not None and time in CHECKIN_TIME_CHOICES:
        row.time = time
    if monthly_note is not None:
        row.monthly_note = monthly_note
    _reschedule(row, person, now, settings)
    return row


async def due_checkins(session: AsyncSession, ctx: Services, now: dt.datetime) -> int:
    """Weekly check-ins whose time has come → outbox rows; the next one is a week on."""
    tz = ctx.settings.tz
    rows = (
        await session.execute(
            select(WellbeingSettings, Person)
            .join(Person, Person.id == WellbeingSettings.person_id)
            .where(WellbeingSettings.next_at.is_not(None), WellbeingSettings.next_at <= now)
            .order_by(WellbeingSettings.next_at)
            .limit(DUE_BATCH)
            .with_for_update(of=WellbeingSettings, skip_locked=True)
        )
    ).all()
    made = 0
    for row, person in rows:
        scheduled = row.next_at
        assert scheduled is not None
        # After downtime: one check-in now, then the usual day; never one per missed week.
        row.next_at = next_weekly(row.weekday, row.time, now, tz) if row.enabled else None
        if not row.enabled or not _wants(person):
            continue
        week = week_of(scheduled.astimezone(tz).date())
        text, buttons = ctx.notices.render_checkin(ctx.tr(person), week)
        created = await outbox.enqueue(
            session,
            dedupe_key=f"wb:{person.id}:{week.isoformat()}",
            chat_id=person.telegram_user_id,
            person_id=person.id,
            lane=Lane.CHECKIN,
            kind="wellbeing_checkin",
            text=text,
            buttons=buttons,
            due_at=now,
        )
        made += int(created.created)
    return made


async def record_answer(
    session: AsyncSession, person: Person, week: dt.date, face: int, now: dt.datetime
) -> bool:
    """Keep this week's face (the latest tap wins); True if a gentle note is due now."""
    if not 1 <= face <= len(FACES):
        raise ValueError("a face is 1..5")
    week = week_of(week)
    row = await session.scalar(
        select(WellbeingAnswer).where(
            WellbeingAnswer.person_id == person.id, WellbeingAnswer.week == week
        )
    )
    if row is None:
        session.add(WellbeingAnswer(person_id=person.id, week=week, face=face, answered_at=now))
    else:
        row.face, row.answered_at = face, now
    await session.flush()
    return gentle_note_due(await history(session, person, 8))


async def history(
    session: AsyncSession, person: Person, limit: int = HISTORY_WEEKS
) -> list[tuple[dt.date, int]]:
    """(week, face), newest first."""
    rows = await session.execute(
        select(WellbeingAnswer.week, WellbeingAnswer.face)
        .where(WellbeingAnswer.person_id == person.id)
        .order_by(WellbeingAnswer.week.desc())
        .limit(limit)
    )
    return [(week, face) for week, face in rows]


async def delete_answers(session: AsyncSession, person: Person) -> int:
    result = await session.execute(
        delete(WellbeingAnswer).where(WellbeingAnswer.person_id == person.id)
    )
    return rows_affected(result)


async def tell_worker(
    session: AsyncSession,
    ctx: Services,
    person: Person,
    week: dt.date,
    *,
    share: bool,
    now: dt.datetime,
) -> Person | None:
    """Only after the supporter tapped yes: their social worker hears they would welcome a
    chat (with their recent answers only if they chose to share them)."""
    worker = await social_worker_of(session, person)
    if worker is None or not worker.active or worker.unreachable_at is not None:
        return None
    # One request a week at most, whichever week's button was pressed.
    recent = await session.scalar(
        select(OutboxMessage.id).where(
            OutboxMessage.dedupe_key.like(f"wb:tell:{person.id}:%"),
            OutboxMessage.created_at > now - dt.timedelta(days=7),
        )
    )
    if recent is not None:
        return worker
    answers = await history(session, person, SHARED_WEEKS) if share else []
    text, buttons = ctx.notices.render_chat_request(
        ctx.tr(worker), person.display_name, answers, person.id
    )
    await outbox.enqueue(
        session,
        dedupe_key=f"wb:tell:{person.id}:{week_of(week).isoformat()}",
        chat_id=worker.telegram_user_id,
        person_id=worker.id,
        lane=Lane.REPLY,
        kind="wellbeing_chat",
        text=text,
        buttons=buttons,
        due_at=now,
        meta={"about_person_id": person.id},
    )
    # The audit says that they asked and whether they shared — never the answers.
    session.add(
        PeerEvent(
            at=now,
            actor_id=person.id,
            subject="wellbeing",
            subject_id=person.id,
            kind="chat_requested",
            detail={"shared_answers": share},
        )
    )
    return worker


# --------------------------------------------------------------------------- meaning


def _utc(day: dt.date, settings: Settings) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0), tzinfo=settings.tz).astimezone(dt.UTC)


async def contributions(
    session: AsyncSession, ids: Sequence[int], month: str, settings: Settings
) -> dict[int, Contribution]:
    """What each person gave in `month`: hours recorded, cards that came their way (daily
    tips and cards they rated), tips they shared, questions they answered."""
    first, following = month_bounds(month)
    start, end = _utc(first, settings), _utc(following, settings)
    minutes = dict(
        (
            await session.execute(
                select(HourEntry.person_id, func.sum(HourEntry.minutes))
                .where(
                    HourEntry.person_id.in_(ids),
                    HourEntry.day >= first,
                    HourEntry.day < following,
                )
                .group_by(HourEntry.person_id)
            )
        ).all()
    )
    cards: dict[int, set[str]] = defaultdict(set)
    for person_id, card_id in await session.execute(
        select(TipSent.person_id, TipSent.card_id).where(
            TipSent.person_id.in_(ids), TipSent.day >= first, TipSent.day < following
        )
    ):
        cards[person_id].add(card_id)
    for person_id, card_id in await session.execute(
        select(CardFeedback.person_id, CardFeedback.card_id).where(
            CardFeedback.person_id.in_(ids),
            CardFeedback.updated_at >= start,
            CardFeedback.updated_at < end,
        )
    ):
        cards[person_id].add(card_id)
    tips = dict(
        (
            await session.execute(
                select(SharedTip.author_id, func.count())
                .where(
                    SharedTip.author_id.in_(ids),
                    SharedTip.created_at >= start,
                    SharedTip.created_at < end,
                )
                .group_by(SharedTip.author_id)
            )
        ).all()
    )
    answered = dict(
        (
            await session.execute(
                select(PeerQuestion.claimed_by_id, func.count())
                .where(
                    PeerQuestion.claimed_by_id.in_(ids),
                    PeerQuestion.answered_at >= start,
                    PeerQuestion.answered_at < end,
                )
                .group_by(PeerQuestion.claimed_by_id)
            )
        ).all()
    )
    return {
        pid: Contribution(
            minutes=int(minutes.get(pid) or 0),
            cards=len(cards.get(pid, ())),
            tips_shared=int(tips.get(pid) or 0),
            questions_answered=int(answered.get(pid) or 0),
        )
        for pid in ids
    }


async def due_meaning(session: AsyncSession, ctx: Services, now: dt.datetime) -> int:
    """On the first days of a month: last month's note for every supporter not yet done."""
    settings = ctx.settings
    month = meaning_month(now, settings.tz)
    if month is None:
        return 0
    first, following = month_bounds(month)
    done = select(MeaningNote.person_id).where(MeaningNote.month == month)
    people = list(
        await session.scalars(
            select(Person)
            .where(
                Person.role == Role.SUPPORTER,
                Person.reachable,
                Person.created_at < _utc(following, settings),
                Person.id.not_in(done),
            )
            .order_by(Person.id)
            .limit(DUE_BATCH)
        )
    )
    if not people:
        return 0
    ids = [p.id for p in people]
    given = await contributions(session, ids, month, settings)
    off = set(
        await session.scalars(
            select(WellbeingSettings.person_id).where(
                WellbeingSettings.person_id.in_(ids), WellbeingSettings.monthly_note.is_(False)
            )
        )
    )
    sent = 0
    for person in people:
        contribution = given[person.id]
        send = not contribution.empty and person.id not in off
        inserted = await session.scalar(
            dialect_insert(session)(MeaningNote)
            .values(person_id=person.id, month=month, sent=send, created_at=now)
            .on_conflict_do_nothing(index_elements=["person_id", "month"])
            .returning(MeaningNote.person_id)
        )
        if inserted is None or not send:
            continue  # another process did it, or there is nothing to say
        await outbox.enqueue(
            session,
            dedupe_key=f"meaning:{person.id}:{month}",
            chat_id=person.telegram_user_id,
            person_id=person.id,
            lane=Lane.CHECKIN,
            kind="meaning_note",
            text=ctx.notices.render_meaning(ctx.tr(person), first, contribution),
            due_at=now,
        )
        sent += 1
    return sent
