"""Logging that never carries the bot token or what people wrote.

Two filters sit on the one handler, so they hold whatever level any logger is set to:
PayloadFilter keeps libraries' request bodies, updates and SQL parameters out (below
WARNING only our own loggers and a few lifecycle lines pass), and RedactTokenFilter blanks
the token and the webhook secret wherever they still appear. Our own log lines carry ids
and error types, never message text. tests/security/test_logging_privacy.py proves it.
"""

from __future__ import annotations

import logging

# httpx logs every request URL at INFO, and Bot API URLs contain the token.
_CHATTY_LOGGERS = ("httpx", "httpcore", "apscheduler.executors.default", "tornado.access")
# Our own code: reviewed to log ids and error types only.
OWN_LOGGERS = ("bot", "storage", "tunghang", "__main__")
# Libraries' INFO lines that carry no payload (start, stop, migrations).
LIFECYCLE_INFO = (
    "telegram.ext.Application",
    "telegram.ext.Updater",
    "apscheduler.scheduler",
    "alembic.runtime.migration",
)


def _within(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


# PTB logs an update it cannot parse at CRITICAL with the whole update ("Received data
# was %r"): the text someone typed. The line stays (it matters), the data goes.


class PayloadFilter(logging.Filter):
    """PTB logs every update and every Bot API call with its text at DEBUG; SQLAlchemy logs
    SQL with parameters at INFO, aiosqlite at DEBUG. None of that may reach the log."""

    def filter(self, record: logging.LogRecord) -> bool:
        if _quotes_an_update(record):
            # PTB logs an update it cannot parse at CRITICAL with the whole update (and an
            # exception that may quote it): keep the fact, not the text.
            error = record.exc_info[1] if record.exc_info else None
            record.msg = "an update could not be parsed (%s); its content is not logged"
            record.args = (type(error).__name__ if error else "unknown error",)
            record.exc_info, record.exc_text = None, None
            return True
        if record.levelno >= logging.WARNING or _within(record.name, OWN_LOGGERS):
            return True
        return record.levelno >= logging.INFO and _within(record.name, LIFECYCLE_INFO)


def _quotes_an_update(record: logging.LogRecord) -> bool:
    return record.name.startswith("telegram") and "Received data was" in str(record.msg)


class LibraryTracebackFilter(logging.Filter):
    """A library's error (PTB's retry loop logs a bad token or no network with a traceback)
    becomes one line, its exception's type and words, unless LOG_LEVEL is DEBUG: an operator
    reading journald sees what failed, not forty lines of someone else's stack. Our own
    loggers keep whole tracebacks: those are bugs to fix."""

    def filter(self, record: logging.LogRecord) -> bool:
        if (
            record.exc_info
            and record.exc_info[1] is not None
            and not record.exc_text
            and not _within(record.name, OWN_LOGGERS)
            and logging.getLogger().level > logging.DEBUG
        ):
            error = record.exc_info[1]
            first = (str(error).splitlines() or [""])[0]
            record.exc_text = f"  ({type(error).__name__}: {first})"
        return True


class RedactTokenFilter(logging.Filter):
    """Defence in depth: if the token (or another secret) reaches a log line, blank it out."""

    def __init__(self, token: str, *others: str | None) -> None:
        super().__init__()
        candidates = (token, token.split(":", 1)[-1] if token else "", *others)
        # Longest first: the whole token goes before its secret half.
        self._secrets = sorted({s for s in candidates if s}, key=len, reverse=True)

    def filter(self, record: logging.LogRecord) -> bool:
        if not self._secrets:
            return True
        message = record.getMessage()
        if any(secret in message for secret in self._secrets):
            record.msg, record.args = self._redact(message), None
        # An exception's text is formatted apart from the message (PTB puts the token in
        # InvalidToken's): format it here, redacted, so the handler's formatter reuses it.
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self._redact(record.exc_text)
        return True

    def _redact(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, "<token>")
        return text


def configure_logging(level: str, token: str, *secrets: str | None) -> None:
    """One handler on the root logger; `secrets` (e.g. the webhook secret) are redacted too."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(PayloadFilter())
    handler.addFilter(LibraryTracebackFilter())  # before redaction, which then covers it
    handler.addFilter(RedactTokenFilter(token, *secrets))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for name in _CHATTY_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
