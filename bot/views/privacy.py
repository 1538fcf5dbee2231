"""Privacy texts: the /privacy notice, /mydata and the delete-my-data steps (PDPO)."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.i18n import N_, Translator
from storage.models import Role

# Shared by every place that spots an ID card or phone number in what someone typed.
SENSITIVE_WARNING = N_(
    "It looks like your message has an ID card or phone number in it. "
    "Please delete it from the chat and use the client's initials or case code "
    "instead. I have not kept it."
)

PRIVACY_NOTICE = N_(
    "🔒 What Tung Hang keeps about you\n"
    "\n"
    "Tung Hang is run by your centre. It keeps only what it needs:\n"
    "\n"
    "• Who you are: your name (as your centre wrote it in your invite, else as Telegram "
    "shows it), your Telegram account, your language, your role, centre and social "
    "worker — to know you and whom to tell.\n"
    "• Hours you log (day, minutes, kind of work), for pay. The centre's social workers "
    "and admins see them, and the centre keeps them as payroll records.\n"
    "• Concerns you report: what about, how urgent, the client's case code and your words. "
    "The centre's social workers and admins see them. Your words are deleted {days} days "
    "after the concern is closed; the record of what was done stays.\n"
    "• Clients you couldn't reach: case code, door or phone, and when — only to remind you "
    "to tell your social worker.\n"
    "• Your tip settings, which tips you got and your 👍/👎, to choose your daily tip. "
    "Only you see them.\n"
    "• A step you haven't finished, like half a report: deleted when you finish, "
    "send /cancel, or after {state_days} days.\n"
    "• Messages the bot sends you by itself wait in a queue first; their text is blanked "
    "{sent_days} days after sending.\n"
    "• Peer support: questions you ask senior supporters and answers you give are seen by "
    "the mentors who get them and the centre's social workers; tips you share are reviewed "
    "by a social worker, and approved ones reach fellow supporters (with your name only if "
    "you agree). The words of questions and answers are deleted after the time your centre "
    "keeps them (usually 180 days), unless a social worker made a draft card from an answer. "
    "Your weekly check-in answers: only you see them.\n"
    "• Questions the refreshers couldn't answer (\"I'm not sure\" or \"None of these\"), "
    "with names and numbers taken out, so the clinical team can write the missing cards: "
    "deleted after 90 days.\n"
    "• For social workers: approvals you give and concerns you handle stay in the "
    "centre's records.\n"
    "\n"
    "Not kept: other searches of the refreshers (they are searched, not saved), ID card "
    "or phone numbers, photos. The bot's logs never contain what you write.\n"
    "\n"
    "Telegram keeps your chats on its own servers, so never write a client's name, ID "
    "card number, phone number or address — use initials or a case code.\n"
    "\n"
    "Your data: send /mydata for your own copy, or to delete it. To correct something, "
    "tell your social worker."
)


def render_privacy(tr: Translator, *, days: int, state_days: int, sent_days: int) -> str:
    return tr.gettext(PRIVACY_NOTICE).format(days=days, state_days=state_days, sent_days=sent_days)


def privacy_keyboard(tr: Translator) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(tr.gettext("📄 Get my data"), callback_data="priv:data")]]
    )


def render_data_caption(tr: Translator) -> str:
    return tr.gettext(
        "Here is everything Tung Hang keeps about you, in one file. "
        "It opens on a phone or computer (any text viewer)."
    )


def render_data_offer(tr: Translator) -> tuple[str, InlineKeyboardMarkup]:
    text = tr.gettext(
        "If something in it is wrong, tell your social worker. "
        "You can also ask me to delete your data."
    )
    keyboard = InlineKeyboardMarkup(
        [[InlineKeyboardButton(tr.gettext("🗑 Delete my data…"), callback_data="priv:del")]]
    )
    return text, keyboard


def render_delete_confirm(
    tr: Translator, role: str, stamp: int
) -> tuple[str, InlineKeyboardMarkup]:
    t = tr.gettext
    lines = [
        t("Delete your data?"),
        "",
        t(
            "I will delete: your settings, your tip history and 👍/👎, any step you haven't "
            "finished, messages not yet sent to you, clients you couldn't reach, questions "
            "the refreshers couldn't answer, and the words you wrote in concerns."
        ),
        "",
    ]
    if role == Role.SUPPORTER:
        lines.append(
            t(
                "Your centre keeps what payroll needs: your hour entries and approved months, "
                "with your name. Concerns you reported stay on record (what about, how "
                "urgent, the case code and what was done) without your words."
            )
        )
    else:
        lines.append(
            t(
                "Your centre keeps its records: approvals you gave and concerns you handled, "
                "with your name."
            )
        )
    lines += [
        "",
        t(
            "After this your account is closed and I can't help you any more. "
            "This can't be undone. To use Tung Hang again later, ask your social worker "
            "for a new invite link."
        ),
    ]
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t("🗑 Yes, delete my data"), callback_data=f"priv:del:yes:{stamp}"
                )
            ],
            [InlineKeyboardButton(t("Keep my data"), callback_data="priv:keep")],
        ]
    )
    return "\n".join(lines), keyboard


def render_deleted(tr: Translator) -> str:
    return tr.gettext(
        "Done. Your data has been deleted and your Tung Hang account is closed. "
        "Your centre keeps only what payroll and safety need. "
        "If you want to use Tung Hang again, ask your social worker for a new invite link. "
        "Thank you for all you have given."
    )


def render_kept(tr: Translator) -> str:
    return tr.gettext("OK, nothing was deleted.")


def render_expired(tr: Translator) -> str:
    return tr.gettext("That button has expired. Send /mydata to start again.")
