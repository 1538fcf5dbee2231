"""Approved tips and drafted answers as YAML drafts for the clinical team
(`tunghang peer export`)."""

from __future__ import annotations

from typing import Any

import yaml
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.peer import (
    is_cantonese,
    short_title,
)
from storage.models import Person, Unit
from storage.peer_models import (
    PeerDraftCard,
    PeerQuestion,
    SharedTip,
    TipStatus,
)

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
