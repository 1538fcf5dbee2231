"""A supporter sharing a tip: typing it, picking its area, reviewing, sending."""

from __future__ import annotations

import logging
from typing import Any

from telegram import Update

from bot.context import Ctx, Turn, with_turn
from bot.domain.peer import MAX_TIP_CHARS
from bot.handlers.peer.common import (
    FLOW_TIP,
    SUPPORTERS,
    edit,
    first_name,
    flow_data,
    peer_context,
    safety_first,
    send,
    typed_text,
    warn_name,
)
from bot.replies import Answer
from bot.services import peer as service
from bot.services import states
from bot.views import peer as texts
from storage.models import ChatState

log = logging.getLogger(__name__)


async def start_share(update: Update, turn: Turn) -> None:
    await states.put(turn.session, turn.user_id, FLOW_TIP, {"step": "text"}, turn.now)
    text, rows = texts.render_share_prompt(turn.tr)
    send(turn, text, rows)


async def on_tip_typed(update: Update, context: Ctx, turn: Turn, state: ChatState) -> None:
    """The tip's text: checked, then a topic by two taps."""
    checked = await typed_text(update, context, turn, state, MAX_TIP_CHARS)
    if checked is None:
        return
    data, check = checked
    if check.risk is not None:
        # A tip goes to the social worker first, but a present danger must not wait for that.
        await safety_first(update, turn, check.risk, sharing=True)
    data["text"] = check.text
    if check.name is not None:
        await warn_name(update, turn, FLOW_TIP, data, check.name, "ptip:rewrite", "ptip:nameok")
        return
    data["step"] = "area"
    await states.put(turn.session, turn.user_id, FLOW_TIP, data, turn.now)
    text, rows = texts.render_pick_area(
        turn.tr, turn.services.library.categories, "ptip:cat", "ptip:cancel"
    )
    send(turn, text, rows)


@with_turn(SUPPORTERS)
async def on_tip_button(update: Update, context: Ctx, turn: Turn) -> None:
    """ptip:<cancel|rewrite|nameok|areas|cat|top|send|fb> for the supporter."""
    parts = turn.data.split(":")
    action = parts[1]
    person = turn.speaker
    library = turn.services.library
    tr = turn.tr
    if action == "fb" and len(parts) == 4 and parts[2].isdigit() and parts[3] in ("0", "1"):
        await service.record_tip_vote(
            turn.session, peer_context(turn), person, int(parts[2]), parts[3] == "1", turn.now
        )
        turn.say(Answer(tr.gettext("Thank you — noted.")))
        return
    if action == "cancel":
        await states.clear(turn.session, turn.user_id)
        turn.say(Answer())
        edit(turn, tr.gettext("OK, cancelled. Nothing was sent."))
        return
    data = await flow_data(turn, update, FLOW_TIP)
    if data is None:
        turn.say(Answer(texts.problem_text(tr, "stale"), alert=True))
        return
    turn.say(Answer())
    value = parts[2] if len(parts) > 2 else ""
    categories = {c.id: c for c in library.categories}
    if action == "rewrite":
        await states.put(turn.session, turn.user_id, FLOW_TIP, {"step": "text"}, turn.now)
        text, rows = texts.render_share_prompt(tr)
        edit(turn, text, rows)
    elif action in ("nameok", "areas") and data.get("step") in ("name", "area", "review"):
        data["step"] = "area"
        await states.put(turn.session, turn.user_id, FLOW_TIP, data, turn.now)
        text, rows = texts.render_pick_area(tr, library.categories, "ptip:cat", "ptip:cancel")
        edit(turn, text, rows)
    elif action == "cat" and value in categories and data.get("step") == "area":
        text, rows = texts.render_pick_topic(
            tr, categories[value], library.topics, "ptip:top", "ptip:areas"
        )
        edit(turn, text, rows)
    elif (
        action == "top" and service.valid_tip_topic(peer_context(turn), value) and data.get("text")
    ):
        data.update(step="review", topic=value)
        await states.put(turn.session, turn.user_id, FLOW_TIP, data, turn.now)
        worker = await service.worker_name(turn.session, person) or tr.gettext("your social worker")
        text, rows = texts.render_tip_review(
            tr,
            str(data["text"]),
            library.topics[value].label(tr.lang),
            worker,
            first_name(update, person),
        )
        edit(turn, text, rows)
    elif action == "send" and data.get("step") == "review" and value in ("name", "anon"):
        await _send_tip(update, turn, data, credit=value == "name")
    else:
        send(turn, texts.problem_text(tr, "stale"))


async def _send_tip(update: Update, turn: Turn, data: dict[str, Any], *, credit: bool) -> None:
    person = turn.speaker
    try:
        tip, reviewers = await service.share_tip(
            turn.session,
            peer_context(turn),
            person,
            str(data.get("text") or ""),
            str(data.get("topic") or ""),
            first_name(update, person) if credit else None,
            turn.now,
        )
    except service.PeerError as problem:
        await states.clear(turn.session, turn.user_id)
        edit(turn, texts.problem_text(turn.tr, problem.reason, MAX_TIP_CHARS))
        return
    await states.clear(turn.session, turn.user_id)
    log.info("tip %s shared by person %s", tip.id, person.id)
    names = ", ".join(r.display_name for r in reviewers) or turn.tr.gettext("your social worker")
    edit(turn, texts.render_tip_sent(turn.tr, names))
