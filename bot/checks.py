"""`tunghang check`: is this deployment ready to run? One line per check.

    OK    config     polling mode, SQLite database ./tunghang.db, time zone Asia/Hong_Kong
    OK    database   connected (sqlite)
    OK    migrations at 0006 (the latest)
    OK    content    112 cards, 45 topics, 11 resources
    OK    telegram   @TungHangBot via api.telegram.org
    OK    people     1 unit(s), each with an active admin and social worker
    OK    escalation 2 unit(s): backup and supervisor set, every social worker reachable

Exit codes, for scripts and health checks: 0 every check passed (a check with nothing to
check, such as Telegram without a token, is SKIP and does not fail); 1 at least one check
failed; 2 the configuration itself is invalid (nothing else was checked). Nothing printed
ever contains the bot token, the webhook secret or a database password.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from bot import golive
from bot.cli_failures import telegram_refusal
from bot.config import ConfigError, Settings

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_CONFIG = 2

NAMES = ("config", "database", "migrations", "content", "telegram", "people", "escalation")


@dataclass(frozen=True)
class Result:
    name: str
    ok: bool | None  # None: skipped
    detail: str

    @property
    def status(self) -> str:
        return "OK" if self.ok else "SKIP" if self.ok is None else "FAIL"

    def line(self) -> str:
        return f"{self.status:<5} {self.name:<10} {self.detail}"


def _safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def _describe(settings: Settings) -> str:
    from sqlalchemy.engine import make_url

    url = make_url(settings.database_url)
    if url.get_backend_name() == "sqlite":
        kind, where = "SQLite", url.database or ":memory:"
    else:
        kind = "PostgreSQL"
        where = _safe_url(settings.database_url).split("://", 1)[-1]
    mode = f"{settings.mode} mode"
    if settings.mode == "webhook" and settings.webhook_url:
        mode += f" at {settings.webhook_url} (secret set)"
    return f"{mode}, {kind} database {where}, time zone {settings.timezone}"


def _exists(path: str) -> bool:
    return Path(path).exists()


async def _database(settings: Settings, wait: float) -> tuple[Result, Result]:
    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    from storage import db

    url = settings.database_url
    if url.startswith("sqlite"):
        sqlite_url = make_url(url)
        path = sqlite_url.database
        if path and sqlite_url.query.get("uri") and path.startswith("file:"):
            path = path[len("file:") :]  # a URI filename (e.g. ?mode=ro&uri=true)
        if path and path != ":memory:" and not _exists(path):
            return (
                Result("database", False, f"no SQLite file at {path}: run `tunghang db upgrade`"),
                Result("migrations", None, "skipped: no database"),
            )
    engine = db.create_engine(url)
    try:
        try:
            async with asyncio.timeout(wait), engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
        except Exception as error:  # any failure to connect is the finding
            return (
                Result("database", False, f"cannot connect: {type(error).__name__}"),
                Result("migrations", None, "skipped: no database"),
            )
        connected = Result("database", True, f"connected ({engine.dialect.name})")
        current = await db.current_revision(engine)
        head = db.head_revision()
        if current == head:
            migrations = Result("migrations", True, f"at {current} (the latest)")
        elif current is None:
            migrations = Result(
                "migrations", False, f"empty database (latest is {head}): run `tunghang db upgrade`"
            )
        else:
            migrations = Result(
                "migrations",
                False,
                f"at {current}, latest is {head}: run `tunghang db upgrade` "
                "(the bot also upgrades when it starts)",
            )
        return connected, migrations
    finally:
        await engine.dispose()


def _content(path: Path | None, require_reviewed: bool = False) -> Result:
    from bot.card_review import unreviewed
    from bot.library import check_content, load_library

    problems = check_content(path)
    if problems:
        shown = "; ".join(problems[:3]) + (" …" if len(problems) > 3 else "")
        return Result(
            "content", False, f"{len(problems)} problem(s) (`tunghang content check`): {shown}"
        )
    library = load_library(path)
    waiting = unreviewed(library.cards)
    risky = sum(1 for card in waiting if card.is_safety_critical)
    review = f"{len(waiting)} not yet signed off (`tunghang content review-pack`)"
    if require_reviewed:
        review += (
            f"; TUNGHANG_REQUIRE_REVIEWED=1 serves {len(library.cards) - len(waiting) + risky}"
            f" (risk cards always)"
        )
    return Result(
        "content",
        True,
        f"{len(library.cards)} cards, {len(library.topics)} topics, "
        f"{len(library.resources)} resources; {review}",
    )


async def _telegram(settings: Settings, wait: float) -> Result:
    if not settings.token:
        return Result("telegram", None, "skipped: TELEGRAM_BOT_TOKEN is not set")
    from telegram import Bot
    from telegram.error import InvalidToken, TelegramError
    from telegram.request import HTTPXRequest

    host = urlparse(settings.api_base_url).netloc if settings.api_base_url else "api.telegram.org"
    requests = [HTTPXRequest(connect_timeout=wait, read_timeout=wait) for _ in range(2)]
    kwargs: dict[str, Any] = {"request": requests[0], "get_updates_request": requests[1]}
    if settings.api_base_url:
        kwargs["base_url"] = f"{settings.api_base_url}/bot"
        kwargs["base_file_url"] = f"{settings.api_base_url}/file/bot"
    bot = Bot(settings.token, **kwargs)
    try:
        async with asyncio.timeout(wait * 2):
            await bot.initialize()  # getMe
        return Result("telegram", True, f"@{bot.username} via {host}")
    except InvalidToken as error:  # 401 (the token) or 404 (the address): say which
        return Result("telegram", False, f"{host}: {telegram_refusal(error)}")
    except (TelegramError, TimeoutError, OSError) as error:
        return Result("telegram", False, f"cannot reach {host}: {type(error).__name__}")
    finally:
        for request in requests:  # also when getMe failed and the Bot never initialised
            await request.shutdown()


async def _escalation(settings: Settings, *, ready: bool) -> Result:
    """Will every flag reach someone? Units without backup or supervisor, social workers
    the bot cannot reach (bot/services/escalation_health.py)."""
    if not ready:
        return Result("escalation", None, "skipped: the database is not ready")
    from bot.services.escalation_health import escalation_problems
    from storage import db

    engine = db.create_engine(settings.database_url)
    try:
        async with db.session_factory(engine)() as session:
            units, problems = await escalation_problems(session)
    finally:
        await engine.dispose()
    if problems:
        shown = "; ".join(problems[:3]) + (
            f" … and {len(problems) - 3} more" if len(problems) > 3 else ""
        )
        return Result("escalation", False, shown)
    if not units:
        return Result("escalation", True, "no units yet")
    return Result(
        "escalation",
        True,
        f"{units} unit(s): backup and supervisor set, every social worker reachable",
    )


async def run_checks(
    environ: Mapping[str, str], *, content: Path | None = None, wait: float = 10.0
) -> tuple[list[Result], int]:
    """Every check, in order; the exit code as documented above."""
    problems = golive.env_problems(environ)  # values an env file mangled (bot/golive.py)
    try:
        settings = Settings.from_env(environ, require_token=False)
    except ConfigError as error:
        problems += error.problems
    if problems:
        skipped = [Result(n, None, "skipped: fix the configuration first") for n in NAMES[1:]]
        return [Result("config", False, " / ".join(problems)), *skipped], EXIT_CONFIG
    results = [Result("config", True, _describe(settings))]
    results += await _database(settings, wait)
    results.append(_content(content, settings.require_reviewed))
    results.append(await _telegram(settings, wait))
    if results[2].ok:  # every unit has someone to send a flag to
        results.append(Result("people", *await golive.people_problems(settings.database_url)))
    else:
        results.append(Result("people", None, "skipped: no database"))
    results.append(await _escalation(settings, ready=results[2].ok is True))
    code = EXIT_FAILED if any(r.ok is False for r in results) else EXIT_OK
    return results, code


def report(results: list[Result], code: int, *, as_json: bool, tz: dt.tzinfo = dt.UTC) -> str:
    if as_json:
        return json.dumps(
            {
                "ok": code == EXIT_OK,
                "exit_code": code,
                "checked_at": dt.datetime.now(tz).isoformat(),  # local, with the offset
                "checks": [asdict(r) | {"status": r.status} for r in results],
            },
            ensure_ascii=False,
        )
    return "\n".join(r.line() for r in results)
