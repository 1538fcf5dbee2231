"""Hours cards: from a typed entry or the first tap to one outcome — saved, changed or
cancelled. Every path ends on the same ✅ Save card; nothing is saved before it.

A card is open until /cancel, a newer card or a time-out (bot/services/hour_cards.py);
the buttons of a retired card save nothing and say so. A correction of an existing entry
carries that entry's id in the card, so every edit path changes the same row.
"""

from __future__ import annotations

import datetime as dt
import logging

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update

from bot import callbacks as cb
from bot import replies
from bot.callbacks import Args
from bot.context import Ctx, Turn
from bot.domain.hours import (
    ACTIVITIES,
    DEFAULT_EDITABLE_DAYS,
    SURE_DAY_MINUTES,
    SURE_ENTRY_MINUTES,
    HoursInputError,
    ParsedHours,
    minutes_problem,
    over_the_day,
    parse_hours,
)
from bot.i18n import N_
from bot.replies import Answer, Send
from bot.services import hour_cards, states
from bot.services import hours as service
from bot.views.hours import (
    REASKS,
    day_code,
    entry_line,
    month_label,
    parse_day_code,
    render_changed,
    render_confirm,
    render_other_days,
    render_pick_activity,
    render_pick_day,
    render_question,
    render_saved,
)
from storage.db import social_worker_of
from storage.models import HourEntry, Person

log = logging.getLogger(__name__)

FLOW_TEXT = "hours.text"  # typing an entry after "Other time…" or "✏️ Change"
FLOW_EDIT = "hours.edit"  # typing the corrected version of an existing entry
CANCELLED = N_("That card was cancelled — nothing saved.")
# Flags on a ✅ Save button once a question was answered "yes": l = long, d = duplicate.
_LONG_OK, _TWIN_OK = "l", "d"


def today_of(turn: Turn) -> dt.date:
    return turn.local_now().date()


async def worker_of(turn: Turn) -> Person | None:
    person = turn.person
    return None if person is None else await social_worker_of(turn.session, person)


async def reask(turn: Turn, reason: str, day: dt.date | None = None) -> str:
    text = turn.tr.gettext(REASKS.get(reason, REASKS["no_duration"]))
    if reason == "locked":
        worker = await worker_of(turn)
        return text.format(
            month=month_label(turn.tr, (day or today_of(turn)).replace(day=1)),
            name=worker.display_name if worker else turn.tr.gettext("your social worker"),
        )
    return text.format(days=DEFAULT_EDITABLE_DAYS, day=turn.tr.date(day) if day else "")


def answer(turn: Turn, text: str | None = None) -> None:
    """Answer the pressed button, if one was pressed."""
    turn.say(Answer(text))


def edit_or_send(
    turn: Turn, update: Update, text: str, keyboard: InlineKeyboardMarkup | None = None
) -> None:
    """Show `text` in place of the pressed card, or as a reply to a typed entry."""
    turn.say(replies.edit_or_send(update, text, keyboard))


# --- typed entries ---------------------------------------------------------------------


async def offer_entry(
    update: Update,
    turn: Turn,
    text: str,
    *,
    entry: HourEntry | None = None,
    parsed: ParsedHours | None = None,
) -> bool:
    """Parse a typed entry and show its card (False: a re-ask was sent instead).

    `parsed`: the caller already read `text` (the plain-entry claimer), so it is not read
    twice. Correcting `entry`: its day stays unless the text names another one.
    """
    today = today_of(turn)
    if parsed is None:
        try:
            parsed = parse_hours(text, today, editable_days=DEFAULT_EDITABLE_DAYS)
        except HoursInputError as problem:
            turn.say(Send(await reask(turn, problem.reason)))
            return False
    day = parsed.day
    if entry is not None and not parsed.names_a_day:
        day = entry.day
    entry_id = entry.id if entry is not None else None
    if parsed.activity is None:
        reply, keyboard = render_pick_activity(turn.tr, parsed.minutes, day)
    else:
        reply, keyboard = render_confirm(
            turn.tr, parsed.minutes, parsed.activity, day, today, entry_id=entry_id
        )
    sessions, user, now = turn.services.sessions, turn.user_id, turn.now

    async def open_card(sent: Message) -> None:
        # The card's buttons need its message id, known only once it is sent: a short
        # unit of work of its own (this person's next update waits for it).
        async with sessions() as session:
            await hour_cards.open_card(session, user, sent.message_id, now, entry_id=entry_id)
            await session.commit()

    turn.say(Send(reply, keyboard, on_sent=open_card))
    return True


# --- the card's buttons ----------------------------------------------------------------


async def _open(update: Update, turn: Turn) -> dict[str, object] | None:
    """The card's data if the pressed message is the open card; else say it was retired."""
    message_id = turn.pressed_message_id
    card = await hour_cards.live_card(turn.session, turn.user_id, message_id, turn.now)
    if card is None:
        text = turn.tr.gettext(CANCELLED)
        answer(turn, text)
        edit_or_send(turn, update, text)
    return card


def _entry_id(card: dict[str, object]) -> int | None:
    """The entry an open card edits (None while it adds a new one)."""
    entry_id = card.get("entry_id")
    return int(entry_id) if isinstance(entry_id, int | str) else None


async def _keep_open(update: Update, turn: Turn, entry_id: int | None = None) -> None:
    await hour_cards.open_card(
        turn.session,
        turn.user_id,
        turn.pressed_message_id,
        turn.now,
        entry_id=entry_id,
    )


def _minutes(args: Args) -> int:
    minutes = args.number("minutes")
    if minutes_problem(minutes) is not None:
        raise ValueError("bad minutes")
    return minutes


def entry_payload(args: Args) -> tuple[int, str, dt.date, str]:
    """minutes:activity:YYYYMMDD[:flags] from button data, checked as if typed."""
    minutes, activity, day = _minutes(args), args.text("activity"), parse_day_code(args.text("day"))
    flags = args.text("flags") if "flags" in args else ""
    if day is None or activity not in ACTIVITIES or set(flags) - {_LONG_OK, _TWIN_OK}:
        raise ValueError("bad payload")
    return minutes, activity, day, flags


async def pick_duration(update: Update, context: Ctx, turn: Turn, args: Args) -> None:
    """A duration on the 🕒 menu starts a new card (retiring any older one)."""
    answer(turn)
    if "minutes" not in args:  # hrs:d:other
        await states.put(turn.session, turn.user_id, FLOW_TEXT, {}, turn.now)
        edit_or_send(
            turn,
            update,
            turn.tr.gettext(
                "Type how long it was, e.g. “45 min” or “2h15”. "
                "You can add the kind of work and the day, e.g. “琴日電話 45 分鐘”."
            ),
        )
        return
    reply, keyboard = render_pick_activity(turn.tr, _minutes(args), None)
    await _keep_open(update, turn)
    edit_or_send(turn, update, reply, keyboard)


async def checkin_duration(update: Update, context: Ctx, turn: Turn, args: Args) -> None:
    """A duration tapped on the evening check-in: a new card for that day."""
    minutes, day = _minutes(args), parse_day_code(args.text("day"))
    if day is None:
        raise ValueError("bad check-in")
    answer(turn)
    reply, keyboard = render_pick_activity(turn.tr, minutes, day)
    await _keep_open(update, turn)
    edit_or_send(turn, update, reply, keyboard)


async def pick_activity(update: Update, context: Ctx, turn: Turn, args: Args) -> None:
    """An activity (or a day) tapped: the day buttons next, or the ✅ Save card."""
    minutes, activity = _minutes(args), args.text("activity")
    if activity not in ACTIVITIES:
        raise ValueError("bad activity")
    day = parse_day_code(args.text("day")) if "day" in args else None
    if "day" in args and day is None:
        raise ValueError("bad day")
    card = await _open(update, turn)
    if card is None:
        return
    answer(turn)
    entry_id = _entry_id(card)
    if day is not None:
        reply, keyboard = render_confirm(
            turn.tr,
            minutes,
            activity,
            day,
            today_of(turn),
            entry_id=entry_id,
        )
    else:
        reply, keyboard = render_pick_day(turn.tr, minutes, activity, today_of(turn))
    await _keep_open(update, turn, entry_id)
    edit_or_send(turn, update, reply, keyboard)


async def other_days(update: Update, context: Ctx, turn: Turn, args: Args) -> None:
    minutes, activity = _minutes(args), args.text("activity")
    if activity not in ACTIVITIES:
        raise ValueError("bad activity")
    card = await _open(update, turn)
    if card is None:
        return
    answer(turn)
    reply, keyboard = render_other_days(turn.tr, minutes, activity, today_of(turn))
    await _keep_open(update, turn, _entry_id(card))
    edit_or_send(turn, update, reply, keyboard)


async def _needs_question(
    update: Update,
    turn: Turn,
    payload: tuple[int, str, dt.date, str],
    state: service.RuleState,
    *,
    editing: HourEntry | None = None,
) -> bool:
    """Ask before saving a very long entry or day, or the same entry twice in 10 minutes
    (`state`: what the database says about it, read once).

    Hard rules (locked month, over 24 h in a day) are refused first, without a question.
    """
    minutes, activity, day, flags = payload
    state.check_day(day, minutes)
    question = None
    if _LONG_OK not in flags and (
        minutes > SURE_ENTRY_MINUTES or over_the_day(state.day_total, minutes, SURE_DAY_MINUTES)
    ):
        question, flag = "long", _LONG_OK
    elif _TWIN_OK not in flags and editing is None and state.twin:
        question, flag = "twin", _TWIN_OK
    if question is None:
        return False
    answer(turn)
    reply, keyboard = render_question(
        turn.tr,
        question,
        minutes,
        activity,
        day,
        today_of(turn),
        state.day_total,
        _sure_data(payload, flag, editing.id if editing is not None else None),
    )
    await _keep_open(update, turn, editing.id if editing is not None else None)
    edit_or_send(turn, update, reply, keyboard)
    return True


def _sure_data(payload: tuple[int, str, dt.date, str], flag: str, entry_id: int | None) -> str:
    """✅ Save again, with the answered question's flag added (no question twice)."""
    minutes, activity, day, flags = payload
    values = {"minutes": minutes, "activity": activity, "day": day_code(day), "flags": flags + flag}
    if entry_id is None:
        return cb.HRS_SAVE_SURE.data(**values)
    return cb.HRS_UPDATE_SURE.data(entry_id=entry_id, **values)


async def save(update: Update, context: Ctx, turn: Turn, args: Args) -> None:
    """✅ Save on a new entry's card: one entry per card, ever."""
    payload = entry_payload(args)
    person = turn.speaker
    today = today_of(turn)
    message_id = turn.pressed_message_id
    source_key = f"msg:{message_id}"
    minutes, activity, day, _ = payload
    state = await service.rule_state(
        turn.session,
        person.id,
        day,
        source_key=source_key,
        twin_of=(minutes, activity, turn.now),
    )
    if state.saved_id is not None:  # a second tap on a saved card
        entry = await service.own_entry(turn.session, person, state.saved_id)
    else:
        if await _open(update, turn) is None:
            return
        if await _needs_question(update, turn, payload, state):
            return
        entry, _created = await service.save_entry(
            turn.session,
            person,
            minutes=minutes,
            activity=activity,
            day=day,
            today=today,
            now=turn.now,
            source_key=source_key,
            editable_days=DEFAULT_EDITABLE_DAYS,
            known=state,
        )
        await hour_cards.close_card(turn.session, turn.user_id, message_id)
        log.info("person %s logged an hours entry", person.id)
    answer(turn)
    total = await service.month_total(turn.session, person, today.replace(day=1))
    edit_or_send(turn, update, render_saved(turn.tr, entry, today, total))


async def update_entry(update: Update, context: Ctx, turn: Turn, args: Args) -> None:
    """✅ Save on a correction's card: the same row changes; before → after is shown."""
    entry_id = args.number("entry_id")
    payload = entry_payload(args)
    person = turn.speaker
    today = today_of(turn)
    entry = await service.own_entry(turn.session, person, entry_id)  # forged ids: not found
    card = await _open(update, turn)
    if card is None:
        return
    if card.get("entry_id") != entry_id:
        raise ValueError("card for another entry")
    await service.ensure_open(turn.session, person.id, entry.day)
    state = await service.rule_state(turn.session, person.id, payload[2], excluding=entry.id)
    if await _needs_question(update, turn, payload, state, editing=entry):
        return
    before = entry_line(turn.tr, entry.minutes, entry.activity, entry.day, today)
    minutes, activity, day, _ = payload
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
    await hour_cards.close_card(turn.session, turn.user_id, turn.pressed_message_id)
    answer(turn)
    total = await service.month_total(turn.session, person, today.replace(day=1))
    edit_or_send(turn, update, render_changed(turn.tr, before, entry, today, total))


async def change(update: Update, context: Ctx, turn: Turn, args: Args) -> None:
    """✏️ Change on a card: type it again (a correction stays a correction)."""
    card = await _open(update, turn)
    if card is None:
        return
    answer(turn)
    entry_id = card.get("entry_id")
    flow, data = (FLOW_EDIT, {"entry_id": entry_id}) if entry_id else (FLOW_TEXT, {})
    await states.put(turn.session, turn.user_id, flow, data, turn.now)
    edit_or_send(
        turn, update, turn.tr.gettext("OK — type the entry again, e.g. “1h30 visit yesterday”.")
    )


async def cancel(update: Update, context: Ctx, turn: Turn, args: Args) -> None:
    answer(turn)
    await hour_cards.close_card(turn.session, turn.user_id, turn.pressed_message_id)
    edit_or_send(turn, update, turn.tr.gettext("OK, nothing was changed."))


async def _editable(turn: Turn, entry_id: int) -> HourEntry:
    entry = await service.own_entry(turn.session, turn.speaker, entry_id)
    await service.ensure_open(turn.session, turn.speaker.id, entry.day)
    return entry


async def edit_entry(update: Update, context: Ctx, turn: Turn, args: Args) -> None:
    """✏️ on /hours: type the corrected entry, or change the kind of work or the day."""
    entry = await _editable(turn, args.number("entry_id"))
    answer(turn)
    await states.put(turn.session, turn.user_id, FLOW_EDIT, {"entry_id": entry.id}, turn.now)
    t = turn.tr.gettext
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t("🏷 Kind of work"), callback_data=cb.HRS_EDIT_ACTIVITY.data(entry_id=entry.id)
                ),
                InlineKeyboardButton(
                    t("📅 Day"), callback_data=cb.HRS_EDIT_DAY.data(entry_id=entry.id)
                ),
            ]
        ]
    )
    turn.say(
        Send(
            t(
                "Changing {entry}.\nType the corrected entry, e.g. “1h visit yesterday”, "
                "or tap what to change. Send /cancel to keep it as it is."
            ).format(
                entry=entry_line(turn.tr, entry.minutes, entry.activity, entry.day, today_of(turn))
            ),
            keyboard,
        )
    )


async def edit_activity(update: Update, context: Ctx, turn: Turn, args: Args) -> None:
    entry = await _editable(turn, args.number("entry_id"))
    answer(turn)
    reply, keyboard = render_pick_activity(turn.tr, entry.minutes, entry.day)
    await _keep_open(update, turn, entry.id)
    edit_or_send(turn, update, reply, keyboard)


async def edit_day(update: Update, context: Ctx, turn: Turn, args: Args) -> None:
    entry = await _editable(turn, args.number("entry_id"))
    answer(turn)
    reply, keyboard = render_pick_day(turn.tr, entry.minutes, entry.activity, today_of(turn))
    await _keep_open(update, turn, entry.id)
    edit_or_send(turn, update, reply, keyboard)
