"""Asking senior supporters and answering: prompts, reviews, and the messages to mentors
and askers."""

from __future__ import annotations

from bot import callbacks as cb
from bot.i18n import Translator
from bot.views.peer.common import (
    CANCEL,
    CONTACT_WORKER,
    REWRITE,
    TELL_WORKER,
    TYPE_ANSWER,
    Rows,
    quote,
    snippet,
)
from bot.views.shapes import QuestionLike


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
    return text, [[(tr.gettext(CANCEL), cb.PEER_CANCEL.data())]]


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
    return text, [[(tr.gettext(CONTACT_WORKER), cb.PEER_WORKER.data())]]


def render_name_warning(tr: Translator, fragment: str, rewrite: str, ok: str) -> tuple[str, Rows]:
    """A cheap full-name check found something: rewrite it, or confirm it isn't a client."""
    text = tr.gettext(
        "This may include someone's name ({name}). If it is a client's name, please write it "
        "again with initials or a case code, like “C生” or “C03”."
    ).format(name=quote(fragment, tr))
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
    return text, [[(tr.gettext(TELL_WORKER), cb.FLAG_START_IN.data(category=category))]]


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
        [(tr.gettext("📨 Send without my name"), cb.PEER_SEND.data(credit="anon"))],
        [
            (
                tr.gettext("📨 Send with my name ({name})").format(name=first_name),
                cb.PEER_SEND.data(credit="name"),
            )
        ],
        [(tr.gettext(REWRITE), cb.PEER_REWRITE.data())],
        [(tr.gettext(CANCEL), cb.PEER_CANCEL.data())],
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
    question: QuestionLike,
    *,
    unit_name: str | None,
    parent: QuestionLike | None = None,
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
            tr.gettext("Earlier question: {text}").format(text=quote(parent.text, tr)),
            tr.gettext("Earlier answer: {text}").format(text=quote(parent.answer or "", tr)),
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
    return "\n".join(lines), [
        [(tr.gettext("🙋 I'll answer"), cb.PEER_CLAIM.data(question_id=question.id))]
    ]


def render_follow_up_for_mentor(
    tr: Translator, question: QuestionLike, parent: QuestionLike
) -> tuple[str, Rows]:
    lines = [
        tr.gettext("↩ A follow-up from the supporter you answered:"),
        "",
        tr.gettext("Their first question: {text}").format(text=quote(parent.text, tr)),
        "",
        tr.gettext("Follow-up: {text}").format(text=question.text),
    ]
    return "\n".join(lines), [
        [(tr.gettext("✍️ Reply"), cb.PEER_REPLY.data(question_id=question.id))]
    ]


def render_claimed(tr: Translator, question: QuestionLike) -> tuple[str, Rows]:
    text = "\n".join(
        [
            quote(question.text, tr),
            "",
            tr.gettext(
                "✍️ Thank you for taking this one. Please type your answer below — a few "
                "sentences is plenty. Keep clients anonymous."
            ),
        ]
    )
    return text, [[(tr.gettext(TYPE_ANSWER), cb.PEER_REPLY.data(question_id=question.id))]]


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
        [(tr.gettext("📨 Send answer"), cb.PEER_ANSWER_SEND.data())],
        [(tr.gettext(REWRITE), cb.PEER_ANSWER_REWRITE.data())],
        [(tr.gettext("✖ Not now"), cb.PEER_ANSWER_LATER.data())],
    ]
    return "\n".join(lines), rows


def render_answer_later(tr: Translator) -> str:
    return tr.gettext(
        "OK — nothing was sent. When you are ready, tap “✍️ Type my answer” under the question."
    )


def render_answer_sent(tr: Translator) -> str:
    return tr.gettext("🙏 Thank you — your answer was sent. I'll tell you if they say thanks.")


def render_answer_for_asker(
    tr: Translator, question: QuestionLike, *, can_follow_up: bool
) -> tuple[str, Rows]:
    if question.parent_id is not None:
        head = tr.gettext("💬 The senior supporter replied to your follow-up.")
    else:
        head = tr.gettext("💬 A senior supporter answered your question.")
    lines = [
        head,
        "",
        tr.gettext("You asked: {text}").format(text=quote(question.text, tr)),
        "",
        question.answer or "",
    ]
    rows: Rows = [[(tr.gettext("🙏 Thank them"), cb.PEER_THANK.data(question_id=question.id))]]
    if can_follow_up:
        rows.append(
            [(tr.gettext("↩ Ask a follow-up"), cb.PEER_FOLLOW_UP.data(question_id=question.id))]
        )
    return "\n".join(lines), rows


def render_thanks_for_mentor(tr: Translator, question: QuestionLike) -> str:
    return tr.gettext(
        "🙏 The supporter who asked {text} says thank you — your answer helped."
    ).format(text=quote(snippet(question.text), tr))


def render_unanswered(
    tr: Translator, question: QuestionLike, worker: str | None, *, claimed: bool
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
    text = text.format(text=quote(snippet(question.text), tr), name=name)
    return text, [[(tr.gettext(CONTACT_WORKER), cb.PEER_WORKER.data())]]


def render_contact_worker(tr: Translator, worker: str | None) -> str:
    if worker:
        return tr.gettext(
            "You can message {name} directly, or call your centre. If anyone is in danger, "
            "call 999."
        ).format(name=worker)
    return tr.gettext("Please call your centre. If anyone is in danger, call 999.")
