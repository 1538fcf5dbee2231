"""The social worker's read-only view of the unit's questions, mentors and drafts."""

from __future__ import annotations

import logging

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot import callbacks as cb
from bot.context import Ctx, Turn, with_turn
from bot.handlers.peer.common import STAFF, edit, peer_context, send
from bot.replies import Answer, Document, Send
from bot.services import peer as service
from bot.views import peer as texts
from storage.models import Person, Unit

log = logging.getLogger(__name__)


async def staff_home(update: Update, turn: Turn) -> None:
    """The unit's peer picture on one screen, then each tip waiting for review."""
    person = turn.speaker
    text, rows = await _staff_home_screen(turn)
    send(turn, text, rows)
    ctx = peer_context(turn)
    for tip, author in await service.pending_tips(turn.session, person.unit_id):
        text, rows = texts.render_tip_for_review(
            turn.tr, tip, author.display_name, ctx.topic_label(tip.topic, turn.lang)
        )
        send(turn, text, rows)


async def _staff_home_screen(turn: Turn) -> tuple[str, texts.Rows]:
    person = turn.speaker
    unit = await turn.session.get(Unit, person.unit_id)
    assert unit is not None
    mentors, pending, drafts = await service.counts_for_staff(turn.session, unit.id)
    page = await service.question_page(turn.session, unit.id, turn.now, 0)
    return texts.render_staff_home(turn.tr, unit.name(turn.lang), mentors, pending, drafts, page)


@with_turn(STAFF)
async def on_staff_button(update: Update, context: Ctx, turn: Turn) -> None:
    """peer:<staff|ql|qv|mentors|sm|draft|dcat|dtop|dq|dfile|contact> for social workers
    and admins."""
    route, args = cb.PEER.parse(turn.data, *STAFF_ROUTES)
    person = turn.speaker
    tr = turn.tr
    ctx = peer_context(turn)
    unit = await turn.session.get(Unit, person.unit_id)
    assert unit is not None
    try:
        if route is cb.PEER_STAFF:
            turn.say(Answer())
            edit(turn, *await _staff_home_screen(turn))
        elif route is cb.PEER_QUESTIONS:
            number = args.number("page")
            page = await service.question_page(turn.session, unit.id, turn.now, number)
            turn.say(Answer())
            edit(turn, *texts.render_question_list(tr, page, turn.services.settings.tz))
        elif route in (cb.PEER_MENTORS, cb.PEER_MENTORS_PAGE, cb.PEER_SET_MENTOR):
            if route is cb.PEER_SET_MENTOR:
                supporter, on = await service.staff_toggle_mentor(
                    turn.session, ctx, person, args.number("person_id"), turn.now
                )
                log.info("person %s set mentor %s for person %s", person.id, on, supporter.id)
            turn.say(Answer())
            people = await service.unit_supporters(turn.session, unit.id)
            number = args.number("page") if "page" in args else 0
            text, rows = texts.render_mentor_choice(
                tr, unit.name(tr.lang), [(p.id, p.display_name, on) for p, on in people], number
            )
            edit(turn, text, rows)
        elif route in _DRAFT_STEPS:
            await _draft_step(update, turn, route, args)
        elif route is cb.PEER_DRAFTS_FILE:
            await _send_drafts_file(update, turn, unit.id)
        elif route is cb.PEER_CONTACT:
            await _contact_supporter(update, turn, args.number("person_id"))
    except ValueError:
        turn.say(Answer())
    except service.PeerError as problem:
        turn.say(Answer(texts.problem_text(tr, problem.reason), alert=True))


_DRAFT_STEPS = (
    cb.PEER_QUESTION,
    cb.PEER_DRAFT,
    cb.PEER_DRAFT_AREA,
    cb.PEER_DRAFT_TOPIC,
    cb.PEER_DRAFT_BACK,
)
STAFF_ROUTES = (
    cb.PEER_STAFF,
    cb.PEER_QUESTIONS,
    cb.PEER_MENTORS,
    cb.PEER_MENTORS_PAGE,
    cb.PEER_SET_MENTOR,
    *_DRAFT_STEPS,
    cb.PEER_DRAFTS_FILE,
    cb.PEER_CONTACT,
)


async def _draft_step(update: Update, turn: Turn, route: cb.Route, args: cb.Args) -> None:
    """A question in full → "make a draft card" → area → topic → the draft is saved."""
    person = turn.speaker
    library = turn.services.library
    question_id = args.number("question_id")
    detail = await service.question_detail(turn.session, person, question_id, turn.now)
    question = detail.question
    tr = turn.tr
    categories = {c.id: c for c in library.categories}
    if route is cb.PEER_DRAFT:
        text, rows = texts.render_pick_area(
            tr,
            library.categories,
            lambda category: cb.PEER_DRAFT_AREA.data(question_id=question.id, category=category),
            cb.PEER_DRAFT_BACK.data(question_id=question.id),
            exclude=frozenset(),
        )
    elif route is cb.PEER_DRAFT_AREA and args["category"] in categories:
        text, rows = texts.render_pick_topic(
            tr,
            categories[args.text("category")],
            library.topics,
            lambda topic: cb.PEER_DRAFT_TOPIC.data(question_id=question.id, topic=topic),
            cb.PEER_DRAFT.data(question_id=question.id),
        )
    elif route is cb.PEER_DRAFT_TOPIC:
        draft = await service.make_draft(
            turn.session, peer_context(turn), person, question.id, args.text("topic"), turn.now
        )
        log.info(
            "draft card %s made from question %s by person %s", draft.id, question.id, person.id
        )
        topic = library.topics[draft.topic].label(tr.lang)
        text, rows = texts.render_draft_saved(tr, question.id, topic)
    else:
        text, rows = texts.render_staff_question(tr, detail, turn.services.settings.tz)
    turn.say(Answer())
    edit(turn, text, rows)


async def _send_drafts_file(update: Update, turn: Turn, unit_id: int) -> None:
    """The unit's draft cards (and approved shared tips) as the YAML file the clinical team
    finishes — the same as `tunghang content export-shared --unit N`."""
    turn.say(Answer())
    yaml_text, count = await service.export_shared(turn.session, unit_id)
    if not count:
        send(turn, turn.tr.gettext("There are no draft cards or approved tips yet."))
        return
    day = turn.local_now().date().isoformat()
    turn.say(
        Document(
            yaml_text.encode("utf-8"),
            filename=f"tunghang-shared-cards-{day}.yaml",
            caption=texts.render_drafts_file(turn.tr, count),
        )
    )


async def _contact_supporter(update: Update, turn: Turn, person_id: int) -> None:
    staff = turn.person
    assert staff is not None
    supporter = await turn.session.get(Person, person_id)
    if supporter is None or supporter.unit_id != staff.unit_id:
        raise service.PeerError("not_found")
    turn.say(Answer())
    link = (
        f"https://t.me/{supporter.telegram_username}"
        if supporter.telegram_username
        else f"tg://user?id={supporter.telegram_user_id}"
    )
    label = turn.tr.gettext("💬 Message {name}").format(name=supporter.display_name)
    turn.say(
        Send(
            texts.render_contact(turn.tr, supporter.display_name),
            InlineKeyboardMarkup([[InlineKeyboardButton(label, url=link)]]),
        )
    )
