"""Typed access to services from handlers, and the per-update unit of work."""

from __future__ import annotations

import datetime as dt
import functools
import logging
from collections.abc import Awaitable, Callable, Collection, Coroutine
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import CallbackQuery, Message, Update, User
from telegram.ext import (
    Application,
    ApplicationHandlerStop,
    CallbackContext,
    ExtBot,
)

from bot import views
from bot.delivery import outbox
from bot.domain.risk import RiskAssessment
from bot.i18n import Translator, negotiate
from bot.replies import Answer, Reply, Send, deliver
from bot.services import states

# Services lives beside the services (no Telegram there); re-exported for the handlers.
from bot.services.registry import Services as Services
from bot.services.registry import system_clock as system_clock
from storage.models import Person

log = logging.getLogger(__name__)


class Ctx(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    """CallbackContext with typed services (see PTB's contexttypesbot example)."""

    # What the safety net (bot/handlers/safety.py) found in this update's text, before any
    # feature ran; None when the update carried no text. One context serves every handler
    # group of one update, so the assessment is made once.
    safety: RiskAssessment | None = None
    # Who is speaking, as the last handler group's unit of work committed them: the next
    # group of the same update takes them over rather than reading them again (a command
    # passes the flow guard, then its feature: one read, not two).
    speaker: states.Speaker | None = None

    @property
    def services(self) -> Services:
        return self.application.bot_data["services"]


TungHangApp = Application[ExtBot[None], Ctx, dict[Any, Any], dict[Any, Any], dict[Any, Any], Any]


@dataclass
class Turn:
    """One update's unit of work: a session, who is speaking, in which language, and when."""

    session: AsyncSession
    person: Person | None
    tr: Translator
    now: dt.datetime
    services: Services
    safety: RiskAssessment | None = None  # the safety net's finding on this update's text
    replies: list[Reply] = field(default_factory=list)  # sent by with_turn after the commit
    # The update being handled (None for a turn a scheduled job builds to render a text).
    update: Update | None = field(default=None, repr=False)

    def say(self, *replies: Reply) -> None:
        """Queue what to send; `with_turn` sends it, in order, after the commit."""
        self.replies.extend(replies)

    def refuse(self, update: Update, reason: str) -> None:
        """Explain kindly why this person can't use this (and change nothing)."""
        text = views.refusal_text(self.tr, self.services.catalogs, reason)
        if update.callback_query:
            self.say(Answer())
        if update.effective_chat:
            self.say(Send(text, chat_id=update.effective_chat.id))

    # What the update carries. PTB types each part as optional because some kinds of
    # update lack it; a handler's filter or pattern decides which kinds reach it (a command
    # or typed text has a message; a button press has a query with data; every update in a
    # private chat has a user and a chat). These accessors check that once, here, and fail
    # with a message naming the part if a handler is wired to updates without it.

    @property
    def speaker(self) -> Person:
        """The registered person speaking (with_turn lets only them into REGISTERED or
        role-limited handlers; `person` is None only in an ANYONE handler)."""
        return _present(self.person, "a registered person")

    @property
    def user(self) -> User:
        """Who sent the update."""
        return _present(self._update.effective_user, "a user")

    @property
    def user_id(self) -> int:
        """The speaker's Telegram user id (the key of their flow state)."""
        return self.user.id

    @property
    def chat_id(self) -> int:
        """The chat the update came from."""
        return _present(self._update.effective_chat, "a chat").id

    @property
    def message(self) -> Message:
        """The message typed, or the one whose button was pressed."""
        return _present(self._update.effective_message, "a message")

    @property
    def text(self) -> str:
        """The text typed ("" for a message without text, such as a sticker)."""
        return self.message.text or ""

    @property
    def query(self) -> CallbackQuery:
        """The button press."""
        return _present(self._update.callback_query, "a button press")

    @property
    def data(self) -> str:
        """The pressed button's callback data."""
        return _present(self.query.data, "button data")

    @property
    def pressed_message_id(self) -> int:
        """The id of the message whose button was pressed."""
        return _present(self.query.message, "the pressed message").message_id

    @property
    def _update(self) -> Update:
        return _present(self.update, "an update (this turn was built by a job)")

    @property
    def lang(self) -> str:
        return self.tr.lang

    def local_now(self) -> dt.datetime:
        return self.now.astimezone(self.services.settings.tz)


_T = TypeVar("_T")


def _present(value: _T | None, what: str) -> _T:
    if value is None:
        raise AssertionError(f"this handler needs {what}; check the filter it is registered with")
    return value


TurnHandler = Callable[[Update, Ctx, Turn], Awaitable[None]]
# What PTB's handlers accept as a callback: a coroutine function, not any awaitable.
UpdateCallback = Callable[[Update, Ctx], Coroutine[Any, Any, None]]
ANYONE = None
REGISTERED = "registered"


def with_turn(
    access: str | Collection[str] | None = REGISTERED,
) -> Callable[[TurnHandler], UpdateCallback]:
    """Open a unit of work around a handler, check who may use it, commit, then reply.

    `access`: ANYONE (unknown people too), REGISTERED (any active person), or a set of roles.
    The one commit point: the handler reads and writes through `turn.session` and says what
    to send with `turn.say(...)` (bot/replies.py); when it returns (or stops the update with
    ApplicationHandlerStop) its writes are committed and the session closed, and only then
    are the replies sent. So the person is told only what is saved, and no write, lock or
    pooled connection waits on Telegram (tests/integration/test_unit_of_work.py).
    """

    def decorate(fn: TurnHandler) -> UpdateCallback:
        @functools.wraps(fn)
        async def wrapper(update: Update, context: Ctx) -> None:
            services = context.services
            user = update.effective_user
            async with services.sessions() as session:
                carried, context.speaker = context.speaker, None
                if carried is not None and user and carried.person.telegram_user_id == user.id:
                    person: Person | None = states.adopt(session, carried)
                else:
                    person = await states.speaker(session, user.id) if user else None
                if (
                    person is not None
                    and person.language is None
                    and person.active
                    and user
                    and user.language_code
                ):
                    # Joined before the language was saved at joining: keep what they see
                    # here, so what the bot sends on its own (alerts, tips) matches it.
                    person.language = negotiate(None, user.language_code)
                lang = negotiate(
                    person.language if person else None, user.language_code if user else None
                )
                turn = Turn(
                    session,
                    person,
                    services.catalogs.get(lang),
                    services.clock(),
                    services,
                    context.safety,
                    update=update,
                )
                stopped: ApplicationHandlerStop | None = None
                try:
                    refusal = None if access is ANYONE else _refusal(person, access)
                    if refusal is not None:
                        turn.refuse(update, refusal)
                    else:
                        await fn(update, context, turn)
                except ApplicationHandlerStop as stop:
                    stopped = stop  # "stop here" ends the update normally
                await _commit_if_written(session)
                if person is not None:
                    context.speaker = states.carried(session, person)
            # Rows the handler put in the outbox are visible to the dispatcher only now.
            outbox.wake_if_enqueued(session)
            # The session is closed: now tell the person, holding no connection or lock.
            await deliver(update, context.bot, turn.replies)
            if stopped is not None:
                raise stopped

        return wrapper

    return decorate


async def _commit_if_written(session: AsyncSession) -> None:
    # An open transaction may hold writes (flushed, or executed as statements); a commit
    # of one that only read costs no more than the rollback that closing it would do.
    if session.in_transaction() or session.new or session.dirty or session.deleted:
        await session.commit()


def _refusal(person: Person | None, access: str | Collection[str]) -> str | None:
    if person is None:
        return "unregistered"
    if not person.active:
        return "deactivated"
    if access != REGISTERED and person.role not in access:
        # Say who it is for: a social worker trying /log must not hear "for social workers".
        roles = set(access)
        if roles == {"supporter"}:
            return "role_supporters"
        if roles == {"admin"}:
            return "role_admins"
        return "role"
    return None
