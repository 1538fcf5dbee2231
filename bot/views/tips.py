"""The daily tip message: one card, with 👍/👎, "more on this topic" and the other language."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from bot import callbacks as cb
from bot.domain.cards import Card, Resource
from bot.domain.tips import Reason
from bot.i18n import N_, Catalogs
from bot.views.library import SHOW_IN_THIS_LANGUAGE, render_card_text

HEADERS = {
    Reason.NEW: N_("🌱 Today's refresher"),
    Reason.AGAIN: N_("🌱 Today's refresher"),
    Reason.REVIEW: N_("🔁 A card you found helpful, to keep it fresh"),
    Reason.REFRESHER: N_("🛟 Safety refresher — worth a quick look"),
}
FOOTER = N_("To change the time or pause these tips: /settings")
MORE_ON_TOPIC = N_("📚 More on this topic")


def render_tip(
    catalogs: Catalogs, lang: str, card: Card, resources: Sequence[Resource], reason: Reason
) -> tuple[str, str, list[list[tuple[str, str]]]]:
    """(Telegram HTML text, parse mode, button rows of (label, callback_data)) in `lang`.

    The buttons reuse the library's callbacks, so a tip behaves like any card."""
    tr = catalogs.get(lang)
    t = tr.gettext
    body = render_card_text(tr, card, resources)
    text = f"<b>{escape(t(HEADERS[reason]))}</b>\n\n{body}\n\n<i>{escape(t(FOOTER))}</i>"
    other = "en" if lang == "yue" else "yue"
    buttons = [
        [
            (t("👍 Helpful"), cb.LIB_VOTE.data(card_id=card.id, vote="1")),
            (t("👎 Not helpful"), cb.LIB_VOTE.data(card_id=card.id, vote="0")),
        ],
        [(t(MORE_ON_TOPIC), cb.LIB_TOPIC.data(topic=card.primary_topic, page=0))],
        [
            (
                catalogs.get(other).gettext(SHOW_IN_THIS_LANGUAGE),
                cb.LIB_CARD.data(card_id=card.id, lang=other),
            )
        ],
    ]
    return text, "HTML", buttons
