"""Hours: log by chat or buttons, review and correct, client-not-reached, the team view."""

from __future__ import annotations

import datetime as dt
import logging
import re

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, MessageHandler

from bot import views
from bot.context import Ctx, Turn, with_turn
from bot.domain.hours import ACTIVITIES, DEFAULT_EDITABLE_DAYS, HoursInputError, parse_hours
from bot.domain.privacy import is_client_code, looks_sensitive, normalise_client_code
from bot.handlers.text import TextRouter
from bot.i18n import Catalogs
from bot.services import checkins, preferences, states
from bot.services import hours as service
from bot.views.hours import (
    REASKS,
    month_label,
    parse_day_code,
    render_confirm,
    render_delete_confirm,
    render_log_start,
    render_month,
    render_other_days,
    render_pick_activity,
    render_pick_day,
    render_saved,
)
from bot.views.privacy import SENSITIVE_WARNING
from storage.models import STAFF_ROLES, Person, Preferences, Role

log = logging.getLogger(__name__)

SUPPORTERS = {Role.SUPPORTER}
STAFF = STAFF_ROLES
FLOW_TEXT = "hours.text"  # typing an entry after "Other time…" or "✏️ Change"
FLOW_EDIT = "hours.edit"  # typing the corrected version of an existing entry
FLOW_NOT_REACHED = "hours.not_reached"  # typing the client's case code
# Free text is logged only when it clearly is an entry, not a question mentioning time.
_QUESTION_RE = re.compile(
    r"[?？]|\b(how|what|why|when|should|can)\b|點|咩|點算|點樣|係咪|可唔可以", re.I
)
MAX_PLAIN_ENTRY_CHARS = 25
_RULE_REASONS = ("zero", "negative", "too_long", "future_day", "too_old", "ambiguous")


def _today(turn: Turn) -> dt.date:
    return turn.local_now().date()


async def _reask(turn: Turn, reason: str, day: dt.date | None = None) -> str:
    text = turn.tr.gettext(REASKS.get(reason, REASKS["no_duration"]))
    if reason == "locked":
        worker = await _worker(turn)
        return text.format(
            month=month_label(turn, (day or _today(turn)).replace(day=1)),
            name=worker.display_name if worker else turn.tr.gettext("your social worker"),
        )
    return text.format(days=DEFAULT_EDITABLE_DAYS, day=turn.tr.date(day) if day else "")


async def _worker(turn: Turn) -> Person | None:
    person = turn.person
    if person is None or person.social_worker_id is None:
        return None
    return await turn.session.get(Person, person.social_worker_id)


async def _answer(update: Update) -> None:
    if update.callback_query:
        await update.callback_query.answer()


async def _edit_or_send(
    update: Update, text: str, keyboard: InlineKeyboardMarkup | None = None
) -> None:
    query = update.callback_query
    if query is not None:
        try:
            await query.edit_message_text(text, reply_markup=keyboard)
            return
        except BadRequest as error:
            if "not modified" in str(error).lower():
                return
            raise
    await update.effective_message.reply_text(text, reply_markup=keyboard)


# --- typed entries ---------------------------------------------------------------------


async def _offer_entry(
    update: Update, turn: Turn, text: str, *, entry_id: int | None = None
) -> None:
    """Parse a typed entry and show the confirmation card, or a specific re-ask."""
    today = _today(turn)
    try:
        parsed = parse_hours(text, today, editable_days=DEFAULT_EDITABLE_DAYS)
    except HoursInputError as problem:
        await update.effective_message.reply_text(await _reask(turn, problem.reason))
        return
    if parsed.activity is None:
        reply, keyboard = render_pick_activity(turn, parsed.minutes, parsed.day)
    else:
        reply, keyboard = render_confirm(
            turn, parsed.minutes, parsed.activity, parsed.day, today, entry_id=entry_id
        )
    await update.effective_message.reply_text(reply, reply_markup=keyboard)


async def _warned(update: Update, turn: Turn, text: str) -> bool:
    """An ID card or phone number in typed hours: a gentle warning, and nothing is used."""
    if not looks_sensitive(text):
        return False
    await update.effective_message.reply_text(turn.tr.gettext(SENSITIVE_WARNING))
    return True


@with_turn(SUPPORTERS)
async def log_command(update: Update, context: Ctx, turn: Turn) -> None:
    """/log [entry]: with text, a confirmation card; without, the duration buttons."""
    text = " ".join(context.args or [])
    if await _warned(update, turn, text):
        return
    if not text.strip():
        reply, keyboard = render_log_start(turn)
        await update.effective_message.reply_text(reply, reply_markup=keyboard)
        return
    await _offer_entry(update, turn, text)


@with_turn(SUPPORTERS)
async def log_menu(update: Update, context: Ctx, turn: Turn) -> None:
    """The 🕒 Log hours menu button."""
    reply, keyboard = render_log_start(turn)
    await update.effective_message.reply_text(reply, reply_markup=keyboard)


async def claim_plain_entry(update: Update, context: Ctx, turn: Turn) -> bool:
    """Free text that clearly is an hours entry ('琴日電話 45 分鐘') gets the card."""
    person = turn.person
    text = update.effective_message.text or ""
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
            await update.effective_message.reply_text(await _reask(turn, problem.reason))
            return True
        return False
    if parsed.activity is None and len(text) > MAX_PLAIN_ENTRY_CHARS:
        return False
    await _offer_entry(update, turn, text)
    return True


async def on_typed_entry(update: Update, context: Ctx, turn: Turn, state: object) -> None:
    """After 'Other time…' or '✏️ Change': the typed entry goes through the same parser."""
    if turn.person is None or turn.person.role != Role.SUPPORTER:
        return
    if await _warned(update, turn, update.effective_message.text or ""):
        return  # still in the flow: they can type it again without the number
    await states.clear(turn.session, update.effective_user.id)
    await _offer_entry(update, turn, update.effective_message.text or "")


async def on_typed_edit(update: Update, context: Ctx, turn: Turn, state: object) -> None:
    data = getattr(state, "data", {}) or {}
    if await _warned(update, turn, update.effective_message.text or ""):
        return
    await states.clear(turn.session, update.effective_user.id)
    await _offer_entry(
        update, turn, update.effective_message.text or "", entry_id=int(data["entry_id"])
    )


async def on_typed_client_code(update: Update, context: Ctx, turn: Turn, state: object) -> None:
    """'Client not reached': the case code, checked so no name or number is stored."""
    typed = update.effective_message.text or ""
    t = turn.tr.gettext
    if not is_client_code(typed):
        await update.effective_message.reply_text(
            t(
                "Please send only the client's case code or initials, like “C03” or “CMY” — "
                "no full names or phone numbers. I haven't saved anything."
            )
        )
        return
    code = normalise_client_code(typed)
    await states.clear(turn.session, update.effective_user.id)
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t("🚪 No answer at the door"), callback_data=f"hrs:nrc:{code}:door"
                ),
                InlineKeyboardButton(
                    t("📞 Phone not answered"), callback_data=f"hrs:nrc:{code}:phone"
                ),
            ]
        ]
    )
    await update.effective_message.reply_text(
        t("How did you try to reach {code}?").format(code=code), reply_markup=keyboard
    )


# --- buttons ---------------------------------------------------------------------------


@with_turn(SUPPORTERS)
async def on_button(update: Update, context: Ctx, turn: Turn) -> None:
    """Every hrs:* button of a supporter; callback data is checked as if it were typed."""
    query = update.callback_query
    parts = query.data.split(":")
    action = parts[1] if len(parts) > 1 else ""
    handler = _BUTTONS.get(action)
    if handler is None:
        await query.answer(
            turn.tr.gettext("Sorry, that button has expired. Send /log to start again.")
        )
        return
    try:
        await handler(update, context, turn, parts[2:])
    except (ValueError, IndexError):
        # Forged or stale callback data: change nothing, say so kindly.
        await _answer_or_say(
            update, turn.tr.gettext("Sorry, that button has expired. Send /log to start again.")
        )
    except service.HoursRuleError as problem:
        # Rules are checked before anything is written, so there is nothing to undo.
        reask = await _reask(turn, problem.reason, problem.detail.get("day"))  # type: ignore[arg-type]
        await _answer_or_say(update, None)
        await _edit_or_send(update, reask)


async def _answer_or_say(update: Update, text: str | None) -> None:
    """Answer the button; if a step already answered it, say it in the chat instead."""
    try:
        await update.callback_query.answer(text)
    except BadRequest:
        if text:
            await update.effective_message.reply_text(text)


def _entry_payload(args: list[str]) -> tuple[int, str, dt.date]:
    minutes, activity, day_text = int(args[0]), args[1], args[2]
    day = parse_day_code(day_text)
    if day is None or activity not in ACTIVITIES:
        raise ValueError("bad payload")
    return minutes, activity, day


async def _pick_duration(update: Update, context: Ctx, turn: Turn, args: list[str]) -> None:
    await _answer(update)
    if args[0] == "other":
        await states.put(turn.session, update.effective_user.id, FLOW_TEXT, {}, turn.now)
        await _edit_or_send(
            update,
            turn.tr.gettext(
                "Type how long it was, e.g. “45 min” or “2h15”. "
                "You can add the kind of work and the day, e.g. “琴日電話 45 分鐘”."
            ),
        )
        return
    minutes = int(args[0])
    if not 0 < minutes <= 24 * 60:
        raise ValueError("bad minutes")
    reply, keyboard = render_pick_activity(turn, minutes, None)
    await _edit_or_send(update, reply, keyboard)


async def _pick_activity(update: Update, context: Ctx, turn: Turn, args: list[str]) -> None:
    await _answer(update)
    minutes, activity = int(args[0]), args[1]
    if activity not in ACTIVITIES:
        raise ValueError("bad activity")
    if len(args) > 2:  # the day was typed: confirm before saving
        day = parse_day_code(args[2])
        if day is None:
            raise ValueError("bad day")
        reply, keyboard = render_confirm(turn, minutes, activity, day, _today(turn))
    else:
        reply, keyboard = render_pick_day(turn, minutes, activity, _today(turn))
    await _edit_or_send(update, reply, keyboard)


async def _other_days(update: Update, context: Ctx, turn: Turn, args: list[str]) -> None:
    await _answer(update)
    if args[1] not in ACTIVITIES:
        raise ValueError("bad activity")
    reply, keyboard = render_other_days(turn, int(args[0]), args[1], _today(turn))
    await _edit_or_send(update, reply, keyboard)


async def _save(update: Update, context: Ctx, turn: Turn, args: list[str]) -> None:
    """✅ Save on a confirmation card, or a day button: one entry per message, ever."""
    minutes, activity, day = _entry_payload(args)
    person = turn.person
    assert person is not None
    today = _today(turn)
    message = update.callback_query.message
    entry, created = await service.save_entry(
        turn.session,
        person,
        minutes=minutes,
        activity=activity,
        day=day,
        today=today,
        now=turn.now,
        source_key=f"msg:{message.message_id}",
        editable_days=DEFAULT_EDITABLE_DAYS,
    )
    await turn.session.commit()
    await _answer(update)
    if created:
        log.info("person %s logged an hours entry", person.id)
    total = await service.month_total(turn.session, person, today.replace(day=1))
    await _edit_or_send(update, render_saved(turn, entry, today, total))


async def _update(update: Update, context: Ctx, turn: Turn, args: list[str]) -> None:
    entry_id = int(args[0])
    minutes, activity, day = _entry_payload(args[1:])
    person = turn.person
    assert person is not None
    today = _today(turn)
    entry = await service.update_entry(
        turn.session,
        person,
        entry_id,
        minutes=minutes,
        activity=activity,
        day=day,
        today=today,
        now=turn.now,
        editable_days=DEFAULT_EDITABLE_DAYS,
    )
    await turn.session.commit()
    await _answer(update)
    total = await service.month_total(turn.session, person, today.replace(day=1))
    await _edit_or_send(update, render_saved(turn, entry, today, total))


async def _change(update: Update, context: Ctx, turn: Turn, args: list[str]) -> None:
    await _answer(update)
    await states.put(turn.session, update.effective_user.id, FLOW_TEXT, {}, turn.now)
    await _edit_or_send(
        update, turn.tr.gettext("OK — type the entry again, e.g. “1h30 visit yesterday”.")
    )


async def _cancel(update: Update, context: Ctx, turn: Turn, args: list[str]) -> None:
    await _answer(update)
    await states.clear(turn.session, update.effective_user.id)
    await _edit_or_send(update, turn.tr.gettext("OK, nothing was changed."))


async def _edit_entry(update: Update, context: Ctx, turn: Turn, args: list[str]) -> None:
    """✏️ on /hours: type the corrected entry."""
    assert turn.person is not None
    entry = await service.own_entry(turn.session, turn.person, int(args[0]))
    if await service.is_locked(turn.session, turn.person.id, entry.day):
        raise service.HoursRuleError("locked", day=entry.day)
    await _answer(update)
    await states.put(
        turn.session, update.effective_user.id, FLOW_EDIT, {"entry_id": entry.id}, turn.now
    )
    await update.effective_message.reply_text(
        turn.tr.gettext(
            "Type the corrected entry, e.g. “1h visit yesterday”. Send /cancel to keep it as it is."
        )
    )


async def _ask_remove(update: Update, context: Ctx, turn: Turn, args: list[str]) -> None:
    assert turn.person is not None
    entry = await service.own_entry(turn.session, turn.person, int(args[0]))
    if await service.is_locked(turn.session, turn.person.id, entry.day):
        raise service.HoursRuleError("locked", day=entry.day)
    await _answer(update)
    reply, keyboard = render_delete_confirm(turn, entry, _today(turn))
    await update.effective_message.reply_text(reply, reply_markup=keyboard)


async def _remove(update: Update, context: Ctx, turn: Turn, args: list[str]) -> None:
    assert turn.person is not None
    await service.delete_entry(turn.session, turn.person, int(args[0]))
    await turn.session.commit()
    await _answer(update)
    await _edit_or_send(update, turn.tr.gettext("🗑 Removed."))


async def _month(update: Update, context: Ctx, turn: Turn, args: list[str]) -> None:
    assert turn.person is not None
    first_day = service.month_start(args[0])
    if first_day > _today(turn):
        raise ValueError("future month")
    await _answer(update)
    record = await service.month_record(turn.session, turn.person, first_day)
    reply, keyboard = render_month(turn, record, _today(turn))
    await _edit_or_send(update, reply, keyboard)


async def _not_reached(update: Update, context: Ctx, turn: Turn, args: list[str]) -> None:
    await _answer(update)
    await states.put(turn.session, update.effective_user.id, FLOW_NOT_REACHED, {}, turn.now)
    await _edit_or_send(
        update,
        turn.tr.gettext(
            "Which client couldn't you reach? Send their case code or initials, e.g. “C03”."
        ),
    )


async def _not_reached_channel(update: Update, context: Ctx, turn: Turn, args: list[str]) -> None:
    code, channel = args[0], args[1]
    if channel not in ("door", "phone") or not is_client_code(code):
        raise ValueError("bad attempt")
    assert turn.person is not None
    count = await service.record_not_reached(
        turn.session, turn.person, client_code=code, channel=channel, now=turn.now
    )
    await turn.session.commit()
    await _answer(update)
    t = turn.tr.gettext
    when = turn.tr.time(turn.local_now())
    lines = [t("Noted: {code} could not be reached at {time}.").format(code=code, time=when)]
    keyboard = None
    if count >= service.NOT_REACHED_NUDGE_AT:
        lines.append(
            t(
                "That is {count} times in two weeks that {code} couldn't be reached. "
                "It may be worth telling your social worker today."
            ).format(count=count, code=code)
        )
        keyboard = InlineKeyboardMarkup(
            [
                [
                    InlineKeyboardButton(
                        t("⚠️ Tell my social worker"), callback_data=f"flag:start:unreachable:{code}"
                    )
                ]
            ]
        )
    lines.append(t("If you spent time on the visit or calls, you can log it with /log."))
    await _edit_or_send(update, "\n".join(lines), keyboard)


async def _checkin_duration(update: Update, context: Ctx, turn: Turn, args: list[str]) -> None:
    """A duration tapped on the evening check-in: the kind of work next, for that day."""
    await _answer(update)
    minutes, day = int(args[0]), parse_day_code(args[1])
    if day is None or not 0 < minutes <= 24 * 60:
        raise ValueError("bad check-in")
    reply, keyboard = render_pick_activity(turn, minutes, day)
    await _edit_or_send(update, reply, keyboard)


async def _checkin_no(update: Update, context: Ctx, turn: Turn, args: list[str]) -> None:
    await _answer(update)
    await _edit_or_send(
        update, turn.tr.gettext("Thank you for letting me know. Have a restful evening.")
    )


async def _checkin_setting(update: Update, context: Ctx, turn: Turn, args: list[str]) -> None:
    """hrs:cis:on|off from /settings: the evening check-in, then back to the settings."""
    from bot.handlers.settings import refresh_settings_message

    assert turn.person is not None
    if args[0] not in ("on", "off"):
        raise ValueError("bad setting")
    prefs = await preferences.get_or_create(turn.session, turn.person, turn.now)
    checkins.set_checkin(prefs, enabled=args[0] == "on", now=turn.now, tz=turn.services.settings.tz)
    await turn.session.commit()
    await _answer(update)
    await refresh_settings_message(update, turn)


def settings_entries(turn: Turn, prefs: Preferences) -> list[tuple[str, str, str]]:
    """The evening check-in's line and button on the /settings screen."""
    t = turn.tr.gettext
    if prefs.checkin_enabled:
        line = t("🕗 Evening check-in: on, at {time} on days with nothing logged").format(
            time=prefs.checkin_time
        )
        return [(line, t("🕗 Turn off the evening check-in"), "hrs:cis:off")]
    return [(t("🕗 Evening check-in: off"), t("🕗 Turn on the evening check-in"), "hrs:cis:on")]


_BUTTONS = {
    "cis": _checkin_setting,
    "ci": _checkin_duration,
    "cino": _checkin_no,
    "d": _pick_duration,
    "a": _pick_activity,
    "od": _other_days,
    "s": _save,
    "ok": _save,
    "up": _update,
    "chg": _change,
    "no": _cancel,
    "e": _edit_entry,
    "del": _ask_remove,
    "rm": _remove,
    "m": _month,
    "nr": _not_reached,
    "nrc": _not_reached_channel,
}


# --- record ----------------------------------------------------------------------------


@with_turn(SUPPORTERS)
async def show_hours(update: Update, context: Ctx, turn: Turn) -> None:
    """/hours: this month's record, by activity, with the last entries."""
    assert turn.person is not None
    today = _today(turn)
    record = await service.month_record(turn.session, turn.person, today.replace(day=1))
    reply, keyboard = render_month(turn, record, today)
    await update.effective_message.reply_text(reply, reply_markup=keyboard)


@with_turn(SUPPORTERS)
async def undo(update: Update, context: Ctx, turn: Turn) -> None:
    """/undo: remove the last entry, after a confirm."""
    assert turn.person is not None
    entry = await service.last_entry(turn.session, turn.person)
    if entry is None:
        await update.effective_message.reply_text(turn.tr.gettext("There is nothing to undo."))
        return
    if await service.is_locked(turn.session, turn.person.id, entry.day):
        await update.effective_message.reply_text(await _reask(turn, "locked", entry.day))
        return
    reply, keyboard = render_delete_confirm(turn, entry, _today(turn))
    await update.effective_message.reply_text(reply, reply_markup=keyboard)


# --- social worker ---------------------------------------------------------------------


def handlers(catalogs: Catalogs) -> list[BaseHandler]:  # type: ignore[type-arg]
    return [
        CommandHandler("log", log_command),
        MessageHandler(views.menu_label_filter(catalogs, "log"), log_menu),
        CommandHandler("hours", show_hours),
        MessageHandler(views.menu_label_filter(catalogs, "hours"), show_hours),
        CommandHandler("undo", undo),
        CallbackQueryHandler(on_button, pattern=r"^hrs:"),
    ]


def register_text(router: TextRouter) -> None:
    router.flow(FLOW_TEXT, on_typed_entry)
    router.flow(FLOW_EDIT, on_typed_edit)
    router.flow(FLOW_NOT_REACHED, on_typed_client_code)
    router.claim(claim_plain_entry)
