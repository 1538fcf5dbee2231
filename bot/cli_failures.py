"""How a `tunghang` command ends when it fails: one line in plain words and a documented exit
code, never a traceback, never the bot token, the webhook secret or a database password.

Exit codes (README "Admin command line"): 0 done; 1 a check failed, the request was refused
or something it needs (Telegram, the database, a file) could not be used; 2 the command was
given something it cannot use (unknown options, wrong types, a missing file, bad
configuration).
"""

from __future__ import annotations

import os
import socket
from collections.abc import Mapping
from urllib.parse import urlparse

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
# Another process polls for the same bot: the systemd unit does not restart on it.
EXIT_ANOTHER_POLLER = 3

# The largest id the database keeps for units, people and invites (storage.db.MAX_ID) and
# the largest Telegram user id a BIGINT column holds.
MAX_DB_ID = 2**31 - 1
MAX_TELEGRAM_ID = 2**63 - 1


class UsageError(Exception):
    """The command was given something it cannot use (exit 2)."""


class Refused(Exception):
    """The rules refuse the request (unknown person, wrong role…): exit 1, nothing changed."""


def secrets_in(environ: Mapping[str, str]) -> list[str]:
    """What must never be printed: the token (and its secret half, which is what a URL or a
    shortened message may show), the webhook secret and the database password."""
    token = environ.get("TELEGRAM_BOT_TOKEN", "").strip()
    found = [token, token.split(":", 1)[-1] if ":" in token else ""]
    found.append(environ.get("WEBHOOK_SECRET", "").strip())
    try:
        from sqlalchemy.engine import make_url

        found.append(make_url(environ.get("DATABASE_URL", "")).password or "")
    except Exception:  # not a URL: then it carries no password either
        pass
    # Longest first, so the whole token is replaced before its secret half.
    return sorted({s for s in found if len(s) >= 4}, key=len, reverse=True)


def redact(text: str, secrets: list[str]) -> str:
    for secret in secrets:
        text = text.replace(secret, "<secret>")
    return text


def _chain(error: BaseException) -> list[BaseException]:
    """The error and everything it was raised from, outermost first."""
    seen: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in seen:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen


def telegram_refusal(error: BaseException) -> str:
    """PTB raises InvalidToken for both of Telegram's refusals: 401 Unauthorized (the token is
    wrong) and 404 Not Found (the API address is wrong, as a well-formed token never gets a
    404 for getMe). The server's description, kept in the chain, tells them apart."""
    if any("not found" in str(e).lower() for e in _chain(error)):
        return (
            "the Telegram API address answers 404 Not Found: check TELEGRAM_API_BASE_URL "
            "(leave it unset for api.telegram.org)"
        )
    return (
        "Telegram rejected the bot token (401 Unauthorized): copy it again from @BotFather "
        "(/mybots → API Token)"
    )


def _api_host(environ: Mapping[str, str]) -> str:
    base = environ.get("TELEGRAM_API_BASE_URL", "").strip()
    return (urlparse(base).netloc or base) if base else "api.telegram.org"


def describe(error: BaseException, environ: Mapping[str, str] = os.environ) -> tuple[str, int]:
    """One line in plain words and the exit code for an error a command did not handle."""
    from sqlalchemy.exc import DBAPIError, SQLAlchemyError
    from telegram.error import Conflict, InvalidToken, NetworkError, TelegramError

    from bot.config import ConfigError
    from bot.services.people import OnboardingError

    if isinstance(error, UsageError):
        return str(error), EXIT_USAGE
    if isinstance(error, Refused | OnboardingError):
        return str(error), EXIT_FAILED
    if isinstance(error, ConfigError):
        return "the configuration is not valid: " + "; ".join(error.problems), EXIT_USAGE
    if isinstance(error, InvalidToken):
        return telegram_refusal(error), EXIT_FAILED
    if isinstance(error, Conflict):
        return (
            "Telegram says another copy of this bot is already polling: only one instance "
            "may poll; stop the other one",
            EXIT_ANOTHER_POLLER,
        )
    if isinstance(error, NetworkError):  # TimedOut too
        return (
            f"cannot reach Telegram at {_api_host(environ)}: check the network "
            "(and TELEGRAM_API_BASE_URL if you set it)",
            EXIT_FAILED,
        )
    if isinstance(error, TelegramError):
        return f"Telegram refused the request: {error.message}", EXIT_FAILED
    if isinstance(error, DBAPIError | SQLAlchemyError):
        words = str(getattr(error, "orig", None) or error).lower()
        if "readonly" in words or "read-only" in words or "read only" in words:
            return (
                "the database is read-only: give the bot's user write access to it "
                "(and, for SQLite, to its folder)",
                EXIT_FAILED,
            )
        if "unable to open database" in words:
            return (
                "cannot open the SQLite database: check DATABASE_URL and that its folder exists "
                "and is writable",
                EXIT_FAILED,
            )
        # The driver's own words (parameters are never in them: hide_parameters), e.g.
        # 'database "x" does not exist'; asyncpg's start with "<class '…'>: ".
        said = (str(getattr(error, "orig", None) or error).strip().splitlines() or [""])[0]
        said = said.split(">: ", 1)[-1][:160]
        return (
            f"the database refused the request ({said or 'no details'}): check DATABASE_URL, "
            "and run `tunghang check`",
            EXIT_FAILED,
        )
    if isinstance(error, ConnectionError | socket.gaierror | TimeoutError):
        return (
            f"cannot connect to the database ({error.__class__.__name__}): is it running, and "
            "is DATABASE_URL right?",
            EXIT_FAILED,
        )
    if isinstance(error, OSError) and error.filename:
        return f"cannot use {error.filename}: {error.strerror or 'failed'}", EXIT_FAILED
    if isinstance(error, OverflowError):
        return "a number given is too large", EXIT_USAGE
    first_line = (str(error).strip().splitlines() or [""])[0][:200]
    return f"unexpected {type(error).__name__}: {first_line or 'no details'}", EXIT_FAILED


def positive_id(text: str) -> int:
    """argparse type for unit and person ids: a whole number the database can hold."""
    import argparse

    if not text.strip().isdigit() or not 0 < int(text) <= MAX_DB_ID:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not an id (a whole number from 1 to {MAX_DB_ID})"
        )
    return int(text)
