"""Flows never trap a person: stepping out of a half-finished flow, and coming back to it.

A command (or a main-menu button) sent in the middle of a flow runs as usual; the flow is
parked first with a one-line note ("I've put your unfinished concern aside — /flag to
continue"). Typed text at a step that wants a button, or text that is clearly something
else (a question where a time or a case code was asked), is parked the same way and then
answered like any message. The concern flow's typed steps (case code, a few words) take
whatever is typed: there the message is obviously the answer. A parked flow waits
24 hours (bot/services/states.py); its command brings it back where it stopped.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from telegram import Update
from telegram.ext import ApplicationHandlerStop, BaseHandler, MessageHandler, filters

from bot.context import ANYONE, Ctx, Turn, with_turn
from bot.handlers import escalation
from bot.handlers import peer_resume as peer
from bot.i18n import N_, Catalogs
from bot.replies import Send
from bot.services import states
from bot.views.common import MENU
from storage.models import ChatState

Resume = Callable[[Update, Turn, ChatState], Awaitable[None]]


@dataclass(frozen=True)
class Family:
    command: str  # the command that starts (and resumes) it
    note: str  # said when it is put aside
    resume: Resume | None = None  # None: nothing typed is kept, the command starts afresh


FAMILIES: dict[str, Family] = {
    "flag": Family(
        "flag",
        N_("I've put your unfinished concern aside — /flag to continue."),
        escalation.resume,
    ),
    "peer.ask": Family(
        "askpeer",
        N_(
            "I've put your unfinished question for a senior supporter aside — /askpeer to continue."
        ),
        peer.resume_ask,
    ),
    "peer.tip": Family(
        "sharetip",
        N_("I've put your unfinished tip aside — /sharetip to continue."),
        peer.resume_tip,
    ),
    "peer.answer": Family(
        "peer", N_("I've put your unfinished answer aside — /peer to continue."), peer.resume_typing
    ),
    "peer.tip_edit": Family(
        "peer",
        N_("I've put your unfinished tip edit aside — /peer to continue."),
        peer.resume_typing,
    ),
    "peer.tip_return": Family(
        "peer", N_("I've put your unfinished note aside — /peer to continue."), peer.resume_typing
    ),
    "flag_close": Family(
        "flags", N_("I've put your unfinished outcome note aside — /flags to continue.")
    ),
    "hours": Family("log", N_("I've put your unfinished hours entry aside — /log to start again.")),
    "settings": Family(
        "settings", N_("I've put your unfinished tip time aside — /settings to start again.")
    ),
    "invite": Family(
        "invite", N_("I've put your unfinished invite aside — /invite to start again.")
    ),
}
# The menu buttons that act like a family's command.
MENU_COMMANDS = {"flag": "flag", "log": "log", "settings": "settings", "peers": "peer"}
# /cancel ends the flow itself; reading help or the privacy notice, or fetching one's
# data, starts nothing, so the flow simply waits for the next step.
LEAVES_FLOW_ALONE = {"cancel", "help", "privacy", "mydata"}


def _command_of(text: str, catalogs: Catalogs) -> str | None:
    """ "/flag@Bot args" → "flag"; a main-menu label → its command; else None."""
    if text.startswith("/"):
        return text[1:].split(maxsplit=1)[0].split("@", 1)[0].lower() if len(text) > 1 else None
    for key, command in MENU_COMMANDS.items():
        if any(text == tr.gettext(MENU[key]) for tr in catalogs.all()):
            return command
    if any(text == tr.gettext(label) for label in MENU.values() for tr in catalogs.all()):
        return "menu"
    return None


async def step_out(update: Update, turn: Turn) -> None:
    """Park the current flow (if any) and say so in one line."""
    family = await states.park(turn.session, turn.user_id, turn.now)
    if family is None:
        return
    known = FAMILIES.get(family)
    note = (
        turn.tr.gettext(known.note)
        if known
        else turn.tr.gettext("I've put your unfinished step aside — /cancel to drop it.")
    )
    turn.say(Send(note))


@with_turn(ANYONE)
async def on_command(update: Update, context: Ctx, turn: Turn) -> None:
    """Before any command or menu button: resume the family it names, or park the flow."""
    person = turn.person
    if person is None or not person.active:
        return
    command = _command_of(turn.text, turn.services.catalogs)
    if command is None or command in LEAVES_FLOW_ALONE:
        return
    uid = turn.user_id
    state = await states.get(turn.session, uid)
    if state is None:
        return
    active = states.active_flow(state)
    for name, family in FAMILIES.items():
        if family.command != command or family.resume is None:
            continue
        if active is not None and states.family_of(active) == name:
            await family.resume(update, turn, state)  # still in it: show where they are
            raise ApplicationHandlerStop
        if await states.parked_flow(turn.session, uid, name, turn.now) is not None:
            await step_out(update, turn)  # whatever they were doing now waits in its place
            resumed = await states.unpark(turn.session, uid, name, turn.now)
            assert resumed is not None
            turn.say(Send(turn.tr.gettext("Here is where you left off.")))
            await family.resume(update, turn, resumed)
            raise ApplicationHandlerStop
    if active is not None:
        current = FAMILIES.get(states.family_of(active))
        if current is not None and current.command == command:
            return  # /log again while logging: the command starts afresh, nothing to say
        await step_out(update, turn)


def handlers(catalogs: Catalogs) -> list[BaseHandler]:
    labels = [tr.gettext(label) for label in MENU.values() for tr in catalogs.all()]
    return [
        MessageHandler(
            (filters.COMMAND | filters.Text(labels)) & filters.UpdateType.MESSAGE, on_command
        )
    ]
