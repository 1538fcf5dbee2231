"""Refreshers: browse by topic with buttons, or just type a question."""

from __future__ import annotations

import logging

from telegram import Message, Update
from telegram.constants import ParseMode
from telegram.ext import BaseHandler, CallbackQueryHandler, MessageHandler

from bot import callbacks as cb
from bot import views
from bot.context import Ctx, Turn, with_turn
from bot.domain.answers import NOT_SURE, RISK, SMALL_TALK
from bot.domain.privacy import looks_sensitive
from bot.i18n import Catalogs
from bot.library import EMERGENCY_RESOURCE
from bot.replies import Answer, Edit, Send
from bot.services import content_usage, feedback
from bot.views.library import (
    card_keyboard,
    render_card_text,
    render_categories,
    render_not_sure,
    render_small_talk,
    render_topic_cards,
    render_topics,
)
from bot.views.safety import flag_category, render_long_message_note, worried_button
from storage.db import social_worker_of
from storage.models import Person, Role

log = logging.getLogger(__name__)

# A message longer than this is a report more than a question: it is read whole (the safety
# net already checked all of it) and answered with a kind note before any card.
LONG_MESSAGE_CHARS = 500


@with_turn()
async def open_library(update: Update, context: Ctx, turn: Turn) -> None:
    """The Refreshers menu button: the list of areas."""
    text, keyboard = render_categories(turn.tr, turn.services.library)
    turn.say(Send(text, keyboard))


@with_turn()
async def browse(update: Update, context: Ctx, turn: Turn) -> None:
    """lib:home / lib:cat:<id> / lib:top:<id>:<page> — move through the library in place."""
    library = turn.services.library
    try:
        route, args = cb.LIB.parse(turn.data, cb.LIB_CATEGORY, cb.LIB_TOPIC)
    except ValueError:  # lib:home, or forged: the list of areas
        route, args = None, cb.Args({})
    if route is cb.LIB_CATEGORY and any(c.id == args["category"] for c in library.categories):
        text, keyboard = render_topics(turn.tr, library, args.text("category"))
    elif route is cb.LIB_TOPIC and args["topic"] in library.topics:
        text, keyboard = render_topic_cards(
            turn.tr, library, args.text("topic"), args.number("page")
        )
    else:
        text, keyboard = render_categories(turn.tr, library)
    turn.say(Answer())
    turn.say(Edit(text, keyboard))


@with_turn()
async def show_card(update: Update, context: Ctx, turn: Turn) -> None:
    """lib:card:<id>:<lang> — a card, in either language, edited in place."""
    args = cb.LIB_CARD.parse(turn.data)
    card, lang = turn.services.library.card(args.text("card_id")), args.text("lang")
    if card is None or lang not in ("en", "yue"):
        turn.say(Answer(turn.tr.gettext("Sorry, that card is no longer available."), alert=True))
        return
    library = turn.services.library
    text = render_card_text(turn.services.catalogs.get(lang), card, library.resources_for(card))
    pressed = turn.query.message  # an InaccessibleMessage (too old) carries no text
    shown_before = pressed.text if isinstance(pressed, Message) and pressed.text else ""
    if not shown_before.startswith((card.en.title, card.yue.title)):  # not a language switch
        await content_usage.record_show(turn.session, card.id, content_usage.OPENED, turn.now)
    turn.say(Answer())
    turn.say(
        Edit(text, card_keyboard(turn.services.catalogs, card, lang), parse_mode=ParseMode.HTML)
    )


@with_turn()
async def rate_card(update: Update, context: Ctx, turn: Turn) -> None:
    """lib:fb:<id>:<1|0> — 👍/👎, recorded per person and card."""
    args = cb.LIB_VOTE.parse(turn.data)
    card_id, vote = args.text("card_id"), args.text("vote")
    if turn.services.library.card(card_id) is None or vote not in ("0", "1"):
        turn.say(Answer(turn.tr.gettext("Sorry, that card is no longer available.")))
        return
    await feedback.record(turn.session, turn.speaker.id, card_id, vote == "1", turn.now)
    turn.say(Answer(turn.tr.gettext("Thank you — noted.")))


@with_turn()
async def none_of_these(update: Update, context: Ctx, turn: Turn) -> None:
    """'None of these': offer the topic list and remind them their social worker can help."""
    turn.say(Answer())
    pressed = turn.query.message
    recent = _recent_answers(context).take(
        turn.chat_id, pressed.message_id if pressed else 0, turn.now
    )
    if recent is not None and turn.person is not None:
        await content_usage.store_unanswered(
            turn.session,
            person_id=turn.person.id,
            outcome=content_usage.NONE_OF_THESE,
            text=recent.text,
            lang=recent.lang,
            card_ids=recent.card_ids,
            now=turn.now,
        )
    worker = await _social_worker(turn)
    t = turn.tr.gettext
    if worker:
        hint = t(
            "Sorry I couldn't find the right card. {name}, your social worker, can help too."
        ).format(name=worker.display_name)
    else:
        hint = t("Sorry I couldn't find the right card. Your social worker can help too.")
    turn.say(Send(hint))
    text, keyboard = render_categories(turn.tr, turn.services.library)
    turn.say(Send(text, keyboard))


async def answer_question(update: Update, context: Ctx, turn: Turn) -> None:
    """Free text: exactly what `Library.answer` decides — a card (risk or not) with related
    ones, a warm word for small talk, or an honest "I'm not sure" with a way on.

    Risk was checked by the safety net before this ran (its block is already above): the
    fitting risk card leads, without repeating the numbers the block listed."""
    question = turn.text
    t = turn.tr.gettext
    library = turn.services.library
    answer = library.answer(question, safety=turn.safety)
    if len(question) > LONG_MESSAGE_CHARS:
        turn.say(Send(render_long_message_note(turn.tr, risk=answer.kind == RISK)))
    if looks_sensitive(question):
        turn.say(
            Send(
                t(
                    "It looks like your message has an ID card or phone number in it. "
                    "Please delete it from the chat and use the client's initials or case code "
                    "instead. I have not kept it."
                )
            )
        )
    if answer.kind == SMALL_TALK:
        first_name = update.effective_user.first_name if update.effective_user else ""
        turn.say(
            Send(
                render_small_talk(turn.tr, answer.small_talk or "", first_name),
                views.main_menu(turn),
            )
        )
        return
    if answer.kind == NOT_SURE or not answer.cards:
        if turn.person is not None:  # privacy-filtered, for the clinical team's report
            await content_usage.store_unanswered(
                turn.session,
                person_id=turn.person.id,
                outcome=content_usage.NOT_SURE,
                text=question,
                lang=turn.lang,
                now=turn.now,
            )
        worker = await _social_worker(turn)
        text, keyboard = render_not_sure(
            turn.tr,
            library,
            answer.topics,
            worker.display_name if worker else None,
            supporter=turn.person is not None and turn.person.role == Role.SUPPORTER,
            worried=answer.unsure_about_safety,
        )
        turn.say(Send(text, keyboard))
        return
    best, more = answer.cards[0], answer.cards[1:]
    # Counted for the clinical team's review pack and report: a number, about nobody.
    await content_usage.record_show(turn.session, best.id, content_usage.ASKED, turn.now)
    resources = library.resources_for(best)
    risk = answer.risk
    if risk is not None:
        # The block above listed 999 and these lines: never the same list twice in a row.
        listed = {EMERGENCY_RESOURCE, *(r.id for r in library.hotlines_for(risk.category))}
        resources = tuple(r for r in resources if r.id not in listed)
    keyboard = card_keyboard(
        turn.services.catalogs,
        best,
        turn.lang,
        more=more,
        alternative=answer.alternative,
        with_none_of_these=True,
        # Under the card too: the block with the same button may have scrolled away.
        concern=flag_category(risk.category) if risk else None,
        extra=[worried_button(turn.tr)] if answer.unsure_about_safety else (),
    )
    remember = None
    if answer.kind != RISK:  # "None of these" under a risk card is not a content gap
        recent, lang, now = _recent_answers(context), turn.lang, turn.now
        shown = tuple(c.id for c in answer.cards)

        def remember(sent: Message) -> None:  # in memory: needs the card's message id
            recent.remember(sent.chat_id, sent.message_id, question, lang, shown, now)

    turn.say(
        Send(
            render_card_text(turn.tr, best, resources),
            keyboard,
            parse_mode=ParseMode.HTML,
            on_sent=remember,
        )
    )


def _recent_answers(context: Ctx) -> content_usage.RecentAnswers:
    return context.bot_data.setdefault("recent_answers", content_usage.RecentAnswers())


async def _social_worker(turn: Turn) -> Person | None:
    person = turn.person
    return None if person is None else await social_worker_of(turn.session, person)


def handlers(catalogs: Catalogs) -> list[BaseHandler]:
    return [
        MessageHandler(views.menu_label_filter(catalogs, "refreshers"), open_library),
        CallbackQueryHandler(
            browse, pattern=cb.pattern(cb.LIB_HOME, cb.LIB_CATEGORY, cb.LIB_TOPIC, leftovers=True)
        ),
        CallbackQueryHandler(show_card, pattern=cb.LIB_CARD.pattern),
        CallbackQueryHandler(rate_card, pattern=cb.LIB_VOTE.pattern),
        CallbackQueryHandler(none_of_these, pattern=cb.LIB_NONE.pattern),
    ]
