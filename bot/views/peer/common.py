"""What every peer screen shares: rows of buttons, the button labels, problems in words."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.domain.peer import MAX_QUESTION_CHARS, QuestionStatus
from bot.i18n import N_, Translator

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


def quote(text: str, tr: Translator) -> str:
    """Quotation marks of the reader's language: “…” or 「…」."""
    return f"「{text}」" if tr.lang == "yue" else f"“{text}”"


def snippet(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"
