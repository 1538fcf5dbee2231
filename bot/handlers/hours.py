"""Hours: log by chat or buttons, review and correct, client-not-reached, the team view."""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Awaitable, Callable

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, MessageHandler

from bot import callbacks as cb
from bot import views
from bot.callbacks import Args
from bot.context import Ctx, Turn, with_turn
from bot.domain.hours import DEFAULT_EDITABLE_DAYS, HoursInputError, parse_hours
from bot.domain.privacy import is_client_code, looks_sensitive, normalise_client_code
from bot.handlers import hours_card as card
from bot.handlers.hours_card import FLOW_EDIT, FLOW_TEXT
from bot.handlers.hours_card import answer as _answer
from bot.handlers.hours_card import edit_or_send as _edit_or_send
from bot.handlers.hours_card import offer_entry as _offer_entry
from bot.handlers.hours_card import reask as _reask
from bot.handlers.hours_card import today_of as _today
from bot.handlers.settings import checkin_setting
from bot.handlers.steps import Flow, Takes
from bot.handlers.text import TextRouter
from bot.i18n import Catalogs
from bot.replies import Answer, Call, Send
from bot.services import hour_cards, states
from bot.services import hours as service
from bot.views.hours import (
    render_delete_confirm,
    render_log_start,
    render_month,
)
from bot.views.privacy import SENSITIVE_WARNING
from storage.models import STAFF_ROLES, Role

log = logging.getLogger(__name__)
_Button = Callable[[Update, Ctx, Turn, Args], Awaitable[None]]

SUPPORTERS = {Role.SUPPORTER}
STAFF = STAFF_ROLES
FLOW_NOT_REACHED = "hours.not_reached"  # typing the client's case code
# Free text is logged only when it clearly is an entry, not a question mentioning time.
_QUESTION_RE = re.compile(
    r"[?？]|\b(how|what|why|when|should|can)\b|點|咩|點算|點樣|係咪|可唔可以", re.I
)
MAX_PLAIN_ENTRY_CHARS = 25
_RULE_REASONS = (
    "zero", "negative", "too_long", "future_day", "too_old", "ambiguous", "unclear_day",
)  # fmt: skip


# --- typed entries ---------------------------------------------------------------------


async def _warned(update: Update, turn: Turn, text: str) -> bool:
    """An ID card or phone number in typed hours: a gentle warning, and nothing is used."""
    if not looks_sensitive(text):
        return False
    turn.say(Send(turn.tr.gettext(SENSITIVE_WARNING)))
    return True


@with_turn(SUPPORTERS)
async def log_command(update: Update, context: Ctx, turn: Turn) -> None:
    """/log [entry]: with text, a confirmation card; without, the duration buttons."""
    text = " ".join(context.args or [])
    if await _warned(update, turn, text):
        return
    if not text.strip():
        reply, keyboard = render_log_start(turn.tr)
        turn.say(Send(reply, keyboard))
        return
    await _offer_entry(update, turn, text)


@with_turn(SUPPORTERS)
async def log_menu(update: Update, context: Ctx, turn: Turn) -> None:
    """The 🕒 Log hours menu button."""
    reply, keyboard = render_log_start(turn.tr)
    turn.say(Send(reply, keyboard))


async def claim_plain_entry(update: Update, context: Ctx, turn: Turn) -> bool:
    """Free text that clearly is an hours entry ('琴日電話 45 分鐘') gets the card."""
    person = turn.person
    text = turn.text
    if person is None or person.role != Role.SUPPORTER or _QUESTION_RE.search(text):
        return False
    if looks_sensitive(text):
        return False  # the privacy answer comes from the question path
    # Risk does not stop an entry: the safety net has already put the block above, and the
    # hours card still follows — the entry is not lost (bot/handlers/safety.py).
    try:
        parsed = parse_hours(text, _today(turn), editable_days=DEFAULT_EDITABLE_DAYS)
    except HoursInputError as problem:
        # "2h" style text that breaks a rule is still clearly an entry: explain the rule.
        if problem.reason in _RULE_REASONS and len(text) <= MAX_PLAIN_ENTRY_CHARS:
            turn.say(Send(await _reask(turn, problem.reason)))
            return True
        return False
    if parsed.activity is None and len(text) > MAX_PLAIN_ENTRY_CHARS:
        return False
    await _offer_entry(update, turn, text, parsed=parsed)
    return True


async def on_typed_entry(update: Update, context: Ctx, turn: Turn, state: object) -> None:
    """After 'Other time…' or '✏️ Change': the typed entry goes through the same parser."""
    if turn.person is None or turn.person.role != Role.SUPPORTER:
        return
    if await _warned(update, turn, turn.text):
        return  # still in the flow: they can type it again without the number
    # A new card replaces the flow; after a re-ask the person is still in it.
    await _offer_entry(update, turn, turn.text)


async def on_typed_edit(update: Update, context: Ctx, turn: Turn, state: object) -> None:
    data = getattr(state, "data", {}) or {}
    if await _warned(update, turn, turn.text):
        return
    try:
        entry = await service.own_entry(turn.session, turn.speaker, int(data["entry_id"]))
    except service.HoursRuleError:
        await states.clear(turn.session, turn.user_id)
        turn.say(Send(await _reask(turn, "not_found")))
        return
    # After a mistake the person is still correcting this entry: a re-ask keeps the flow.
    await _offer_entry(update, turn, turn.text, entry=entry)


async def on_typed_client_code(update: Update, context: Ctx, turn: Turn, state: object) -> None:
    """'Client not reached': the case code, checked so no name or number is stored."""
    typed = turn.text
    t = turn.tr.gettext
    if not is_client_code(typed):
        turn.say(
            Send(
                t(
                    "Please send only the client's case code or initials, like “C03” or “CMY” — "
                    "no full names or phone numbers. I haven't saved anything."
                )
            )
        )
        return
    code = normalise_client_code(typed)
    await states.clear(turn.session, turn.user_id)
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t("🚪 No answer at the door"),
                    callback_data=cb.HRS_NOT_REACHED_HOW.data(code=code, channel="door"),
                ),
                InlineKeyboardButton(
                    t("📞 Phone not answered"),
                    callback_data=cb.HRS_NOT_REACHED_HOW.data(code=code, channel="phone"),
                ),
            ]
        ]
    )
    turn.say(Send(t("How did you try to reach {code}?").format(code=code), keyboard))


# --- buttons ---------------------------------------------------------------------------


@with_turn(SUPPORTERS)
async def on_button(update: Update, context: Ctx, turn: Turn) -> None:
    """Every hrs:* button of a supporter; callback data is checked as if it were typed."""
    try:
        route, args = cb.HRS.parse(turn.data)
    except ValueError:
        turn.say(
            Answer(turn.tr.gettext("Sorry, that button has expired. Send /log to start again."))
        )
        return
    try:
        await _BUTTONS[route](update, context, turn, args)
    except ValueError:
        # Forged or stale callback data: change nothing, say so kindly.
        _answer_or_say(
            turn,
            update,
            turn.tr.gettext("Sorry, that button has expired. Send /log to start again."),
        )
    except service.HoursRuleError as problem:
        # Rules are checked before anything is written, so there is nothing to undo.
        day = problem.detail.get("day")
        reask = await _reask(turn, problem.reason, day if isinstance(day, dt.date) else None)
        await hour_cards.close_card(turn.session, turn.user_id, turn.pressed_message_id)
        _answer_or_say(turn, update, None)
        _edit_or_send(turn, update, reask)


def _answer_or_say(turn: Turn, update: Update, text: str | None) -> None:
    """Answer the button; if a step already answered it, say it in the chat instead."""

    async def answer_or_say(bot: Bot) -> None:
        try:
            await turn.query.answer(text)
        except BadRequest:
            if text:
                await turn.message.reply_text(text)

    turn.say(Call(answer_or_say))


async def _ask_remove(update: Update, context: Ctx, turn: Turn, args: Args) -> None:
    entry = await service.own_entry(turn.session, turn.speaker, args.number("entry_id"))
    await service.ensure_open(turn.session, turn.speaker.id, entry.day)
    _answer(turn)
    reply, keyboard = render_delete_confirm(turn.tr, entry, _today(turn))
    turn.say(Send(reply, keyboard))


async def _remove(update: Update, context: Ctx, turn: Turn, args: Args) -> None:
    await service.delete_entry(turn.session, turn.speaker, args.number("entry_id"))
    _answer(turn)
    _edit_or_send(turn, update, turn.tr.gettext("🗑 Removed."))


async def _month(update: Update, context: Ctx, turn: Turn, args: Args) -> None:
    first_day = service.month_start(args.text("month"))
    if first_day > _today(turn):
        raise ValueError("future month")
    _answer(turn)
    record = await service.month_record(turn.session, turn.speaker, first_day)
    reply, keyboard = render_month(turn.tr, turn.services.settings.tz, record, _today(turn))
    _edit_or_send(turn, update, reply, keyboard)


async def _not_reached(update: Update, context: Ctx, turn: Turn, args: Args) -> None:
    _answer(turn)
    await states.put(turn.session, turn.user_id, FLOW_NOT_REACHED, {}, turn.now)
    _edit_or_send(
        turn,
        update,
        turn.tr.gettext(
            "Which client couldn't you reach? Send their case code or initials, e.g. “C03”."
        ),
    )


async def _not_reached_channel(update: Update, context: Ctx, turn: Turn, args: Args) -> None:
    code, channel = args.text("code"), args.text("channel")
    if channel not in ("door", "phone") or not is_client_code(code):
        raise ValueError("bad attempt")
    count = await service.record_not_reached(
        turn.session, turn.speaker, client_code=code, channel=channel, now=turn.now
    )
    _answer(turn)
    t = turn.tr.gettext
    when = turn.tr.time(turn.local_now())
    lines = [t("Noted: {code} could not be reached at {time}.").format(code=code, time=when)]
    keyboard = None
    if count >= service.NOT_REACHED_NUDGE_AT:
        lines.append(
            turn.tr.ngettext(
                "That is {count} time in two weeks that {code} couldn't be reached. "
                "It may be worth telling your social worker today.",
                "That is {count} times in two weeks that {code} couldn't be reached. "
                "It may be worth telling your social worker today.",
                count,
            ).format(count=count, code=code)
        )
        keyboard = InlineKeyboardMarkup(
            [
                [
                    InlineKeyboardButton(
                        t("⚠️ Tell my social worker"),
                        callback_data=cb.FLAG_START_FOR.data(category="unreachable", code=code),
                    )
                ]
            ]
        )
    lines.append(t("If you spent time on the visit or calls, you can log it with /log."))
    _edit_or_send(turn, update, "\n".join(lines), keyboard)


async def _checkin_no(update: Update, context: Ctx, turn: Turn, args: Args) -> None:
    _answer(turn)
    _edit_or_send(
        turn, update, turn.tr.gettext("Thank you for letting me know. Have a restful evening.")
    )


_BUTTONS: dict[cb.Route, _Button] = {
    cb.HRS_CHECKIN_SETTING: checkin_setting,  # /settings owns the toggle; old buttons keep it
    cb.HRS_CHECKIN: card.checkin_duration,
    cb.HRS_CHECKIN_NO: _checkin_no,
    cb.HRS_DURATION: card.pick_duration,
    cb.HRS_DURATION_OTHER: card.pick_duration,
    cb.HRS_ACTIVITY: card.pick_activity,
    cb.HRS_ACTIVITY_DAY: card.pick_activity,
    cb.HRS_OLD_SAVE: card.pick_activity,  # day buttons on cards sent before ✅ Save existed
    cb.HRS_OTHER_DAYS: card.other_days,
    cb.HRS_SAVE: card.save,
    cb.HRS_SAVE_SURE: card.save,
    cb.HRS_UPDATE: card.update_entry,
    cb.HRS_UPDATE_SURE: card.update_entry,
    cb.HRS_CHANGE: card.change,
    cb.HRS_CANCEL: card.cancel,
    cb.HRS_EDIT: card.edit_entry,
    cb.HRS_EDIT_ACTIVITY: card.edit_activity,
    cb.HRS_EDIT_DAY: card.edit_day,
    cb.HRS_DELETE: _ask_remove,
    cb.HRS_REMOVE: _remove,
    cb.HRS_MONTH: _month,
    cb.HRS_NOT_REACHED: _not_reached,
    cb.HRS_NOT_REACHED_HOW: _not_reached_channel,
}


# --- record ----------------------------------------------------------------------------


@with_turn(SUPPORTERS)
async def show_hours(update: Update, context: Ctx, turn: Turn) -> None:
    """/hours: this month's record, by activity, with the last entries."""
    today = _today(turn)
    record = await service.month_record(turn.session, turn.speaker, today.replace(day=1))
    reply, keyboard = render_month(turn.tr, turn.services.settings.tz, record, today)
    turn.say(Send(reply, keyboard))


@with_turn(SUPPORTERS)
async def undo(update: Update, context: Ctx, turn: Turn) -> None:
    """/undo: remove the last entry, after a confirm."""
    entry = await service.last_entry(turn.session, turn.speaker)
    if entry is None:
        turn.say(Send(turn.tr.gettext("There is nothing to undo.")))
        return
    if await service.is_locked(turn.session, turn.speaker.id, entry.day):
        turn.say(Send(await _reask(turn, "locked", entry.day)))
        return
    reply, keyboard = render_delete_confirm(turn.tr, entry, _today(turn))
    turn.say(Send(reply, keyboard))


# --- social worker ---------------------------------------------------------------------


def handlers(catalogs: Catalogs) -> list[BaseHandler]:
    return [
        CommandHandler("log", log_command),
        MessageHandler(views.menu_label_filter(catalogs, "log"), log_menu),
        CommandHandler("hours", show_hours),
        MessageHandler(views.menu_label_filter(catalogs, "hours"), show_hours),
        CommandHandler("undo", undo),
        CallbackQueryHandler(on_button, pattern=cb.HRS.pattern),
    ]


# An entry, its correction and a case code are short: a question or a long message typed
# there is something else (the flow waits, parked, and the message is answered as usual).
TYPED_ENTRY_FLOW = Flow(FLOW_TEXT, Takes.SHORT_TEXT)
TYPED_EDIT_FLOW = Flow(FLOW_EDIT, Takes.SHORT_TEXT)
NOT_REACHED_FLOW = Flow(FLOW_NOT_REACHED, Takes.SHORT_TEXT)


def register_text(router: TextRouter) -> None:
    router.flow(TYPED_ENTRY_FLOW, on_typed_entry)
    router.flow(TYPED_EDIT_FLOW, on_typed_edit)
    router.flow(NOT_REACHED_FLOW, on_typed_client_code)
    router.claim(claim_plain_entry)
