"""What use teaches the clinical team: how often each card is shown, 👍/👎, and the
questions the library could not answer — stored only after the privacy filter, kept at
most UNANSWERED_DAYS, deleted with the person (bot/services/privacy.py)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.redact import redact
from bot.review_pack import CardUsage
from storage.content_models import CardShow, UnansweredQuestion
from storage.db import dialect_insert, rows_affected
from storage.models import CardFeedback

ASKED = "asked"  # the lead card answering a typed question
OPENED = "opened"  # a card opened from the buttons
NOT_SURE = "not_sure"
NONE_OF_THESE = "none_of_these"
UNANSWERED_DAYS = 90
MAX_STORED_CHARS = 1000


async def record_show(session: AsyncSession, card_id: str, via: str, now: dt.datetime) -> None:
    """Count one showing; a counter per day, card and way — it names nobody."""
    insert = dialect_insert(session)
    statement = insert(CardShow).values(day=now.date(), card_id=card_id, via=via, count=1)
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=[CardShow.day, CardShow.card_id, CardShow.via],
            set_={"count": CardShow.count + 1},
        )
    )


async def card_usage(session: AsyncSession) -> dict[str, CardUsage]:
    """👍, 👎 (latest vote per person) and times shown, per card id, over all time."""
    votes: dict[str, Counter[bool]] = {}
    rows = await session.execute(
        select(CardFeedback.card_id, CardFeedback.helpful, func.count()).group_by(
            CardFeedback.card_id, CardFeedback.helpful
        )
    )
    for card_id, helpful, count in rows:
        votes.setdefault(card_id, Counter())[bool(helpful)] += int(count)
    shown = dict(
        (card_id, int(total or 0))
        for card_id, total in await session.execute(
            select(CardShow.card_id, func.sum(CardShow.count)).group_by(CardShow.card_id)
        )
    )
    return {
        card_id: CardUsage(
            helpful=votes.get(card_id, Counter())[True],
            not_helpful=votes.get(card_id, Counter())[False],
            shown=shown.get(card_id, 0),
        )
        for card_id in set(votes) | set(shown)
    }


async def store_unanswered(
    session: AsyncSession,
    *,
    person_id: int | None,
    outcome: str,
    text: str,
    lang: str,
    card_ids: tuple[str, ...] = (),
    now: dt.datetime,
) -> UnansweredQuestion | None:
    """Keep the question, with names, ID numbers, phone numbers and emails replaced by
    placeholders. Nothing is kept for an empty question."""
    filtered = redact(text)[:MAX_STORED_CHARS].strip()
    if not filtered:
        return None
    row = UnansweredQuestion(
        person_id=person_id,
        outcome=outcome,
        text=filtered,
        lang=lang,
        card_ids=",".join(card_ids)[:400],
        created_at=now,
    )
    session.add(row)
    await session.flush()
    return row


async def purge_old_unanswered(session: AsyncSession, now: dt.datetime) -> int:
    """Forget unanswered questions older than UNANSWERED_DAYS."""
    result = await session.execute(
        delete(UnansweredQuestion)
        .where(UnansweredQuestion.created_at < now - dt.timedelta(days=UNANSWERED_DAYS))
        .execution_options(synchronize_session=False)
    )
    return rows_affected(result)


@dataclass(frozen=True, slots=True)
class UsageSince:
    """What happened since a moment: shows per card (asked, opened) and stored questions."""

    asked: dict[str, int]
    opened: dict[str, int]
    unanswered: list[UnansweredQuestion]
    # card id → (👍, 👎): votes cast or changed in the period (each person's latest)
    votes: dict[str, tuple[int, int]]


async def usage_since(session: AsyncSession, since: dt.datetime) -> UsageSince:
    asked: dict[str, int] = {}
    opened: dict[str, int] = {}
    rows = await session.execute(
        select(CardShow.card_id, CardShow.via, func.sum(CardShow.count))
        .where(CardShow.day >= since.date())
        .group_by(CardShow.card_id, CardShow.via)
    )
    for card_id, via, total in rows:
        (asked if via == ASKED else opened)[card_id] = int(total or 0)
    questions = list(
        await session.scalars(
            select(UnansweredQuestion)
            .where(UnansweredQuestion.created_at >= since)
            .order_by(UnansweredQuestion.created_at.desc())
        )
    )
    votes: dict[str, tuple[int, int]] = {}
    rows = await session.execute(
        select(CardFeedback.card_id, CardFeedback.helpful, func.count())
        .where(CardFeedback.updated_at >= since)
        .group_by(CardFeedback.card_id, CardFeedback.helpful)
    )
    for card_id, helpful, count in rows:
        up, down = votes.get(card_id, (0, 0))
        votes[card_id] = (up + int(count), down) if helpful else (up, down + int(count))
    return UsageSince(asked, opened, questions, votes)


@dataclass(frozen=True, slots=True)
class RecentAnswer:
    text: str  # already privacy-filtered
    lang: str
    card_ids: tuple[str, ...]
    at: dt.datetime


class RecentAnswers:
    """The question behind each card answer, for a while, in memory only: the "None of these"
    button carries no text, so this is how a "None of these" finds its question. Filtered
    before it is held; never written anywhere unless the person presses "None of these"."""

    KEEP_FOR = dt.timedelta(hours=2)
    MAX = 2000

    def __init__(self) -> None:
        self._answers: dict[tuple[int, int], RecentAnswer] = {}

    def remember(
        self, chat_id: int, message_id: int, question: str, lang: str, cards: tuple[str, ...],
        now: dt.datetime,
    ) -> None:  # fmt: skip
        if len(self._answers) >= self.MAX:
            self._forget_old(now)
            while len(self._answers) >= self.MAX:
                self._answers.pop(next(iter(self._answers)))
        self._answers[(chat_id, message_id)] = RecentAnswer(redact(question), lang, cards, now)

    def take(self, chat_id: int, message_id: int, now: dt.datetime) -> RecentAnswer | None:
        """The answer's question, once (pressing twice stores it once)."""
        answer = self._answers.pop((chat_id, message_id), None)
        if answer is None or now - answer.at > self.KEEP_FOR:
            return None
        return answer

    def _forget_old(self, now: dt.datetime) -> None:
        for key in [k for k, a in self._answers.items() if now - a.at > self.KEEP_FOR]:
            del self._answers[key]
