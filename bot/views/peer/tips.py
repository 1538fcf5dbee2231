"""Sharing a tip: prompts, the review for the social worker, the author's news, the tip as sent."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from html import escape

from bot import callbacks as cb
from bot.domain.cards import Category, Topic
from bot.domain.peer import MAX_TIP_CHARS, TIP_EXCLUDED_CATEGORIES
from bot.i18n import Translator
from bot.views.peer.common import BACK, CANCEL, REWRITE, Rows, quote
from bot.views.shapes import TipLike
from bot.views.tips import FOOTER, MORE_ON_TOPIC


def render_share_prompt(tr: Translator) -> tuple[str, Rows]:
    text = tr.gettext(
        "💡 Share what worked for you.\n\nIn a few sentences (up to {limit} characters): what "
        "helped with a client? For example, how you kept a quiet client talking.\n\nPlease "
        "keep the client anonymous: initials or a case code only."
    ).format(limit=MAX_TIP_CHARS)
    return text, [[(tr.gettext(CANCEL), cb.PTIP_CANCEL.data())]]


def render_pick_area(
    tr: Translator,
    categories: Sequence[Category],
    pick: Callable[[str], str],
    cancel: str,
    *,
    exclude: frozenset[str] = TIP_EXCLUDED_CATEGORIES,
) -> tuple[str, Rows]:
    """Areas as buttons (`pick(category id)` is a button's data), two to a row."""
    shown = [c for c in categories if c.id not in exclude]
    buttons = [(c.label(tr.lang), pick(c.id)) for c in shown]
    rows: Rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    rows.append([(tr.gettext(CANCEL), cancel)])
    return tr.gettext("Which area is it about?"), rows


def render_pick_topic(
    tr: Translator,
    category: Category,
    topics: Mapping[str, Topic],
    pick: Callable[[str], str],
    back: str,
) -> tuple[str, Rows]:
    """The area's topics as buttons (`pick(topic id)` is a button's data), one to a row."""
    rows: Rows = [[(topics[t].label(tr.lang), pick(t))] for t in category.topic_ids]
    rows.append([(tr.gettext(BACK), back)])
    return tr.gettext("{area}: which topic?").format(area=category.label(tr.lang)), rows


def render_tip_review(
    tr: Translator, text: str, topic: str, worker: str, first_name: str
) -> tuple[str, Rows]:
    lines = [
        tr.gettext("Please check your tip:"),
        "",
        text,
        "",
        tr.gettext("Topic: {topic}").format(topic=topic),
        "",
        tr.gettext(
            "{worker} will look at it first. If they approve it, it joins the daily tips of "
            "your centre as “from a fellow supporter” — with your first name only if you "
            "choose."
        ).format(worker=worker),
    ]
    rows: Rows = [
        [
            (
                tr.gettext("📨 Send with my name ({name})").format(name=first_name),
                cb.PTIP_SEND.data(credit="name"),
            )
        ],
        [(tr.gettext("📨 Send without my name"), cb.PTIP_SEND.data(credit="anon"))],
        [(tr.gettext(REWRITE), cb.PTIP_REWRITE.data())],
        [(tr.gettext(CANCEL), cb.PTIP_CANCEL.data())],
    ]
    return "\n".join(lines), rows


def render_tip_sent(tr: Translator, worker: str) -> str:
    return tr.gettext(
        "💡 Thank you for sharing! I've sent it to {worker}. I'll let you know what they say."
    ).format(worker=worker)


def render_tip_for_review(
    tr: Translator, tip: TipLike, author: str, topic: str
) -> tuple[str, Rows]:
    credit = (
        tr.gettext("with their first name ({name})").format(name=tip.credit_name)
        if tip.credit_name
        else tr.gettext("without their name")
    )
    lines = [
        tr.gettext("💡 A tip to review (#{id}) from {author} — {topic}:").format(
            id=tip.id, author=author, topic=topic
        ),
        "",
        tip.text,
        "",
        tr.gettext(
            "If you approve it, it joins the daily tips of your unit as “from a fellow "
            "supporter”, {credit}."
        ).format(credit=credit),
    ]
    rows: Rows = [
        [(tr.gettext("✅ Approve"), cb.PTIP_APPROVE.data(tip_id=tip.id))],
        [(tr.gettext("✏️ Edit, then approve"), cb.PTIP_EDIT.data(tip_id=tip.id))],
        [(tr.gettext("↩ Return with a note"), cb.PTIP_RETURN.data(tip_id=tip.id))],
    ]
    return "\n".join(lines), rows


def render_tip_reviewed(tr: Translator, tip: TipLike, by: str, *, you: bool) -> str:
    if tip.status == "approved":
        done = (
            tr.gettext("✅ You approved tip #{id}. It is now part of your unit's daily tips.")
            if you
            else tr.gettext("✅ Tip #{id} was approved by {name}.")
        )
    else:
        done = (
            tr.gettext("↩ You returned tip #{id} with a note.")
            if you
            else tr.gettext("↩ Tip #{id} was returned by {name}.")
        )
    return "\n".join([done.format(id=tip.id, name=by), "", tip.text])


def render_edit_prompt(tr: Translator, tip: TipLike) -> str:
    return tr.gettext(
        "Type tip #{id} as it should appear. The author will see your version.\n\nNow: {text}"
    ).format(id=tip.id, text=tip.text)


def render_return_prompt(tr: Translator, tip: TipLike, author: str) -> str:
    return tr.gettext(
        "Type a short, kind note for {author} about tip #{id}. It is sent to them with the tip."
    ).format(author=author, id=tip.id)


def render_tip_approved_for_author(tr: Translator, tip: TipLike, worker: str, topic: str) -> str:
    lines = [
        tr.gettext(
            "🌱 {worker} approved your tip about “{topic}”. It is now part of your centre's daily "
            "tips, as “from a fellow supporter”. Thank you for sharing what worked!"
        ).format(worker=worker, topic=topic)
    ]
    if tip.original_text is not None:
        lines += ["", tr.gettext("They made a few small edits:"), tip.text]
    return "\n".join(lines)


def render_tip_returned_for_author(tr: Translator, tip: TipLike, worker: str, topic: str) -> str:
    return "\n".join(
        [
            tr.gettext(
                "{worker} looked at your tip about “{topic}” and has a note for you:"
            ).format(worker=worker, topic=topic),
            "",
            tip.review_note or "",
            "",
            tr.gettext("Your tip: {text}").format(text=quote(tip.text, tr)),
            "",
            tr.gettext("You're welcome to share it again any time."),
        ]
    )


def render_tip_helped(tr: Translator, tip: TipLike, topic: str, new: int) -> str:
    return tr.gettext(
        "🙏 Fellow supporters found your tip about “{topic}” helpful: 👍 {new} since I last "
        "told you, 👍 {total} in all. Thank you for passing on what worked."
    ).format(topic=topic, new=new, total=tip.helpful_count)


def render_shared_tip(
    tr: Translator, text: str, topic_id: str, topic: str, credit: str | None, tip_id: int
) -> tuple[str, str, Rows]:
    """A shared tip in the daily rotation: (HTML text, parse mode, buttons)."""
    head = (
        tr.gettext("💡 From a fellow supporter, {name}").format(name=credit)
        if credit
        else tr.gettext("💡 From a fellow supporter")
    )
    # (gettext outside the f-strings: the catalog tools can't see a msgid inside one)
    checked = tr.gettext("Shared in your centre and checked by your social worker.")
    body = "\n".join(
        [
            f"<b>{escape(head)}</b>",
            f"<i>{escape(topic)}</i>",
            "",
            escape(text),
            "",
            f"<i>{escape(checked)}</i>",
            f"<i>{escape(tr.gettext(FOOTER))}</i>",
        ]
    )
    rows: Rows = [
        [
            (tr.gettext("👍 Helpful"), cb.PTIP_VOTE.data(tip_id=tip_id, vote="1")),
            (tr.gettext("👎 Not helpful"), cb.PTIP_VOTE.data(tip_id=tip_id, vote="0")),
        ],
        [(tr.gettext(MORE_ON_TOPIC), cb.LIB_TOPIC.data(topic=topic_id, page=0))],
    ]
    return body, "HTML", rows
