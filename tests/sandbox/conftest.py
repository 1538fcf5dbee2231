"""Fixtures for the sandbox tests: a sandbox, its HTTP server, and a tiny real PTB bot."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable

import pytest
from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    Update,
)
from telegram.ext import (
    Application,
    ApplicationBuilder,
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.sandbox import BotApiSandbox, SandboxServer

AH_MEI = 1001
MR_CHAN = 1002
StartApp = Callable[..., Awaitable[Application]]


@pytest.fixture(autouse=True)
def ptb_timedelta(monkeypatch: pytest.MonkeyPatch) -> None:
    """Opt in to PTB's timedelta time periods for these tests."""
    # Without it, merely constructing RetryAfter emits a PTBDeprecationWarning (PTB >= 22.2),
    # which filterwarnings=error turns into the exception the bot sees instead of RetryAfter.
    monkeypatch.setenv("PTB_TIMEDELTA", "1")


@pytest.fixture
async def sandbox() -> AsyncIterator[BotApiSandbox]:
    """A sandbox with two users; closed after the test."""
    sandbox = BotApiSandbox()
    sandbox.add_user(AH_MEI, "Ah Mei", "ahmei", "yue")
    sandbox.add_user(MR_CHAN, "Mr Chan")
    yield sandbox
    await sandbox.aclose()


@pytest.fixture
async def server(sandbox: BotApiSandbox) -> AsyncIterator[SandboxServer]:
    """The sandbox served over HTTP on a free port."""
    async with SandboxServer(sandbox) as server:
        yield server


@pytest.fixture
async def start_app(server: SandboxServer) -> AsyncIterator[StartApp]:
    """Start real polling Applications against the server; all are shut down afterwards."""
    apps: list[Application] = []

    async def start(*handlers: BaseHandler) -> Application:
        app = (
            ApplicationBuilder()
            .token(server.sandbox.token)
            .base_url(f"{server.base_url}/bot")
            .base_file_url(f"{server.base_url}/file/bot")
            .build()
        )
        app.add_handlers(list(handlers))
        await app.initialize()
        apps.append(app)
        await app.start()
        await app.updater.start_polling(poll_interval=0, timeout=1)
        return app

    yield start
    for app in reversed(apps):
        if app.updater.running:
            await app.updater.stop()
        if app.running:
            await app.stop()
        await app.shutdown()


MENU = [["Refreshers", "Log hours"], ["Settings"]]


async def _start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/start shows the main menu (a reply keyboard)."""
    await update.effective_message.reply_text(
        "Welcome!", reply_markup=ReplyKeyboardMarkup(MENU, resize_keyboard=True)
    )


async def _hide(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/hide removes the menu."""
    await update.effective_message.reply_text("Menu hidden", reply_markup=ReplyKeyboardRemove())


async def _echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Echo text with a Yes/No question."""
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton("Yes", callback_data="yes"),
                InlineKeyboardButton("No", callback_data="no"),
            ]
        ]
    )
    await update.effective_message.reply_text(
        f"You said: {update.effective_message.text}", reply_markup=keyboard
    )


async def _picked(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer the press and edit the question in place."""
    query = update.callback_query
    await query.answer(f"Got {query.data}")
    await query.edit_message_text(f"Picked: {query.data}")


async def _not_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stickers, photos, voice: the bot only reads text."""
    await update.effective_message.reply_text("I can only read text")


@pytest.fixture
def echo_handlers() -> list[BaseHandler]:
    """Handlers of the tiny echo bot used by server and terminal tests."""
    return [
        CommandHandler("start", _start),
        CommandHandler("hide", _hide),
        MessageHandler(filters.TEXT & ~filters.COMMAND, _echo),
        CallbackQueryHandler(_picked),
        MessageHandler(filters.Sticker.ALL | filters.PHOTO | filters.VOICE, _not_text),
    ]
