"""Welcome, help and invite texts."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from storage.models import Person, Role

if TYPE_CHECKING:
    from bot.context import Turn


async def render_welcome(turn: Turn) -> str:
    person = turn.person
    assert person is not None
    t = turn.tr.gettext
    if person.role == Role.SUPPORTER:
        worker = (
            await turn.session.get(Person, person.social_worker_id)
            if person.social_worker_id
            else None
        )
        return t(
            "Welcome to Tung Hang, {name}! I'm here for you between supervision sessions: "
            "quick refreshers for when a client says something hard, "
            "and an easy way to log your hours.\n\n"
            "Your social worker is {worker}. Tap a button below, or just type your question."
        ).format(name=person.display_name, worker=worker.display_name if worker else "—")
    return t(
        "Welcome to Tung Hang, {name}! You can invite supporters with /invite, "
        "and browse the same refreshers they see. Send /help any time."
    ).format(name=person.display_name)


def render_welcome_back(turn: Turn) -> str:
    assert turn.person is not None
    return turn.tr.gettext("Welcome back, {name}. What would you like to do?").format(
        name=turn.person.display_name
    )


def render_help(turn: Turn) -> str:
    person = turn.person
    assert person is not None
    t = turn.tr.gettext
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
            t("👥 /team — your supporters' hours, approvals, and who has gone quiet."),
            t("📄 /export 2026-10 — a month's hours as a spreadsheet."),
            t("🤝 /peer — your unit's peer questions and shared tips."),
            t("✉️ /invite — a one-time invite link for a new supporter."),
        ]
    lines += [
        t("🌐 /language — switch between English and Cantonese."),
        t("✖ /cancel — stop what you are doing."),
        t("🔒 /privacy — what I keep about you; /mydata — your own copy."),
        t("If a client is in danger right now, call 999 first. Then tell your social worker."),
    ]
    return "\n".join(lines)


def render_invite_created(turn: Turn, link: str, expires_at: dt.datetime) -> str:
    local_day = expires_at.astimezone(turn.services.settings.tz).date()
    return turn.tr.gettext(
        "Here is an invite link for a new supporter. Send it to them directly. "
        "It works once and expires on {date}.\n\n{link}\n\n"
        "They will be assigned to you as their social worker."
    ).format(date=turn.tr.date(local_day), link=link)
