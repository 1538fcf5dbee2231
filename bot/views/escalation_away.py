"""Texts for /away: the social worker's answer and her supporters' notices."""

from __future__ import annotations

import datetime as dt

from bot.i18n import N_, Translator

PROBLEMS = {
    "bad_date": N_(
        "I couldn't read that date. Please write your last day away like "
        "/away until 2026-12-24. Nothing was changed."
    ),
    "past": N_(
        "That date has already passed — please give your last day away, today or later. "
        "Nothing was changed."
    ),
    "too_far": N_(
        "That is more than six months ahead — please give a nearer date. Nothing was changed."
    ),
}


def render_problem(tr: Translator, reason: str) -> str:
    return tr.gettext(PROBLEMS.get(reason, PROBLEMS["bad_date"]))


def render_status(tr: Translator, until: dt.date | None) -> str:
    if until is None:
        return tr.gettext(
            "You are not marked away. Going on leave? Send /away until 2026-12-24 (your last "
            "day away): new concerns from your supporters go to your backup meanwhile."
        )
    return tr.gettext("You are away until {date}. Send /away off when you are back.").format(
        date=tr.date(until)
    )


def render_set(tr: Translator, until: dt.date, told: int, covering: list[str]) -> str:
    date = tr.date(until)
    if not told:
        return tr.gettext(
            "You are away until {date}. You have no supporters right now, so nothing changes "
            "for anyone else."
        ).format(date=date)
    if not covering:
        return tr.gettext(
            "You are away until {date}, but nobody else can receive your supporters' "
            "concerns: please ask your admin to set a backup. I've told your supporters ({n}) "
            "to call the centre meanwhile."
        ).format(date=date, n=told)
    return tr.gettext(
        "🌴 You are away until {date}. New concerns from your supporters go to {names} "
        "meanwhile; I've told your supporters ({n}). Send /away off when you are back."
    ).format(date=date, n=told, names=", ".join(covering))


def render_back(tr: Translator, was_away: bool) -> str:
    if not was_away:
        return tr.gettext("You were not marked away; nothing changed.")
    return tr.gettext(
        "Welcome back — new concerns from your supporters come to you again. I've told them."
    )


def render_supporter_notice(tr: Translator, worker: str, until: dt.date, names: str) -> str:
    if not names:
        return tr.gettext(
            "{worker} is away until {date}. Meanwhile, if you have a concern please call your "
            "centre. If anyone is in danger, call 999."
        ).format(worker=worker, date=tr.date(until))
    return tr.gettext(
        "{worker} is away until {date}. Meanwhile, concerns you raise go to {names}. "
        "If anyone is in danger, call 999."
    ).format(worker=worker, date=tr.date(until), names=names)


def render_back_notice(tr: Translator, worker: str) -> str:
    return tr.gettext("{worker} is back: concerns you raise go to {worker} again.").format(
        worker=worker
    )
