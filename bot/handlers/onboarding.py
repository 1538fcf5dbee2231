"""Joining by invite link, and social workers inviting supporters in chat."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import BaseHandler, CommandHandler, MessageHandler

from bot import views
from bot.context import ANYONE, Ctx, Turn, with_turn
from bot.domain.invites import InviteStatus, invite_link, looks_like_code
from bot.handlers.commands import refresh_person_commands
from bot.i18n import N_, Catalogs
from bot.services import people
from bot.views.onboarding import render_invite_created, render_welcome, render_welcome_back
from storage.models import Role

log = logging.getLogger(__name__)

INVITE_PROBLEMS = {
    InviteStatus.UNKNOWN: N_(
        "Sorry, I don't recognise that invite link. Please check it with your social worker, "
        "or ask them for a new one."
    ),
    InviteStatus.USED: N_(
        "This invite link has already been used. Each link works once — please ask your "
        "social worker for a new one."
    ),
    InviteStatus.EXPIRED: N_(
        "This invite link has expired. Please ask your social worker for a new one."
    ),
}


@with_turn(ANYONE)
async def start(update: Update, context: Ctx, turn: Turn) -> None:
    """/start, with or without an invite code from a t.me link."""
    message = update.effective_message
    user = update.effective_user
    code = context.args[0] if context.args else None
    if turn.person is not None:
        if not turn.person.active:
            await views.reply_refusal(update, turn, "deactivated")
            return
        await message.reply_text(render_welcome_back(turn), reply_markup=views.main_menu(turn))
        return
    if code is None or not looks_like_code(code):
        await message.reply_text(views.bilingual(turn.services.catalogs, views.common.INVITE_ONLY))
        return
    identity = people.TelegramIdentity(user.id, user.first_name, user.last_name, user.username)
    try:
        person = await people.redeem_invite(turn.session, code, identity, turn.now)
    except people.OnboardingError as problem:
        await turn.session.rollback()
        text = INVITE_PROBLEMS.get(problem.reason, INVITE_PROBLEMS[InviteStatus.UNKNOWN])
        await message.reply_text(_both(turn.services.catalogs, text, turn.lang))
        return
    await turn.session.commit()
    turn.person = person
    log.info("person %s joined as %s", person.id, person.role)
    await message.reply_text(await render_welcome(turn), reply_markup=views.main_menu(turn))
    await refresh_person_commands(context.bot, turn.services, person)


def _both(catalogs: Catalogs, message: str, lang: str) -> str:
    """Strangers get notices in their Telegram language first, then the other."""
    first = catalogs.get(lang).gettext(message)
    other = catalogs.get("en" if lang == "yue" else "yue").gettext(message)
    return f"{first}\n\n{other}"


@with_turn({Role.SOCIAL_WORKER, Role.ADMIN})
async def invite(update: Update, context: Ctx, turn: Turn) -> None:
    """/invite: a single-use link for a new supporter assigned to this social worker."""
    person = turn.person
    assert person is not None
    if person.role != Role.SOCIAL_WORKER:
        await update.effective_message.reply_text(
            turn.tr.gettext(
                "Supporters get their invite link from their social worker, who sends /invite. "
                "To add a social worker or an admin, please ask the colleague who looks after "
                "Tung Hang's server."
            )
        )
        return
    created = await people.create_invite(
        turn.session,
        role=Role.SUPPORTER,
        unit_id=person.unit_id,
        social_worker_id=person.id,
        created_by=person,
        now=turn.now,
        days_valid=turn.services.settings.invite_days,
    )
    await turn.session.commit()
    link = invite_link(turn.services.bot_username, created.code)
    await update.effective_message.reply_text(
        render_invite_created(turn, link, created.invite.expires_at),
        reply_markup=views.main_menu(turn),
    )


def handlers(catalogs: Catalogs) -> list[BaseHandler]:  # type: ignore[type-arg]
    return [
        CommandHandler("start", start),
        CommandHandler("invite", invite),
        MessageHandler(views.menu_label_filter(catalogs, "invite"), invite),
    ]
