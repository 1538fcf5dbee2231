"""/reassign: a social worker (her own supporters) or an admin (the unit's) moves one supporter
to another social worker, by buttons. The supporter and the new social worker are told."""

from __future__ import annotations

from sqlalchemy import select
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from bot import callbacks as cb
from bot.context import Ctx, Turn, with_turn
from bot.delivery import outbox
from bot.delivery.lanes import Lane
from bot.replies import Answer, Edit, Send
from bot.services import turnover
from bot.services.people import OnboardingError
from storage.db import get_by_id
from storage.models import Person, Role

STAFF = {Role.SOCIAL_WORKER, Role.ADMIN}
MOVED_KIND = "supporter_moved"
# Inline keyboards stay usable up to a few dozen rows; a unit has far fewer supporters.
MAX_BUTTONS = 40


async def _movable(turn: Turn) -> list[Person]:
    """Supporters the speaker may move: her own (social worker) or the unit's (admin)."""
    actor = turn.person
    assert actor is not None
    query = select(Person).where(
        Person.role == Role.SUPPORTER, Person.active.is_(True), Person.unit_id == actor.unit_id
    )
    if actor.role == Role.SOCIAL_WORKER:
        query = query.where(Person.social_worker_id == actor.id)
    return list(await turn.session.scalars(query.order_by(Person.display_name, Person.id)))


async def _workers(turn: Turn, supporter: Person) -> list[Person]:
    """Active social workers of the unit other than the supporter's own."""
    query = select(Person).where(
        Person.role == Role.SOCIAL_WORKER,
        Person.active.is_(True),
        Person.unit_id == supporter.unit_id,
        Person.id != (supporter.social_worker_id or 0),
    )
    return list(await turn.session.scalars(query.order_by(Person.display_name, Person.id)))


@with_turn(STAFF)
async def start(update: Update, context: Ctx, turn: Turn) -> None:
    t = turn.tr.gettext
    supporters = await _movable(turn)
    if not supporters:
        turn.say(Send(t("There is nobody you can move.")))
        return
    names = {}
    if turn.person is not None and turn.person.role == Role.ADMIN:
        ids = {s.social_worker_id for s in supporters if s.social_worker_id}
        found = await turn.session.scalars(select(Person).where(Person.id.in_(list(ids))))
        names = {p.id: p.display_name for p in found}
    rows = [
        [
            InlineKeyboardButton(
                " · ".join(n for n in (s.display_name, names.get(s.social_worker_id or 0)) if n),
                callback_data=cb.MV_SUPPORTER.data(supporter_id=s.id),
            )
        ]
        for s in supporters[:MAX_BUTTONS]
    ]
    turn.say(
        Send(t("Which supporter should move to another social worker?"), InlineKeyboardMarkup(rows))
    )


@with_turn(STAFF)
async def on_button(update: Update, context: Ctx, turn: Turn) -> None:
    """mv:s:<supporter> lists the social workers; mv:t:<supporter>:<worker> moves."""
    t = turn.tr.gettext
    turn.say(Answer())
    try:
        route, args = cb.MV.parse(turn.data)
    except ValueError:  # forged, or from an old release: the press is answered, nothing more
        return
    supporter = await get_by_id(turn.session, Person, args.number("supporter_id"))
    if supporter is None or supporter.id not in {p.id for p in await _movable(turn)}:
        turn.say(Edit(t("That supporter can't be moved by you any more.")))
        return
    if route is cb.MV_SUPPORTER:
        workers = await _workers(turn, supporter)
        if not workers:
            turn.say(
                Edit(t("There is no other active social worker in your unit to move them to."))
            )
            return
        rows = [
            [
                InlineKeyboardButton(
                    w.display_name,
                    callback_data=cb.MV_TO.data(supporter_id=supporter.id, worker_id=w.id),
                )
            ]
            for w in workers[:MAX_BUTTONS]
        ]
        turn.say(
            Edit(
                t("Which social worker should {name} have from now on?").format(
                    name=supporter.display_name
                ),
                InlineKeyboardMarkup(rows),
            )
        )
        return
    if route is cb.MV_TO:
        target = await get_by_id(turn.session, Person, args.number("worker_id"))
        try:
            if target is None:
                raise OnboardingError("no_person")
            await turnover.move_supporter(turn.session, turn.speaker, supporter, target, turn.now)
        except OnboardingError:
            turn.say(Edit(t("That move isn't possible any more; nothing changed.")))
            return
        await _tell(turn, supporter, target)
        turn.say(
            Edit(
                t("Done: {supporter}'s social worker is now {worker}. Concerns go to them.").format(
                    supporter=supporter.display_name, worker=target.display_name
                )
            )
        )


async def _tell(turn: Turn, supporter: Person, worker: Person) -> None:
    """The supporter learns who now hears their concerns; the social worker, who is new."""
    catalogs = turn.services.catalogs
    to_supporter = catalogs.for_person(supporter).gettext(
        "Your social worker in Tung Hang is now {worker}. Concerns you report go to them."
    )
    to_worker = catalogs.for_person(worker).gettext("{supporter} is now one of your supporters.")
    notices = (
        (supporter, to_supporter.format(worker=worker.display_name)),
        (worker, to_worker.format(supporter=supporter.display_name)),
    )
    stamp = int(turn.now.timestamp())
    for recipient, text in notices:
        if not recipient.reachable or recipient.id == (turn.person.id if turn.person else None):
            continue
        await outbox.enqueue(
            turn.session,
            dedupe_key=f"moved:{supporter.id}:{worker.id}:{stamp}:p{recipient.id}",
            chat_id=recipient.telegram_user_id,
            person_id=recipient.id,
            lane=Lane.REPLY,
            kind=MOVED_KIND,
            text=text,
            due_at=turn.now,
        )


def handlers() -> list[BaseHandler]:
    return [
        CommandHandler("reassign", start),
        CallbackQueryHandler(on_button, pattern=cb.MV.pattern),
    ]
