"""The daily tip run: people whose next_tip_at has come get their card, through the outbox.

Called by the tick (bot/jobs.py). In batches, each one transaction: claim due preference
rows (FOR UPDATE SKIP LOCKED on PostgreSQL, so several bot processes split the work),
choose each person's card (bot/domain/tips.py), record it in tips_sent (one per person
and local day), enqueue the message (dedupe key tip:<person>:<day>) and advance
next_tip_at — all committed together, so a crash either did all of it or none of it.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.delivery import outbox
from bot.delivery.lanes import Lane
from bot.domain.cards import Card
from bot.domain.tips import Reason, Seen, TipCard, Vote, choose_tip, plan_due_tip
from bot.i18n import negotiate
from bot.services.preferences import schedule_missing, schedule_of, wants_tips
from storage.db import dialect_insert
from storage.delivery_models import TipSent
from storage.models import CardFeedback, Person, Preferences

log = logging.getLogger(__name__)

KIND = "tip"

# (session, language, card, reason, now) -> (text, parse_mode, inline buttons)
Rendered = tuple[str, str | None, list[list[tuple[str, str]]]]
Render = Callable[[AsyncSession, str, Card, Reason, dt.datetime], Rendered]


@dataclass(frozen=True, slots=True)
class ExtraTip:
    """A tip from outside the card library that joins one person's rotation (an approved
    tip shared in their unit): chosen by the same rules, rendered by its own function."""

    card: TipCard
    render: Callable[[str], Rendered]  # language -> message


# (session, the people of a batch) -> person id -> their extra tips
ExtraTips = Callable[[AsyncSession, Sequence[Person]], Awaitable[Mapping[int, Sequence[ExtraTip]]]]


def dedupe_key(person_id: int, day: dt.date) -> str:
    return f"tip:{person_id}:{day.isoformat()}"


def tip_language(person: Person) -> str:
    """Their chosen language, else the bot's default (as in chat); every tip has a button
    to show it in the other language."""
    return negotiate(person.language, None)


@lru_cache(maxsize=4)
def _tip_cards(cards: tuple[Card, ...]) -> tuple[TipCard, ...]:
    return tuple(TipCard(c.id, c.primary_topic, c.is_safety_critical) for c in cards)


async def history(session: AsyncSession, person_ids: Sequence[int]) -> dict[int, dict[str, Seen]]:
    """Per person and card: how often it was sent as a tip, when last, at which tip number."""
    rows = await session.execute(
        select(
            TipSent.person_id,
            TipSent.card_id,
            func.count(),
            func.max(TipSent.day),
            func.max(TipSent.seq),
        )
        .where(TipSent.person_id.in_(person_ids))
        .group_by(TipSent.person_id, TipSent.card_id)
    )
    seen: dict[int, dict[str, Seen]] = defaultdict(dict)
    for person_id, card_id, times, last_day, last_seq in rows:
        seen[person_id][card_id] = Seen(times, last_day, last_seq)
    return seen


async def with_review_days(
    session: AsyncSession,
    seen: Mapping[int, Mapping[str, Seen]],
    voted: Mapping[int, Mapping[str, Vote]],
) -> dict[int, dict[str, Seen]]:
    """`seen` with every tip day filled in for the cards each person marked 👍: their
    review date replays that history through FSRS (bot/domain/tips.py::review_due)."""
    helpful = {(p, c) for p, cards in voted.items() for c, vote in cards.items() if vote.helpful}
    days: dict[tuple[int, str], list[dt.date]] = defaultdict(list)
    if helpful:
        rows = await session.execute(
            select(TipSent.person_id, TipSent.card_id, TipSent.day).where(
                TipSent.person_id.in_({p for p, _ in helpful}),
                TipSent.card_id.in_({c for _, c in helpful}),
            )
        )
        for person_id, card_id, day in rows:
            if (person_id, card_id) in helpful:
                days[person_id, card_id].append(day)
    filled = {person_id: dict(cards) for person_id, cards in seen.items()}
    for (person_id, card_id), tip_days in days.items():
        old = filled[person_id][card_id]
        filled[person_id][card_id] = replace(old, days=tuple(sorted(tip_days)))
    return filled


async def votes(
    session: AsyncSession, person_ids: Sequence[int], tz: ZoneInfo
) -> dict[int, dict[str, Vote]]:
    rows = await session.execute(
        select(
            CardFeedback.person_id,
            CardFeedback.card_id,
            CardFeedback.helpful,
            CardFeedback.updated_at,
        ).where(CardFeedback.person_id.in_(person_ids))
    )
    found: dict[int, dict[str, Vote]] = defaultdict(dict)
    for person_id, card_id, helpful, updated_at in rows:
        found[person_id][card_id] = Vote(helpful, updated_at.astimezone(tz).date())
    return found


async def _served(
    session: AsyncSession, person_ids: Sequence[int], since: dt.date
) -> dict[int, set[dt.date]]:
    rows = await session.execute(
        select(TipSent.person_id, TipSent.day).where(
            TipSent.person_id.in_(person_ids), TipSent.day >= since
        )
    )
    served: dict[int, set[dt.date]] = defaultdict(set)
    for person_id, day in rows:
        served[person_id].add(day)
    return served


async def schedule_due(
    sessions: async_sessionmaker[AsyncSession],
    cards: tuple[Card, ...],
    render: Render,
    tz: ZoneInfo,
    now: dt.datetime,
    *,
    batch: int = 250,
    extra_tips: ExtraTips | None = None,
) -> int:
    """Turn every tip that is due at `now` into an outbox row; returns how many.

    `extra_tips` adds tips beyond the library to some people's pool (services/peer/shared_tips.py).

    Batches are small and the loop yields as it goes, so a 10,000-person run never holds
    the event loop (and with it the pace of sends and replies) for long."""
    async with sessions() as session:
        await schedule_missing(session, now, tz)
        await session.commit()
    by_id = {c.id: c for c in cards}
    tip_cards = _tip_cards(cards)
    today = now.astimezone(tz).date()
    made = 0
    while True:
        async with sessions() as session:
            rows = (
                await session.execute(
                    select(Preferences, Person)
                    .join(Person, Person.id == Preferences.person_id)
                    .where(Preferences.next_tip_at.is_not(None), Preferences.next_tip_at <= now)
                    .order_by(Preferences.next_tip_at, Preferences.person_id)
                    .limit(batch)
                    .with_for_update(of=Preferences, skip_locked=True)
                )
            ).all()
            if not rows:
                return made
            due = []
            for prefs, person in rows:
                if prefs.tips_paused or not wants_tips(person):
                    prefs.next_tip_at = None
                else:
                    due.append((prefs, person))
            ids = [person.id for _, person in due]
            seen = await history(session, ids) if ids else {}
            voted = await votes(session, ids, tz) if ids else {}
            seen = await with_review_days(session, seen, voted)
            served = await _served(session, ids, today - dt.timedelta(days=2)) if ids else {}
            extras = await extra_tips(session, [p for _, p in due]) if extra_tips and due else {}
            records, messages = [], []
            for number, (prefs, person) in enumerate(due):
                if number % 25 == 24:
                    await asyncio.sleep(0)  # let sends and replies through
                scheduled = prefs.next_tip_at
                assert scheduled is not None
                plan = plan_due_tip(schedule_of(prefs), scheduled, now, tz, served[person.id])
                prefs.next_tip_at, prefs.updated_at = plan.next_at, now
                if plan.day in served[person.id]:
                    continue  # this day already had its tip (e.g. the time was changed)
                person_seen = seen.get(person.id, {})
                own = {extra.card.id: extra for extra in extras.get(person.id, ())}
                pool = (*tip_cards, *(e.card for e in own.values())) if own else tip_cards
                choice = choose_tip(
                    pool, person_seen, voted.get(person.id, {}), plan.day, salt=person.id
                )
                if choice is None:
                    continue  # every card marked 👎: nothing to push
                seq = max((s.last_seq for s in person_seen.values()), default=0) + 1
                records.append(
                    {
                        "person_id": person.id,
                        "day": plan.day,
                        "seq": seq,
                        "card_id": choice.card_id,
                        "reason": str(choice.reason),
                        "created_at": now,
                    }
                )
                if choice.card_id in own:
                    text, parse_mode, buttons = own[choice.card_id].render(tip_language(person))
                else:
                    text, parse_mode, buttons = render(
                        session, tip_language(person), by_id[choice.card_id], choice.reason, now
                    )
                messages.append(
                    outbox.NewMessage(
                        dedupe_key=dedupe_key(person.id, plan.day),
                        chat_id=person.telegram_user_id,
                        person_id=person.id,
                        lane=Lane.TIP,
                        kind=KIND,
                        text=text,
                        parse_mode=parse_mode,
                        buttons=buttons,
                        due_at=plan.send_at,
                        meta={"card_id": choice.card_id, "reason": str(choice.reason)},
                    )
                )
            if records:
                inserted = set(
                    (
                        await session.execute(
                            dialect_insert(session)(TipSent)
                            .values(records)
                            .on_conflict_do_nothing(index_elements=["person_id", "day"])
                            .returning(TipSent.person_id)
                        )
                    ).scalars()
                )
                fresh = [m for m in messages if m.person_id in inserted]
                made += await outbox.enqueue_many(session, fresh)
            await outbox.commit(session)  # this batch goes out while the next is built
            log.info("daily tips: %d queued in this batch", len(records))
        if len(rows) < batch:
            return made
