"""The last line of defence: log the failure (never message text), apologise kindly."""

from __future__ import annotations

import logging
import traceback
from collections import deque

from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from telegram import Update
from telegram.error import TelegramError

from bot.context import Ctx
from bot.i18n import N_, negotiate

log = logging.getLogger(__name__)

SORRY = N_(
    "Sorry, something went wrong on my side. Please try again in a minute. "
    "Anything I confirmed as saved is safe."
)
DB_DOWN = N_(
    "Sorry, I can't reach my records right now. Please try again in a minute — "
    "nothing you saved before is lost."
)


def database_unreachable(error: BaseException | None) -> bool:
    """A database error, or the database not answering at all. With PostgreSQL down, the
    driver's connect fails with a plain OSError (ConnectionRefusedError, or TimeoutError)
    that SQLAlchemy passes on unwrapped: it is the database when it came from there."""
    if isinstance(error, OperationalError | DBAPIError | PoolTimeout):
        return True
    if isinstance(error, OSError):
        frames = traceback.extract_tb(error.__traceback__)
        return any(("sqlalchemy" in f.filename or "asyncpg" in f.filename) for f in frames)
    return False


async def on_error(update: object, context: Ctx) -> None:
    error = context.error
    # Log the type and where, not the message: exception text can carry user input.
    where = "".join(traceback.format_tb(error.__traceback__)) if error is not None else ""
    log.error("error while handling an update: %s\n%s", type(error).__name__, where)
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    if update.effective_chat.type != "private":
        return
    # Handlers in several groups may each fail on one update (the database is down for all
    # of them): the person hears one apology.
    apologised = context.application.bot_data.setdefault("apologised_updates", deque(maxlen=512))
    if update.update_id in apologised:
        return
    apologised.append(update.update_id)
    user = update.effective_user
    lang = negotiate(None, user.language_code if user else None)
    message = DB_DOWN if database_unreachable(error) else SORRY
    try:
        if update.callback_query:
            await update.callback_query.answer()
        await context.bot.send_message(
            update.effective_chat.id, context.services.catalogs.get(lang).gettext(message)
        )
    except TelegramError:
        log.warning("could not send the apology either")
