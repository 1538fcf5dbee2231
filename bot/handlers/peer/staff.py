"""The social worker's read-only view of the unit's questions, mentors and drafts."""

from __future__ import annotations

import logging

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

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
    parts = turn.data.split(":")
    action = parts[1]
    person = turn.speaker
    tr = turn.tr
    ctx = peer_context(turn)
    unit = await turn.session.get(Unit, person.unit_id)
    assert unit is not None
    try:
        if action == "staff":
            turn.say(Answer())
            edit(turn, *await _staff_home_screen(turn))
        elif action == "ql":
            page = await service.question_page(turn.session, unit.id, turn.now, int(parts[2]))
            turn.say(Answer())
            edit(turn, *texts.render_question_list(tr, page, turn.services.settings.tz))
        elif action in ("mentors", "sm"):
            if action == "sm":
                supporter, on = await service.staff_toggle_mentor(
                    turn.session, ctx, person, int(parts[2]), turn.now
                )
                log.info("person %s set mentor %s for person %s", person.id, on, supporter.id)
            turn.say(Answer())
            people = await service.unit_supporters(turn.session, unit.id)
            page_at = 3 if action == "sm" else 2  # peer:sm:<id>:<page>, peer:mentors:<page>
            number = int(parts[page_at]) if len(parts) > page_at else 0
            text, rows = texts.render_mentor_choice(
                tr, unit.name(tr.lang), [(p.id, p.display_name, on) for p, on in people], number
            )
            edit(turn, text, rows)
        elif action in ("qv", "draft", "dcat", "dtop", "dq"):
            await _draft_step(update, turn, parts)
        elif action == "dfile":
            await _send_drafts_file(update, turn, unit.id)
        elif action == "contact":
            await _contact_supporter(update, turn, int(parts[2]))
        else:
            turn.say(Answer())
    except (ValueError, IndexError):
        turn.say(Answer())
    except service.PeerError as problem:
        turn.say(Answer(texts.problem_text(tr, problem.reason), alert=True))


async def _draft_step(update: Update, turn: Turn, parts: list[str]) -> None:
    """A question in full → "make a draft card" → area → topic → the draft is saved."""
    person = turn.speaker
    library = turn.services.library
    detail = await service.question_detail(turn.session, person, int(parts[2]), turn.now)
    question = detail.question
    tr = turn.tr
    categories = {c.id: c for c in library.categories}
    if parts[1] == "draft":
        text, rows = texts.render_pick_area(
            tr,
            library.categories,
            f"peer:dcat:{question.id}",
            f"peer:dq:{question.id}",
            exclude=frozenset(),
        )
    elif parts[1] == "dcat" and len(parts) == 4 and parts[3] in categories:
        text, rows = texts.render_pick_topic(
            tr,
            categories[parts[3]],
            library.topics,
            f"peer:dtop:{question.id}",
            f"peer:draft:{question.id}",
        )
    elif parts[1] == "dtop" and len(parts) == 4:
        draft = await service.make_draft(
            turn.session, peer_context(turn), person, question.id, parts[3], turn.now
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
