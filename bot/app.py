"""Composition root: the one place that knows every piece. Read this file first."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

from telegram.ext import Application, ApplicationBuilder, ContextTypes
from telegram.request import BaseRequest

from bot.config import Settings
from bot.context import Ctx, Services, TungHangApp, system_clock
from bot.handlers import common, errors, hours, library, onboarding
from bot.handlers.commands import set_all_commands
from bot.handlers.text import TextRouter
from bot.i18n import Catalogs
from bot.library import Library, load_library
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
) -> TungHangApp:
    """Build the bot: services, handlers in the order they are tried, start-up hooks.

    `request` replaces the HTTP transport (tests pass the sandbox's in-process one).
    """
    engine = db.create_engine(settings.database_url)
    catalogs = catalogs or Catalogs.load()
    services = Services(
        settings=settings,
        sessions=db.session_factory(engine),
        catalogs=catalogs,
        library=library_ or load_library(),
        clock=clock or system_clock,
    )

    builder: Any = (
        ApplicationBuilder()
        .token(settings.token)
        .context_types(ContextTypes(context=Ctx))
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
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

    # Group -1 runs first for every update: the bot lives in private chats only.
    app.add_handler(common.guard(), group=-1)
    # Group 0: the first matching handler wins, so specific before general.
    app.add_handlers(onboarding.handlers(catalogs))
    app.add_handlers(common.handlers(catalogs))
    app.add_handlers(library.handlers(catalogs))
    app.add_handlers(hours.handlers(catalogs))
    # Typed text: first the flow the person is in (a typed duration, a time…), then a
    # feature that recognises it (an hours entry), else it is a question for the library.
    text = TextRouter(fallback=library.answer_question)
    hours.register_text(text)
    app.add_handler(text.handler())
    app.add_handlers(common.fallbacks())
    app.add_error_handler(errors.on_error)  # type: ignore[arg-type]
    return app


async def _post_init(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    services: Services = app.bot_data["services"]
    if app.bot_data.get("migrate", True):
        await db.upgrade(app.bot_data["engine"])
    services.bot_username = app.bot.username
    # Command menus are cosmetic: set them in the background so start-up stays fast.
    app.bot_data["startup_tasks"] = [
        asyncio.get_running_loop().create_task(set_all_commands(app.bot, services))
    ]


async def _post_shutdown(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    for task in app.bot_data.pop("startup_tasks", []):
        if not task.done():
            task.cancel()
        await asyncio.gather(task, return_exceptions=True)
    await app.bot_data["engine"].dispose()
