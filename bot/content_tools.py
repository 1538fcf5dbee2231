"""`tunghang content review-pack | sign-off | report`: the clinical team's tools.

The CLI (bot/cli.py) only parses arguments; the work is here and in bot/review_pack.py,
bot/card_signoff.py and bot/services/content_usage.py.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy.exc import SQLAlchemyError

from bot.config import Settings

T = TypeVar("T")
# Why the database could not be read, shown by type only (a message may quote the URL).
_DB_ERRORS = (OSError, SQLAlchemyError)


def add_commands(csub: Any) -> None:
    """The three subcommands, under `tunghang content`."""
    pack = csub.add_parser(
        "review-pack",
        help="write every card, both languages side by side, as a print-ready HTML file "
        "for clinical review",
    )
    pack.add_argument("--out", type=Path, help="file to write (default: review-pack-DATE.html)")
    pack.add_argument("--path", type=Path, help="content directory (default: the bundled one)")
    pack.add_argument(
        "--no-db", action="store_true", help="leave out 👍/👎 and times shown (no database)"
    )
    pack.set_defaults(func=review_pack_command)

    sign = csub.add_parser(
        "sign-off", help="record reviewed_by and last_reviewed (today) on cards in the YAML"
    )
    sign.add_argument("cards", nargs="+", metavar="CARD", help="card ids")
    sign.add_argument("--by", required=True, help="the reviewer's name and role")
    sign.add_argument("--date", help="review date YYYY-MM-DD (default: today, Hong Kong)")
    sign.add_argument("--path", type=Path, help="content directory (default: the bundled one)")
    sign.set_defaults(func=sign_off_command)

    report = csub.add_parser(
        "report",
        help="for the clinical team: cards with the most 👎, topics most asked, and the "
        "questions that ended in 'not sure' or 'None of these'",
    )
    report.add_argument("--days", type=int, default=30, help="look back this many days (1-90)")
    report.add_argument("--path", type=Path, help="content directory (default: the bundled one)")
    report.set_defaults(func=report_command)


def _settings() -> Settings:
    return Settings.from_env(os.environ, require_token=False)


def _with_session(settings: Settings, work: Callable[[Any], Awaitable[T]]) -> T:
    from storage import db

    async def go() -> T:
        engine = db.create_engine(settings.database_url)
        try:
            await db.upgrade(engine)
            async with db.session_factory(engine)() as session:
                result = await work(session)
                await session.commit()
                return result
        finally:
            await engine.dispose()

    return asyncio.run(go())


def review_pack_command(args: argparse.Namespace) -> int:
    from bot.library import load_library
    from bot.review_pack import render_review_pack

    library = load_library(args.path)
    settings = _settings()
    usage = None
    note = "Votes and times shown were left out (--no-db)."
    if not args.no_db:
        from bot.services.content_usage import card_usage

        try:
            usage = _with_session(settings, card_usage)
        except _DB_ERRORS as error:
            print(
                f"error: cannot read the database ({type(error).__name__}); "
                "use --no-db to leave the figures out",
                file=sys.stderr,
            )
            return 1
        note = (
            "Helpful / not helpful: each supporter's latest vote. "
            "Times shown: since counting began."
        )
    now = dt.datetime.now(dt.UTC).astimezone(settings.tz)
    out = args.out or Path(f"review-pack-{now.date().isoformat()}.html")
    out.write_text(render_review_pack(library, usage, now, usage_note=note), encoding="utf-8")
    print(f"review pack: {len(library.cards)} cards written to {out}")
    return 0


def sign_off_command(args: argparse.Namespace) -> int:
    from bot.card_review import SignOffError, sign_off
    from bot.library import bundled_content_dir

    settings = _settings()
    try:
        day = (
            dt.date.fromisoformat(args.date)
            if args.date
            else dt.datetime.now(dt.UTC).astimezone(settings.tz).date()
        )
    except ValueError:
        print(f"error: --date must be YYYY-MM-DD (got {args.date!r})", file=sys.stderr)
        return 1
    try:
        signed = sign_off(args.path or bundled_content_dir(), args.cards, args.by, day)
    except SignOffError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(
        f"signed off {len(signed)} card(s) by {args.by.strip()} on {day.isoformat()}: "
        + ", ".join(signed)
    )
    return 0


def report_command(args: argparse.Namespace) -> int:
    from bot.content_report import render_report
    from bot.library import load_library
    from bot.services.content_usage import UNANSWERED_DAYS, usage_since

    if not 1 <= args.days <= UNANSWERED_DAYS:
        print(f"error: --days must be between 1 and {UNANSWERED_DAYS}", file=sys.stderr)
        return 1
    library = load_library(args.path)
    settings = _settings()
    now = dt.datetime.now(dt.UTC)
    since = now - dt.timedelta(days=args.days)
    try:
        usage = _with_session(settings, lambda session: usage_since(session, since))
    except _DB_ERRORS as error:
        print(f"error: cannot read the database ({type(error).__name__})", file=sys.stderr)
        return 1
    print(render_report(library, usage, args.days, settings.tz))
    return 0
