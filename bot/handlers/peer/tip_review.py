"""The social worker reviewing a shared tip: approve, edit and approve, or return it."""

from __future__ import annotations

import logging
from typing import Any

from telegram import Update

from bot import callbacks as cb
from bot.context import Ctx, Turn, with_turn
from bot.domain.peer import MAX_TIP_CHARS
from bot.handlers.peer.common import (
    FLOW_TIP_EDIT,
    FLOW_TIP_RETURN,
    STAFF,
    peer_context,
    say_problem,
    send,
)
from bot.handlers.peer.sharing import REVIEW_ROUTES
from bot.replies import Answer, Edit, Send
from bot.services import peer as service
from bot.services import states
from bot.views import peer as texts
from storage.models import ChatState, Person

log = logging.getLogger(__name__)


@with_turn(STAFF)
async def on_review_button(update: Update, context: Ctx, turn: Turn) -> None:
    """ptip:ok:<id> approves; ptip:edit:<id> / ptip:ret:<id> ask for the text first."""
    route, args = cb.PTIP.parse(turn.data, *REVIEW_ROUTES)
    person = turn.speaker
    tip_id = args.number("tip_id")
    try:
        tip = await service.tip_for_staff(turn.session, person, tip_id)
    except service.PeerError as problem:
        turn.say(Answer(texts.problem_text(turn.tr, problem.reason), alert=True))
        return
    if tip.status != "pending":
        reviewer = (
            await turn.session.get(Person, tip.reviewed_by_id) if tip.reviewed_by_id else None
        )
        turn.say(
            Answer(
                turn.tr.gettext("This tip was already reviewed by {name}.").format(
                    name=reviewer.display_name if reviewer else "?"
                ),
                alert=True,
            )
        )
        return
    if route is cb.PTIP_APPROVE:
        await _approve(update, context, turn, tip_id)
        return
    turn.say(Answer())
    author = await turn.session.get(Person, tip.author_id)
    if route is cb.PTIP_EDIT:
        await states.put(turn.session, turn.user_id, FLOW_TIP_EDIT, {"tip_id": tip.id}, turn.now)
        send(turn, texts.render_edit_prompt(turn.tr, tip))
    elif route is cb.PTIP_RETURN:
        await states.put(turn.session, turn.user_id, FLOW_TIP_RETURN, {"tip_id": tip.id}, turn.now)
        send(turn, texts.render_return_prompt(turn.tr, tip, author.display_name if author else "?"))


async def _approve(update: Update, context: Ctx, turn: Turn, tip_id: int) -> None:
    person = turn.speaker
    tip, won = await service.approve_tip(turn.session, peer_context(turn), person, tip_id, turn.now)
    if not won:
        turn.say(Answer(turn.tr.gettext("This tip was already reviewed."), alert=True))
        return
    log.info("tip %s approved by person %s", tip.id, person.id)
    turn.say(Answer(turn.tr.gettext("Approved — thank you.")))
    await _update_reviews(context, turn, tip)


async def _update_reviews(context: Ctx, turn: Turn, tip: Any) -> None:
    """Every review request of the tip now says what happened (and who did it)."""
    person = turn.speaker
    for message in await service.review_messages(turn.session, tip.id):
        recipient = await turn.session.get(Person, message.person_id) if message.person_id else None
        if recipient is None:
            continue
        you = recipient.id == person.id
        text = texts.render_tip_reviewed(
            peer_context(turn).tr(recipient), tip, person.display_name, you=you
        )
        turn.say(
            Edit(
                text,
                chat_id=message.chat_id,
                message_id=message.telegram_message_id,
                best_effort=True,
            )
        )


async def on_tip_edit_typed(update: Update, context: Ctx, turn: Turn, state: ChatState) -> None:
    """The social worker's edited tip: approved as typed."""
    person = turn.person
    if person is None or person.role not in STAFF:
        return
    tip_id = int(state.data["tip_id"])
    try:
        tip, won = await service.approve_tip(
            turn.session,
            peer_context(turn),
            person,
            tip_id,
            turn.now,
            turn.text,
        )
    except service.PeerError as problem:
        if problem.reason == "not_found":
            await states.clear(turn.session, turn.user_id)
        await say_problem(update, turn, problem.reason, MAX_TIP_CHARS)
        return
    await states.clear(turn.session, turn.user_id)
    if not won:
        turn.say(Send(turn.tr.gettext("This tip was already reviewed.")))
        return
    log.info("tip %s approved with edits by person %s", tip.id, person.id)
    turn.say(
        Send(
            turn.tr.gettext(
                "✅ Approved tip #{id} with your edits. The author has been told."
            ).format(id=tip.id)
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
            turn.session,
            peer_context(turn),
            person,
            tip_id,
            turn.text,
            turn.now,
        )
    except service.PeerError as problem:
        if problem.reason == "not_found":
            await states.clear(turn.session, turn.user_id)
        await say_problem(update, turn, problem.reason, 500)
        return
    await states.clear(turn.session, turn.user_id)
    if not won:
        turn.say(Send(turn.tr.gettext("This tip was already reviewed.")))
        return
    log.info("tip %s returned by person %s", tip.id, person.id)
    author = await turn.session.get(Person, tip.author_id)
    turn.say(
        Send(
            turn.tr.gettext("↩ Returned tip #{id} to {author} with your note.").format(
                id=tip.id, author=author.display_name if author else "?"
            )
        )
    )
    await _update_reviews(context, turn, tip)
