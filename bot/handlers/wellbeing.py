"""The supporter's own wellbeing in chat: the weekly check-in's five faces, the gentle note
after two hard weeks, /wellbeing (their own answers), and the check-in settings reached
from /settings. Everything is by button; nothing here is typed."""

from __future__ import annotations

import datetime as dt
import logging
from typing import TypedDict

from telegram import Update
from telegram.constants import ParseMode
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from bot import callbacks as cb
from bot.context import Ctx, Services, Turn, with_turn
from bot.domain.cards import Card
from bot.handlers.peer.common import edit
from bot.i18n import N_, Catalogs
from bot.replies import Answer, Send
from bot.services import wellbeing as service
from bot.views import peer as peer_texts
from bot.views import wellbeing as texts
from bot.views.library import card_keyboard, render_card_text
from storage.db import social_worker_of
from storage.models import Role

log = logging.getLogger(__name__)

SUPPORTERS = {Role.SUPPORTER}
SELF_CARE_PREFIX = "selfcare."
SELF_CARE_CARDS = 2


def _ctx(turn: Turn) -> Services:
    return turn.services


def _week(code: str) -> dt.date | None:
    try:
        return dt.datetime.strptime(code, "%Y%m%d").date()
    except ValueError:
        return None


# A weekly check-in may be answered this late; older (or future) weeks are refused.
ANSWERABLE_WEEKS = 8
OUT_OF_DATE = N_("This button is out of date. Send /wellbeing to see your check-ins.")


def _week_in_reach(turn: Turn, code: str, weeks_back: int) -> dt.date | None:
    day = _week(code)
    if day is None:
        return None
    this_week = service.week_of(turn.now.astimezone(turn.services.settings.tz).date())
    week = service.week_of(day)
    return week if this_week - dt.timedelta(weeks=weeks_back) <= week <= this_week else None


async def settings_entries(turn: Turn) -> list[tuple[str, str, str]]:
    """For the /settings home screen: (line, button label, callback) of the check-in."""
    person = turn.person
    if person is None or person.role != Role.SUPPORTER:
        return []
    current = await service.settings_for(turn.session, person)
    return [texts.settings_entry(turn.tr, current)]


def self_care_cards(cards: tuple[Card, ...], week: dt.date) -> list[Card]:
    """Two self-care cards, different each week, from different topics when possible."""
    pool = sorted(
        (c for c in cards if c.primary_topic.startswith(SELF_CARE_PREFIX)), key=lambda c: c.id
    )
    if not pool:
        return []
    start = (week.toordinal() // 7) % len(pool)
    ordered = pool[start:] + pool[:start]
    chosen = [ordered[0]]
    for card in ordered[1:]:
        if len(chosen) == SELF_CARE_CARDS:
            break
        if card.primary_topic != chosen[0].primary_topic:
            chosen.append(card)
    return chosen


@with_turn()
async def show_wellbeing(update: Update, context: Ctx, turn: Turn) -> None:
    """/wellbeing: the supporter's own check-in answers (only they see them)."""
    person = turn.speaker
    if person.role != Role.SUPPORTER:
        turn.say(Send(turn.tr.gettext("Weekly check-ins are for supporters.")))
        return
    text, rows = texts.render_history(
        turn.tr,
        await service.history(turn.session, person),
        await service.settings_for(turn.session, person),
    )
    turn.say(Send(text, peer_texts.keyboard(rows)))


class _Changes(TypedDict, total=False):
    """What a settings button changes: keyword arguments of `service.change`."""

    enabled: bool
    weekday: int
    time: str
    monthly_note: bool


@with_turn(SUPPORTERS)
async def on_button(update: Update, context: Ctx, turn: Turn) -> None:
    """wb:a (a face), wb:tell / wb:no (the offer), wb:set… (settings), wb:del… (delete)."""
    try:
        route, args = cb.WB.parse(turn.data)
    except ValueError:  # forged, or from an old release: the settings screen
        route, args = None, cb.Args({})
    person = turn.speaker
    tr = turn.tr
    settings = turn.services.settings
    if route in (cb.WB_ANSWER, cb.WB_TELL):
        # Forged or very old buttons: a face 1-5 for a week a check-in could have asked
        # about; "tell" only for this week or last (when the offer is made).
        faces = [str(n) for n in range(1, len(service.FACES) + 1)]
        answering = route is cb.WB_ANSWER
        choice = args.text("face" if answering else "share")
        week = _week_in_reach(turn, args.text("week"), ANSWERABLE_WEEKS if answering else 1)
        if week is None or choice not in (faces if answering else ("0", "1")):
            turn.say(Answer(tr.gettext(OUT_OF_DATE), alert=True))
            return
        if answering:
            await _answer(update, turn, week, int(choice))
            return
        worker = await service.tell_worker(
            turn.session,
            _ctx(turn),
            person,
            week,
            share=choice == "1",
            now=turn.now,
        )
        turn.say(Answer())
        if worker is None:
            edit(turn, texts.render_no_worker(tr))
        else:
            log.info("person %s asked for a chat with their social worker", person.id)
            edit(turn, texts.render_told(tr, worker.display_name))
        return
    if route is cb.WB_NO:
        turn.say(Answer())
        edit(turn, texts.render_not_told(tr))
        return
    changes: _Changes = {}
    screen = "settings"
    if route is cb.WB_ON:
        changes["enabled"] = True
    elif route is cb.WB_OFF:
        changes["enabled"] = False
    elif route is cb.WB_DAYS:
        screen = "days"
    elif route is cb.WB_TIMES:
        screen = "times"
    elif route is cb.WB_DAY and args.text("day").isdigit():
        changes["weekday"] = int(args.text("day"))
    elif route is cb.WB_TIME and len(hhmm := args.text("hhmm")) == 4:
        changes["time"] = f"{hhmm[:2]}:{hhmm[2:]}"
    elif route is cb.WB_NOTE:
        changes["monthly_note"] = args.text("on") == "on"
    elif route in _ANSWER_SCREENS:
        await _answers_screen(update, turn, _ANSWER_SCREENS[route])
        return
    row = await service.change(turn.session, person, turn.now, settings, **changes)
    turn.say(Answer())
    if screen == "days":
        text, rows = texts.render_days(tr, row)
    elif screen == "times":
        text, rows = texts.render_times(tr, row)
    else:
        text, rows = texts.render_settings(tr, row)
    edit(turn, text, rows)


_ANSWER_SCREENS = {cb.WB_HISTORY: "history", cb.WB_DELETE: "del", cb.WB_DELETE_YES: "delok"}


async def _answers_screen(update: Update, turn: Turn, action: str) -> None:
    person = turn.speaker
    turn.say(Answer())
    if action == "del":
        text, rows = texts.render_delete_confirm(turn.tr)
        edit(turn, text, rows)
        return
    if action == "delok":
        await service.delete_answers(turn.session, person)
        log.info("person %s deleted their check-in answers", person.id)
        edit(turn, texts.render_deleted(turn.tr))
        return
    text, rows = texts.render_history(
        turn.tr,
        await service.history(turn.session, person),
        await service.settings_for(turn.session, person),
    )
    edit(turn, text, rows)


async def _answer(update: Update, turn: Turn, week: dt.date, face: int) -> None:
    """A face for the week: kept for them; after two hard weeks, a gentle note and an offer."""
    person = turn.speaker
    if not 1 <= face <= 5:
        turn.say(Answer())
        return
    gentle = await service.record_answer(turn.session, person, week, face, turn.now)
    turn.say(Answer())
    edit(turn, texts.render_answered(turn.tr, face))
    if not gentle:
        return
    chat = turn.chat_id
    turn.say(Send(texts.render_gentle(turn.tr), chat_id=chat))
    library = turn.services.library
    for card in self_care_cards(library.cards, week):
        turn.say(
            Send(
                render_card_text(turn.tr, card, library.resources_for(card)),
                card_keyboard(turn.services.catalogs, card, turn.lang),
                parse_mode=ParseMode.HTML,
                chat_id=chat,
            )
        )
    worker = await social_worker_of(turn.session, person)
    text, rows = texts.render_offer(turn.tr, worker.display_name if worker else None, week)
    turn.say(Send(text, peer_texts.keyboard(rows), chat_id=chat))


def handlers(catalogs: Catalogs) -> list[BaseHandler]:
    return [
        CommandHandler("wellbeing", show_wellbeing),
        CallbackQueryHandler(on_button, pattern=cb.WB.pattern),
    ]
