"""/team for staff: my supporters (admins: the whole unit), approving months, contacting."""

from __future__ import annotations

import logging

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, MessageHandler

from bot import callbacks as cb
from bot import views
from bot.context import Ctx, Turn, with_turn
from bot.domain.hours import HoursRuleError, month_start
from bot.i18n import Catalogs
from bot.replies import Answer, Send, edit_or_send
from bot.services import approvals
from bot.views.team import (
    EXPIRED,
    month_label_for,
    render_approvals,
    render_entries,
    render_reopen_confirm,
    render_team,
)
from storage.models import STAFF_ROLES, Person, Unit

log = logging.getLogger(__name__)


async def _team_screen(update: Update, turn: Turn, *, whole_unit: bool, page: int) -> None:
    worker = turn.person
    assert worker is not None
    whole_unit = whole_unit and approvals.whole_unit_allowed(worker)
    today = turn.local_now().date()
    rows, pending = await approvals.roster(
        turn.session, worker, today, turn.services.settings.tz, whole_unit=whole_unit
    )
    if page * 8 >= max(len(rows), 1):
        page = 0
    unit = await turn.session.get(Unit, worker.unit_id)
    text, keyboard = render_team(
        turn.tr,
        rows,
        today=today,
        planned=unit.planned_monthly_minutes if unit else 0,
        whole_unit=whole_unit,
        can_see_unit=approvals.whole_unit_allowed(worker),
        pending=pending,
        page=page,
    )
    turn.say(edit_or_send(update, text, keyboard))


@with_turn(STAFF_ROLES)
async def team(update: Update, context: Ctx, turn: Turn) -> None:
    """/team: my supporters' month so far, last activity, contact; approvals one tap away."""
    await _team_screen(update, turn, whole_unit=False, page=0)


async def _approvals_screen(
    update: Update, turn: Turn, month: str, scope: str, page: int, note: str | None = None
) -> None:
    worker = turn.person
    assert worker is not None
    whole_unit = scope == "u" and approvals.whole_unit_allowed(worker)
    summaries = await approvals.month_summaries(turn.session, worker, month, whole_unit=whole_unit)
    if page * 8 >= max(len(summaries), 1):
        page = 0
    text, keyboard = render_approvals(
        turn.tr, summaries, month, scope="u" if whole_unit else "m", page=page, note=note
    )
    turn.say(edit_or_send(update, text, keyboard))


async def _entries_screen(
    update: Update, turn: Turn, supporter: Person, month: str, page: int
) -> None:
    entries = await approvals.month_entries(turn.session, supporter, month)
    summary = approvals.summarise(supporter, entries)
    summary.approval = await approvals.approval_of(turn.session, supporter, month)
    approver = (
        await turn.session.get(Person, summary.approval.approved_by_id)
        if summary.approval
        else None
    )
    if page * 10 >= max(len(entries), 1):
        page = 0
    text, keyboard = render_entries(
        turn.tr, turn.services.settings.tz, summary, entries, month, approver=approver, page=page
    )
    turn.say(edit_or_send(update, text, keyboard))


def _number(args: cb.Args, name: str = "supporter_id") -> int:
    text = args.text(name)
    if not text.isdigit():
        raise ValueError(text)
    return int(text)


def _month(args: cb.Args) -> str:
    text = args.text("month")
    month_start(text)  # ValueError for 2026-13 or anything else
    if len(text) != 7:
        raise ValueError(text)
    return text


def _scope(args: cb.Args) -> str:
    text = args.text("scope")
    if text not in ("m", "u"):
        raise ValueError(text)
    return text


@with_turn(STAFF_ROLES)
async def on_button(update: Update, context: Ctx, turn: Turn) -> None:
    """team:* — every button is checked as if typed: forged data changes nothing."""
    worker = turn.person
    assert worker is not None
    catalogs = turn.services.catalogs
    t = turn.tr.gettext
    try:
        route, args = cb.TEAM.parse(turn.data)  # ValueError: forged, or an old release
        if route is cb.TEAM_LIST:
            turn.say(Answer())
            await _team_screen(
                update, turn, whole_unit=_scope(args) == "u", page=_number(args, "page")
            )
        elif route is cb.TEAM_APPROVALS:
            turn.say(Answer())
            await _approvals_screen(update, turn, _month(args), _scope(args), _number(args, "page"))
        elif route is cb.TEAM_APPROVE_ALL:
            month, scope = _month(args), _scope(args)
            done, flagged = await approvals.approve_all_clean(
                turn.session,
                catalogs,
                worker,
                month,
                turn.now,
                whole_unit=scope == "u" and approvals.whole_unit_allowed(worker),
            )
            note = t("✅ Months approved: {n}.").format(n=len(done))
            if flagged:
                note += " " + t("Left for a look (⚠️): {n}.").format(n=len(flagged))
            turn.say(Answer(note if done else t("Nothing new to approve.")))
            await _approvals_screen(update, turn, month, scope, 0, note=note)
        elif route in (cb.TEAM_VIEW, cb.TEAM_VIEW_PAGE):
            supporter = await approvals.supporter_for(turn.session, worker, _number(args))
            month = _month(args)
            turn.say(Answer())
            await _entries_screen(
                update, turn, supporter, month, _number(args, "page") if "page" in args else 0
            )
        elif route is cb.TEAM_APPROVE:
            supporter = await approvals.supporter_for(turn.session, worker, _number(args))
            month = _month(args)
            _, newly = await approvals.approve(
                turn.session, catalogs, worker, supporter, month, turn.now
            )
            turn.say(
                Answer(t("✅ Approved.") if newly else t("Already approved — nothing changed."))
            )
            await _entries_screen(update, turn, supporter, month, 0)
        elif route is cb.TEAM_REOPEN:
            supporter = await approvals.supporter_for(turn.session, worker, _number(args))
            month = _month(args)
            turn.say(Answer())
            text, keyboard = render_reopen_confirm(turn.tr, supporter, month)
            turn.say(edit_or_send(update, text, keyboard))
        elif route is cb.TEAM_REOPEN_YES:
            supporter = await approvals.supporter_for(turn.session, worker, _number(args))
            month = _month(args)
            reopened = await approvals.reopen(
                turn.session, catalogs, worker, supporter, month, turn.now
            )
            turn.say(
                Answer(
                    t("🔓 Reopened.") if reopened else t("It is not approved — nothing changed.")
                )
            )
            await _entries_screen(update, turn, supporter, month, 0)
        elif route is cb.TEAM_CONTACT:
            supporter = await approvals.supporter_for(turn.session, worker, _number(args))
            turn.say(Answer())
            await _contact(update, turn, supporter)
    except (ValueError, HoursRuleError):
        turn.say(Answer(t(EXPIRED)))


async def _contact(update: Update, turn: Turn, supporter: Person) -> None:
    """A separate message with the link: a privacy-restricted link cannot break /team."""
    link = (
        f"https://t.me/{supporter.telegram_username}"
        if supporter.telegram_username
        else f"tg://user?id={supporter.telegram_user_id}"
    )
    t = turn.tr.gettext
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t("💬 Message {name}").format(name=supporter.display_name), url=link
                )
            ]
        ]
    )
    turn.say(Send(t("Contact {name}:").format(name=supporter.display_name), keyboard))


def handlers(catalogs: Catalogs) -> list[BaseHandler]:
    return [
        CommandHandler("team", team),
        MessageHandler(views.menu_label_filter(catalogs, "team"), team),
        CallbackQueryHandler(on_button, pattern=cb.TEAM.pattern),
    ]


__all__ = ["handlers", "month_label_for"]
