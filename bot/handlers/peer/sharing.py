"""A supporter sharing a tip: typing it, picking its area, reviewing, sending."""

from __future__ import annotations

import logging
from typing import Any

from telegram import Update

from bot import callbacks as cb
from bot.context import Ctx, Turn, with_turn
from bot.domain.peer import MAX_TIP_CHARS
from bot.handlers.peer.common import (
    FLOW_TIP,
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
from bot.replies import Answer
from bot.services import peer as service
from bot.services import states
from bot.views import peer as texts
from storage.models import ChatState

log = logging.getLogger(__name__)


async def start_share(update: Update, turn: Turn) -> None:
    await states.put(turn.session, turn.user_id, FLOW_TIP, {"step": PeerStep.TEXT}, turn.now)
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
        rewrite, keep = cb.PTIP_REWRITE.data(), cb.PTIP_NAME_OK.data()
        await warn_name(update, turn, FLOW_TIP, data, check.name, rewrite, keep)
        return
    data["step"] = PeerStep.AREA
    await states.put(turn.session, turn.user_id, FLOW_TIP, data, turn.now)
    text, rows = texts.render_pick_area(
        turn.tr, turn.services.library.categories, pick_area, CANCEL
    )
    send(turn, text, rows)


REVIEW_ROUTES = (cb.PTIP_APPROVE, cb.PTIP_EDIT, cb.PTIP_RETURN)  # tip_review.py's
TIP_ROUTES = tuple(r for r in cb.PTIP.routes if r not in REVIEW_ROUTES)
CANCEL = cb.PTIP_CANCEL.data()


def pick_area(category: str) -> str:
    return cb.PTIP_AREA.data(category=category)


def pick_topic(topic: str) -> str:
    return cb.PTIP_TOPIC.data(topic=topic)


@with_turn(SUPPORTERS)
async def on_tip_button(update: Update, context: Ctx, turn: Turn) -> None:
    """ptip:<cancel|rewrite|nameok|areas|cat|top|send|fb> for the supporter."""
    try:
        route, args = cb.PTIP.parse(turn.data, *TIP_ROUTES)
    except ValueError:  # forged, or from an old release: "that step has passed"
        route, args = None, cb.Args({})
    person = turn.speaker
    library = turn.services.library
    tr = turn.tr
    if route is cb.PTIP_VOTE and (vote := args.text("vote")) in ("0", "1"):
        tip_id = args.number("tip_id")
        await service.record_tip_vote(
            turn.session, peer_context(turn), person, tip_id, vote == "1", turn.now
        )
        turn.say(Answer(tr.gettext("Thank you — noted.")))
        return
    if route is cb.PTIP_CANCEL:
        await states.clear(turn.session, turn.user_id)
        turn.say(Answer())
        edit(turn, tr.gettext("OK, cancelled. Nothing was sent."))
        return
    data = await flow_data(turn, update, FLOW_TIP)
    if data is None:
        turn.say(Answer(texts.problem_text(tr, "stale"), alert=True))
        return
    turn.say(Answer())
    value = next((v for v in args.values() if isinstance(v, str)), "")
    categories = {c.id: c for c in library.categories}
    if route is cb.PTIP_REWRITE:
        await states.put(turn.session, turn.user_id, FLOW_TIP, {"step": PeerStep.TEXT}, turn.now)
        text, rows = texts.render_share_prompt(tr)
        edit(turn, text, rows)
    elif route in (cb.PTIP_NAME_OK, cb.PTIP_AREAS) and data.get("step") in (
        PeerStep.NAME,
        PeerStep.AREA,
        PeerStep.REVIEW,
    ):
        data["step"] = PeerStep.AREA
        await states.put(turn.session, turn.user_id, FLOW_TIP, data, turn.now)
        text, rows = texts.render_pick_area(tr, library.categories, pick_area, CANCEL)
        edit(turn, text, rows)
    elif route is cb.PTIP_AREA and value in categories and data.get("step") == PeerStep.AREA:
        text, rows = texts.render_pick_topic(
            tr, categories[value], library.topics, pick_topic, cb.PTIP_AREAS.data()
        )
        edit(turn, text, rows)
    elif (
        route is cb.PTIP_TOPIC
        and service.valid_tip_topic(peer_context(turn), value)
        and data.get("text")
    ):
        data.update(step=PeerStep.REVIEW, topic=value)
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
    elif (
        route is cb.PTIP_SEND and data.get("step") == PeerStep.REVIEW and value in ("name", "anon")
    ):
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
