"""Joining by invite (and choosing a language at once), social workers inviting supporters
in chat, and /invites: who is still to join, whose link expired, who joined."""

from __future__ import annotations

import datetime as dt
import logging

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, MessageHandler

from bot import callbacks as cb
from bot import views
from bot.context import ANYONE, Ctx, Turn, with_turn
from bot.domain.invites import InviteStatus, invite_link, looks_like_code
from bot.handlers.commands import refresh_person_commands
from bot.handlers.steps import Flow, Takes
from bot.handlers.text import TextRouter
from bot.i18n import LANGUAGES, N_, Catalogs
from bot.replies import Answer, Call, Edit, Send
from bot.services import people, states
from bot.services.privacy import UNUSED_INVITE_NAME_DAYS
from bot.views.onboarding import (
    render_first_contact,
    render_invite_bad_name,
    render_invite_for,
    render_invite_name_prompt,
    render_invites,
    render_welcome,
    render_welcome_back,
)
from storage.db import get_by_id, social_worker_of
from storage.models import ChatState, Invite, Person, Role

log = logging.getLogger(__name__)

STAFF = {Role.SOCIAL_WORKER, Role.ADMIN}
FLOW_INVITE_NAME = "invite"  # a social worker is typing the new supporter's name

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
    people.STAFF_LEFT: N_(
        "This invite link was made by a staff member who has since left, so it no longer "
        "works. Please ask your centre for a new one."
    ),
}


@with_turn(ANYONE)
async def start(update: Update, context: Ctx, turn: Turn) -> None:
    """/start, with or without an invite code from a t.me link."""
    code = context.args[0] if context.args else None
    if turn.person is not None:
        if not turn.person.active:
            turn.refuse(update, "deactivated")
            return
        turn.say(Send(render_welcome_back(turn.tr, turn.speaker), views.main_menu(turn)))
        return
    if code is None or not looks_like_code(code):
        turn.say(Send(views.bilingual(turn.services.catalogs, views.common.INVITE_ONLY)))
        return
    user = turn.user
    identity = people.TelegramIdentity(
        user.id, user.first_name, user.last_name, user.username, user.language_code
    )
    try:
        person = await people.redeem_invite(turn.session, code, identity, turn.now)
    except people.OnboardingError as problem:
        await turn.session.rollback()
        text = INVITE_PROBLEMS.get(problem.reason, INVITE_PROBLEMS[InviteStatus.UNKNOWN])
        turn.say(Send(_both(turn.services.catalogs, text, turn.lang)))
        return
    await people.announce_join(turn.session, turn.services, person, identity.display_name, turn.now)
    turn.person = person
    log.info("person %s joined as %s", person.id, person.role)
    # Many Cantonese speakers' Telegram reports English: offer both languages before anything
    # else, with what Telegram reported preselected (and already saved).
    text, keyboard = render_first_contact(turn.services.catalogs, person, turn.lang)
    turn.say(Send(text, keyboard))
    services = turn.services
    turn.say(Call(lambda bot: refresh_person_commands(bot, services, person)))


@with_turn()
async def choose_first_language(update: Update, context: Ctx, turn: Turn) -> None:
    """lang:<en|yue>:first — a language button under the greeting: save it, then the
    welcome and the menu in that language."""
    lang = cb.LANG_FIRST.parse(turn.data).text("lang")
    if lang not in LANGUAGES:
        turn.say(Answer())
        return
    person = turn.speaker
    await people.set_language(turn.session, person, lang, turn.now)
    turn.tr = turn.services.catalogs.get(lang)
    turn.say(Answer())
    turn.say(Edit(turn.tr.gettext("Done — I'll speak English from now on.")))
    worker = await social_worker_of(turn.session, person) if person.role == Role.SUPPORTER else None
    welcome = render_welcome(turn.tr, turn.speaker, worker.display_name if worker else None)
    turn.say(Send(welcome, views.main_menu(turn)))
    services = turn.services
    turn.say(Call(lambda bot: refresh_person_commands(bot, services, person)))


def _both(catalogs: Catalogs, message: str, lang: str) -> str:
    """Strangers get notices in their Telegram language first, then the other."""
    first = catalogs.get(lang).gettext(message)
    other = catalogs.get("en" if lang == "yue" else "yue").gettext(message)
    return f"{first}\n\n{other}"


@with_turn(STAFF)
async def invite(update: Update, context: Ctx, turn: Turn) -> None:
    """/invite [NAME]: a single-use link for a new supporter assigned to this social worker;
    without a name, ask for it first."""
    person = turn.speaker
    if person.role != Role.SOCIAL_WORKER:
        turn.say(
            Send(
                turn.tr.gettext(
                    "Supporters get their invite link from their social worker, who sends /invite. "
                    "To add a social worker or an admin, please ask the colleague who looks after "
                    "Tung Hang's server."
                )
            )
        )
        return
    typed = " ".join(context.args or [])  # /invite Chan Siu Fong (a menu tap has no args)
    if typed:
        await _make_invite(update, turn, typed)
        return
    await states.put(turn.session, turn.user_id, FLOW_INVITE_NAME, {}, turn.now)
    turn.say(Send(render_invite_name_prompt(turn.tr)))


async def on_name_typed(update: Update, context: Ctx, turn: Turn, state: ChatState) -> None:
    """The new supporter's name, typed after /invite."""
    person = turn.person
    if person is None or person.role != Role.SOCIAL_WORKER:
        await states.clear(turn.session, turn.user_id)
        return
    await _make_invite(update, turn, turn.text)


async def _make_invite(update: Update, turn: Turn, name: str) -> None:
    person = turn.speaker
    try:
        created = await people.create_invite(
            turn.session,
            role=Role.SUPPORTER,
            unit_id=person.unit_id,
            social_worker_id=person.id,
            created_by=person,
            now=turn.now,
            days_valid=turn.services.settings.invite_days,
            invitee_name=name,
        )
    except people.OnboardingError as problem:
        if problem.reason != "bad_name":
            raise
        # Nothing is created; the flow stays open for another try.
        await states.put(turn.session, turn.user_id, FLOW_INVITE_NAME, {}, turn.now)
        turn.say(Send(render_invite_bad_name(turn.tr)))
        return
    await states.clear(turn.session, turn.user_id)
    log.info("person %s created invite %s", person.id, created.invite.id)
    link = invite_link(turn.services.bot_username, created.code)
    assert created.invite.invitee_name is not None
    turn.say(
        Send(
            render_invite_for(
                turn.tr,
                turn.services.settings.tz,
                created.invite.invitee_name,
                link,
                created.invite.expires_at,
            ),
            views.main_menu(turn),
        )
    )


@with_turn(STAFF)
async def list_invites(update: Update, context: Ctx, turn: Turn) -> None:
    """/invites: waiting, expired and used invites (a social worker's own; an admin's unit)."""
    turn.say(Send(*await _invites_screen(turn, 0)))


async def _invites_screen(turn: Turn, page: int) -> tuple[str, InlineKeyboardMarkup]:
    """/invites, page `page`, as the speaker sees it."""
    rows = await _invite_rows(turn)
    return render_invites(turn.tr, turn.services.settings.tz, rows, page, turn.speaker.id)


async def _invite_rows(turn: Turn) -> list[people.InviteRow]:
    person = turn.speaker
    worker = person if person.role == Role.SOCIAL_WORKER else None
    return await people.list_invites(
        turn.session,
        turn.now,
        unit_id=person.unit_id,
        for_worker=worker,
        # By then the name on an unused invite is forgotten (privacy): nothing left to show.
        expired_within=dt.timedelta(days=UNUSED_INVITE_NAME_DAYS),
    )


@with_turn(STAFF)
async def on_invites_button(update: Update, context: Ctx, turn: Turn) -> None:
    """inv:p:<page> turns the page; inv:new:<invite id> makes a fresh link for an expired
    supporter invite (same name and social worker)."""
    person = turn.speaker
    try:
        route, args = cb.INV.parse(turn.data)
    except ValueError:
        route, args = None, cb.Args({})
    if route is cb.INV_PAGE:
        turn.say(Answer())
        turn.say(Edit(*await _invites_screen(turn, args.number("page"))))
        return
    old = await _own_expired_invite(turn, args.number("invite_id")) if route else None
    if old is None:
        turn.say(
            Answer(
                turn.tr.gettext("Sorry, that button has expired. Send /invites again."), alert=True
            )
        )
        return
    turn.say(Answer())
    created = await people.create_invite(
        turn.session,
        role=Role.SUPPORTER,
        unit_id=old.unit_id,
        social_worker_id=old.social_worker_id,
        created_by=person,
        now=turn.now,
        days_valid=turn.services.settings.invite_days,
        invitee_name=old.invitee_name,
    )
    log.info("person %s renewed invite %s as %s", person.id, old.id, created.invite.id)
    link = invite_link(turn.services.bot_username, created.code)
    name = old.invitee_name or turn.tr.gettext("(no name)")
    turn.say(
        Send(
            render_invite_for(
                turn.tr, turn.services.settings.tz, name, link, created.invite.expires_at
            )
        )
    )


async def _own_expired_invite(turn: Turn, invite_id: int) -> Invite | None:
    """The expired supporter invite a `inv:new:<id>` button names, if this person may renew
    it (their unit; a social worker: one she made or that names her)."""
    person = turn.speaker
    invite = await get_by_id(turn.session, Invite, invite_id)
    if (
        invite is None
        or invite.unit_id != person.unit_id
        or invite.role != Role.SUPPORTER
        or invite.used_at is not None
        or invite.expires_at > turn.now
    ):
        return None
    if person.role == Role.SOCIAL_WORKER and person.id not in (
        invite.social_worker_id,
        invite.created_by_id,
    ):
        return None
    worker = await get_by_id(turn.session, Person, invite.social_worker_id or 0)
    if worker is None or not worker.active:
        return None  # her social worker left: a new invite needs a new social worker
    return invite


def handlers(catalogs: Catalogs) -> list[BaseHandler]:
    return [
        CommandHandler("start", start),
        CallbackQueryHandler(choose_first_language, pattern=cb.LANG_FIRST.pattern),
        CommandHandler("invite", invite),
        MessageHandler(views.menu_label_filter(catalogs, "invite"), invite),
        CommandHandler("invites", list_invites),
        CallbackQueryHandler(on_invites_button, pattern=cb.INV.pattern),
    ]


INVITE_NAME_FLOW = Flow(FLOW_INVITE_NAME, Takes.ANY_TEXT)  # whatever is typed is the name


def register_text(router: TextRouter) -> None:
    router.flow(INVITE_NAME_FLOW, on_name_typed)
