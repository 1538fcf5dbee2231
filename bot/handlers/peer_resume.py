"""Bring a parked peer flow back where it stopped (see bot/handlers/flows.py).

It reuses the steps of bot/handlers/peer/ so a resumed question or tip looks exactly as
it did.
"""

from __future__ import annotations

from telegram import Update

from bot.context import Turn
from bot.handlers.peer.asking import ask_review
from bot.handlers.peer.common import PeerStep, first_name, send
from bot.handlers.peer.sharing import CANCEL, pick_area
from bot.services import peer as service
from bot.services import states
from bot.views import peer as texts
from storage.models import ChatState


async def resume_ask(update: Update, turn: Turn, state: ChatState) -> None:
    """A question: the prompt again, or (its text typed) its review."""
    data = dict(state.data)
    if data.get("text"):
        await ask_review(update, turn, data)
        return
    text, rows = texts.render_ask_prompt(turn.tr, follow_up=data.get("parent_id") is not None)
    send(turn, text, rows)


async def resume_tip(update: Update, turn: Turn, state: ChatState) -> None:
    """A tip: the prompt again, its review, or the area to pick."""
    data = dict(state.data)
    tr, library = turn.tr, turn.services.library
    if not data.get("text"):
        text, rows = texts.render_share_prompt(tr)
    elif data.get("step") == PeerStep.REVIEW and data.get("topic") in library.topics:
        person = turn.speaker
        worker = await service.worker_name(turn.session, person) or tr.gettext("your social worker")
        text, rows = texts.render_tip_review(
            tr,
            str(data["text"]),
            library.topics[str(data["topic"])].label(tr.lang),
            worker,
            first_name(update, person),
        )
    else:
        text, rows = texts.render_pick_area(tr, library.categories, pick_area, CANCEL)
        if data.get("step") != PeerStep.AREA:
            data["step"] = PeerStep.AREA
            await states.put(turn.session, turn.user_id, state.flow, data, turn.now)
    send(turn, text, rows)


async def resume_typing(update: Update, turn: Turn, state: ChatState) -> None:
    """An answer, a tip edit or a return note: nothing typed yet is kept, so just ask again."""
    send(turn, turn.tr.gettext("Please type it below, or send /cancel to stop."))
