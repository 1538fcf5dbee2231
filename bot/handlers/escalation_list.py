"""/flags for staff: what needs me first, filters, pages of 5, a card per concern, figures."""

from __future__ import annotations

from sqlalchemy import select
from telegram import InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, MessageHandler

from bot import callbacks as cb
from bot import views
from bot.context import Ctx, Turn, with_turn
from bot.domain.concerns import FILTERS, apply_filter, month_bounds, page_of, parse_month
from bot.domain.escalation import Policy, close_target, is_overdue
from bot.i18n import Catalogs
from bot.replies import Answer, Edit, Send
from bot.services import concerns
from bot.views import escalation_list as screens
from storage.models import STAFF_ROLES, Flag, FlagEvent, Person

STAFF = STAFF_ROLES


def _this_month(turn: Turn) -> tuple[int, int]:
    local = turn.local_now()
    return local.year, local.month


async def _list_screen(turn: Turn, name: str, number: int) -> tuple[str, InlineKeyboardMarkup]:
    person = turn.speaker
    year, month = _this_month(turn)
    month_start, _ = month_bounds(year, month, turn.services.settings.tz)
    rows = await concerns.concern_rows(turn.session, person, turn.now, month_start)
    page = page_of(apply_filter(rows, name, person.id, month_start), number)
    return screens.render_list(turn.tr, page, name, person.id, turn.now, f"{year}-{month:02d}")


async def _figures_screen(turn: Turn, year: int, month: int) -> tuple[str, InlineKeyboardMarkup]:
    person = turn.speaker
    numbers = await concerns.monthly_figures(
        turn.session, person.unit_id, year, month, turn.services.settings.tz
    )
    return screens.render_figures(
        turn.tr, year, month, numbers, has_next=(year, month) < _this_month(turn)
    )


@with_turn(STAFF)
async def list_flags(update: Update, context: Ctx, turn: Turn) -> None:
    """/flags, /flags mine|overdue|closed, /flags stats [YYYY-MM]."""
    args = [a.lower() for a in (context.args or [])]
    if args and args[0] in ("stats", "figures"):
        parsed = parse_month(args[1]) if len(args) > 1 else _this_month(turn)
        if parsed is None or parsed > _this_month(turn):
            turn.say(
                Send(
                    turn.tr.gettext(
                        "I couldn't read that month. Please write it like /flags stats 2026-11 "
                        "(a month that has begun)."
                    )
                )
            )
            return
        text, keyboard = await _figures_screen(turn, *parsed)
    else:
        name = args[0] if args and args[0] in FILTERS else "open"
        text, keyboard = await _list_screen(turn, name, 0)
    turn.say(Send(text, keyboard))


@with_turn(STAFF)
async def on_list_button(update: Update, context: Ctx, turn: Turn) -> None:
    """flags:f:<filter>:<page> and flags:stats:<YYYY-MM>: the screen is edited in place."""
    try:
        route, args = cb.FLAGS.parse(turn.data)
    except ValueError:  # forged, or from an old release
        route, args = None, cb.Args({})
    if (
        route is cb.FLAGS_LIST
        and args["filter"] in FILTERS
        and (page := args.text("page")).isdigit()
    ):
        text, keyboard = await _list_screen(turn, args.text("filter"), int(page))
    elif route is cb.FLAGS_FIGURES and (parsed := parse_month(args.text("month"))):
        text, keyboard = await _figures_screen(turn, *parsed)
    else:
        turn.say(Answer(turn.tr.gettext("That button is out of date — send /flags.")))
        return
    turn.say(Answer())
    turn.say(Edit(text, keyboard))


async def card(turn: Turn, flag: Flag) -> tuple[str, InlineKeyboardMarkup]:
    """One concern's card (raises FlagError for a concern this person may not act on)."""
    person = turn.speaker
    supporter = await turn.session.get_one(Person, flag.supporter_id)
    owner = (
        await turn.session.get(Person, flag.acknowledged_by_id) if flag.acknowledged_by_id else None
    )
    note = await turn.session.scalar(
        select(FlagEvent)
        .where(FlagEvent.flag_id == flag.id, FlagEvent.kind == "note")
        .order_by(FlagEvent.id.desc())
        .limit(1)
    )
    overdue = is_overdue(
        status=flag.status,
        urgency=flag.urgency,
        created_at=flag.created_at,
        ack_timeout_seconds=Policy.from_json(flag.policy).ack_timeout_seconds,
        target=close_target(flag.urgency, await concerns.close_targets(turn.session, flag.unit_id)),
        now=turn.now,
    )
    return screens.render_card(
        turn.tr,
        flag,
        supporter,
        owner.display_name if owner else None,
        overdue=overdue,
        last_note=note.detail.get("text") if note else None,
        me=person.id,
        now=turn.now,
    )


def handlers(catalogs: Catalogs) -> list[BaseHandler]:
    return [
        CommandHandler("flags", list_flags),
        MessageHandler(views.menu_label_filter(catalogs, "flags"), list_flags),
        CallbackQueryHandler(on_list_button, pattern=cb.FLAGS.pattern),
    ]
