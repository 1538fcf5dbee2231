"""Typed access to services from handlers, and the per-update unit of work."""

from __future__ import annotations

import datetime as dt
import functools
import logging
from collections.abc import Awaitable, Callable, Collection, Coroutine
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from telegram import Update
from telegram.ext import (
    Application,
    ApplicationHandlerStop,
    BaseRateLimiter,
    CallbackContext,
    ExtBot,
)

from bot import views
from bot.config import Settings
from bot.domain.risk import RiskAssessment
from bot.i18n import Catalogs, Translator, negotiate
from bot.replies import Reply, deliver
from bot.services import states
from storage.models import Person

if TYPE_CHECKING:
    from bot.library import Library

log = logging.getLogger(__name__)


def system_clock() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass
class Services:
    """Everything the handlers need, built once by the composition root."""

    settings: Settings
    sessions: async_sessionmaker[AsyncSession]
    catalogs: Catalogs
    library: Library
    clock: Callable[[], dt.datetime] = system_clock
    bot_username: str = ""
    extras: dict[str, Any] = field(default_factory=dict)


class Ctx(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    """CallbackContext with typed services (see PTB's contexttypesbot example)."""

    # What the safety net (bot/handlers/safety.py) found in this update's text, before any
    # feature ran; None when the update carried no text. One context serves every handler
    # group of one update, so the assessment is made once.
    safety: RiskAssessment | None = None

    @property
    def services(self) -> Services:
        return self.application.bot_data["services"]  # type: ignore[no-any-return]


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

    def say(self, *replies: Reply) -> None:
        """Queue what to send; `with_turn` sends it, in order, after the commit."""
        self.replies.extend(replies)

    @property
    def lang(self) -> str:
        return self.tr.lang

    def local_now(self) -> dt.datetime:
        return self.now.astimezone(self.services.settings.tz)


TurnHandler = Callable[[Update, Ctx, Turn], Awaitable[None]]
ANYONE = None
REGISTERED = "registered"


def with_turn(
    access: str | Collection[str] | None = REGISTERED,
) -> Callable[[TurnHandler], Callable[[Update, Ctx], Awaitable[None]]]:
    """Open a unit of work around a handler, check who may use it, commit at the end.

    `access`: ANYONE (unknown people too), REGISTERED (any active person), or a set of roles.
    Handlers never commit: the commit happens here when the handler returns (or stops the
    update with ApplicationHandlerStop), so what the user was told is saved is saved; and
    whatever the handler wrote is also committed before each message or answer it sends
    (CommitBeforeTelling below), so no write and no pooled connection waits on Telegram.
    """

    def decorate(fn: TurnHandler) -> Callable[[Update, Ctx], Awaitable[None]]:
        @functools.wraps(fn)
        async def wrapper(update: Update, context: Ctx) -> None:
            services = context.services
            user = update.effective_user
            async with services.sessions() as session:
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
                )
                current = _TURN_SESSION.set(session)
                stopped: ApplicationHandlerStop | None = None
                try:
                    refusal = None if access is ANYONE else _refusal(person, access)
                    if refusal is not None:
                        views.refuse(update, turn, refusal)
                    else:
                        await fn(update, context, turn)
                except ApplicationHandlerStop as stop:
                    stopped = stop  # "stop here" ends the update normally
                finally:
                    _TURN_SESSION.reset(current)
                await _commit_if_written(session)
            # The session is closed: now tell the person, holding no connection or lock.
            await deliver(update, context.bot, turn.replies)
            if stopped is not None:
                raise stopped

        return wrapper

    return decorate


# --- commit before telling --------------------------------------------------------------
#
# A handler that writes (a flow step, a setting) and then replies used to hold its
# transaction open while the reply went to Telegram. On SQLite that is the database's one
# write lock: every other update that writes, the outbox dispatcher recording what it sent
# and the tick all waited on that network call — a flow step managed 16 updates/s at 50 ms
# latency, and a reply stuck in a timeout held everyone for seconds, so a crash then found
# more sent-but-unrecorded messages to send again (bench/handlers.py, bench/faults.py). Now
# the update's writes are committed before any request leaves for Telegram: the person is
# told only what is saved, the lock (and the pooled connection) is free during the wait,
# and the handler carries on in a fresh transaction.

_TURN_SESSION: ContextVar[AsyncSession | None] = ContextVar("tunghang_turn_session", default=None)


async def _commit_if_written(session: AsyncSession) -> None:
    # An open transaction may hold writes (flushed, or executed as statements); a commit
    # of one that only read costs no more than the rollback that closing it would do.
    if session.in_transaction() or session.new or session.dirty or session.deleted:
        await session.commit()


async def commit_before_telling() -> None:
    """End the current update's transaction, committing its writes (called before each
    Bot API request by CommitBeforeTelling; a no-op outside a handler's unit of work)."""
    session = _TURN_SESSION.get()
    if session is not None:
        # Reads only: ending the transaction hands the connection back to the pool for
        # the wait too (on PostgreSQL a pool of 15 held over replies capped the mix at
        # 240 updates/s — bench/handlers.py --pg-url).
        await _commit_if_written(session)


class CommitBeforeTelling(BaseRateLimiter[Any]):
    """Wraps the bot's rate limiter — PTB's hook on every Bot API request — so that a
    handler's writes are committed before its request goes out (see above)."""

    def __init__(self, inner: BaseRateLimiter[Any]) -> None:
        self.inner = inner

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)  # the shared limiter's stats, waiting…

    async def initialize(self) -> None:
        await self.inner.initialize()

    async def shutdown(self) -> None:
        await self.inner.shutdown()

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: Any,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        await commit_before_telling()
        return await self.inner.process_request(
            callback, args, kwargs, endpoint, data, rate_limit_args
        )


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
