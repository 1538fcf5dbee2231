"""Privacy texts: the /privacy notice, /mydata and the delete-my-data steps (PDPO)."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import callbacks as cb
from bot.domain.roles import Role
from bot.i18n import N_, Translator

# Shared by every place that spots an ID card or phone number in what someone typed.
SENSITIVE_WARNING = N_(
    "It looks like your message has an ID card or phone number in it. "
    "Please delete it from the chat and use the client's initials or case code "
    "instead. I have not kept it."
)

# /privacy in short screens (each at most 15 lines on a phone), "More ›" between them:
# what is kept, who sees it, how long, and what the person can do.
PRIVACY_SCREENS = (
    N_(
        "🔒 What Tung Hang keeps about you (1/4)\n"
        "\n"
        "Tung Hang is run by your centre. It keeps only what it needs:\n"
        "\n"
        "• Who you are: your name, Telegram account, language, role, centre and social "
        "worker.\n"
        "• Hours you log (day, minutes, kind of work), for pay.\n"
        "• Concerns you report: what about, how urgent, the case code and your words.\n"
        "• Clients you couldn't reach, to remind you to tell your social worker.\n"
        "• Your tip settings, the tips you got and your 👍/👎.\n"
        "• Peer questions, answers and tips, and your weekly check-in answers.\n"
        "\n"
        "Not kept: ID card or phone numbers, photos, what you search (except questions "
        "the refreshers couldn't answer, see 3/4). The bot's logs never contain what you write."
    ),
    N_(
        "👀 Who sees it (2/4)\n"
        "\n"
        "• Your hours: you, and the centre's social workers and admins see them.\n"
        "• Concerns: the centre's social workers and admins see them.\n"
        "• Tip settings, 👍/👎 and check-in answers: Only you see them.\n"
        "• Peer questions and answers: the senior supporters who get them and the "
        "centre's social workers.\n"
        "• Tips you share: a social worker first; approved ones reach fellow supporters, "
        "with your name only if you agree."
    ),
    N_(
        "⏳ How long it is kept (3/4)\n"
        "\n"
        "• Hours: the centre keeps them as payroll records.\n"
        "• Your words in a concern: deleted {days} days after the concern is closed; the "
        "record of what was done stays.\n"
        "• A step you haven't finished: deleted when you finish, send /cancel, or after "
        "{state_days} days.\n"
        "• Messages the bot sends you by itself: their text is blanked {sent_days} days "
        "after sending.\n"
        "• Peer questions and answers: the words go after the time your centre keeps them "
        "(usually 180 days).\n"
        "• Questions the refreshers couldn't answer (\"I'm not sure\", \"None of these\"), "
        "with names and numbers taken out, for the clinical team: deleted after 90 days.\n"
        "• Social workers: approvals you give and concerns you handle stay in the centre's "
        "records."
    ),
)
PRIVACY_LAST_SCREEN = N_(
    "✋ What you can do (4/4)\n"
    "\n"
    "Telegram keeps your chats on its own servers, so never write a client's name, ID card "
    "number, phone number or address — use initials or a case code.\n"
    "\n"
    "Send /mydata for your own copy of your data, or to delete it.\n"
    "\n"
    "If something is wrong, tell your social worker."
)
# For someone the bot does not know (not joined yet, or whose data was deleted): /mydata
# has nothing for them, so it is not offered.
PRIVACY_LAST_SCREEN_NO_ACCOUNT = N_(
    "✋ What you can do (4/4)\n"
    "\n"
    "Telegram keeps your chats on its own servers, so never write a client's name, ID card "
    "number, phone number or address — use initials or a case code.\n"
    "\n"
    "This Telegram account is not linked to Tung Hang, so there is nothing of yours to "
    "send. Once you join with an invite link from your social worker, you can get a copy "
    "of your data, or have it deleted, at any time.\n"
    "\n"
    "If something is wrong, tell your social worker."
)
PRIVACY_PAGES = len(PRIVACY_SCREENS) + 1
OTHER_LANGUAGE = {"en": ("yue", "廣東話"), "yue": ("en", "English")}


def render_privacy_screen(
    tr: Translator,
    page: int,
    *,
    days: int,
    state_days: int,
    sent_days: int,
    has_account: bool,
    offer_language: bool = False,
) -> tuple[str, InlineKeyboardMarkup]:
    """Screen `page` (0-based) of /privacy, with ‹ Back / More › and, for people with an
    account, 📄 Get my data; someone without one may switch language."""
    page = max(0, min(page, PRIVACY_PAGES - 1))
    if page < len(PRIVACY_SCREENS):
        text = tr.gettext(PRIVACY_SCREENS[page])
    else:
        text = tr.gettext(PRIVACY_LAST_SCREEN if has_account else PRIVACY_LAST_SCREEN_NO_ACCOUNT)
    text = text.format(days=days, state_days=state_days, sent_days=sent_days)
    lang = tr.lang
    moves = []
    if page > 0:
        moves.append(
            InlineKeyboardButton(
                tr.gettext("‹ Back"), callback_data=cb.PRIV_PAGE.data(page=page - 1, lang=lang)
            )
        )
    if page < PRIVACY_PAGES - 1:
        moves.append(
            InlineKeyboardButton(
                tr.gettext("More ›"), callback_data=cb.PRIV_PAGE.data(page=page + 1, lang=lang)
            )
        )
    rows = [moves] if moves else []
    if has_account:
        data = cb.PRIV_DATA.data()
        rows.append([InlineKeyboardButton(tr.gettext("📄 Get my data"), callback_data=data)])
    elif offer_language and lang in OTHER_LANGUAGE:
        other, name = OTHER_LANGUAGE[lang]
        data = cb.PRIV_PAGE.data(page=page, lang=other)
        rows.append([InlineKeyboardButton(name, callback_data=data)])
    return text, InlineKeyboardMarkup(rows)


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
        [[InlineKeyboardButton(tr.gettext("🗑 Delete my data…"), callback_data=cb.PRIV_DEL.data())]]
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
                    t("🗑 Yes, delete my data"), callback_data=cb.PRIV_DEL_YES.data(stamp=stamp)
                )
            ],
            [InlineKeyboardButton(t("Keep my data"), callback_data=cb.PRIV_KEEP.data())],
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
