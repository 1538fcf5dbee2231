"""Tips supporters share: review by their social worker, votes, thanks
(`process_tip_thanks`), and approved tips joining the daily pool."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.delivery import outbox
from bot.delivery.lanes import Lane
from bot.domain.peer import (
    MAX_NOTE_CHARS,
    MAX_TIP_CHARS,
    TIP_EXCLUDED_CATEGORIES,
    check_text,
    next_thanks_at,
    shared_card_id,
)
from bot.domain.privacy import looks_sensitive
from bot.domain.tips import TipCard
from bot.services import feedback
from bot.services.peer.common import (
    DUE_BATCH,
    STAFF,
    PeerError,
    reachable,
    record_event,
    worker_of,
)
from bot.services.registry import Services
from bot.services.tips import ExtraTip, ExtraTips
from storage.db import get_by_id, rows_affected
from storage.delivery_models import OutboxMessage
from storage.models import CardFeedback, Person, Role
from storage.peer_models import (
    SharedTip,
    TipStatus,
)


def validate_tip(text: str) -> tuple[str, Any]:
    """(the tip, the check) — the caller shows the safety block first on risk words."""
    check = check_text(text, MAX_TIP_CHARS)
    if check.problem is not None:
        raise PeerError(str(check.problem))
    return check.text, check


def valid_tip_topic(ctx: Services, topic: str) -> bool:
    found = ctx.library.topics.get(topic)
    return found is not None and found.category not in TIP_EXCLUDED_CATEGORIES


async def reviewers_for(session: AsyncSession, author: Person) -> list[Person]:
    """The author's social worker; if they can't be reached, the unit's social workers
    (and, with none, its admins)."""
    worker = await worker_of(session, author)
    if reachable(worker) and worker is not None and worker.unit_id == author.unit_id:
        return [worker]
    for roles in ((Role.SOCIAL_WORKER,), (Role.ADMIN,)):
        staff = list(
            await session.scalars(
                select(Person)
                .where(
                    Person.unit_id == author.unit_id,
                    Person.role.in_(roles),
                    Person.reachable,
                )
                .order_by(Person.id)
            )
        )
        if staff:
            return staff
    return []


async def share_tip(
    session: AsyncSession,
    ctx: Services,
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
    await record_event(session, "tip", tip.id, "shared", now, author, credited=bool(credit_name))
    reviewers = await reviewers_for(session, author)
    for reviewer in reviewers:
        tr = ctx.tr(reviewer)
        rendered, rows = ctx.notices.render_tip_for_review(
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
    return rows_affected(decided) == 1


async def approve_tip(
    session: AsyncSession,
    ctx: Services,
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
    await record_event(session, "tip", tip.id, "approved", now, staff, edited=edited)
    await _tell_author(session, ctx, tip, staff, now, "approved")
    return tip, True


async def return_tip(
    session: AsyncSession,
    ctx: Services,
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
    await record_event(session, "tip", tip.id, "returned", now, staff)
    await _tell_author(session, ctx, tip, staff, now, "returned")
    return tip, True


async def _tell_author(
    session: AsyncSession,
    ctx: Services,
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
        text = ctx.notices.render_tip_approved_for_author(tr, tip, staff.display_name, topic)
    else:
        text = ctx.notices.render_tip_returned_for_author(tr, tip, staff.display_name, topic)
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
    ctx: Services,
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


async def process_tip_thanks(session: AsyncSession, ctx: Services, now: dt.datetime) -> int:
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
                text=ctx.notices.render_tip_helped(
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


def extra_tips(ctx: Services) -> ExtraTips:
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


def _renderer(
    ctx: Services, tip: _Approved
) -> Callable[[str], tuple[str, str | None, list[list[tuple[str, str]]]]]:
    def render(lang: str) -> tuple[str, str | None, list[list[tuple[str, str]]]]:
        tr = ctx.catalogs.get(lang)
        return ctx.notices.render_shared_tip(
            tr, tip.text, tip.topic, ctx.topic_label(tip.topic, lang), tip.credit, tip.id
        )

    return render
