"""Typed access to services from handlers, and the per-update unit of work."""

from __future__ import annotations

import datetime as dt
import functools
import logging
from collections.abc import Awaitable, Callable, Collection
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from telegram import Update
from telegram.ext import Application, CallbackContext, ExtBot

from bot.config import Settings
from bot.i18n import Catalogs, Translator, negotiate
from bot.services.people import person_by_telegram_id
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
    """Open a unit of work around a handler, check who may use it, commit once at the end.

    `access`: ANYONE (unknown people too), REGISTERED (any active person), or a set of roles.
    The commit happens before the handler returns, so what the user was told is saved is saved.
    """

    def decorate(fn: TurnHandler) -> Callable[[Update, Ctx], Awaitable[None]]:
        @functools.wraps(fn)
        async def wrapper(update: Update, context: Ctx) -> None:
            from bot import views  # late import: views imports context types

            services = context.services
            user = update.effective_user
            async with services.sessions() as session:
                person = await person_by_telegram_id(session, user.id) if user else None
                lang = negotiate(
                    person.language if person else None, user.language_code if user else None
                )
                turn = Turn(
                    session, person, services.catalogs.get(lang), services.clock(), services
                )
                if access is not ANYONE:
                    refusal = _refusal(person, access)
                    if refusal is not None:
                        await views.reply_refusal(update, turn, refusal)
                        return
                await fn(update, context, turn)
                await session.commit()

        return wrapper

    return decorate


def _refusal(person: Person | None, access: str | Collection[str]) -> str | None:
    if person is None:
        return "unregistered"
    if not person.active:
        return "deactivated"
    if access != REGISTERED and person.role not in access:
        return "role"
    return None
