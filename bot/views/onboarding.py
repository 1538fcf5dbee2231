"""Welcome, first-contact language choice, help, invites and "someone joined" texts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import callbacks as cb
from bot.domain.invites import InviteStatus
from bot.domain.roles import Role
from bot.i18n import N_, Catalogs, Translator
from bot.views.shapes import PersonLike

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from bot.services.people import InviteRow

# Each language's name in itself: the buttons read the same whatever language is active.
LANGUAGE_NAMES = {"yue": "廣東話", "en": "English"}
# TRANSLATORS: shown under the greeting to someone who may prefer THIS catalog's language
# (their Telegram app reported the other one); name this catalog's own language.
OFFER_THIS_LANGUAGE = N_("Would you rather read English? Tap “English” below.")
ROLE_LABELS = {
    Role.SUPPORTER: N_("supporter"),
    Role.SOCIAL_WORKER: N_("social worker"),
    Role.ADMIN: N_("admin"),
}
INVITES_PAGE = 8


def render_welcome(tr: Translator, person: PersonLike, worker_name: str | None) -> str:
    """The greeting after joining; `worker_name` is a supporter's social worker (the caller
    looks them up), None when there is none or the person is staff."""
    t = tr.gettext
    if person.role == Role.SUPPORTER:
        return t(
            "Welcome to Tung Hang, {name}! I'm here for you between supervision sessions: "
            "quick refreshers for when a client says something hard, "
            "and an easy way to log your hours.\n\n"
            "Your social worker is {worker}. Tap a button below, or just type your question."
        ).format(name=person.display_name, worker=worker_name or "—")
    return t(
        "Welcome to Tung Hang, {name}! You can invite supporters with /invite, "
        "and browse the same refreshers they see. Send /help any time."
    ).format(name=person.display_name)


def render_welcome_back(tr: Translator, person: PersonLike) -> str:
    return tr.gettext("Welcome back, {name}. What would you like to do?").format(
        name=person.display_name
    )


def render_help(tr: Translator, person: PersonLike) -> str:
    t = tr.gettext
    lines = [
        t("Here is what I can do:"),
        t("📚 Refreshers — short reminders from your training, by topic."),
        t('✍️ Just type a question, e.g. "what do I say to a bereaved client".'),
    ]
    if person.role == Role.SUPPORTER:
        lines += [
            t('🕒 /log — record your hours, or just type e.g. "琴日探訪2個鐘".'),
            t("📒 /hours — your record this month; /undo removes the last entry."),
            t("⚠️ /flag — report a concern about a client to your social worker."),
            t("🤝 /peer — ask a senior supporter, or share a tip that worked."),
            t("⚙️ /settings — your daily tip time, days, quiet hours and check-ins."),
        ]
    else:
        lines += [
            t("⚠️ /flags — open concerns in your unit."),
            t("🌴 /away until 2026-12-24 — on leave: new concerns go to your backup."),
            t("👥 /team — your supporters' hours, approvals, and who has gone quiet."),
            t("📄 /export 2026-10 — a month's hours as a spreadsheet."),
            t("🤝 /peer — your unit's peer questions and shared tips."),
            t("✉️ /invite — a one-time invite link for a new supporter; /invites — who joined."),
        ]
    lines += [
        t("🌐 /language — switch between English and Cantonese."),
        t("✖ /cancel — stop what you are doing."),
        t("🔒 /privacy — what I keep about you; /mydata — your own copy."),
        t("If a client is in danger right now, call 999 first. Then tell your social worker."),
    ]
    return "\n".join(lines)


def render_first_contact(
    catalogs: Catalogs, person: PersonLike, lang: str
) -> tuple[str, InlineKeyboardMarkup]:
    """The first reply to an invite: a greeting in `lang` (what Telegram reported), a line in
    the other language, and both languages as big buttons, `lang` marked as preselected."""
    tr = catalogs.get(lang)
    other = "en" if lang == "yue" else "yue"
    text = "\n\n".join(
        [
            # TRANSLATORS: "English" here is this catalog's own language (the one preselected).
            tr.gettext(
                "Welcome to Tung Hang, {name}! 👋\n"
                "Which language would you like me to use? Unless you choose the other one, "
                "I'll write in English. You can change it any time in ⚙️ Settings or "
                "with /language."
            ).format(name=person.display_name),
            catalogs.get(other).gettext(OFFER_THIS_LANGUAGE),
        ]
    )
    rows = [
        [
            InlineKeyboardButton(
                ("✅ " if code == lang else "") + LANGUAGE_NAMES[code],
                callback_data=cb.LANG_FIRST.data(lang=code),
            )
        ]
        for code in ("yue", "en")
    ]
    return text, InlineKeyboardMarkup(rows)


def role_label(tr: Translator, role: str) -> str:
    return tr.gettext(ROLE_LABELS[Role(role)]) if role in ROLE_LABELS else role


def render_joined(
    tr: Translator,
    person: PersonLike,
    *,
    telegram_name: str,
    unit_name: str,
    worker_name: str | None,
    yours: bool,
) -> tuple[str, list[list[tuple[str, str]]]]:
    """For staff: someone they invited (or who was invited for them) just joined."""
    t = tr.gettext
    name = person.display_name
    if person.role == Role.SUPPORTER and yours:
        lines = [t("👋 {name} has joined Tung Hang as your supporter.").format(name=name)]
    elif person.role == Role.SUPPORTER:
        lines = [
            t("👋 {name} has joined Tung Hang as a supporter of {worker}.").format(
                name=name, worker=worker_name or "—"
            )
        ]
    else:
        lines = [
            t("👋 {name} has joined Tung Hang as {role} in {unit}.").format(
                name=name, role=role_label(tr, person.role), unit=unit_name
            )
        ]
    if telegram_name and telegram_name != name:
        lines.append(
            t("Their name on Telegram: {telegram_name}").format(telegram_name=telegram_name)
        )
    buttons: list[list[tuple[str, str]]] = []
    if person.role == Role.SUPPORTER:
        lines.append(t("Their daily refresher tips start tomorrow."))
        buttons.append(
            [(t("💬 Contact {name}").format(name=name), cb.PEER_CONTACT.data(person_id=person.id))]
        )
    lines.append(t("/invites shows who has joined and who is still to join."))
    return "\n".join(lines), buttons


def render_invite_name_prompt(tr: Translator) -> str:
    return tr.gettext(
        "✉️ Who is the new supporter? Please type their name as the centre knows them, "
        "e.g. Chan Tai Man. It becomes their name in Tung Hang. (/cancel to stop.)"
    )


def render_invite_bad_name(tr: Translator) -> str:
    return tr.gettext(
        "Sorry, that doesn't look like a name. Please type just the person's name "
        "(up to 60 characters, no numbers), or /cancel to stop."
    )


def render_invite_for(
    tr: Translator, tz: ZoneInfo, name: str, link: str, expires_at: dt.datetime
) -> str:
    local_day = expires_at.astimezone(tz).date()
    return tr.gettext(
        "Here is an invite link for {name}. Send it to them directly. "
        "It works once and expires on {date}.\n\n{link}\n\n"
        "They will be assigned to you as their social worker, and I'll tell you when they join."
    ).format(name=name, date=tr.date(local_day), link=link)


_STATUS_MARKS = {InviteStatus.VALID: "⏳", InviteStatus.EXPIRED: "⌛", InviteStatus.USED: "✅"}


def _invite_line(tr: Translator, tz: ZoneInfo, row: InviteRow, viewer_id: int | None) -> str:
    t = tr.gettext
    invite = row.invite
    name = invite.invitee_name or (row.joined.display_name if row.joined else t("(no name)"))
    if row.status is InviteStatus.VALID:
        when = t("link valid until {date}").format(
            date=tr.date(invite.expires_at.astimezone(tz).date())
        )
    elif row.status is InviteStatus.EXPIRED:
        when = t("expired {date}").format(date=tr.date(invite.expires_at.astimezone(tz).date()))
    else:
        assert invite.used_at is not None
        when = t("joined {date}").format(date=tr.date(invite.used_at.astimezone(tz).date()))
    parts = [f"{_STATUS_MARKS[row.status]} {name}", role_label(tr, invite.role)]
    if row.social_worker is not None and row.social_worker.id != viewer_id:
        parts.append(row.social_worker.display_name)
    parts.append(when)
    return " · ".join(parts)


def render_invites(
    tr: Translator, tz: ZoneInfo, rows: Sequence[InviteRow], page: int, viewer_id: int | None
) -> tuple[str, InlineKeyboardMarkup]:
    """/invites: waiting, expired and used invites, INVITES_PAGE a screen; `viewer_id`: who
    is looking (their own supporters' lines leave out the social worker's name)."""
    t = tr.gettext
    if not rows:
        return (
            t("✉️ No invites yet. Send /invite to make a link for a new supporter."),
            InlineKeyboardMarkup([]),
        )
    counts = {status: 0 for status in InviteStatus}
    for row in rows:
        counts[row.status] += 1
    pages = -(-len(rows) // INVITES_PAGE)
    page = min(max(page, 0), pages - 1)
    shown = rows[page * INVITES_PAGE : (page + 1) * INVITES_PAGE]
    lines = [
        t("✉️ Invites: {waiting} waiting, {expired} expired, {joined} joined").format(
            waiting=counts[InviteStatus.VALID],
            expired=counts[InviteStatus.EXPIRED],
            joined=counts[InviteStatus.USED],
        ),
        "",
        *(_invite_line(tr, tz, row, viewer_id) for row in shown),
    ]
    if pages > 1:
        lines += ["", t("Page {page} of {pages}").format(page=page + 1, pages=pages)]
    buttons = []
    for row in shown:
        if row.status is InviteStatus.EXPIRED and row.invite.role == Role.SUPPORTER:
            name = row.invite.invitee_name or t("(no name)")
            buttons.append(
                [
                    InlineKeyboardButton(
                        t("✉️ New link for {name}").format(name=name),
                        callback_data=cb.INV_RENEW.data(invite_id=row.invite.id),
                    )
                ]
            )
    paging = []
    if page > 0:
        paging.append(
            InlineKeyboardButton(t("◀ Previous"), callback_data=cb.INV_PAGE.data(page=page - 1))
        )
    if page < pages - 1:
        paging.append(
            InlineKeyboardButton(t("More ▶"), callback_data=cb.INV_PAGE.data(page=page + 1))
        )
    if paging:
        buttons.append(paging)
    return "\n".join(lines), InlineKeyboardMarkup(buttons)
