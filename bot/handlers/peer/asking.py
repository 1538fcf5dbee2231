"""A supporter asking senior supporters: typing, reviewing, sending, following up, thanks."""

from __future__ import annotations

import logging
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot import callbacks as cb
from bot.context import Ctx, Turn, with_turn
from bot.domain.peer import MAX_QUESTION_CHARS
from bot.handlers.peer.common import (
    FLOW_ASK,
    SUPPORTERS,
    PeerStep,
    edit,
    first_name,
    flow_data,
    peer_context,
    safety_first,
    send,
    typed_text,
    warn_name,
)
from bot.handlers.peer.sharing import start_share
from bot.replies import Answer, EditButtons, Send
from bot.services import peer as service
from bot.services import states
from bot.views import peer as texts
from storage.models import ChatState, Person

log = logging.getLogger(__name__)


async def contact_worker(update: Update, turn: Turn) -> None:
    person = turn.speaker
    worker = (
        await turn.session.get(Person, person.social_worker_id) if person.social_worker_id else None
    )
    text = texts.render_contact_worker(turn.tr, worker.display_name if worker else None)
    markup = None
    if worker is not None:
        link = (
            f"https://t.me/{worker.telegram_username}"
            if worker.telegram_username
            else f"tg://user?id={worker.telegram_user_id}"
        )
        label = turn.tr.gettext("💬 Message {name}").format(name=worker.display_name)
        markup = InlineKeyboardMarkup([[InlineKeyboardButton(label, url=link)]])
    turn.say(Send(text, markup))


async def start_ask(update: Update, turn: Turn, parent_id: int | None = None) -> None:
    person = turn.speaker
    if parent_id is None:
        own, others = await service.mentors_for(turn.session, person)
        if not own and not others:
            text, rows = texts.render_no_mentors(
                turn.tr, await service.worker_name(turn.session, person)
            )
            send(turn, text, rows)
            return
    await states.put(
        turn.session,
        turn.user_id,
        FLOW_ASK,
        {"step": PeerStep.TEXT, "parent_id": parent_id},
        turn.now,
    )
    text, rows = texts.render_ask_prompt(turn.tr, follow_up=parent_id is not None)
    send(turn, text, rows)


async def on_ask_typed(update: Update, context: Ctx, turn: Turn, state: ChatState) -> None:
    """The question (or follow-up), checked before anything is kept."""
    checked = await typed_text(update, context, turn, state, MAX_QUESTION_CHARS)
    if checked is None:
        return
    data, check = checked
    if check.risk is not None:
        # A peer question is never the route for an emergency: nothing is kept or sent.
        await states.clear(turn.session, turn.user_id)
        log.info(
            "peer question from person %s routed to safety (%s)",
            turn.speaker.id,
            check.risk.category,
        )
        await safety_first(update, turn, check.risk, sharing=False)
        return
    data["text"] = check.text
    if check.name is not None:
        rewrite, keep = cb.PEER_REWRITE.data(), cb.PEER_NAME_OK.data()
        await warn_name(update, turn, FLOW_ASK, data, check.name, rewrite, keep)
        return
    await ask_review(update, turn, data)


async def ask_review(update: Update, turn: Turn, data: dict[str, Any]) -> None:
    person = turn.speaker
    data["step"] = PeerStep.REVIEW
    await states.put(turn.session, turn.user_id, FLOW_ASK, data, turn.now)
    text, rows = texts.render_ask_review(
        turn.tr,
        str(data["text"]),
        first_name(update, person),
        follow_up=data.get("parent_id") is not None,
        cross_unit=await service.cross_unit(turn.session, person.unit_id),
    )
    send(turn, text, rows)


@with_turn(SUPPORTERS)
async def on_supporter_button(update: Update, context: Ctx, turn: Turn) -> None:
    """peer:<ask|share|mentor|cancel|rewrite|nameok|send|sw|fu|thank> for supporters."""
    try:
        route, args = cb.PEER.parse(turn.data, *SUPPORTER_ROUTES)
    except ValueError:  # forged, or from an old release: the press is answered, nothing more
        route, args = None, cb.Args({})
    person = turn.speaker
    tr = turn.tr
    if route is cb.PEER_ASK:
        turn.say(Answer())
        await start_ask(update, turn)
    elif route is cb.PEER_SHARE:
        turn.say(Answer())
        await start_share(update, turn)
    elif route is cb.PEER_MENTOR and (choice := args.text("on")) in ("on", "off"):
        on = choice == "on"
        await service.set_mentor(turn.session, person, on, person, turn.now)
        log.info("person %s mentor %s", person.id, choice)
        turn.say(Answer())
        text, rows = texts.render_peers_menu(tr, on)
        edit(turn, text, rows)
        send(turn, texts.render_mentor_changed(tr, on))
    elif route is cb.PEER_CANCEL:
        await states.clear(turn.session, turn.user_id)
        turn.say(Answer())
        edit(turn, tr.gettext("OK, cancelled. Nothing was sent."))
    elif route is cb.PEER_WORKER:
        turn.say(Answer())
        await contact_worker(update, turn)
    elif route is cb.PEER_FOLLOW_UP:
        try:
            parent = await service.follow_up_parent(
                turn.session, person, args.number("question_id")
            )
        except service.PeerError as problem:
            turn.say(Answer(texts.problem_text(tr, problem.reason), alert=True))
            return
        turn.say(Answer())
        await start_ask(update, turn, parent.id)
    elif route is cb.PEER_THANK:
        await _thank(update, turn, args.number("question_id"))
    elif route in _ASK_STEPS:
        credit = args.text("credit") if "credit" in args else None
        await _ask_step(update, turn, _ASK_STEPS[route], credit)
    else:
        turn.say(Answer())


_ASK_STEPS = {cb.PEER_REWRITE: "rewrite", cb.PEER_NAME_OK: "nameok", cb.PEER_SEND: "send"}
SUPPORTER_ROUTES = (
    cb.PEER_ASK,
    cb.PEER_SHARE,
    cb.PEER_MENTOR,
    cb.PEER_CANCEL,
    cb.PEER_WORKER,
    cb.PEER_FOLLOW_UP,
    cb.PEER_THANK,
    *_ASK_STEPS,
)


async def _ask_step(update: Update, turn: Turn, action: str, value: str | None) -> None:
    data = await flow_data(turn, update, FLOW_ASK)
    if data is None:
        turn.say(Answer(texts.problem_text(turn.tr, "stale"), alert=True))
        return
    turn.say(Answer())
    if action == "rewrite":
        data = {"step": PeerStep.TEXT, "parent_id": data.get("parent_id")}
        await states.put(turn.session, turn.user_id, FLOW_ASK, data, turn.now)
        text, rows = texts.render_ask_prompt(turn.tr, follow_up=data["parent_id"] is not None)
        edit(turn, text, rows)
    elif action == "nameok" and data.get("step") == PeerStep.NAME:
        await ask_review(update, turn, data)
    elif action == "send" and data.get("step") == PeerStep.REVIEW and value in ("anon", "name"):
        await _send_question(update, turn, data, show_name=value == "name")
    else:
        send(turn, texts.problem_text(turn.tr, "stale"))


async def _send_question(
    update: Update, turn: Turn, data: dict[str, Any], *, show_name: bool
) -> None:
    """Commit the question and what it owes the mentors, then tell the asker."""
    person = turn.speaker
    ctx = peer_context(turn)
    try:
        question, direct = await service.ask(
            turn.session,
            ctx,
            person,
            str(data.get("text") or ""),
            show_name=first_name(update, person) if show_name else None,
            now=turn.now,
            parent_id=data.get("parent_id"),
        )
    except service.PeerError as problem:
        await states.clear(turn.session, turn.user_id)
        if problem.reason == "no_mentors":
            text, rows = texts.render_no_mentors(
                turn.tr, await service.worker_name(turn.session, person)
            )
            edit(turn, text, rows)
        else:
            edit(turn, texts.problem_text(turn.tr, problem.reason, MAX_QUESTION_CHARS))
        return
    await states.clear(turn.session, turn.user_id)
    log.info("peer question %s asked by person %s", question.id, person.id)
    timeout = texts.render_timeout(turn.tr, turn.services.settings.peer_timeout_minutes)
    edit(turn, texts.render_asked(turn.tr, timeout, to_mentor=direct))


async def _thank(update: Update, turn: Turn, question_id: int) -> None:
    person = turn.speaker
    try:
        question = await service.thank(
            turn.session, peer_context(turn), person, question_id, turn.now
        )
    except service.PeerError as problem:
        turn.say(Answer(texts.problem_text(turn.tr, problem.reason), alert=True))
        return
    follow_up = await service.can_follow_up(turn.session, person, question)
    turn.say(Answer(turn.tr.gettext("Thank you — I've passed it on. 🙏")))
    again = cb.PEER_FOLLOW_UP.data(question_id=question.id)
    rows = [[(turn.tr.gettext("↩ Ask a follow-up"), again)]] if follow_up else []
    turn.say(EditButtons(texts.keyboard(rows) if rows else None))
