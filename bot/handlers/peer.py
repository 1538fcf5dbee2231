"""Peer wisdom in chat: ask a senior supporter, answer as one, share a tip, review tips,
and the social worker's read-only view of the unit's questions and answers.

Flows keep their state in chat_states (so a restart resumes them):
    peer.ask         the supporter typing a question (or follow-up), then reviewing it
    peer.answer      a mentor typing the answer to a question they took
    peer.tip         the supporter typing a tip, picking its topic, reviewing it
    peer.tip_edit    a social worker typing the edited text of a tip, which approves it
    peer.tip_return  a social worker typing the kind note that returns a tip

Nothing is stored from a message with an HKID or phone number; a question with risk words
shows the safety block and the flag flow first and is not sent to peers.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest, TelegramError
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, MessageHandler

from bot import views
from bot.context import Ctx, Turn, with_turn
from bot.domain.escalation import CATEGORY_FOR_RISK_TOPIC
from bot.domain.peer import (
    MAX_ANSWER_CHARS,
    MAX_QUESTION_CHARS,
    MAX_TIP_CHARS,
    TextCheck,
    check_text,
)
from bot.domain.risk import RiskMatch
from bot.handlers import library
from bot.handlers.text import TextRouter
from bot.i18n import N_, Catalogs
from bot.services import peer as service
from bot.services import states
from bot.views import peer as texts
from storage.models import STAFF_ROLES, ChatState, Person, Role, Unit

log = logging.getLogger(__name__)

SUPPORTERS = {Role.SUPPORTER}
STAFF = STAFF_ROLES
FLOW_ASK = "peer.ask"
FLOW_ANSWER = "peer.answer"
FLOW_TIP = "peer.tip"
FLOW_TIP_EDIT = "peer.tip_edit"
FLOW_TIP_RETURN = "peer.tip_return"
# Typing is expected right after a prompt; text much later is something else.
FLOW_FRESH_FOR = dt.timedelta(minutes=30)
USE_BUTTONS = N_("Please use the buttons above, or send /cancel to stop.")


def _ctx(turn: Turn) -> service.Context:
    services = turn.services
    return service.Context(services.settings, services.catalogs, services.library)


def _uid(update: Update) -> int:
    return update.effective_user.id


def _first_name(update: Update, person: Person) -> str:
    """The name shown only if the supporter chooses to show it: their Telegram first name."""
    user = update.effective_user
    name = (user.first_name if user else "") or person.display_name
    return name.strip()[:64]


async def _send(update: Update, text: str, rows: texts.Rows | None = None, **kwargs: Any) -> None:
    markup = texts.keyboard(rows) if rows else None
    await update.get_bot().send_message(
        update.effective_chat.id, text, reply_markup=markup, **kwargs
    )


async def _edit(update: Update, text: str, rows: texts.Rows | None = None) -> None:
    """Edit the message whose button was pressed (an identical edit is fine)."""
    try:
        await update.callback_query.edit_message_text(
            text, reply_markup=texts.keyboard(rows) if rows else None
        )
    except BadRequest as error:
        if "not modified" not in str(error).lower():
            raise


async def _state(turn: Turn, update: Update, flow: str) -> dict[str, Any] | None:
    state = await states.get(turn.session, _uid(update))
    return dict(state.data) if state is not None and state.flow == flow else None


async def _problem(update: Update, turn: Turn, reason: str, limit: int = 0) -> None:
    await update.effective_message.reply_text(texts.problem_text(turn.tr, reason, limit))


async def _safety_first(update: Update, turn: Turn, risk: RiskMatch, *, sharing: bool) -> None:
    """What happens to the peer text: the safety net has already put the block (999, the
    lines, the one-tap way to the social worker) above, so only the peer part is said."""
    category = CATEGORY_FOR_RISK_TOPIC.get(risk.topic_id, "other")
    text, rows = texts.render_risk(turn.tr, category, still_sharing=sharing)
    await _send(update, text, rows)


async def _stale(update: Update, context: Ctx, turn: Turn, state: ChatState) -> bool:
    """A question or tip left half-done long ago: this text is something new (a question
    for the refreshers), not the next step."""
    if turn.now - state.updated_at <= FLOW_FRESH_FOR:
        return False
    await states.clear(turn.session, _uid(update))
    await library.answer_question(update, context, turn)
    return True


async def _typed_text(
    update: Update,
    context: Ctx,
    turn: Turn,
    state: ChatState,
    limit: int,
    *,
    check_risk: bool = True,
    check_stale: bool = True,
) -> tuple[dict[str, Any], TextCheck] | None:
    """A supporter's text typed at a flow's "text" step, checked against the peer rules:
    (the flow's data, the check), or None when it has been answered here already (not a
    supporter, a flow gone stale, a button expected, text the rules refuse)."""
    if turn.person is None or turn.person.role != Role.SUPPORTER:
        return None
    if check_stale and await _stale(update, context, turn, state):
        return None
    if state.data.get("step") != "text":
        await update.effective_message.reply_text(turn.tr.gettext(USE_BUTTONS))
        return None
    check = check_text(update.effective_message.text or "", limit, check_risk=check_risk)
    if check.problem is not None:
        await _problem(update, turn, str(check.problem), limit)
        return None
    return dict(state.data), check


async def _warn_name(
    update: Update,
    turn: Turn,
    flow: str,
    data: dict[str, Any],
    name: str,
    rewrite: str,
    keep: str,
) -> None:
    """The text seems to hold a full name: ask before going on (buttons `rewrite`/`keep`)."""
    data["step"] = "name"
    await states.put(turn.session, _uid(update), flow, data, turn.now)
    text, rows = texts.render_name_warning(turn.tr, name, rewrite, keep)
    await _send(update, text, rows)


# --------------------------------------------------------------------------- entry points


@with_turn()
async def open_peers(update: Update, context: Ctx, turn: Turn) -> None:
    """🤝 Peers (menu) or /peer: the supporter's peer menu, or the staff view."""
    person = turn.person
    assert person is not None
    if person.role in STAFF:
        await _staff_home(update, turn)
        return
    text, rows = texts.render_peers_menu(turn.tr, await service.is_mentor(turn.session, person))
    await update.effective_message.reply_text(text, reply_markup=texts.keyboard(rows))


@with_turn()
async def ask_command(update: Update, context: Ctx, turn: Turn) -> None:
    """/askpeer: ask a senior supporter."""
    if await _supporters_only(update, turn):
        await _start_ask(update, turn)


@with_turn()
async def share_command(update: Update, context: Ctx, turn: Turn) -> None:
    """/sharetip: share what worked."""
    if await _supporters_only(update, turn):
        await _start_share(update, turn)


async def _supporters_only(update: Update, turn: Turn) -> bool:
    if turn.person is not None and turn.person.role == Role.SUPPORTER:
        return True
    await update.effective_message.reply_text(
        turn.tr.gettext(
            "Asking senior supporters and sharing tips are for supporters. To see your unit's "
            "questions and tips, send /peer."
        )
    )
    return False


async def _contact_worker(update: Update, turn: Turn) -> None:
    person = turn.person
    assert person is not None
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
    await update.get_bot().send_message(update.effective_chat.id, text, reply_markup=markup)


# --------------------------------------------------------------------------- asking


async def _start_ask(update: Update, turn: Turn, parent_id: int | None = None) -> None:
    person = turn.person
    assert person is not None
    if parent_id is None:
        own, others = await service.mentors_for(turn.session, person)
        if not own and not others:
            text, rows = texts.render_no_mentors(
                turn.tr, await service.worker_name(turn.session, person)
            )
            await _send(update, text, rows)
            return
    await states.put(
        turn.session, _uid(update), FLOW_ASK, {"step": "text", "parent_id": parent_id}, turn.now
    )
    text, rows = texts.render_ask_prompt(turn.tr, follow_up=parent_id is not None)
    await _send(update, text, rows)


async def on_ask_typed(update: Update, context: Ctx, turn: Turn, state: ChatState) -> None:
    """The question (or follow-up), checked before anything is kept."""
    checked = await _typed_text(update, context, turn, state, MAX_QUESTION_CHARS)
    if checked is None:
        return
    data, check = checked
    if check.risk is not None:
        # A peer question is never the route for an emergency: nothing is kept or sent.
        await states.clear(turn.session, _uid(update))
        log.info(
            "peer question from person %s routed to safety (%s)",
            turn.person.id,
            check.risk.category,
        )
        await _safety_first(update, turn, check.risk, sharing=False)
        return
    data["text"] = check.text
    if check.name is not None:
        await _warn_name(update, turn, FLOW_ASK, data, check.name, "peer:rewrite", "peer:nameok")
        return
    await _ask_review(update, turn, data)


async def _ask_review(update: Update, turn: Turn, data: dict[str, Any]) -> None:
    person = turn.person
    assert person is not None
    data["step"] = "review"
    await states.put(turn.session, _uid(update), FLOW_ASK, data, turn.now)
    text, rows = texts.render_ask_review(
        turn.tr,
        str(data["text"]),
        _first_name(update, person),
        follow_up=data.get("parent_id") is not None,
        cross_unit=await service.cross_unit(turn.session, person.unit_id),
    )
    await _send(update, text, rows)


@with_turn(SUPPORTERS)
async def on_supporter_button(update: Update, context: Ctx, turn: Turn) -> None:
    """peer:<ask|share|mentor|cancel|rewrite|nameok|send|sw|fu|thank> for supporters."""
    query = update.callback_query
    parts = query.data.split(":")
    action = parts[1]
    person = turn.person
    assert person is not None
    tr = turn.tr
    if action == "ask":
        await query.answer()
        await _start_ask(update, turn)
    elif action == "share":
        await query.answer()
        await _start_share(update, turn)
    elif action == "mentor" and len(parts) == 3 and parts[2] in ("on", "off"):
        on = parts[2] == "on"
        await service.set_mentor(turn.session, person, on, person, turn.now)
        await turn.session.commit()
        log.info("person %s mentor %s", person.id, parts[2])
        await query.answer()
        text, rows = texts.render_peers_menu(tr, on)
        await _edit(update, text, rows)
        await _send(update, texts.render_mentor_changed(tr, on))
    elif action == "cancel":
        await states.clear(turn.session, _uid(update))
        await query.answer()
        await _edit(update, tr.gettext("OK, cancelled. Nothing was sent."))
    elif action == "sw":
        await query.answer()
        await _contact_worker(update, turn)
    elif action == "fu" and len(parts) == 3 and parts[2].isdigit():
        try:
            parent = await service.follow_up_parent(turn.session, person, int(parts[2]))
        except service.PeerError as problem:
            await query.answer(texts.problem_text(tr, problem.reason), show_alert=True)
            return
        await query.answer()
        await _start_ask(update, turn, parent.id)
    elif action == "thank" and len(parts) == 3 and parts[2].isdigit():
        await _thank(update, turn, int(parts[2]))
    elif action in ("rewrite", "nameok", "send"):
        await _ask_step(update, turn, action, parts[2] if len(parts) > 2 else None)
    else:
        await query.answer()


async def _ask_step(update: Update, turn: Turn, action: str, value: str | None) -> None:
    query = update.callback_query
    data = await _state(turn, update, FLOW_ASK)
    if data is None:
        await query.answer(texts.problem_text(turn.tr, "stale"), show_alert=True)
        return
    await query.answer()
    if action == "rewrite":
        data = {"step": "text", "parent_id": data.get("parent_id")}
        await states.put(turn.session, _uid(update), FLOW_ASK, data, turn.now)
        text, rows = texts.render_ask_prompt(turn.tr, follow_up=data["parent_id"] is not None)
        await _edit(update, text, rows)
    elif action == "nameok" and data.get("step") == "name":
        await _ask_review(update, turn, data)
    elif action == "send" and data.get("step") == "review" and value in ("anon", "name"):
        await _send_question(update, turn, data, show_name=value == "name")
    else:
        await _send(update, texts.problem_text(turn.tr, "stale"))


async def _send_question(
    update: Update, turn: Turn, data: dict[str, Any], *, show_name: bool
) -> None:
    """Commit the question and what it owes the mentors, then tell the asker."""
    person = turn.person
    assert person is not None
    ctx = _ctx(turn)
    try:
        question, direct = await service.ask(
            turn.session,
            ctx,
            person,
            str(data.get("text") or ""),
            show_name=_first_name(update, person) if show_name else None,
            now=turn.now,
            parent_id=data.get("parent_id"),
        )
    except service.PeerError as problem:
        await states.clear(turn.session, _uid(update))
        if problem.reason == "no_mentors":
            text, rows = texts.render_no_mentors(
                turn.tr, await service.worker_name(turn.session, person)
            )
            await _edit(update, text, rows)
        else:
            await _edit(update, texts.problem_text(turn.tr, problem.reason, MAX_QUESTION_CHARS))
        return
    await states.clear(turn.session, _uid(update))
    await turn.session.commit()
    log.info("peer question %s asked by person %s", question.id, person.id)
    timeout = texts.render_timeout(turn.tr, turn.services.settings.peer_timeout_minutes)
    await _edit(update, texts.render_asked(turn.tr, timeout, to_mentor=direct))


async def _thank(update: Update, turn: Turn, question_id: int) -> None:
    person = turn.person
    assert person is not None
    query = update.callback_query
    try:
        question = await service.thank(turn.session, _ctx(turn), person, question_id, turn.now)
    except service.PeerError as problem:
        await query.answer(texts.problem_text(turn.tr, problem.reason), show_alert=True)
        return
    follow_up = await service.can_follow_up(turn.session, person, question)
    await turn.session.commit()
    await query.answer(turn.tr.gettext("Thank you — I've passed it on. 🙏"))
    rows = [[(turn.tr.gettext("↩ Ask a follow-up"), f"peer:fu:{question.id}")]] if follow_up else []
    try:
        await query.edit_message_reply_markup(texts.keyboard(rows) if rows else None)
    except BadRequest as error:
        if "not modified" not in str(error).lower():
            raise


# --------------------------------------------------------------------------- answering


@with_turn(SUPPORTERS)
async def on_mentor_button(update: Update, context: Ctx, turn: Turn) -> None:
    """peer:claim:<id> / peer:reply:<id> / peer:asend[:no] / peer:arewrite / peer:anameok."""
    query = update.callback_query
    parts = query.data.split(":")
    action = parts[1]
    if action in ("claim", "reply") and len(parts) == 3 and parts[2].isdigit():
        if action == "claim":
            await _claim(update, context, turn, int(parts[2]))
        else:
            await _resume_answer(update, turn, int(parts[2]))
        return
    data = await _state(turn, update, FLOW_ANSWER)
    if data is None:
        await query.answer(texts.problem_text(turn.tr, "stale"), show_alert=True)
        return
    await query.answer()
    if action == "asend" and parts[2:] == ["no"]:  # ✖ Not now
        await states.clear(turn.session, _uid(update))
        await _edit(update, texts.render_answer_later(turn.tr))
    elif action == "arewrite":
        data.update(step="text", text=None)
        await states.put(turn.session, _uid(update), FLOW_ANSWER, data, turn.now)
        await _edit(update, turn.tr.gettext("Please type your answer again."))
    elif action == "anameok" and data.get("step") == "name":
        await _answer_review(update, turn, data)
    elif action == "asend" and data.get("step") == "review":
        await _send_answer(update, turn, data)
    else:
        await _send(update, texts.problem_text(turn.tr, "stale"))


async def _claim(update: Update, context: Ctx, turn: Turn, question_id: int) -> None:
    person = turn.person
    assert person is not None
    query = update.callback_query
    ctx = _ctx(turn)
    try:
        question, outcome = await service.claim(turn.session, ctx, person, question_id, turn.now)
    except service.PeerError as problem:
        await query.answer(texts.problem_text(turn.tr, problem.reason), show_alert=True)
        return
    if outcome != "won":
        await turn.session.commit()
        closed = outcome == "closed"
        toast = (
            texts.render_closed(turn.tr)
            if closed
            else turn.tr.gettext(
                "Another senior supporter is already answering this one. Thank you!"
            )
        )
        await query.answer(toast, show_alert=True)
        await _edit(update, texts.render_closed(turn.tr) if closed else texts.render_taken(turn.tr))
        return
    await states.put(
        turn.session,
        _uid(update),
        FLOW_ANSWER,
        {"question_id": question.id, "step": "text"},
        turn.now,
    )
    await turn.session.commit()
    log.info("peer question %s claimed by person %s", question.id, person.id)
    await query.answer(turn.tr.gettext("Thank you — it's yours."))
    await _edit(update, *texts.render_claimed(turn.tr, question))
    # Everyone else's copy now says it was taken (without saying by whom).
    for message in await service.question_messages(turn.session, question.id):
        if message.chat_id == update.effective_chat.id or message.person_id is None:
            continue
        recipient = await turn.session.get(Person, message.person_id)
        if recipient is None:
            continue
        try:
            await context.bot.edit_message_text(
                texts.render_taken(_ctx(turn).tr(recipient)),
                chat_id=message.chat_id,
                message_id=message.telegram_message_id,
                reply_markup=None,
            )
        except TelegramError as error:  # an old or deleted message: the claim stands
            log.info("could not edit a copy of question %s: %s", question.id, type(error).__name__)


async def _resume_answer(update: Update, turn: Turn, question_id: int) -> None:
    person = turn.person
    assert person is not None
    query = update.callback_query
    try:
        question = await service.answerable(turn.session, person, question_id)
    except service.PeerError as problem:
        await query.answer(texts.problem_text(turn.tr, problem.reason), show_alert=True)
        return
    await states.put(
        turn.session,
        _uid(update),
        FLOW_ANSWER,
        {"question_id": question.id, "step": "text"},
        turn.now,
    )
    await query.answer()
    await _edit(update, *texts.render_claimed(turn.tr, question))


async def on_answer_typed(update: Update, context: Ctx, turn: Turn, state: ChatState) -> None:
    """The mentor's answer: checked, then shown back for a last look before it is sent."""
    checked = await _typed_text(
        update, context, turn, state, MAX_ANSWER_CHARS, check_risk=False, check_stale=False
    )
    if checked is None:
        return
    data, check = checked
    data["text"] = check.text
    if check.name is not None:
        await _warn_name(
            update, turn, FLOW_ANSWER, data, check.name, "peer:arewrite", "peer:anameok"
        )
        return
    await _answer_review(update, turn, data)


async def _answer_review(update: Update, turn: Turn, data: dict[str, Any]) -> None:
    data["step"] = "review"
    await states.put(turn.session, _uid(update), FLOW_ANSWER, data, turn.now)
    text, rows = texts.render_answer_review(turn.tr, str(data["text"]))
    await _send(update, text, rows)


async def _send_answer(update: Update, turn: Turn, data: dict[str, Any]) -> None:
    person = turn.person
    assert person is not None
    try:
        question = await service.answer(
            turn.session, _ctx(turn), person, int(data["question_id"]), str(data["text"]), turn.now
        )
    except service.PeerError as problem:
        await states.clear(turn.session, _uid(update))
        await _edit(update, texts.problem_text(turn.tr, problem.reason, MAX_ANSWER_CHARS))
        return
    await states.clear(turn.session, _uid(update))
    await turn.session.commit()
    log.info("peer question %s answered by person %s", question.id, person.id)
    await _edit(update, texts.render_answer_sent(turn.tr))


# --------------------------------------------------------------------------- sharing a tip


async def _start_share(update: Update, turn: Turn) -> None:
    await states.put(turn.session, _uid(update), FLOW_TIP, {"step": "text"}, turn.now)
    text, rows = texts.render_share_prompt(turn.tr)
    await _send(update, text, rows)


async def on_tip_typed(update: Update, context: Ctx, turn: Turn, state: ChatState) -> None:
    """The tip's text: checked, then a topic by two taps."""
    checked = await _typed_text(update, context, turn, state, MAX_TIP_CHARS)
    if checked is None:
        return
    data, check = checked
    if check.risk is not None:
        # A tip goes to the social worker first, but a present danger must not wait for that.
        await _safety_first(update, turn, check.risk, sharing=True)
    data["text"] = check.text
    if check.name is not None:
        await _warn_name(update, turn, FLOW_TIP, data, check.name, "ptip:rewrite", "ptip:nameok")
        return
    data["step"] = "area"
    await states.put(turn.session, _uid(update), FLOW_TIP, data, turn.now)
    text, rows = texts.render_pick_area(
        turn.tr, turn.services.library.categories, "ptip:cat", "ptip:cancel"
    )
    await _send(update, text, rows)


@with_turn(SUPPORTERS)
async def on_tip_button(update: Update, context: Ctx, turn: Turn) -> None:
    """ptip:<cancel|rewrite|nameok|areas|cat|top|send|fb> for the supporter."""
    query = update.callback_query
    parts = query.data.split(":")
    action = parts[1]
    person = turn.person
    assert person is not None
    library = turn.services.library
    tr = turn.tr
    if action == "fb" and len(parts) == 4 and parts[2].isdigit() and parts[3] in ("0", "1"):
        await service.record_tip_vote(
            turn.session, _ctx(turn), person, int(parts[2]), parts[3] == "1", turn.now
        )
        await turn.session.commit()
        await query.answer(tr.gettext("Thank you — noted."))
        return
    if action == "cancel":
        await states.clear(turn.session, _uid(update))
        await query.answer()
        await _edit(update, tr.gettext("OK, cancelled. Nothing was sent."))
        return
    data = await _state(turn, update, FLOW_TIP)
    if data is None:
        await query.answer(texts.problem_text(tr, "stale"), show_alert=True)
        return
    await query.answer()
    value = parts[2] if len(parts) > 2 else ""
    categories = {c.id: c for c in library.categories}
    if action == "rewrite":
        await states.put(turn.session, _uid(update), FLOW_TIP, {"step": "text"}, turn.now)
        text, rows = texts.render_share_prompt(tr)
        await _edit(update, text, rows)
    elif action in ("nameok", "areas") and data.get("step") in ("name", "area", "review"):
        data["step"] = "area"
        await states.put(turn.session, _uid(update), FLOW_TIP, data, turn.now)
        text, rows = texts.render_pick_area(tr, library.categories, "ptip:cat", "ptip:cancel")
        await _edit(update, text, rows)
    elif action == "cat" and value in categories and data.get("step") == "area":
        text, rows = texts.render_pick_topic(
            tr, categories[value], library.topics, "ptip:top", "ptip:areas"
        )
        await _edit(update, text, rows)
    elif action == "top" and service.valid_tip_topic(_ctx(turn), value) and data.get("text"):
        data.update(step="review", topic=value)
        await states.put(turn.session, _uid(update), FLOW_TIP, data, turn.now)
        worker = await service.worker_name(turn.session, person) or tr.gettext("your social worker")
        text, rows = texts.render_tip_review(
            tr,
            str(data["text"]),
            library.topics[value].label(tr.lang),
            worker,
            _first_name(update, person),
        )
        await _edit(update, text, rows)
    elif action == "send" and data.get("step") == "review" and value in ("name", "anon"):
        await _send_tip(update, turn, data, credit=value == "name")
    else:
        await _send(update, texts.problem_text(tr, "stale"))


async def _send_tip(update: Update, turn: Turn, data: dict[str, Any], *, credit: bool) -> None:
    person = turn.person
    assert person is not None
    try:
        tip, reviewers = await service.share_tip(
            turn.session,
            _ctx(turn),
            person,
            str(data.get("text") or ""),
            str(data.get("topic") or ""),
            _first_name(update, person) if credit else None,
            turn.now,
        )
    except service.PeerError as problem:
        await states.clear(turn.session, _uid(update))
        await _edit(update, texts.problem_text(turn.tr, problem.reason, MAX_TIP_CHARS))
        return
    await states.clear(turn.session, _uid(update))
    await turn.session.commit()
    log.info("tip %s shared by person %s", tip.id, person.id)
    names = ", ".join(r.display_name for r in reviewers) or turn.tr.gettext("your social worker")
    await _edit(update, texts.render_tip_sent(turn.tr, names))


# --------------------------------------------------------------------------- tip review (staff)


@with_turn(STAFF)
async def on_review_button(update: Update, context: Ctx, turn: Turn) -> None:
    """ptip:ok:<id> approves; ptip:edit:<id> / ptip:ret:<id> ask for the text first."""
    query = update.callback_query
    parts = query.data.split(":")
    person = turn.person
    assert person is not None
    if len(parts) != 3 or not parts[2].isdigit():
        await query.answer()
        return
    action, tip_id = parts[1], int(parts[2])
    try:
        tip = await service.tip_for_staff(turn.session, person, tip_id)
    except service.PeerError as problem:
        await query.answer(texts.problem_text(turn.tr, problem.reason), show_alert=True)
        return
    if tip.status != "pending":
        reviewer = (
            await turn.session.get(Person, tip.reviewed_by_id) if tip.reviewed_by_id else None
        )
        await query.answer(
            turn.tr.gettext("This tip was already reviewed by {name}.").format(
                name=reviewer.display_name if reviewer else "?"
            ),
            show_alert=True,
        )
        return
    if action == "ok":
        await _approve(update, context, turn, tip_id)
        return
    await query.answer()
    author = await turn.session.get(Person, tip.author_id)
    if action == "edit":
        await states.put(turn.session, _uid(update), FLOW_TIP_EDIT, {"tip_id": tip.id}, turn.now)
        await _send(update, texts.render_edit_prompt(turn.tr, tip))
    elif action == "ret":
        await states.put(turn.session, _uid(update), FLOW_TIP_RETURN, {"tip_id": tip.id}, turn.now)
        await _send(
            update, texts.render_return_prompt(turn.tr, tip, author.display_name if author else "?")
        )


async def _approve(update: Update, context: Ctx, turn: Turn, tip_id: int) -> None:
    person = turn.person
    assert person is not None
    query = update.callback_query
    tip, won = await service.approve_tip(turn.session, _ctx(turn), person, tip_id, turn.now)
    await turn.session.commit()
    if not won:
        await query.answer(turn.tr.gettext("This tip was already reviewed."), show_alert=True)
        return
    log.info("tip %s approved by person %s", tip.id, person.id)
    await query.answer(turn.tr.gettext("Approved — thank you."))
    await _update_reviews(context, turn, tip)


async def _update_reviews(context: Ctx, turn: Turn, tip: Any) -> None:
    """Every review request of the tip now says what happened (and who did it)."""
    person = turn.person
    assert person is not None
    for message in await service.review_messages(turn.session, tip.id):
        recipient = await turn.session.get(Person, message.person_id) if message.person_id else None
        if recipient is None:
            continue
        you = recipient.id == person.id
        text = texts.render_tip_reviewed(
            _ctx(turn).tr(recipient), tip, person.display_name, you=you
        )
        try:
            await context.bot.edit_message_text(
                text,
                chat_id=message.chat_id,
                message_id=message.telegram_message_id,
                reply_markup=None,
            )
        except TelegramError as error:
            log.info("could not edit a review of tip %s: %s", tip.id, type(error).__name__)


async def on_tip_edit_typed(update: Update, context: Ctx, turn: Turn, state: ChatState) -> None:
    """The social worker's edited tip: approved as typed."""
    person = turn.person
    if person is None or person.role not in STAFF:
        return
    tip_id = int(state.data["tip_id"])
    try:
        tip, won = await service.approve_tip(
            turn.session, _ctx(turn), person, tip_id, turn.now, update.effective_message.text or ""
        )
    except service.PeerError as problem:
        if problem.reason == "not_found":
            await states.clear(turn.session, _uid(update))
        await _problem(update, turn, problem.reason, MAX_TIP_CHARS)
        return
    await states.clear(turn.session, _uid(update))
    await turn.session.commit()
    if not won:
        await update.effective_message.reply_text(turn.tr.gettext("This tip was already reviewed."))
        return
    log.info("tip %s approved with edits by person %s", tip.id, person.id)
    await update.effective_message.reply_text(
        turn.tr.gettext("✅ Approved tip #{id} with your edits. The author has been told.").format(
            id=tip.id
        )
    )
    await _update_reviews(context, turn, tip)


async def on_tip_return_typed(update: Update, context: Ctx, turn: Turn, state: ChatState) -> None:
    """The kind note that goes back to the author with their tip."""
    person = turn.person
    if person is None or person.role not in STAFF:
        return
    tip_id = int(state.data["tip_id"])
    try:
        tip, won = await service.return_tip(
            turn.session, _ctx(turn), person, tip_id, update.effective_message.text or "", turn.now
        )
    except service.PeerError as problem:
        if problem.reason == "not_found":
            await states.clear(turn.session, _uid(update))
        await _problem(update, turn, problem.reason, 500)
        return
    await states.clear(turn.session, _uid(update))
    await turn.session.commit()
    if not won:
        await update.effective_message.reply_text(turn.tr.gettext("This tip was already reviewed."))
        return
    log.info("tip %s returned by person %s", tip.id, person.id)
    author = await turn.session.get(Person, tip.author_id)
    await update.effective_message.reply_text(
        turn.tr.gettext("↩ Returned tip #{id} to {author} with your note.").format(
            id=tip.id, author=author.display_name if author else "?"
        )
    )
    await _update_reviews(context, turn, tip)


# --------------------------------------------------------------------------- staff view


async def _staff_home(update: Update, turn: Turn) -> None:
    """The unit's peer picture on one screen, then each tip waiting for review."""
    person = turn.person
    assert person is not None
    text, rows = await _staff_home_screen(turn)
    await _send(update, text, rows)
    ctx = _ctx(turn)
    for tip, author in await service.pending_tips(turn.session, person.unit_id):
        text, rows = texts.render_tip_for_review(
            turn.tr, tip, author.display_name, ctx.topic_label(tip.topic, turn.lang)
        )
        await _send(update, text, rows)


async def _staff_home_screen(turn: Turn) -> tuple[str, texts.Rows]:
    person = turn.person
    assert person is not None
    unit = await turn.session.get(Unit, person.unit_id)
    assert unit is not None
    mentors, pending, drafts = await service.counts_for_staff(turn.session, unit.id)
    page = await service.question_page(turn.session, unit.id, turn.now, 0)
    return texts.render_staff_home(turn.tr, unit.name(turn.lang), mentors, pending, drafts, page)


@with_turn(STAFF)
async def on_staff_button(update: Update, context: Ctx, turn: Turn) -> None:
    """peer:<staff|ql|qv|mentors|sm|draft|dcat|dtop|dq|dfile|contact> for social workers
    and admins."""
    query = update.callback_query
    parts = query.data.split(":")
    action = parts[1]
    person = turn.person
    assert person is not None
    tr = turn.tr
    ctx = _ctx(turn)
    unit = await turn.session.get(Unit, person.unit_id)
    assert unit is not None
    try:
        if action == "staff":
            await query.answer()
            await _edit(update, *await _staff_home_screen(turn))
        elif action == "ql":
            page = await service.question_page(turn.session, unit.id, turn.now, int(parts[2]))
            await query.answer()
            await _edit(update, *texts.render_question_list(tr, page, turn.services.settings.tz))
        elif action in ("mentors", "sm"):
            if action == "sm":
                supporter, on = await service.staff_toggle_mentor(
                    turn.session, ctx, person, int(parts[2]), turn.now
                )
                await turn.session.commit()
                log.info("person %s set mentor %s for person %s", person.id, on, supporter.id)
            await query.answer()
            people = await service.unit_supporters(turn.session, unit.id)
            page_at = 3 if action == "sm" else 2  # peer:sm:<id>:<page>, peer:mentors:<page>
            page = int(parts[page_at]) if len(parts) > page_at else 0
            text, rows = texts.render_mentor_choice(
                tr, unit.name(tr.lang), [(p.id, p.display_name, on) for p, on in people], page
            )
            await _edit(update, text, rows)
        elif action in ("qv", "draft", "dcat", "dtop", "dq"):
            await _draft_step(update, turn, parts)
        elif action == "dfile":
            await _send_drafts_file(update, turn, unit.id)
        elif action == "contact":
            await _contact_supporter(update, turn, int(parts[2]))
        else:
            await query.answer()
    except (ValueError, IndexError):
        await query.answer()
    except service.PeerError as problem:
        await query.answer(texts.problem_text(tr, problem.reason), show_alert=True)


async def _draft_step(update: Update, turn: Turn, parts: list[str]) -> None:
    """A question in full → "make a draft card" → area → topic → the draft is saved."""
    person = turn.person
    assert person is not None
    query = update.callback_query
    library = turn.services.library
    detail = await service.question_detail(turn.session, person, int(parts[2]), turn.now)
    question = detail.question
    tr = turn.tr
    categories = {c.id: c for c in library.categories}
    if parts[1] == "draft":
        text, rows = texts.render_pick_area(
            tr,
            library.categories,
            f"peer:dcat:{question.id}",
            f"peer:dq:{question.id}",
            exclude=frozenset(),
        )
    elif parts[1] == "dcat" and len(parts) == 4 and parts[3] in categories:
        text, rows = texts.render_pick_topic(
            tr,
            categories[parts[3]],
            library.topics,
            f"peer:dtop:{question.id}",
            f"peer:draft:{question.id}",
        )
    elif parts[1] == "dtop" and len(parts) == 4:
        draft = await service.make_draft(
            turn.session, _ctx(turn), person, question.id, parts[3], turn.now
        )
        await turn.session.commit()
        log.info(
            "draft card %s made from question %s by person %s", draft.id, question.id, person.id
        )
        topic = library.topics[draft.topic].label(tr.lang)
        text, rows = texts.render_draft_saved(tr, question.id, topic)
    else:
        text, rows = texts.render_staff_question(tr, detail, turn.services.settings.tz)
    await query.answer()
    await _edit(update, text, rows)


async def _send_drafts_file(update: Update, turn: Turn, unit_id: int) -> None:
    """The unit's draft cards (and approved shared tips) as the YAML file the clinical team
    finishes — the same as `tunghang content export-shared --unit N`."""
    await update.callback_query.answer()
    yaml_text, count = await service.export_shared(turn.session, unit_id)
    if not count:
        await _send(update, turn.tr.gettext("There are no draft cards or approved tips yet."))
        return
    day = turn.local_now().date().isoformat()
    await update.get_bot().send_document(
        update.effective_chat.id,
        document=yaml_text.encode("utf-8"),
        filename=f"tunghang-shared-cards-{day}.yaml",
        caption=texts.render_drafts_file(turn.tr, count),
    )


async def _contact_supporter(update: Update, turn: Turn, person_id: int) -> None:
    staff = turn.person
    assert staff is not None
    supporter = await turn.session.get(Person, person_id)
    if supporter is None or supporter.unit_id != staff.unit_id:
        raise service.PeerError("not_found")
    await update.callback_query.answer()
    link = (
        f"https://t.me/{supporter.telegram_username}"
        if supporter.telegram_username
        else f"tg://user?id={supporter.telegram_user_id}"
    )
    label = turn.tr.gettext("💬 Message {name}").format(name=supporter.display_name)
    await update.get_bot().send_message(
        update.effective_chat.id,
        texts.render_contact(turn.tr, supporter.display_name),
        reply_markup=InlineKeyboardMarkup([[InlineKeyboardButton(label, url=link)]]),
    )


def handlers(catalogs: Catalogs) -> list[BaseHandler]:  # type: ignore[type-arg]
    return [
        CommandHandler("peer", open_peers),
        MessageHandler(views.menu_label_filter(catalogs, "peers"), open_peers),
        CommandHandler("askpeer", ask_command),
        CommandHandler("sharetip", share_command),
        CallbackQueryHandler(
            on_mentor_button, pattern=r"^peer:(claim|reply|asend|arewrite|anameok)"
        ),
        CallbackQueryHandler(
            on_staff_button,
            pattern=r"^peer:(staff|ql|qv|mentors|sm|draft|dcat|dtop|dq|dfile|contact)",
        ),
        CallbackQueryHandler(on_supporter_button, pattern=r"^peer:"),
        CallbackQueryHandler(on_review_button, pattern=r"^ptip:(ok|edit|ret):"),
        CallbackQueryHandler(on_tip_button, pattern=r"^ptip:"),
    ]


def register_text(router: TextRouter) -> None:
    router.flow(FLOW_ASK, on_ask_typed)
    router.flow(FLOW_ANSWER, on_answer_typed)
    router.flow(FLOW_TIP, on_tip_typed)
    router.flow(FLOW_TIP_EDIT, on_tip_edit_typed)
    router.flow(FLOW_TIP_RETURN, on_tip_return_typed)
