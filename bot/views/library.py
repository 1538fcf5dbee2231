"""Refresher cards on a phone screen, and the buttons to move between them."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from html import escape
from typing import TYPE_CHECKING

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import callbacks as cb
from bot.domain.cards import Card, Resource
from bot.i18n import N_, Catalogs, Translator

if TYPE_CHECKING:
    from bot.library import Library

PAGE_SIZE = 6
# The label is written in the language it switches TO, so it is read from that catalog.
SHOW_IN_THIS_LANGUAGE = N_("🔁 Show in English")


# Cards and topics are shown again and again with the same buttons; PTB's button objects
# are immutable, and building them was a tenth of answering a question (bench/handlers.py).
@functools.lru_cache(maxsize=4096)
def _button(label: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=data)


def render_categories(tr: Translator, library: Library) -> tuple[str, InlineKeyboardMarkup]:
    buttons = [
        _button(c.label(tr.lang), cb.LIB_CATEGORY.data(category=c.id)) for c in library.categories
    ]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    text = tr.gettext("📚 Refreshers. Pick an area:")
    return text, InlineKeyboardMarkup(rows)


def render_topics(
    tr: Translator, library: Library, category_id: str
) -> tuple[str, InlineKeyboardMarkup]:
    category = next(c for c in library.categories if c.id == category_id)
    rows = [
        [_button(library.topics[t].label(tr.lang), cb.LIB_TOPIC.data(topic=t, page=0))]
        for t in category.topic_ids
    ]
    rows.append([_button(tr.gettext("⬅ Back"), cb.LIB_HOME.data())])
    text = tr.gettext("{area}: pick a topic.").format(area=category.label(tr.lang))
    return text, InlineKeyboardMarkup(rows)


def render_topic_cards(
    tr: Translator, library: Library, topic_id: str, page: int
) -> tuple[str, InlineKeyboardMarkup]:
    topic = library.topics[topic_id]
    cards = library.cards_for_topic(topic_id)
    pages = max(1, -(-len(cards) // PAGE_SIZE))
    page = min(max(page, 0), pages - 1)
    shown = cards[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
    rows = [
        [_button(card.text(tr.lang).title, cb.LIB_CARD.data(card_id=card.id, lang=tr.lang))]
        for card in shown
    ]
    paging = []
    if page > 0:
        paging.append(
            _button(tr.gettext("◀ Previous"), cb.LIB_TOPIC.data(topic=topic_id, page=page - 1))
        )
    if page < pages - 1:
        paging.append(
            _button(tr.gettext("More ▶"), cb.LIB_TOPIC.data(topic=topic_id, page=page + 1))
        )
    if paging:
        rows.append(paging)
    rows.append([_button(tr.gettext("⬅ Back"), cb.LIB_CATEGORY.data(category=topic.category))])
    text = tr.gettext("{topic}: pick a card.").format(topic=topic.label(tr.lang))
    return text, InlineKeyboardMarkup(rows)


def render_card_text(tr: Translator, card: Card, resources: Sequence[Resource]) -> str:
    """The card in `tr`'s language (which may differ from the person's), as Telegram HTML."""
    lang = tr.lang
    side = card.text(lang)
    parts = [f"<b>{escape(side.title)}</b>", f"<i>{escape(side.situation)}</i>", ""]
    parts.append(tr.gettext("💬 You could say:"))
    parts += [f"• {escape(line)}" for line in side.say]
    parts += ["", tr.gettext("🚫 Try to avoid:")]
    parts += [f"• {escape(line)}" for line in side.avoid]
    if side.escalate:
        parts += ["", tr.gettext("⚠️ When to get help:"), escape(side.escalate)]
    if resources:
        parts += ["", tr.gettext("📞 Numbers:")]
        parts += [
            f"<b>{escape(r.number)}</b> {escape(r.name(lang))} ({escape(r.hours(lang))})"
            for r in resources
        ]
    return "\n".join(parts)


def card_keyboard(
    catalogs: Catalogs,
    card: Card,
    lang: str,
    *,
    more: Sequence[Card] = (),
    alternative: Card | None = None,
    with_none_of_these: bool = False,
    concern: str | None = None,
    extra: Sequence[InlineKeyboardButton] = (),
) -> InlineKeyboardMarkup:
    """`concern`: a flag category; adds "Tell my social worker", which starts the flag flow.
    The buttons speak `lang`, like the card: shown in the other language, all of it switches.
    `alternative`: the card in `more` that reads the message another way ("Or: …"), not a
    related one. `extra`: buttons of one more row under the card (the quiet "worried about
    safety")."""
    other = "en" if lang == "yue" else "yue"
    tr = catalogs.get(lang)
    rows: list[list[InlineKeyboardButton]] = []
    if concern is not None:
        rows.append(
            [
                _button(
                    tr.gettext("⚠️ Tell my social worker"), cb.FLAG_START_IN.data(category=concern)
                )
            ]
        )
    toggle = catalogs.get(other).gettext(SHOW_IN_THIS_LANGUAGE)
    rows.append([_button(toggle, cb.LIB_CARD.data(card_id=card.id, lang=other))])
    rows.append(
        [
            _button(tr.gettext("👍 Helpful"), cb.LIB_VOTE.data(card_id=card.id, vote="1")),
            _button(tr.gettext("👎 Not helpful"), cb.LIB_VOTE.data(card_id=card.id, vote="0")),
        ]
    )
    for match in more:
        title = match.text(lang).title
        label = "➡ " + title
        if match is alternative:
            label = tr.gettext("🔀 Or: {title}").format(title=title)
        rows.append([_button(label, cb.LIB_CARD.data(card_id=match.id, lang=lang))])
    if extra:
        rows.append(list(extra))
    if with_none_of_these:
        rows.append([_button(tr.gettext("None of these"), cb.LIB_NONE.data())])
    else:
        rows.append(
            [_button(tr.gettext("⬅ Back"), cb.LIB_TOPIC.data(topic=card.primary_topic, page=0))]
        )
    return InlineKeyboardMarkup(rows)


# Greeting, thanks and goodbye use the person's first name when Telegram gives one.
_SMALL_TALK_NAMED = {
    "greeting": N_("Hello, {name}! 😊 Type a question whenever a client says something hard, "
                   "or tap a button below."),
    "thanks": N_("You're welcome, {name} — I'm glad it helped. I'm here whenever you need me."),
    "goodbye": N_("Take care, {name}. I'm here whenever you need me."),
}  # fmt: skip
_SMALL_TALK = {
    "greeting": N_("Hello! 😊 Type a question whenever a client says something hard, or tap a "
                   "button below."),
    "thanks": N_("You're welcome — I'm glad it helped. I'm here whenever you need me."),
    "goodbye": N_("Take care. I'm here whenever you need me."),
    "ack": N_("👍 Whenever you're ready: type a question, or tap a button below."),
    "about_bot": N_(
        "I'm Tung Hang, a computer helper — not a person, and not a crisis service. I remind "
        "you of your training when a client says something hard (type a question, or tap 📚 "
        "Refreshers), log your hours, and pass a worry to your social worker. Anything urgent: "
        "call 999."
    ),
    "emoji_laughter": N_("😊 Type a question whenever you like, or tap a button below."),
    "complaint": N_("Sorry — that wasn't what you needed. Try asking in other words, or tap a "
                    "button below. Your social worker can help too."),
}  # fmt: skip


def render_small_talk(tr: Translator, kind: str, first_name: str) -> str:
    """A short warm answer to small talk: no card, no hotlines."""
    if first_name and kind in _SMALL_TALK_NAMED:
        return tr.gettext(_SMALL_TALK_NAMED[kind]).format(name=first_name)
    return tr.gettext(_SMALL_TALK.get(kind, _SMALL_TALK["ack"]))


def render_not_sure(
    tr: Translator,
    library: Library,
    topic_ids: Sequence[str],
    worker_name: str | None,
    *,
    supporter: bool,
    worried: bool,
) -> tuple[str, InlineKeyboardMarkup]:
    """Honest "I'm not sure", the two nearest topics, and two ways to a person."""
    t = tr.gettext
    lines = [t("I'm not sure I have a card for that.")]
    if topic_ids:
        lines.append(t("These topics are the closest I have:"))
    if supporter:
        lines.append(
            t("You can also ask a senior supporter, or your social worker, {name}.").format(
                name=worker_name
            )
            if worker_name
            else t("You can also ask a senior supporter, or your social worker.")
        )
    rows = [
        [
            _button(
                "📚 " + library.topics[topic].label(tr.lang),
                cb.LIB_TOPIC.data(topic=topic, page=0),
            )
        ]
        for topic in topic_ids
        if topic in library.topics
    ]
    if supporter:
        rows.append([_button(t("🙋 Ask a senior supporter"), cb.PEER_ASK.data())])
        rows.append([_button(t("💬 Contact my social worker"), cb.PEER_WORKER.data())])
    if worried:
        rows.append(
            [
                InlineKeyboardButton(
                    t("⚠️ I'm worried about safety"), callback_data=cb.SAFETY_WORRIED.data()
                )
            ]
        )
    rows.append([_button(t("📚 All topics"), cb.LIB_HOME.data())])
    return "\n".join(lines), InlineKeyboardMarkup(rows)
