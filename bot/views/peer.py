"""Texts and buttons for peer wisdom: asking senior supporters, sharing tips, the staff view.

Messages that travel through the outbox (to mentors, askers, authors, social workers) are
rendered for the RECIPIENT's language, so these functions take a Translator and return
(text, rows of (label, callback_data)). Interactive screens wrap the rows in a keyboard.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.domain.cards import Category, Topic
from bot.domain.hours import format_duration
from bot.domain.peer import MAX_QUESTION_CHARS, MAX_TIP_CHARS, TIP_EXCLUDED_CATEGORIES
from bot.i18n import N_, Translator
from bot.views.tips import FOOTER, MORE_ON_TOPIC
from storage.peer_models import PeerQuestion, QuestionStatus, SharedTip

if TYPE_CHECKING:
    from bot.services.peer import QuestionDetail, QuestionPage

Rows = list[list[tuple[str, str]]]

MENU_ASK = N_("🙋 Ask a senior supporter")
MENU_SHARE = N_("💡 Share a tip")
TELL_WORKER = N_("⚠️ Tell my social worker")
CONTACT_WORKER = N_("💬 Contact my social worker")
CANCEL = N_("✖ Cancel")
REWRITE = N_("✏️ Write it again")
TYPE_ANSWER = N_("✍️ Type my answer")
BACK = N_("⬅ Back")

PROBLEMS = {
    "sensitive": N_(
        "It looks like your message has an ID card or phone number in it. I haven't kept it. "
        "Please delete it from the chat and write it again with the client's initials or case "
        "code, like “C03” or “C婆婆”."
    ),
    "too_long": N_(
        "That's a bit long — please keep it under {limit} characters. I haven't kept it; "
        "please send a shorter version."
    ),
    "empty": N_("Please type a few words."),
    "not_found": N_("Sorry, that is not something you can open."),
    "stale": N_("That step has passed. Please start again from 🤝 Peers."),
    "no_note": N_("Please type a short note for the author."),
    "follow_up_used": N_(
        "You have already asked your one follow-up on this question. For more, ask a new "
        "question, or talk to your social worker."
    ),
    "not_supporter": N_("Only supporters can answer peer questions."),
    "already_answered": N_("You have already answered this one. Thank you!"),
}
STATUS_LABELS = {
    QuestionStatus.OPEN: N_("waiting for a senior supporter"),
    QuestionStatus.CLAIMED: N_("being answered"),
    QuestionStatus.ANSWERED: N_("answered"),
    QuestionStatus.EXPIRED: N_("nobody was free"),
}


def keyboard(rows: Rows) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=data) for label, data in row] for row in rows]
    )


def problem_text(tr: Translator, reason: str, limit: int = MAX_QUESTION_CHARS) -> str:
    return tr.gettext(PROBLEMS.get(reason, PROBLEMS["not_found"])).format(limit=limit)


def _quote(text: str, tr: Translator) -> str:
    """Quotation marks of the reader's language: “…” or 「…」."""
    return f"「{text}」" if tr.lang == "yue" else f"“{text}”"


# --------------------------------------------------------------------------- the peers menu


def render_peers_menu(tr: Translator, is_mentor: bool) -> tuple[str, Rows]:
    lines = [
        tr.gettext("🤝 Fellow supporters"),
        "",
        tr.gettext(
            "Ask a senior supporter (師兄師姐) for ideas, or share something that worked for "
            "you. Please keep clients anonymous: initials or case codes only."
        ),
        "",
        tr.gettext("🧭 You answer fellow supporters' questions. Thank you!")
        if is_mentor
        else tr.gettext("🧭 You can also offer to answer fellow supporters' questions."),
    ]
    rows: Rows = [
        [(tr.gettext(MENU_ASK), "peer:ask")],
        [(tr.gettext(MENU_SHARE), "peer:share")],
        [
            (tr.gettext("🧭 Stop answering questions"), "peer:mentor:off")
            if is_mentor
            else (tr.gettext("🧭 I'll answer questions too"), "peer:mentor:on")
        ],
    ]
    return "\n".join(lines), rows


def render_mentor_changed(tr: Translator, on: bool) -> str:
    if on:
        return tr.gettext(
            "🧭 Thank you! Questions from fellow supporters will now come to you, without their "
            "names. Answer when you can — if you can't, someone else will. You can stop any "
            "time in 🤝 Peers."
        )
    return tr.gettext(
        "OK — peer questions won't come to you any more. Thank you for all your help."
    )


def render_mentor_set_by_staff(tr: Translator, on: bool, worker: str) -> str:
    if on:
        return tr.gettext(
            "🧭 {worker} has asked you to be a senior supporter: questions from fellow "
            "supporters will come to you, without their names. Answer when you can. To stop, "
            "open 🤝 Peers."
        ).format(worker=worker)
    return tr.gettext(
        "🧭 {worker} has turned off peer questions for you. Thank you for all your help."
    ).format(worker=worker)


# --------------------------------------------------------------------------- asking


def render_ask_prompt(tr: Translator, *, follow_up: bool = False) -> tuple[str, Rows]:
    if follow_up:
        text = tr.gettext(
            "↩ What would you like to ask as a follow-up? Type it below. (One follow-up per "
            "question.)"
        )
    else:
        text = tr.gettext(
            "🙋 What would you like to ask a senior supporter? Type it in a few sentences.\n\n"
            "Please use initials or a case code for clients (like “C03” or “C婆婆”) — no "
            "names, ID or phone numbers. If someone is in danger, call 999 and tell your "
            "social worker instead."
        )
    return text, [[(tr.gettext(CANCEL), "peer:cancel")]]


def render_no_mentors(tr: Translator, worker: str | None) -> tuple[str, Rows]:
    if worker:
        text = tr.gettext(
            "There is no senior supporter free to answer just now. {name}, your social worker, "
            "is glad to help with questions like this."
        ).format(name=worker)
    else:
        text = tr.gettext(
            "There is no senior supporter free to answer just now. Your social worker is glad "
            "to help with questions like this."
        )
    return text, [[(tr.gettext(CONTACT_WORKER), "peer:sw")]]


def render_name_warning(tr: Translator, fragment: str, rewrite: str, ok: str) -> tuple[str, Rows]:
    """A cheap full-name check found something: rewrite it, or confirm it isn't a client."""
    text = tr.gettext(
        "This may include someone's name ({name}). If it is a client's name, please write it "
        "again with initials or a case code, like “C生” or “C03”."
    ).format(name=_quote(fragment, tr))
    rows: Rows = [
        [(tr.gettext(REWRITE), rewrite)],
        [(tr.gettext("✅ It's not a client's name"), ok)],
    ]
    return text, rows


def render_risk(tr: Translator, category: str, *, still_sharing: bool = False) -> tuple[str, Rows]:
    if still_sharing:
        text = tr.gettext(
            "This sounds like someone's safety may be at risk. If it is happening now, please "
            "tell your social worker today — and call 999 if anyone is in danger. If it is a "
            "story of what worked, carry on below."
        )
    else:
        text = tr.gettext(
            "This sounds like someone's safety may be at risk. A question to fellow supporters "
            "is not the way for this: please tell your social worker today, and call 999 if "
            "anyone is in danger now. I haven't sent your question."
        )
    return text, [[(tr.gettext(TELL_WORKER), f"flag:start:{category}")]]


def render_ask_review(
    tr: Translator, text: str, first_name: str, *, follow_up: bool, cross_unit: bool
) -> tuple[str, Rows]:
    if follow_up:
        goes = tr.gettext("It goes to the senior supporter who answered you.")
    elif cross_unit:
        goes = tr.gettext(
            "It goes to the senior supporters of your centre, and to those of other centres "
            "if nobody here is free."
        )
    else:
        goes = tr.gettext("It goes to the senior supporters of your centre.")
    lines = [
        tr.gettext("Please check your question:"),
        "",
        text,
        "",
        goes,
        tr.gettext("They won't see your name unless you choose to show your first name."),
    ]
    rows: Rows = [
        [(tr.gettext("📨 Send without my name"), "peer:send:anon")],
        [(tr.gettext("📨 Send with my name ({name})").format(name=first_name), "peer:send:name")],
        [(tr.gettext(REWRITE), "peer:rewrite")],
        [(tr.gettext(CANCEL), "peer:cancel")],
    ]
    return "\n".join(lines), rows


def render_asked(tr: Translator, timeout: str, *, to_mentor: bool) -> str:
    if to_mentor:
        return tr.gettext(
            "📨 Sent to the senior supporter who answered you. I'll pass their reply on here."
        )
    return tr.gettext(
        "📨 Sent. I'll pass the answer on to you here. If nobody can take it within {time}, "
        "I'll let you know."
    ).format(time=timeout)


def render_question_for_mentor(
    tr: Translator,
    question: PeerQuestion,
    *,
    unit_name: str | None,
    parent: PeerQuestion | None = None,
) -> tuple[str, Rows]:
    """`unit_name`: None for the mentor's own centre, else the asker's centre."""
    who = question.asker_name
    if unit_name is None:
        head = (
            tr.gettext("🙋 A question from {name}, a fellow supporter in your centre:")
            if who
            else tr.gettext("🙋 A question from a fellow supporter in your centre:")
        )
    else:
        head = (
            tr.gettext("🙋 A question from {name}, a fellow supporter at {centre}:")
            if who
            else tr.gettext("🙋 A question from a fellow supporter at {centre}:")
        )
    lines = [head.format(name=who or "", centre=unit_name or ""), ""]
    if parent is not None:
        lines += [
            tr.gettext("Earlier question: {text}").format(text=_quote(parent.text, tr)),
            tr.gettext("Earlier answer: {text}").format(text=_quote(parent.answer or "", tr)),
            "",
            tr.gettext("Follow-up: {text}").format(text=question.text),
        ]
    else:
        lines.append(question.text)
    lines += [
        "",
        tr.gettext(
            "If you can help, tap “I'll answer”. The first senior supporter to tap it answers. "
            "Please keep clients anonymous."
        ),
    ]
    return "\n".join(lines), [[(tr.gettext("🙋 I'll answer"), f"peer:claim:{question.id}")]]


def render_follow_up_for_mentor(
    tr: Translator, question: PeerQuestion, parent: PeerQuestion
) -> tuple[str, Rows]:
    lines = [
        tr.gettext("↩ A follow-up from the supporter you answered:"),
        "",
        tr.gettext("Their first question: {text}").format(text=_quote(parent.text, tr)),
        "",
        tr.gettext("Follow-up: {text}").format(text=question.text),
    ]
    return "\n".join(lines), [[(tr.gettext("✍️ Reply"), f"peer:reply:{question.id}")]]


def render_claimed(tr: Translator, question: PeerQuestion) -> tuple[str, Rows]:
    text = "\n".join(
        [
            _quote(question.text, tr),
            "",
            tr.gettext(
                "✍️ Thank you for taking this one. Please type your answer below — a few "
                "sentences is plenty. Keep clients anonymous."
            ),
        ]
    )
    return text, [[(tr.gettext(TYPE_ANSWER), f"peer:reply:{question.id}")]]


def render_taken(tr: Translator) -> str:
    return tr.gettext(
        "🙋 This question was taken by another senior supporter. Thank you for being ready to help."
    )


def render_closed(tr: Translator) -> str:
    return tr.gettext("This question has closed. Thank you for being ready to help.")


def render_being_answered(tr: Translator) -> str:
    return tr.gettext("✍️ A senior supporter is answering your question now.")


def render_answer_review(tr: Translator, text: str) -> tuple[str, Rows]:
    lines = [tr.gettext("Your answer:"), "", text, "", tr.gettext("Send it to the supporter?")]
    rows: Rows = [
        [(tr.gettext("📨 Send answer"), "peer:asend")],
        [(tr.gettext(REWRITE), "peer:arewrite")],
        [(tr.gettext("✖ Not now"), "peer:asend:no")],
    ]
    return "\n".join(lines), rows


def render_answer_later(tr: Translator) -> str:
    return tr.gettext(
        "OK — nothing was sent. When you are ready, tap “✍️ Type my answer” under the question."
    )


def render_answer_sent(tr: Translator) -> str:
    return tr.gettext("🙏 Thank you — your answer was sent. I'll tell you if they say thanks.")


def render_answer_for_asker(
    tr: Translator, question: PeerQuestion, *, can_follow_up: bool
) -> tuple[str, Rows]:
    if question.parent_id is not None:
        head = tr.gettext("💬 The senior supporter replied to your follow-up.")
    else:
        head = tr.gettext("💬 A senior supporter answered your question.")
    lines = [
        head,
        "",
        tr.gettext("You asked: {text}").format(text=_quote(question.text, tr)),
        "",
        question.answer or "",
    ]
    rows: Rows = [[(tr.gettext("🙏 Thank them"), f"peer:thank:{question.id}")]]
    if can_follow_up:
        rows.append([(tr.gettext("↩ Ask a follow-up"), f"peer:fu:{question.id}")])
    return "\n".join(lines), rows


def render_thanks_for_mentor(tr: Translator, question: PeerQuestion) -> str:
    return tr.gettext(
        "🙏 The supporter who asked {text} says thank you — your answer helped."
    ).format(text=_quote(_snippet(question.text), tr))


def render_unanswered(
    tr: Translator, question: PeerQuestion, worker: str | None, *, claimed: bool
) -> tuple[str, Rows]:
    name = worker or tr.gettext("your social worker")
    if claimed:
        text = tr.gettext(
            "The senior supporter who took your question {text} hasn't been able to reply yet. "
            "I'll still pass on their answer if it comes. {name} can help too."
        )
    else:
        text = tr.gettext(
            "Sorry — no senior supporter was free to take your question {text} in time. "
            "{name} is glad to help: tap below to get in touch."
        )
    text = text.format(text=_quote(_snippet(question.text), tr), name=name)
    return text, [[(tr.gettext(CONTACT_WORKER), "peer:sw")]]


def render_contact_worker(tr: Translator, worker: str | None) -> str:
    if worker:
        return tr.gettext(
            "You can message {name} directly, or call your centre. If anyone is in danger, "
            "call 999."
        ).format(name=worker)
    return tr.gettext("Please call your centre. If anyone is in danger, call 999.")


def _snippet(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"


# --------------------------------------------------------------------------- sharing a tip


def render_share_prompt(tr: Translator) -> tuple[str, Rows]:
    text = tr.gettext(
        "💡 Share what worked for you.\n\nIn a few sentences (up to {limit} characters): what "
        "helped with a client? For example, how you kept a quiet client talking.\n\nPlease "
        "keep the client anonymous: initials or a case code only."
    ).format(limit=MAX_TIP_CHARS)
    return text, [[(tr.gettext(CANCEL), "ptip:cancel")]]


def render_pick_area(
    tr: Translator,
    categories: Sequence[Category],
    prefix: str,
    cancel: str,
    *,
    exclude: frozenset[str] = TIP_EXCLUDED_CATEGORIES,
) -> tuple[str, Rows]:
    """Areas as buttons `<prefix>:<category>`, two to a row."""
    shown = [c for c in categories if c.id not in exclude]
    buttons = [(c.label(tr.lang), f"{prefix}:{c.id}") for c in shown]
    rows: Rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    rows.append([(tr.gettext(CANCEL), cancel)])
    return tr.gettext("Which area is it about?"), rows


def render_pick_topic(
    tr: Translator, category: Category, topics: Mapping[str, Topic], prefix: str, back: str
) -> tuple[str, Rows]:
    """The area's topics as buttons `<prefix>:<topic>`, one to a row."""
    rows: Rows = [[(topics[t].label(tr.lang), f"{prefix}:{t}")] for t in category.topic_ids]
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
        [(tr.gettext("📨 Send with my name ({name})").format(name=first_name), "ptip:send:name")],
        [(tr.gettext("📨 Send without my name"), "ptip:send:anon")],
        [(tr.gettext(REWRITE), "ptip:rewrite")],
        [(tr.gettext(CANCEL), "ptip:cancel")],
    ]
    return "\n".join(lines), rows


def render_tip_sent(tr: Translator, worker: str) -> str:
    return tr.gettext(
        "💡 Thank you for sharing! I've sent it to {worker}. I'll let you know what they say."
    ).format(worker=worker)


def render_tip_for_review(
    tr: Translator, tip: SharedTip, author: str, topic: str
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
        [(tr.gettext("✅ Approve"), f"ptip:ok:{tip.id}")],
        [(tr.gettext("✏️ Edit, then approve"), f"ptip:edit:{tip.id}")],
        [(tr.gettext("↩ Return with a note"), f"ptip:ret:{tip.id}")],
    ]
    return "\n".join(lines), rows


def render_tip_reviewed(tr: Translator, tip: SharedTip, by: str, *, you: bool) -> str:
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


def render_edit_prompt(tr: Translator, tip: SharedTip) -> str:
    return tr.gettext(
        "Type tip #{id} as it should appear. The author will see your version.\n\nNow: {text}"
    ).format(id=tip.id, text=tip.text)


def render_return_prompt(tr: Translator, tip: SharedTip, author: str) -> str:
    return tr.gettext(
        "Type a short, kind note for {author} about tip #{id}. It is sent to them with the tip."
    ).format(author=author, id=tip.id)


def render_tip_approved_for_author(tr: Translator, tip: SharedTip, worker: str, topic: str) -> str:
    lines = [
        tr.gettext(
            "🌱 {worker} approved your tip about “{topic}”. It is now part of your centre's daily "
            "tips, as “from a fellow supporter”. Thank you for sharing what worked!"
        ).format(worker=worker, topic=topic)
    ]
    if tip.original_text is not None:
        lines += ["", tr.gettext("They made a few small edits:"), tip.text]
    return "\n".join(lines)


def render_tip_returned_for_author(tr: Translator, tip: SharedTip, worker: str, topic: str) -> str:
    return "\n".join(
        [
            tr.gettext(
                "{worker} looked at your tip about “{topic}” and has a note for you:"
            ).format(worker=worker, topic=topic),
            "",
            tip.review_note or "",
            "",
            tr.gettext("Your tip: {text}").format(text=_quote(tip.text, tr)),
            "",
            tr.gettext("You're welcome to share it again any time."),
        ]
    )


def render_tip_helped(tr: Translator, tip: SharedTip, topic: str, new: int) -> str:
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
            (tr.gettext("👍 Helpful"), f"ptip:fb:{tip_id}:1"),
            (tr.gettext("👎 Not helpful"), f"ptip:fb:{tip_id}:0"),
        ],
        [(tr.gettext(MORE_ON_TOPIC), f"lib:top:{topic_id}:0")],
    ]
    return body, "HTML", rows


# --------------------------------------------------------------------------- staff


def render_staff_home(
    tr: Translator,
    unit: str,
    mentors: Sequence[str],
    pending_tips: int,
    drafts: int,
    page: QuestionPage,
) -> tuple[str, Rows]:
    """The unit's peer picture on one screen; questions, drafts and mentors by buttons."""
    lines = [
        tr.gettext("🤝 Peer support in {unit}").format(unit=unit),
        "",
        tr.gettext("🧭 Senior supporters answering questions: {names}").format(
            names=", ".join(mentors) if mentors else tr.gettext("none yet")
        ),
        tr.gettext("💡 Tips waiting for review: {count}").format(count=pending_tips),
        tr.gettext("📝 Draft cards for the clinical team: {count}").format(count=drafts),
        "",
        tr.gettext("❓ Questions of the last {days} days: {count}, {answered} answered.").format(
            days=page.days, count=page.total, answered=page.answered
        )
        if page.total
        else tr.gettext("No peer questions in the last {days} days.").format(days=page.days),
    ]
    rows: Rows = []
    if page.total:
        rows.append([(tr.gettext("❓ Read the questions and answers"), "peer:ql:0")])
    if drafts:
        rows.append([(tr.gettext("📤 Send me the draft cards as a file"), "peer:dfile")])
    rows.append([(tr.gettext("🧭 Choose senior supporters"), "peer:mentors")])
    return "\n".join(lines), rows


def render_question_list(tr: Translator, page: QuestionPage, tz: ZoneInfo) -> tuple[str, Rows]:
    """STAFF_PAGE questions, newest first: date, status, the start of the question."""
    lines = [
        tr.gettext("❓ Peer questions, newest first (page {page} of {pages}):").format(
            page=page.page + 1, pages=page.pages
        ),
        "",
    ]
    rows: Rows = []
    for question in page.questions:
        asked = question.created_at.astimezone(tz)
        status = tr.gettext(STATUS_LABELS.get(question.status, STATUS_LABELS["open"]))
        mark = " · 📝" if question.id in page.drafted else ""
        lines += [
            f"#{question.id} · {tr.date(asked.date())} · {status}{mark}",
            _snippet(question.text, 70),
        ]
        rows.append([(f"#{question.id} {_snippet(question.text, 28)}", f"peer:qv:{question.id}")])
    paging = []
    if page.page > 0:
        paging.append((tr.gettext("◀ Previous"), f"peer:ql:{page.page - 1}"))
    if page.page < page.pages - 1:
        paging.append((tr.gettext("More ▶"), f"peer:ql:{page.page + 1}"))
    if paging:
        rows.append(paging)
    rows.append([(tr.gettext(BACK), "peer:staff")])
    return "\n".join(lines), rows


def render_staff_question(tr: Translator, detail: QuestionDetail, tz: ZoneInfo) -> tuple[str, Rows]:
    """One question in full, read-only, with "make a draft card" once it is answered."""
    question, follow_up = detail.question, detail.follow_up
    asked = question.created_at.astimezone(tz)
    status = tr.gettext(STATUS_LABELS.get(question.status, STATUS_LABELS["open"]))
    asker = question.asker_name or tr.gettext("anonymous")
    lines = [
        f"#{question.id} · {tr.date(asked.date())} · {status}",
        tr.gettext("Q ({name}): {text}").format(name=asker, text=question.text),
    ]
    if question.answer:
        mentor = detail.mentor_name or "?"
        lines.append(tr.gettext("A ({name}): {text}").format(name=mentor, text=question.answer))
    if follow_up is not None and follow_up.text:
        lines.append(tr.gettext("↩ Follow-up: {text}").format(text=follow_up.text))
        if follow_up.answer:
            lines.append(tr.gettext("↩ Reply: {text}").format(text=follow_up.answer))
    rows: Rows = []
    if question.answer and not detail.has_draft:
        rows.append([(tr.gettext("📝 Make a draft card"), f"peer:draft:{question.id}")])
    elif detail.has_draft:
        lines.append(tr.gettext("📝 A draft card was made from this answer."))
    rows.append([(tr.gettext(BACK), "peer:ql:0")])
    return "\n".join(lines), rows


def render_drafts_file(tr: Translator, count: int) -> str:
    return tr.gettext(
        "📤 Cards from fellow supporters: {count}, as YAML for the clinical team to finish and "
        "sign off (content/README.md says how)."
    ).format(count=count)


def render_draft_saved(tr: Translator, question_id: int, topic: str) -> tuple[str, Rows]:
    text = tr.gettext(
        "📝 Draft card saved from question #{id} ({topic}), credited “from a fellow supporter”. "
        "Send the draft cards to the clinical team as a file with the button below."
    ).format(id=question_id, topic=topic)
    rows: Rows = [
        [(tr.gettext("📤 Send me the draft cards as a file"), "peer:dfile")],
        [(tr.gettext(BACK), "peer:ql:0")],
    ]
    return text, rows


MENTOR_PAGE = 10  # names a page: a unit of 25 would be a keyboard longer than a phone


def render_mentor_choice(
    tr: Translator, unit: str, supporters: Sequence[tuple[int, str, bool]], page: int = 0
) -> tuple[str, Rows]:
    text = tr.gettext(
        "🧭 Senior supporters in {unit}: tap a name to turn answering questions on or off. "
        "They are told either way."
    ).format(unit=unit)
    pages = max(1, -(-len(supporters) // MENTOR_PAGE))
    page = min(max(page, 0), pages - 1)
    shown = supporters[page * MENTOR_PAGE : (page + 1) * MENTOR_PAGE]
    rows: Rows = [
        [(f"{'✅' if on else '▫️'} {name}", f"peer:sm:{person_id}:{page}")]
        for person_id, name, on in shown
    ]
    if pages > 1:
        text += "\n" + tr.gettext("Page {page} of {pages}").format(page=page + 1, pages=pages)
        paging: list[tuple[str, str]] = []
        if page > 0:
            paging.append((tr.gettext("◀ Previous"), f"peer:mentors:{page - 1}"))
        if page < pages - 1:
            paging.append((tr.gettext("More ▶"), f"peer:mentors:{page + 1}"))
        rows.append(paging)
    rows.append([(tr.gettext(BACK), "peer:staff")])
    return text, rows


def render_contact(tr: Translator, name: str) -> str:
    return tr.gettext("Contact {name}:").format(name=name)


def render_timeout(tr: Translator, minutes: int) -> str:
    return format_duration(minutes, tr.lang)
