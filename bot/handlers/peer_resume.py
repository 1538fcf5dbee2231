"""Bring a parked peer flow back where it stopped (see bot/handlers/flows.py).

Kept apart from bot/handlers/peer.py, which is already long; it reuses that module's
steps so a resumed question or tip looks exactly as it did.
"""

from __future__ import annotations

from telegram import Update

from bot.context import Turn
from bot.handlers import peer
from bot.services import peer as service
from bot.views import peer as texts
from storage.models import ChatState


async def resume_ask(update: Update, turn: Turn, state: ChatState) -> None:
    """A question: the prompt again, or (its text typed) its review."""
    data = dict(state.data)
    if data.get("text"):
        await peer._ask_review(update, turn, data)
        return
    text, rows = texts.render_ask_prompt(turn.tr, follow_up=data.get("parent_id") is not None)
    await peer._send(update, text, rows)


async def resume_tip(update: Update, turn: Turn, state: ChatState) -> None:
    """A tip: the prompt again, its review, or the area to pick."""
    data = dict(state.data)
    tr, library = turn.tr, turn.services.library
    if not data.get("text"):
        text, rows = texts.render_share_prompt(tr)
    elif data.get("step") == "review" and data.get("topic") in library.topics:
        person = turn.person
        assert person is not None
        worker = await service.worker_name(turn.session, person) or tr.gettext("your social worker")
        text, rows = texts.render_tip_review(
            tr,
            str(data["text"]),
            library.topics[str(data["topic"])].label(tr.lang),
            worker,
            peer._first_name(update, person),
        )
    else:
        text, rows = texts.render_pick_area(tr, library.categories, "ptip:cat", "ptip:cancel")
        if data.get("step") != "area":
            data["step"] = "area"
            await peer.states.put(
                turn.session, update.effective_user.id, state.flow, data, turn.now
            )
    await peer._send(update, text, rows)


async def resume_typing(update: Update, turn: Turn, state: ChatState) -> None:
    """An answer, a tip edit or a return note: nothing typed yet is kept, so just ask again."""
    await peer._send(update, turn.tr.gettext("Please type it below, or send /cancel to stop."))
