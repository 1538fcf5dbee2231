"""A mentor taking a question and typing the answer."""

from __future__ import annotations

import logging
from typing import Any

from telegram import Update

from bot import callbacks as cb
from bot.context import Ctx, Turn, with_turn
from bot.domain.peer import MAX_ANSWER_CHARS
from bot.handlers.peer.common import (
    FLOW_ANSWER,
    SUPPORTERS,
    PeerStep,
    edit,
    flow_data,
    peer_context,
    send,
    typed_text,
    warn_name,
)
from bot.replies import Answer, Edit
from bot.services import peer as service
from bot.services import states
from bot.views import peer as texts
from storage.models import ChatState, Person

log = logging.getLogger(__name__)


MENTOR_ROUTES = (
    cb.PEER_CLAIM,
    cb.PEER_REPLY,
    cb.PEER_ANSWER_SEND,
    cb.PEER_ANSWER_LATER,
    cb.PEER_ANSWER_REWRITE,
    cb.PEER_ANSWER_NAME_OK,
)


@with_turn(SUPPORTERS)
async def on_mentor_button(update: Update, context: Ctx, turn: Turn) -> None:
    """peer:claim:<id> / peer:reply:<id> / peer:asend[:no] / peer:arewrite / peer:anameok."""
    route, args = cb.PEER.parse(turn.data, *MENTOR_ROUTES)
    if route is cb.PEER_CLAIM:
        await _claim(update, context, turn, args.number("question_id"))
        return
    if route is cb.PEER_REPLY:
        await _resume_answer(update, turn, args.number("question_id"))
        return
    data = await flow_data(turn, update, FLOW_ANSWER)
    if data is None:
        turn.say(Answer(texts.problem_text(turn.tr, "stale"), alert=True))
        return
    turn.say(Answer())
    if route is cb.PEER_ANSWER_LATER:  # ✖ Not now
        await states.clear(turn.session, turn.user_id)
        edit(turn, texts.render_answer_later(turn.tr))
    elif route is cb.PEER_ANSWER_REWRITE:
        data.update(step=PeerStep.TEXT, text=None)
        await states.put(turn.session, turn.user_id, FLOW_ANSWER, data, turn.now)
        edit(turn, turn.tr.gettext("Please type your answer again."))
    elif route is cb.PEER_ANSWER_NAME_OK and data.get("step") == PeerStep.NAME:
        await _answer_review(update, turn, data)
    elif route is cb.PEER_ANSWER_SEND and data.get("step") == PeerStep.REVIEW:
        await _send_answer(update, turn, data)
    else:
        send(turn, texts.problem_text(turn.tr, "stale"))


async def _claim(update: Update, context: Ctx, turn: Turn, question_id: int) -> None:
    person = turn.speaker
    ctx = peer_context(turn)
    try:
        question, outcome = await service.claim(turn.session, ctx, person, question_id, turn.now)
    except service.PeerError as problem:
        turn.say(Answer(texts.problem_text(turn.tr, problem.reason), alert=True))
        return
    if outcome != "won":
        closed = outcome == "closed"
        toast = (
            texts.render_closed(turn.tr)
            if closed
            else turn.tr.gettext(
                "Another senior supporter is already answering this one. Thank you!"
            )
        )
        turn.say(Answer(toast, alert=True))
        edit(turn, texts.render_closed(turn.tr) if closed else texts.render_taken(turn.tr))
        return
    await states.put(
        turn.session,
        turn.user_id,
        FLOW_ANSWER,
        {"question_id": question.id, "step": PeerStep.TEXT},
        turn.now,
    )
    log.info("peer question %s claimed by person %s", question.id, person.id)
    turn.say(Answer(turn.tr.gettext("Thank you — it's yours.")))
    edit(turn, *texts.render_claimed(turn.tr, question))
    # Everyone else's copy now says it was taken (without saying by whom).
    for message in await service.question_messages(turn.session, question.id):
        if message.chat_id == turn.chat_id or message.person_id is None:
            continue
        recipient = await turn.session.get(Person, message.person_id)
        if recipient is None:
            continue
        turn.say(
            Edit(
                texts.render_taken(peer_context(turn).tr(recipient)),
                chat_id=message.chat_id,
                message_id=message.telegram_message_id,
                best_effort=True,
            )
        )


async def _resume_answer(update: Update, turn: Turn, question_id: int) -> None:
    person = turn.speaker
    try:
        question = await service.answerable(turn.session, person, question_id)
    except service.PeerError as problem:
        turn.say(Answer(texts.problem_text(turn.tr, problem.reason), alert=True))
        return
    await states.put(
        turn.session,
        turn.user_id,
        FLOW_ANSWER,
        {"question_id": question.id, "step": PeerStep.TEXT},
        turn.now,
    )
    turn.say(Answer())
    edit(turn, *texts.render_claimed(turn.tr, question))


async def on_answer_typed(update: Update, context: Ctx, turn: Turn, state: ChatState) -> None:
    """The mentor's answer: checked, then shown back for a last look before it is sent."""
    checked = await typed_text(
        update, context, turn, state, MAX_ANSWER_CHARS, check_risk=False, check_stale=False
    )
    if checked is None:
        return
    data, check = checked
    data["text"] = check.text
    if check.name is not None:
        rewrite, keep = cb.PEER_ANSWER_REWRITE.data(), cb.PEER_ANSWER_NAME_OK.data()
        await warn_name(update, turn, FLOW_ANSWER, data, check.name, rewrite, keep)
        return
    await _answer_review(update, turn, data)


async def _answer_review(update: Update, turn: Turn, data: dict[str, Any]) -> None:
    data["step"] = PeerStep.REVIEW
    await states.put(turn.session, turn.user_id, FLOW_ANSWER, data, turn.now)
    text, rows = texts.render_answer_review(turn.tr, str(data["text"]))
    send(turn, text, rows)


async def _send_answer(update: Update, turn: Turn, data: dict[str, Any]) -> None:
    person = turn.speaker
    try:
        question = await service.answer(
            turn.session,
            peer_context(turn),
            person,
            int(data["question_id"]),
            str(data["text"]),
            turn.now,
        )
    except service.PeerError as problem:
        await states.clear(turn.session, turn.user_id)
        edit(turn, texts.problem_text(turn.tr, problem.reason, MAX_ANSWER_CHARS))
        return
    await states.clear(turn.session, turn.user_id)
    log.info("peer question %s answered by person %s", question.id, person.id)
    edit(turn, texts.render_answer_sent(turn.tr))
