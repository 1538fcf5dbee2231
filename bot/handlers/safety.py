"""The safety net: whatever anyone types — a question, an hours note, a peer answer, a flag
description, a reply inside any flow, a command's words, an edit, a caption — is checked for
risk first, whole, at any length, before any feature sees it.

The check runs in its own handler group ahead of every feature (bot/app.py). On a hit it
sends the safety block (bot/views/safety.py) and leaves the assessment on the update's
context, so the feature that answers next knows: the refreshers lead with the fitting risk
card, an hours entry still gets its card, a peer question is held back — and nobody shows
the block twice.
"""

from __future__ import annotations

import logging

from telegram import Update
from telegram.constants import ParseMode
from telegram.ext import BaseHandler, CallbackQueryHandler, MessageHandler, filters

from bot import callbacks as cb
from bot.context import ANYONE, Ctx, Turn, with_turn
from bot.domain.risk import RiskAssessment, assess
from bot.replies import Answer, Send
from bot.services import states
from bot.views.safety import render_safety_block
from storage.db import social_worker_of
from storage.models import Person, Role

log = logging.getLogger(__name__)

# The flag flow is already the way to the social worker: no second button inside it.
FLAG_FLOWS = ("flag",)


def typed_text(update: Update) -> str:
    """What the person typed in this update: text, a caption, or an edited message's."""
    message = update.effective_message
    if message is None:
        return ""
    return message.text or message.caption or ""


async def check_typed_text(update: Update, context: Ctx) -> None:
    """Every typed message: assess it; on risk, the safety block comes first."""
    text = typed_text(update)
    if not text.strip():
        return
    assessment = assess(text)
    context.safety = assessment
    if assessment.top is not None:
        # The category, never the text: logs must not carry what people wrote.
        log.info("risk detected (%s)", assessment.top.category)
        await _send_block(update, context)


@with_turn(ANYONE)
async def _send_block(update: Update, context: Ctx, turn: Turn) -> None:
    assessment = turn.safety
    assert assessment is not None and assessment.top is not None
    await send_safety_block(update, turn, assessment.top.category)


async def send_safety_block(update: Update, turn: Turn, category: str | None) -> None:
    """The block for `category` in the person's language, with the one-tap way to the
    social worker for a supporter who is not already telling them."""
    person = turn.person
    worker = await _social_worker(turn, person)
    offer_flag = False
    if person is not None and person.active and person.role == Role.SUPPORTER:
        state = await states.get(turn.session, person.telegram_user_id)
        offer_flag = state is None or state.flow.split(".", 1)[0] not in FLAG_FLOWS
    text, keyboard = render_safety_block(
        turn.tr,
        turn.lang,
        category,
        turn.services.library.hotlines_for(category),
        worker.display_name if worker else None,
        offer_flag=offer_flag,
    )
    turn.say(Send(text, keyboard, parse_mode=ParseMode.HTML))


@with_turn()
async def worried(update: Update, context: Ctx, turn: Turn) -> None:
    """safety:worried — the quiet button under an unsure answer: the block, then the flow."""
    turn.say(Answer())
    await send_safety_block(update, turn, None)


async def _social_worker(turn: Turn, person: Person | None) -> Person | None:
    return None if person is None else await social_worker_of(turn.session, person)


def assessment_of(context: Ctx, text: str) -> RiskAssessment:
    """The update's assessment (made once by the safety net), or a fresh one for text that
    did not come through it (a test calling a feature directly)."""
    known = getattr(context, "safety", None)
    return known if known is not None else assess(text)


def handlers() -> list[BaseHandler]:
    """The check (its own group, before every feature) — see bot/app.py."""
    return [
        MessageHandler(
            (filters.TEXT | filters.CAPTION)
            & (filters.UpdateType.MESSAGE | filters.UpdateType.EDITED_MESSAGE),
            check_typed_text,
            block=True,
        )
    ]


def button_handlers() -> list[BaseHandler]:
    return [CallbackQueryHandler(worried, pattern=cb.SAFETY_WORRIED.pattern)]
