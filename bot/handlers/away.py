"""/away until DATE, /away off, /away: a social worker's leave, handed over in one line."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import BaseHandler, CommandHandler

from bot.context import Ctx, Turn, with_turn
from bot.replies import Send
from bot.services import away
from bot.views import escalation_away as texts
from storage.models import STAFF_ROLES

log = logging.getLogger(__name__)


@with_turn(STAFF_ROLES)
async def away_command(update: Update, context: Ctx, turn: Turn) -> None:
    person = turn.speaker
    today = turn.local_now().date()
    typed = " ".join(context.args or []).strip()
    ctx = turn.services
    if not typed:
        turn.say(
            Send(texts.render_status(turn.tr, await away.current(turn.session, person, today)))
        )
        return
    if typed.lower() in ("off", "back", "返嚟", "取消"):
        was_away = await away.end_away(turn.session, ctx, person, turn.now)
        turn.say(Send(texts.render_back(turn.tr, was_away)))
        return
    try:
        until = away.parse_until(typed, today)
    except away.AwayError as problem:
        turn.say(Send(texts.render_problem(turn.tr, problem.reason)))
        return
    told, covering = await away.set_away(turn.session, ctx, person, until, turn.now)
    log.info("person %s away until %s (%d supporters told)", person.id, until, told)
    turn.say(Send(texts.render_set(turn.tr, until, told, covering)))


def handlers() -> list[BaseHandler]:
    return [CommandHandler("away", away_command)]
