"""The ways in: the 🤝 Peers menu or /peer, /askpeer and /sharetip."""

from __future__ import annotations

from telegram import Update

from bot.context import Ctx, Turn, with_turn
from bot.handlers.peer.asking import start_ask
from bot.handlers.peer.common import STAFF
from bot.handlers.peer.sharing import start_share
from bot.handlers.peer.staff import staff_home
from bot.replies import Send
from bot.services import peer as service
from bot.views import peer as texts
from storage.models import Role


@with_turn()
async def open_peers(update: Update, context: Ctx, turn: Turn) -> None:
    """🤝 Peers (menu) or /peer: the supporter's peer menu, or the staff view."""
    person = turn.speaker
    if person.role in STAFF:
        await staff_home(update, turn)
        return
    text, rows = texts.render_peers_menu(turn.tr, await service.is_mentor(turn.session, person))
    turn.say(Send(text, texts.keyboard(rows)))


@with_turn()
async def ask_command(update: Update, context: Ctx, turn: Turn) -> None:
    """/askpeer: ask a senior supporter."""
    if await supporters_only(update, turn):
        await start_ask(update, turn)


@with_turn()
async def share_command(update: Update, context: Ctx, turn: Turn) -> None:
    """/sharetip: share what worked."""
    if await supporters_only(update, turn):
        await start_share(update, turn)


async def supporters_only(update: Update, turn: Turn) -> bool:
    if turn.person is not None and turn.person.role == Role.SUPPORTER:
        return True
    turn.say(
        Send(
            turn.tr.gettext(
                "Asking senior supporters and sharing tips are for supporters. To see your unit's "
                "questions and tips, send /peer."
            )
        )
    )
    return False
