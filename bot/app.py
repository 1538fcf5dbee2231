"""Composition root: the one place that knows every piece. Read this file first."""

from __future__ import annotations

import asyncio
import ctypes
import datetime as dt
import gc
import logging
from collections.abc import Callable
from typing import Any

from telegram.ext import Application, ApplicationBuilder, BaseRateLimiter, ContextTypes
from telegram.request import BaseRequest

from bot import jobs
from bot.config import Settings
from bot.context import Ctx, Services, TungHangApp, system_clock
from bot.delivery import outbox
from bot.delivery.dispatcher import Dispatcher
from bot.delivery.ratelimit import SharedRateLimiter
from bot.handlers import (
    admin,
    common,
    errors,
    escalation,
    flows,
    hours,
    library,
    onboarding,
    safety,
)
from bot.handlers import peer as peer_handlers
from bot.handlers import privacy as privacy_handlers
from bot.handlers import reports as report_handlers
from bot.handlers import settings as settings_handlers
from bot.handlers import team as team_handlers
from bot.handlers import tips as tip_handlers
from bot.handlers import turnover as turnover_handlers
from bot.handlers import wellbeing as wellbeing_handlers
from bot.handlers.commands import set_all_commands
from bot.handlers.text import TextRouter
from bot.i18n import Catalogs
from bot.library import Library, load_library
from bot.services import preferences, retention
from bot.updates import PerPersonUpdateProcessor
from bot.views.notices import ViewNotices
from storage import db

log = logging.getLogger(__name__)

__all__ = ["build_application"]


def build_application(
    settings: Settings,
    *,
    request: BaseRequest | None = None,
    clock: Callable[[], dt.datetime] | None = None,
    library_: Library | None = None,
    catalogs: Catalogs | None = None,
    migrate: bool = True,
    rate_limiter: BaseRateLimiter[Any] | None = None,
) -> TungHangApp:
    """Build the bot: services, handlers in the order they are tried, start-up hooks.

    `request` replaces the HTTP transport (tests pass the sandbox's in-process one).
    `rate_limiter` replaces the shared limiter (the broadcast benchmark's baseline).
    """
    engine = db.create_engine(settings.database_url)
    catalogs = catalogs or Catalogs.load()
    served = library_ or load_library()
    if settings.require_reviewed:
        from bot.card_review import serve_only_reviewed

        served = serve_only_reviewed(served)
        log.info("serving %d signed-off and risk cards only", len(served.cards))
    services = Services(
        settings=settings,
        sessions=db.session_factory(engine),
        catalogs=catalogs,
        library=served,
        notices=ViewNotices(),
        clock=clock or system_clock,
    )

    builder: Any = (
        ApplicationBuilder()
        .token(settings.token)
        .context_types(ContextTypes(context=Ctx))
        .post_init(_post_init)
        .post_stop(_post_stop)
        .post_shutdown(_post_shutdown)
        # Every send, interactive or from the outbox, shares one budget under Telegram's
        # limits; interactive replies and alerts go first (bot/delivery/ratelimit.py).
        .rate_limiter(rate_limiter or SharedRateLimiter())
        # Different people's updates are handled at once, each person's in order: one reply
        # waiting on Telegram no longer holds up everyone else (bot/updates.py).
        .concurrent_updates(PerPersonUpdateProcessor())
    )
    if settings.api_base_url:
        builder = builder.base_url(f"{settings.api_base_url}/bot").base_file_url(
            f"{settings.api_base_url}/file/bot"
        )
    if request is not None:
        builder = builder.request(request).get_updates_request(request)
    app: TungHangApp = builder.build()
    app.bot_data["services"] = services
    app.bot_data["engine"] = engine
    app.bot_data["migrate"] = migrate
    # Proactive messages: rows in the outbox, sent by one long-running dispatcher that a
    # commit with new rows wakes at once; the JobQueue tick turns due schedules into rows.
    dispatcher = Dispatcher(
        app.bot,
        services.sessions,
        clock=services.clock,
        catalogs=catalogs,
        priority_args=isinstance(app.bot.rate_limiter, SharedRateLimiter),
    )
    services.sessions.configure(
        info={**services.sessions.kw.get("info", {}), outbox.WAKE: dispatcher.wake}
    )
    app.bot_data["dispatcher"] = dispatcher
    # Scheduled work the tick runs, each asking the database what is due (bot/jobs.py).
    app.bot_data["due_work"] = [
        jobs.due_flags,  # first: an overdue alert matters more than a tip
        jobs.due_peer_questions,  # peer questions nobody took, "your tip helped"
        jobs.due_wellbeing,  # weekly check-ins (opt-in), monthly notes
        jobs.due_tips,
        jobs.due_checkins,
        # Every retention rule, copies included (PDPO: no longer than needed).
        retention.due_retention,
    ]

    # Group -3 runs first for every update: the bot lives in private chats only.
    app.add_handler(common.guard(), group=-3)
    # Group -2: a command or menu button in the middle of a flow parks the flow with a
    # one-line note, or brings a parked one back (bot/handlers/flows.py).
    app.add_handlers(flows.handlers(catalogs), group=-2)
    # Group -1: whatever anyone typed is checked for risk, whole, before any feature sees
    # it; on a hit the safety block goes first (bot/handlers/safety.py).
    app.add_handlers(safety.handlers(), group=-1)
    # Group 0: the first matching handler wins, so specific before general.
    app.add_handlers(onboarding.handlers(catalogs))
    app.add_handlers(common.handlers(catalogs))
    app.add_handlers(privacy_handlers.handlers())  # /privacy, /mydata: deactivated people too
    app.add_handlers(library.handlers(catalogs))
    app.add_handlers(safety.button_handlers())
    app.add_handlers(hours.handlers(catalogs))
    app.add_handlers(team_handlers.handlers(catalogs))
    app.add_handlers(report_handlers.handlers())
    app.add_handlers(escalation.handlers(catalogs))
    app.add_handlers(admin.handlers())
    app.add_handlers(turnover_handlers.handlers())  # /reassign
    app.add_handlers(settings_handlers.handlers(catalogs))
    app.add_handlers(peer_handlers.handlers(catalogs))
    app.add_handlers(wellbeing_handlers.handlers(catalogs))
    # Typed text: first the flow the person is in (a typed duration, a time…), then a
    # feature that recognises it (an hours entry), else it is a question for the library.
    text = TextRouter(
        fallback=library.answer_question,
        step_out=flows.step_out,
    )
    onboarding.register_text(text)
    hours.register_text(text)
    escalation.register_text(text)
    settings_handlers.register_text(text)
    peer_handlers.register_text(text)
    app.add_handler(text.handler())
    app.add_handlers(common.fallbacks())
    # Group 1 observes what group 0 already answered: block/unblock notices → reachability.
    app.add_handlers(tip_handlers.membership_handlers(), group=1)
    app.add_error_handler(errors.on_error)
    return app


async def _post_init(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    services: Services = app.bot_data["services"]
    if app.bot_data.get("migrate", True):
        await db.upgrade(app.bot_data["engine"])
    services.bot_username = app.bot.username
    # After migrations: supporters from before tips existed get preferences, then the
    # dispatcher resumes whatever the outbox still owes, then the tick starts looking.
    async with services.sessions() as session:
        await preferences.backfill(session, services.clock())
        await session.commit()
    dispatcher: Dispatcher = app.bot_data["dispatcher"]
    await dispatcher.start()
    jobs.schedule_tick(app, services, app.bot_data["due_work"], dispatcher)
    _return_freed_memory()
    # Command menus are cosmetic: set them in the background so start-up stays fast.
    app.bot_data["startup_tasks"] = [
        asyncio.get_running_loop().create_task(set_all_commands(app.bot, services))
    ]


# glibc's mallopt parameter for the number of heaps ("arenas"); by default each new thread
# may get its own, up to 8 per CPU, each keeping what it once held.
_M_ARENA_MAX = -8


def _glibc() -> ctypes.CDLL | None:
    """The C library when it is glibc (the memory calls below); elsewhere None."""
    try:
        return ctypes.CDLL("libc.so.6")
    except OSError:
        return None


def limit_malloc_arenas(arenas: int = 2) -> None:
    """Keep to a couple of heaps: every SQLite connection is a thread of its own (aiosqlite),
    and with a heap each, a burst of 200 questions left 3 MiB more resident for good
    (bench/handlers.py, memory with 10,000 supporters). Call before threads start."""
    if (libc := _glibc()) is not None:
        libc.mallopt(_M_ARENA_MAX, arenas)


def _return_freed_memory() -> None:
    """Give back the heap that loading freed. Parsing the cards and the two models leaves
    about 20 MiB that glibc keeps for reuse and the bot never needs again (bench/handlers.py,
    memory with 10,000 supporters: 143 → 124 MiB)."""
    if (libc := _glibc()) is not None:
        gc.collect()
        libc.malloc_trim(0)


async def _post_stop(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    # Before the bot's HTTP client closes: let sends in flight finish, claim no more.
    await app.bot_data["dispatcher"].stop()


async def _post_shutdown(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    await app.bot_data["dispatcher"].stop()  # harmless if post_stop already did
    for task in app.bot_data.pop("startup_tasks", []):
        if not task.done():
            task.cancel()
        await asyncio.gather(task, return_exceptions=True)
    await app.bot_data["engine"].dispose()
