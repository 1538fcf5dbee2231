"""Report a concern (supporter) and own it (social worker): the safety-critical path."""

from __future__ import annotations

import logging
from enum import StrEnum

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, MessageHandler

from bot import callbacks as cb
from bot import views
from bot.context import Ctx, Services, Turn, with_turn
from bot.domain.escalation import CATEGORIES, URGENCIES, FlagStatus
from bot.domain.privacy import is_client_code, normalise_client_code
from bot.handlers.steps import Flow, Takes
from bot.handlers.text import TextRouter
from bot.i18n import N_, Catalogs
from bot.replies import Answer, Edit, Send
from bot.services import escalation as service
from bot.services import states
from bot.views import escalation as texts
from storage.models import STAFF_ROLES, ChatState, Flag, Person, Role

log = logging.getLogger(__name__)

FLOW = "flag"  # the supporter's guided flow; data["step"] says where they are


class FlagStep(StrEnum):
    CATEGORY = "category"
    URGENCY = "urgency"
    CODE = "code"
    DESCRIPTION = "description"
    REVIEW = "review"


_START_ROUTES = (cb.FLAG_START, cb.FLAG_START_IN, cb.FLAG_START_FOR)
_SUPPORTER_ROUTES = (cb.FLAG_CATEGORY, cb.FLAG_URGENCY, cb.FLAG_SKIP, cb.FLAG_SEND, cb.FLAG_CANCEL)
_STAFF_ROUTES = (
    cb.FLAG_ACK,
    cb.FLAG_CLOSE,
    cb.FLAG_CONTACT,
    cb.FLAG_VIEW,
    cb.FLAG_CARD,
    cb.FLAG_NOTE,
)
FLOW_CLOSE = "flag_close"  # a social worker typing the outcome note
FLOW_NOTE = "flag_note"  # a social worker typing an interim note
# The typed steps take whatever is typed: there the message obviously is the answer. At a
# button step a short repeat (the case code again while the bot was slow) shows the step again;
# a question or a long message puts the concern aside.
FLAG_FLOW = Flow(
    FLOW,
    steps={
        FlagStep.CATEGORY: Takes.BUTTON_OR_REPEAT,
        FlagStep.URGENCY: Takes.BUTTON_OR_REPEAT,
        FlagStep.CODE: Takes.ANY_TEXT,
        FlagStep.DESCRIPTION: Takes.ANY_TEXT,
        FlagStep.REVIEW: Takes.BUTTON_OR_REPEAT,
    },
)
CLOSE_FLOW = Flow(FLOW_CLOSE, Takes.ANY_TEXT)
NOTE_FLOW = Flow(FLOW_NOTE, Takes.ANY_TEXT)
SUPPORTERS = {Role.SUPPORTER}
STAFF = STAFF_ROLES

PROBLEMS = {
    "bad_code": N_(
        "Please send only a case code or initials, like “C03” or “C婆婆” — no full names, "
        "ID numbers or phone numbers. I haven't saved it."
    ),
    "sensitive": N_(
        "That seems to contain an ID card or phone number. Please leave it out and describe "
        "what happened in a few words. I haven't saved it."
    ),
    "too_long": N_(
        "That's a bit long — a few sentences are enough. Please send a shorter version."
    ),
    "no_outcome": N_("Please type a short outcome note; it is needed to close the concern."),
    "stale": N_("That step has passed. Send /flag to start again."),
    "not_found": N_("Sorry, that concern is not one you can see."),
    "other_unit": N_(
        "That concern belongs to another unit, so you can't act on it. Nothing was changed."
    ),
    "no_note": N_("Please type a short note; nothing was added."),
    "already_closed": N_("That concern is already closed."),
}


def _problem(turn: Turn, reason: str) -> str:
    return turn.tr.gettext(PROBLEMS.get(reason, PROBLEMS["not_found"]))


async def _first_recipients(turn: Turn, urgency: str) -> str:
    """Who will actually be alerted first (skipping people on leave, inactive or blocked)."""
    person = turn.speaker
    ctx = turn.services
    people = await service.first_recipients(turn.session, ctx, person, urgency, turn.now)
    return ", ".join(p.display_name for p in people)


async def start_flow(
    update: Update, turn: Turn, *, category: str | None = None, client_code: str | None = None
) -> None:
    """Start (or restart) the flag flow; entry points may already know the category or client."""
    data: dict[str, object] = {"step": FlagStep.CATEGORY}
    if category in CATEGORIES:
        data.update(step=FlagStep.URGENCY, category=category)
    if client_code:
        data["client_code"] = client_code
    await states.put(turn.session, turn.user_id, FLOW, data, turn.now)
    if data["step"] == FlagStep.URGENCY:
        text, keyboard = texts.render_pick_urgency(turn.tr, str(category))
    else:
        text, keyboard = texts.render_pick_category(turn.tr)
    turn.say(Send(text, keyboard))


@with_turn(SUPPORTERS)
async def flag_command(update: Update, context: Ctx, turn: Turn) -> None:
    """/flag or the ⚠️ menu button: the guided flow, by buttons."""
    await start_flow(update, turn)


async def _state(turn: Turn, update: Update) -> ChatState | None:
    state = await states.get(turn.session, turn.user_id)
    return state if state is not None and state.flow == FLOW else None


@with_turn(SUPPORTERS)
async def on_button(update: Update, context: Ctx, turn: Turn) -> None:
    """flag:cat / flag:urg / flag:skip / flag:send / flag:cancel for the supporter."""
    route, args = cb.FLAG.parse(turn.data, *_SUPPORTER_ROUTES)
    state = await _state(turn, update)
    if route is cb.FLAG_CANCEL:
        await states.clear(turn.session, turn.user_id)
        turn.say(Answer())
        turn.say(Edit(turn.tr.gettext("OK, cancelled. Nothing was sent.")))
        return
    if state is None:
        turn.say(Answer(_problem(turn, "stale"), alert=True))
        return
    data = dict(state.data)
    turn.say(Answer())
    if route is cb.FLAG_CATEGORY and (category := args.text("category")) in CATEGORIES:
        data.update(step=FlagStep.URGENCY, category=category)
        await states.put(turn.session, turn.user_id, FLOW, data, turn.now)
        text, keyboard = texts.render_pick_urgency(turn.tr, category)
        turn.say(Edit(text, keyboard))
    elif (
        route is cb.FLAG_URGENCY
        and (urgency := args.text("urgency")) in URGENCIES
        and data.get("category")
    ):
        data["urgency"] = urgency
        if urgency == "now":
            # Danger now: 999 and the hotlines come before anything else.
            library = turn.services.library
            hotlines = [library.resources[r] for r in library.crisis_default if r != "emergency"]
            turn.say(
                Edit(
                    texts.render_danger_now(turn.tr, hotlines, turn.lang), parse_mode=ParseMode.HTML
                )
            )
        await _next_question(update, turn, data)
    elif route is cb.FLAG_SKIP and data.get("step") == FlagStep.DESCRIPTION:
        data["description"] = None
        await _review(update, turn, data)
    elif route is cb.FLAG_SEND and data.get("step") == FlagStep.REVIEW:
        await _send(update, context, turn, data)
    else:
        turn.say(Send(_problem(turn, "stale")))


async def _next_question(update: Update, turn: Turn, data: dict[str, object]) -> None:
    if data.get("client_code"):
        data["step"] = FlagStep.DESCRIPTION
        await states.put(turn.session, turn.user_id, FLOW, data, turn.now)
        text, keyboard = texts.render_ask_description(turn.tr)
        turn.say(Send(text, keyboard))
        return
    data["step"] = FlagStep.CODE
    await states.put(turn.session, turn.user_id, FLOW, data, turn.now)
    turn.say(Send(texts.render_ask_code(turn.tr)))


async def resume(update: Update, turn: Turn, state: ChatState) -> None:
    """Show again the step a concern stopped at (it was parked, or /flag was sent in it)."""
    data = dict(state.data)
    step = data.get("step")
    if step == FlagStep.REVIEW and data.get("client_code") and data.get("urgency"):
        await _review(update, turn, data)
        return
    if step == FlagStep.CODE:
        turn.say(Send(texts.render_ask_code(turn.tr)))
        return
    if step == FlagStep.DESCRIPTION:
        text, keyboard = texts.render_ask_description(turn.tr)
    elif step == FlagStep.URGENCY and data.get("category") in CATEGORIES:
        text, keyboard = texts.render_pick_urgency(turn.tr, str(data["category"]))
    else:
        text, keyboard = texts.render_pick_category(turn.tr)
    turn.say(Send(text, keyboard))


def _description(data: dict[str, object]) -> str | None:
    """The description kept in the flow's state (None when they skipped it)."""
    description = data.get("description")
    return description if isinstance(description, str) else None


async def _review(update: Update, turn: Turn, data: dict[str, object]) -> None:
    data["step"] = FlagStep.REVIEW
    await states.put(turn.session, turn.user_id, FLOW, data, turn.now)
    text, keyboard = texts.render_review(
        turn.tr,
        str(data["category"]),
        str(data["urgency"]),
        str(data["client_code"]),
        _description(data),
        await _first_recipients(turn, str(data["urgency"])),
    )
    turn.say(Send(text, keyboard))


async def on_typed(update: Update, context: Ctx, turn: Turn, state: ChatState) -> None:
    """Typed answers inside the flow: the client code, then the description."""
    if turn.person is None or turn.person.role != Role.SUPPORTER:
        return
    data = dict(state.data)
    typed = turn.text
    try:
        if data.get("step") == FlagStep.CODE:
            data["client_code"] = service.validate_code(typed)
            await _next_question(update, turn, data)
        elif data.get("step") == FlagStep.DESCRIPTION:
            data["description"] = service.validate_description(typed) or None
            await _review(update, turn, data)
        else:
            # A step that wants a button (often the case code typed again while the bot was
            # slow): the step once more, with its buttons at the bottom of the chat.
            await resume(update, turn, state)
    except service.FlagError as problem:
        turn.say(Send(_problem(turn, problem.reason)))


async def _send(update: Update, context: Ctx, turn: Turn, data: dict[str, object]) -> None:
    """Commit the flag and its alerts, then — only then — tell the supporter it was sent."""
    person = turn.speaker
    ctx = turn.services
    flag, recipients = await service.raise_flag(
        turn.session,
        ctx,
        person,
        category=str(data["category"]),
        urgency=str(data["urgency"]),
        client_code=str(data["client_code"]),
        description=_description(data),
        now=turn.now,
    )
    await states.clear(turn.session, turn.user_id)
    log.info("flag %s raised by person %s (urgency %s)", flag.id, person.id, flag.urgency)
    if recipients:
        names = ", ".join(p.display_name for p in recipients)
        text = texts.render_sent(turn.tr, names, flag.id)
    else:
        text = texts.render_status(turn.tr, "unanswered", flag)
    turn.say(Edit(text))


# --- staff -------------------------------------------------------------------------------


async def _ask_for_text(turn: Turn, person: Person, flag_id: int, flow: str) -> Flag:
    """The closing or note step of an open concern: wait for the typed text (the caller
    says what to type). A closed concern takes neither."""
    flag = await service.flag_for_staff(turn.session, person, flag_id)
    if flag.status == FlagStatus.CLOSED:
        raise service.FlagError("already_closed")
    await states.put(turn.session, turn.user_id, flow, {"flag_id": flag.id}, turn.now)
    turn.say(Answer())
    return flag


@with_turn(STAFF)
async def on_staff_button(update: Update, context: Ctx, turn: Turn) -> None:
    """flag:ack / flag:close / flag:contact / flag:view for social workers and admins."""
    person = turn.speaker
    ctx = turn.services
    try:
        route, args = cb.FLAG.parse(turn.data, *_STAFF_ROUTES)
        flag_id = args.number("flag_id")
        if route is cb.FLAG_ACK:
            await _acknowledge(update, context, turn, ctx, flag_id)
        elif route is cb.FLAG_CLOSE:
            flag = await _ask_for_text(turn, person, flag_id, FLOW_CLOSE)
            prompt = turn.tr.gettext("Type a short outcome note for concern #{id} (what was done).")
            turn.say(Send(prompt.format(id=flag.id)))
        elif route is cb.FLAG_NOTE:
            flag = await _ask_for_text(turn, person, flag_id, FLOW_NOTE)
            prompt = turn.tr.gettext(
                "Type a short note for concern #{id} {code} (what you did, what is next). "
                "It stays with the concern; the supporter does not see it."
            )
            turn.say(Send(prompt.format(id=flag.id, code=flag.client_code)))
        elif route is cb.FLAG_CARD:
            from bot.handlers import escalation_list

            flag = await service.flag_for_staff(turn.session, person, flag_id)
            text, keyboard = await escalation_list.card(turn, flag)
            turn.say(Answer())
            turn.say(Edit(text, keyboard))
        elif route is cb.FLAG_CONTACT:
            await _contact(update, turn, flag_id)
        elif route is cb.FLAG_VIEW:
            flag = await service.flag_for_staff(turn.session, person, flag_id)
            supporter = await turn.session.get_one(Person, flag.supporter_id)
            events, names = await service.history(turn.session, flag)
            turn.say(Answer())
            history = texts.render_history(
                turn.tr,
                flag,
                supporter,
                events,
                names,
                turn.services.settings.tz,
            )
            turn.say(Send(history))
    except ValueError:  # forged or mangled button data
        turn.say(Answer(_problem(turn, "not_found"), alert=True))
    except service.FlagError as problem:
        turn.say(Answer(_problem(turn, problem.reason), alert=True))


async def _acknowledge(
    update: Update, context: Ctx, turn: Turn, ctx: Services, flag_id: int
) -> None:
    person = turn.speaker
    flag, won = await service.acknowledge(turn.session, ctx, person, flag_id, turn.now)
    taker = (
        await turn.session.get(Person, flag.acknowledged_by_id) if flag.acknowledged_by_id else None
    )
    when = (flag.acknowledged_at or turn.now).astimezone(turn.services.settings.tz)
    if not won:
        turn.say(
            Answer(
                turn.tr.gettext("{name} has already taken this concern.").format(
                    name=taker.display_name if taker else "?"
                ),
                alert=True,
            )
        )
        return
    turn.say(Answer(turn.tr.gettext("Thank you — it's yours.")))
    log.info("flag %s acknowledged by person %s", flag.id, person.id)
    # Every other recipient's alert now says who took it; the taker's offers closing.
    alerts = await service.sent_alerts(turn.session, flag.id)
    pressed = turn.query.message.message_id if turn.query.message else None
    if pressed not in {a.telegram_message_id for a in alerts if a.chat_id == turn.user_id}:
        # Taken from /flags: that screen becomes the concern's card, with note and close.
        from bot.handlers import escalation_list

        text, keyboard = await escalation_list.card(turn, flag)
        turn.say(Edit(text, keyboard, best_effort=True))
    for alert in alerts:
        recipient = await turn.session.get(Person, alert.person_id) if alert.person_id else None
        if recipient is None:
            continue
        tr = turn.services.catalogs.get(recipient.language or "en")
        you = recipient.id == person.id
        text = texts.render_taken(tr, flag, person.display_name, when, you=you)
        turn.say(
            Edit(
                text,
                texts.owner_keyboard(tr, flag) if you else None,
                chat_id=alert.chat_id,
                message_id=alert.telegram_message_id,
                best_effort=True,
            )
        )


async def _contact(update: Update, turn: Turn, flag_id: int) -> None:
    person = turn.speaker
    flag = await service.flag_for_staff(turn.session, person, flag_id)
    supporter = await turn.session.get(Person, flag.supporter_id)
    assert supporter is not None
    turn.say(Answer())
    link = (
        f"https://t.me/{supporter.telegram_username}"
        if supporter.telegram_username
        else f"tg://user?id={supporter.telegram_user_id}"
    )
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    turn.tr.gettext("💬 Message {name}").format(name=supporter.display_name),
                    url=link,
                )
            ]
        ]
    )
    turn.say(
        Send(
            turn.tr.gettext("Contact {name} about concern #{id}:").format(
                name=supporter.display_name, id=flag.id
            ),
            keyboard,
        )
    )


async def on_outcome_typed(update: Update, context: Ctx, turn: Turn, state: ChatState) -> None:
    person = turn.person
    if person is None or person.role not in STAFF:
        return
    ctx = turn.services
    try:
        flag = await service.close(
            turn.session,
            ctx,
            person,
            int(state.data["flag_id"]),
            turn.text,
            turn.now,
        )
    except service.FlagError as problem:
        await _refuse_typed_step(update, turn, problem)
        return
    await states.clear(turn.session, turn.user_id)
    log.info("flag %s closed by person %s", flag.id, person.id)
    turn.say(
        Send(
            turn.tr.gettext("🗂 Concern #{id} is closed. The supporter has been told.").format(
                id=flag.id
            ),
            views.main_menu(turn),
        )
    )


async def _refuse_typed_step(update: Update, turn: Turn, problem: service.FlagError) -> None:
    """A typed outcome or note the concern can no longer take: say why; leave the step when
    the concern is gone (closed, not found, another unit's), else let them type again."""
    if problem.reason in ("already_closed", "not_found", "other_unit"):
        await states.clear(turn.session, turn.user_id)
    turn.say(Send(_problem(turn, problem.reason)))


async def on_note_typed(update: Update, context: Ctx, turn: Turn, state: ChatState) -> None:
    person = turn.person
    if person is None or person.role not in STAFF:
        return
    from bot.services import concerns

    try:
        flag = await concerns.add_note(
            turn.session,
            person,
            int(state.data["flag_id"]),
            turn.text,
            turn.now,
        )
    except service.FlagError as problem:
        await _refuse_typed_step(update, turn, problem)
        return
    await states.clear(turn.session, turn.user_id)
    log.info("flag %s: note by person %s", flag.id, person.id)
    turn.say(
        Send(
            turn.tr.gettext("📝 Note added to concern #{id} {code}.").format(
                id=flag.id, code=flag.client_code
            ),
            texts.owner_keyboard(turn.tr, flag) if flag.acknowledged_by_id == person.id else None,
        )
    )


@with_turn(SUPPORTERS)
async def concern_from_answer(update: Update, context: Ctx, turn: Turn) -> None:
    """'Tell my social worker' under a risk answer or a not-reached nudge: the flag flow."""
    turn.say(Answer())
    args = cb.FLAG.parse(turn.data, *_START_ROUTES)[1]
    category = args.text("category") if "category" in args else None
    category = category if category in CATEGORIES else None
    # Button data is typed input too: keep a case code only if it is one (never a name
    # or a number); otherwise the flow simply asks for it.
    code = args.text("code") if "code" in args else None
    if code is not None and not is_client_code(code):
        code = None
    await start_flow(
        update, turn, category=category, client_code=normalise_client_code(code) if code else None
    )


def handlers(catalogs: Catalogs) -> list[BaseHandler]:
    from bot.handlers import away, escalation_list

    return [
        CommandHandler("flag", flag_command),
        MessageHandler(views.menu_label_filter(catalogs, "flag"), flag_command),
        *escalation_list.handlers(catalogs),
        *away.handlers(),
        CallbackQueryHandler(concern_from_answer, pattern=cb.pattern(*_START_ROUTES)),
        CallbackQueryHandler(on_button, pattern=cb.pattern(*_SUPPORTER_ROUTES)),
        # Forged or mangled flag: data lands here and is answered "not found".
        CallbackQueryHandler(on_staff_button, pattern=cb.pattern(*_STAFF_ROUTES, leftovers=True)),
    ]


def register_text(router: TextRouter) -> None:
    router.flow(FLAG_FLOW, on_typed)
    router.flow(CLOSE_FLOW, on_outcome_typed)
    router.flow(NOTE_FLOW, on_note_typed)
