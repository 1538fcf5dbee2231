"""/settings: tip time (buttons or typed), days, pause/resume, quiet hours, language.

Everything is a button and edits the settings message in place. "Type another time" puts
the person in the `settings.tip_time` flow (kept in chat_states, so it survives a
restart); their next text goes to `on_typed_time` through the TextRouter, is checked,
and is asked for again kindly if it isn't a time. /cancel leaves the flow.
"""

from __future__ import annotations

import datetime as dt
import logging

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, MessageHandler

from bot import callbacks as cb
from bot import views
from bot.context import Ctx, Turn, with_turn
from bot.domain.privacy import looks_sensitive
from bot.domain.tips import QUIET_PRESETS, TIP_TIME_CHOICES, TimeProblem, parse_typed_time
from bot.handlers import library, wellbeing
from bot.handlers.steps import Flow, Takes
from bot.handlers.text import TextRouter
from bot.i18n import Catalogs
from bot.replies import Answer, Edit, Send
from bot.services import checkins, preferences, states
from bot.views.common import render_language_choice
from bot.views.privacy import SENSITIVE_WARNING
from bot.views.settings import (
    render_days_choice,
    render_quiet_choice,
    render_settings,
    render_time_choice,
    render_time_prompt,
    render_time_saved,
)
from storage.models import ChatState, Preferences, Role

log = logging.getLogger(__name__)

TIP_TIME_FLOW = "settings.tip_time"
MAX_TRIES = 3
# A typed time is expected right after "Type another time"; text much later is something else.
FLOW_FRESH_FOR = dt.timedelta(minutes=30)


async def _home(turn: Turn) -> tuple[str, InlineKeyboardMarkup]:
    person = turn.speaker
    tz, today = turn.services.settings.tz, turn.local_now().date()
    if person.role != Role.SUPPORTER:
        return render_settings(turn.tr, None, None, None, tz, today)
    prefs = await preferences.get_or_create(turn.session, person, turn.now)
    if prefs.next_tip_at is None and not prefs.tips_paused:
        await preferences.reschedule(turn.session, person, prefs, turn.now, tz)
    schedule = preferences.schedule_of(prefs)
    # Other features' settings, each off by default: the evening hours check-in, the
    # weekly wellbeing check-in.
    more = [*checkin_entries(turn, prefs), *await wellbeing.settings_entries(turn)]
    return render_settings(turn.tr, prefs, schedule, prefs.next_tip_at, tz, today, more)


@with_turn()
async def open_settings(update: Update, context: Ctx, turn: Turn) -> None:
    """/settings or the ⚙️ Settings menu button."""
    text, keyboard = await _home(turn)
    turn.say(Send(text, keyboard))


@with_turn()
async def on_button(update: Update, context: Ctx, turn: Turn) -> None:
    """set:<what>[:<value>] — change one setting and show the result in place."""
    person = turn.speaker
    try:
        route, args = cb.SET.parse(turn.data)
    except ValueError:  # forged or from an old release: the settings home
        route, args = None, cb.Args({})
    if route is cb.SET_LANG:
        turn.say(Answer())
        text, keyboard = render_language_choice(turn.tr)
        turn.say(Edit(text, keyboard))
        return
    if person.role != Role.SUPPORTER and route is not cb.SET_HOME:
        # Tips are for supporters; staff only ever see the language button.
        turn.say(Answer(turn.tr.gettext("Sorry, this part is for peer supporters.")))
        return
    t = turn.tr.gettext
    tz = turn.services.settings.tz
    prefs: Preferences | None = None
    if person.role == Role.SUPPORTER:
        prefs = await preferences.get_or_create(turn.session, person, turn.now)
    toast = None
    screen = "home"
    if prefs is not None:
        if route is cb.SET_TIME:
            screen = "time"
        elif route is cb.SET_TIME_TYPE:
            await states.put(turn.session, person.telegram_user_id, TIP_TIME_FLOW, {}, turn.now)
            turn.say(Answer())
            turn.say(Edit(render_time_prompt(turn.tr)))
            return
        elif route is cb.SET_TIME_AT:
            value = args.text("hhmm")
            chosen = f"{value[:2]}:{value[2:]}"
            if chosen in TIP_TIME_CHOICES:
                parsed = parse_typed_time(chosen).value
                assert parsed is not None
                await preferences.set_tip_time(turn.session, person, prefs, parsed, turn.now, tz)
                toast = render_time_saved(turn.tr, chosen)
        elif route is cb.SET_DAYS:
            screen = "days"
        elif route is cb.SET_DAYS_ALL:
            await preferences.set_every_day(turn.session, person, prefs, turn.now, tz)
            screen = "days"
        elif route is cb.SET_DAY and (value := args.text("day")).isdigit() and int(value) < 7:
            screen = "days"
            if not await preferences.toggle_day(
                turn.session, person, prefs, int(value), turn.now, tz
            ):
                toast = t("Please keep at least one day. To stop tips for now, use ⏸ Pause.")
        elif route in (cb.SET_PAUSE, cb.SET_RESUME):
            paused = route is cb.SET_PAUSE
            await preferences.set_paused(turn.session, person, prefs, paused, turn.now, tz)
            toast = (
                t("Tips paused. Press ▶️ Resume tips whenever you like.")
                if paused
                else t("Tips are back on.")
            )
        elif route is cb.SET_QUIET:
            screen = "quiet"
        elif route in (cb.SET_QUIET_AT, cb.SET_QUIET_OFF):
            hours = _quiet_preset(args.text("span")) if route is cb.SET_QUIET_AT else None
            if hours is not None or route is cb.SET_QUIET_OFF:
                await preferences.set_quiet_hours(turn.session, person, prefs, hours, turn.now, tz)
    turn.say(Answer(toast, alert=bool(toast and route is cb.SET_DAY)))
    if screen == "time" and prefs is not None:
        text, keyboard = render_time_choice(turn.tr, prefs)
    elif screen == "days" and prefs is not None:
        text, keyboard = render_days_choice(turn.tr, prefs)
    elif screen == "quiet" and prefs is not None:
        text, keyboard = render_quiet_choice(turn.tr, prefs)
    else:
        text, keyboard = await _home(turn)
    turn.say(Edit(text, keyboard))


async def refresh_settings_message(update: Update, turn: Turn) -> None:
    """Show the settings home in place (for other features' settings buttons)."""
    text, keyboard = await _home(turn)
    turn.say(Edit(text, keyboard))


def checkin_entries(turn: Turn, prefs: Preferences) -> list[tuple[str, str, str]]:
    """The evening hours check-in's line and button on the settings home."""
    t = turn.tr.gettext
    if prefs.checkin_enabled:
        line = t("🕗 Evening check-in: on, at {time} on days with nothing logged").format(
            time=prefs.checkin_time
        )
        return [
            (line, t("🕗 Turn off the evening check-in"), cb.HRS_CHECKIN_SETTING.data(on="off"))
        ]
    turn_on = cb.HRS_CHECKIN_SETTING.data(on="on")
    return [(t("🕗 Evening check-in: off"), t("🕗 Turn on the evening check-in"), turn_on)]


async def checkin_setting(update: Update, context: Ctx, turn: Turn, args: cb.Args) -> None:
    """hrs:cis:on|off: the evening check-in, then back to the settings home. The button's
    data keeps the hrs: prefix (buttons already in chats), so handlers/hours.py routes it
    here; a ValueError there means a forged or stale button."""
    if args.text("on") not in ("on", "off"):
        raise ValueError("bad setting")
    prefs = await preferences.get_or_create(turn.session, turn.speaker, turn.now)
    checkins.set_checkin(
        prefs, enabled=args.text("on") == "on", now=turn.now, tz=turn.services.settings.tz
    )
    turn.say(Answer())
    await refresh_settings_message(update, turn)


def _quiet_preset(value: str) -> tuple[str, str] | None:
    for start, end in QUIET_PRESETS:
        if value == f"{start.replace(':', '')}-{end.replace(':', '')}":
            return start, end
    return None


async def on_typed_time(update: Update, context: Ctx, turn: Turn, state: ChatState) -> None:
    """The person typed their tip time: save it, or kindly ask again (up to MAX_TRIES)."""
    person = turn.speaker
    t = turn.tr.gettext
    if turn.now - state.updated_at > FLOW_FRESH_FOR:
        await states.clear(turn.session, person.telegram_user_id)
        await library.answer_question(update, context, turn)
        return
    if looks_sensitive(turn.text):  # warn, keep nothing, stay in the flow
        turn.say(Send(t(SENSITIVE_WARNING)))
        return
    prefs = await preferences.get_or_create(turn.session, person, turn.now)
    typed = parse_typed_time(turn.text)
    if typed.value is None:
        tries = int((state.data or {}).get("tries", 0)) + 1
        if tries >= MAX_TRIES:
            await states.clear(turn.session, person.telegram_user_id)
            turn.say(
                Send(
                    t(
                        "Let's leave it for now — your tip time is still {time}. "
                        "You can change it any time in ⚙️ Settings."
                    ).format(time=prefs.tip_time),
                    views.main_menu(turn),
                )
            )
            return
        await states.put(
            turn.session, person.telegram_user_id, TIP_TIME_FLOW, {"tries": tries}, turn.now
        )
        if typed.problem == TimeProblem.OUT_OF_RANGE:
            problem = t(
                "That time isn't on the clock: hours go from 0 to 23 and minutes from 0 to 59."
            )
        else:
            problem = t("Sorry, I couldn't read that as a time.")
        turn.say(
            Send(problem + " " + t("Please type it like 9:30 or 21:00, or send /cancel to stop."))
        )
        return
    await states.clear(turn.session, person.telegram_user_id)
    await preferences.set_tip_time(
        turn.session, person, prefs, typed.value, turn.now, turn.services.settings.tz
    )
    turn.say(Send(render_time_saved(turn.tr, prefs.tip_time)))
    text, keyboard = await _home(turn)
    turn.say(Send(text, keyboard))


def handlers(catalogs: Catalogs) -> list[BaseHandler]:
    return [
        CommandHandler("settings", open_settings),
        MessageHandler(views.menu_label_filter(catalogs, "settings"), open_settings),
        CallbackQueryHandler(on_button, pattern=cb.SET.pattern),
    ]


# A time is short: a question or a long message typed there is something else.
TYPED_TIME_FLOW = Flow(TIP_TIME_FLOW, Takes.SHORT_TEXT)


def register_text(router: TextRouter) -> None:
    router.flow(TYPED_TIME_FLOW, on_typed_time)
