"""`tunghang content report`: what the clinical team learns from a period of use — cards
with the most 👎, the topics most asked about, and the questions the library could not
answer (already privacy-filtered when they were stored)."""

from __future__ import annotations

from collections import Counter
from zoneinfo import ZoneInfo

from bot.library import Library
from bot.services.content_usage import NOT_SURE, UsageSince

TOP = 10
OUTCOMES = {NOT_SURE: "not sure", "none_of_these": "none of these"}


def render_report(library: Library, usage: UsageSince, days: int, tz: ZoneInfo) -> str:
    lines = [f"Tung Hang content report: the last {days} day{'s' if days != 1 else ''}", ""]

    lines.append("Cards with the most 👎 (each supporter's latest vote, cast in the period)")
    disliked = sorted(
        ((down, up, card_id) for card_id, (up, down) in usage.votes.items() if down),
        key=lambda row: (-row[0], row[1], row[2]),
    )[:TOP]
    for down, up, card_id in disliked:
        lines.append(f"  👎 {down:>3}  👍 {up:>3}  {card_id}  {_title(library, card_id)}")
    if not disliked:
        lines.append("  none")
    lines.append("")

    lines.append("Topics most asked (the card that answered a typed question)")
    topics: Counter[str] = Counter()
    for card_id, count in usage.asked.items():
        card = library.card(card_id)
        topics[card.primary_topic if card else "(card no longer in the library)"] += count
    for topic_id, count in topics.most_common(TOP):
        topic = library.topics.get(topic_id)
        label = f"{topic.en} / {topic.yue}" if topic else ""
        lines.append(f"  {count:>5}  {topic_id}  {label}")
    if not topics:
        lines.append("  none")
    lines.append("")

    counts = Counter(q.outcome for q in usage.unanswered)
    lines.append(
        f"Questions that ended in 'not sure' ({counts[NOT_SURE]}) or 'None of these' "
        f"({counts['none_of_these']}); names and numbers were replaced before storing"
    )
    for question in usage.unanswered:
        when = question.created_at.astimezone(tz).strftime("%Y-%m-%d %H:%M")
        offered = f"  [offered: {question.card_ids}]" if question.card_ids else ""
        text = " ".join(question.text.split())
        lines.append(
            f"  {when}  {OUTCOMES.get(question.outcome, question.outcome):<13} "
            f"{question.lang:<3} {text}{offered}"
        )
    if not usage.unanswered:
        lines.append("  none")
    return "\n".join(lines)


def _title(library: Library, card_id: str) -> str:
    card = library.card(card_id)
    return f'"{card.en.title}"' if card else "(no longer in the library)"
