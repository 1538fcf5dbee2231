"""Steps every peer flow shares: sending and editing, the flow's data, checking typed text."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from telegram import Update

from bot.context import Ctx, Services, Turn
from bot.domain.escalation import CATEGORY_FOR_RISK_TOPIC
from bot.domain.peer import (
    TextCheck,
    check_text,
)
from bot.domain.risk import RiskMatch
from bot.handlers import library
from bot.handlers.steps import Flow, Takes
from bot.i18n import N_
from bot.replies import Edit, Send
from bot.services import states
from bot.views import peer as texts
from storage.models import STAFF_ROLES, ChatState, Person, Role

SUPPORTERS = {Role.SUPPORTER}
STAFF = STAFF_ROLES
FLOW_ASK = "peer.ask"
FLOW_ANSWER = "peer.answer"
FLOW_TIP = "peer.tip"
FLOW_TIP_EDIT = "peer.tip_edit"
FLOW_TIP_RETURN = "peer.tip_return"


class PeerStep(StrEnum):
    TEXT = "text"  # typing the question, answer or tip
    NAME = "name"  # the text seems to hold a full name: rewrite it or keep it?
    AREA = "area"  # a tip's area, then its topic
    REVIEW = "review"  # send with my name, or without


# Only the text step takes typing; at the others a button is wanted, and typed text is
# something else (the flow waits, parked, and the text is answered like any message).
_TEXT_THEN_BUTTONS: dict[str, Takes] = {PeerStep.TEXT: Takes.ANY_TEXT}
ASK_FLOW = Flow(FLOW_ASK, steps=_TEXT_THEN_BUTTONS)
ANSWER_FLOW = Flow(FLOW_ANSWER, steps=_TEXT_THEN_BUTTONS)
TIP_FLOW = Flow(FLOW_TIP, steps=_TEXT_THEN_BUTTONS)
TIP_EDIT_FLOW = Flow(FLOW_TIP_EDIT, Takes.ANY_TEXT)  # a social worker's edit of a tip
TIP_RETURN_FLOW = Flow(FLOW_TIP_RETURN, Takes.ANY_TEXT)  # the note that returns a tip
# Typing is expected right after a prompt; text much later is something else.
FLOW_FRESH_FOR = dt.timedelta(minutes=30)
USE_BUTTONS = N_("Please use the buttons above, or send /cancel to stop.")


def peer_context(turn: Turn) -> Services:
    return turn.services


def first_name(update: Update, person: Person) -> str:
    """The name shown only if the supporter chooses to show it: their Telegram first name."""
    user = update.effective_user
    name = (user.first_name if user else "") or person.display_name
    return name.strip()[:64]


def send(turn: Turn, text: str, rows: texts.Rows | None = None, **kwargs: Any) -> None:
    """A new message in this chat, with buttons from `rows` (sent after the commit)."""
    turn.say(Send(text, texts.keyboard(rows) if rows else None, **kwargs))


def edit(turn: Turn, text: str, rows: texts.Rows | None = None) -> None:
    """Edit the message whose button was pressed (an identical edit is fine)."""
    turn.say(Edit(text, texts.keyboard(rows) if rows else None))


async def flow_data(turn: Turn, update: Update, flow: str) -> dict[str, Any] | None:
    state = await states.get(turn.session, turn.user_id)
    return dict(state.data) if state is not None and state.flow == flow else None


async def say_problem(update: Update, turn: Turn, reason: str, limit: int = 0) -> None:
    turn.say(Send(texts.problem_text(turn.tr, reason, limit)))


async def safety_first(update: Update, turn: Turn, risk: RiskMatch, *, sharing: bool) -> None:
    """What happens to the peer text: the safety net has already put the block (999, the
    lines, the one-tap way to the social worker) above, so only the peer part is said."""
    category = CATEGORY_FOR_RISK_TOPIC.get(risk.topic_id, "other")
    text, rows = texts.render_risk(turn.tr, category, still_sharing=sharing)
    send(turn, text, rows)


async def _stale(update: Update, context: Ctx, turn: Turn, state: ChatState) -> bool:
    """A question or tip left half-done long ago: this text is something new (a question
    for the refreshers), not the next step."""
    if turn.now - state.updated_at <= FLOW_FRESH_FOR:
        return False
    await states.clear(turn.session, turn.user_id)
    await library.answer_question(update, context, turn)
    return True


async def typed_text(
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
    if state.data.get("step") != PeerStep.TEXT:
        turn.say(Send(turn.tr.gettext(USE_BUTTONS)))
        return None
    check = check_text(turn.text, limit, check_risk=check_risk)
    if check.problem is not None:
        await say_problem(update, turn, str(check.problem), limit)
        return None
    return dict(state.data), check


async def warn_name(
    update: Update,
    turn: Turn,
    flow: str,
    data: dict[str, Any],
    name: str,
    rewrite: str,
    keep: str,
) -> None:
    """The text seems to hold a full name: ask before going on (buttons `rewrite`/`keep`)."""
    data["step"] = PeerStep.NAME
    await states.put(turn.session, turn.user_id, flow, data, turn.now)
    text, rows = texts.render_name_warning(turn.tr, name, rewrite, keep)
    send(turn, text, rows)
