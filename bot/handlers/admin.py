"""Admins in chat: a unit's escalation policy (who backs up, who is alerted last)."""

from __future__ import annotations

from sqlalchemy import select
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from bot import callbacks as cb
from bot.context import Ctx, Turn, with_turn
from bot.domain.hours import format_duration
from bot.replies import Answer, Edit, Send
from bot.services import people
from storage.models import Person, Role, Unit

ADMINS = {Role.ADMIN}


async def _render(turn: Turn, unit: Unit) -> tuple[str, InlineKeyboardMarkup]:
    t = turn.tr.gettext
    backup = (
        await turn.session.get(Person, unit.backup_social_worker_id)
        if unit.backup_social_worker_id
        else None
    )
    supervisor = await turn.session.get(Person, unit.supervisor_id) if unit.supervisor_id else None
    timeout = unit.ack_timeout_seconds or turn.services.settings.ack_timeout_seconds
    none = t("not set")
    text = "\n".join(
        [
            t("{unit}: when a supporter reports a concern").format(unit=unit.name(turn.lang)),
            t("• backup social worker: {name}").format(
                name=backup.display_name if backup else none
            ),
            t("• supervisor, alerted last: {name}").format(
                name=supervisor.display_name if supervisor else none
            ),
            t("• urgent concerns must be acknowledged within {time}").format(
                time=format_duration(max(1, timeout // 60), turn.lang)
            ),
            t("• alerts per level before climbing: {count}").format(count=unit.alert_repeats),
        ]
    )
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t("Set backup social worker"), callback_data=cb.UNIT_PICK.data(role="bk")
                )
            ],
            [InlineKeyboardButton(t("Set supervisor"), callback_data=cb.UNIT_PICK.data(role="sv"))],
        ]
    )
    return text, keyboard


@with_turn(ADMINS)
async def show_unit(update: Update, context: Ctx, turn: Turn) -> None:
    """/unit: the admin's unit and its escalation policy, changeable by buttons."""
    unit = await turn.session.get(Unit, turn.speaker.unit_id)
    assert unit is not None
    text, keyboard = await _render(turn, unit)
    turn.say(Send(text, keyboard))


@with_turn(ADMINS)
async def on_button(update: Update, context: Ctx, turn: Turn) -> None:
    """unit:pick:<bk|sv> lists staff; unit:set:<bk|sv>:<id|none> saves the choice."""
    unit = await turn.session.get(Unit, turn.speaker.unit_id)
    assert unit is not None
    try:
        route, args = cb.UNIT.parse(turn.data)
    except ValueError:  # forged, or from an old release: the unit screen again
        route, args = None, cb.Args({})
    turn.say(Answer())
    if route is cb.UNIT_PICK:
        role = args.text("role")
        roles = [Role.SOCIAL_WORKER] if role == "bk" else [Role.SOCIAL_WORKER, Role.ADMIN]
        staff = await turn.session.scalars(
            select(Person)
            .where(Person.unit_id == unit.id, Person.role.in_(roles), Person.active.is_(True))
            .order_by(Person.display_name)
        )
        rows = [
            [
                InlineKeyboardButton(
                    p.display_name, callback_data=cb.UNIT_SET.data(role=role, person_id=p.id)
                )
            ]
            for p in staff
        ]
        rows.append(
            [
                InlineKeyboardButton(
                    turn.tr.gettext("Nobody"), callback_data=cb.UNIT_SET_NOBODY.data(role=role)
                )
            ]
        )
        turn.say(Edit(turn.tr.gettext("Who should it be?"), InlineKeyboardMarkup(rows)))
        return
    if route in (cb.UNIT_SET, cb.UNIT_SET_NOBODY):
        chosen = args.number("person_id") if route is cb.UNIT_SET else None
        field = "backup_id" if args["role"] == "bk" else "supervisor_id"
        try:
            await people.set_unit_policy(turn.session, unit.id, **{field: chosen})
        except people.OnboardingError:
            turn.say(Send(turn.tr.gettext("That person can't take this role.")))
            return
    text, keyboard = await _render(turn, unit)
    turn.say(Edit(text, keyboard))


def handlers() -> list[BaseHandler]:
    return [
        CommandHandler("unit", show_unit),
        CallbackQueryHandler(on_button, pattern=cb.UNIT.pattern),
    ]
