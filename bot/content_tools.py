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

from bot.config import Settings

T = TypeVar("T")


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
    note = "👍/👎 and times shown were left out (--no-db)."
    if not args.no_db:
        from bot.services.content_usage import card_usage

        try:
            usage = _with_session(settings, card_usage)
        except (OSError, ConnectionError) as error:
            print(
                f"cannot read the database ({error}); use --no-db to leave figures out",
                file=sys.stderr,
            )
            return 1
        note = "👍/👎: each supporter's latest vote. Times shown: since counting began."
    now = dt.datetime.now(dt.UTC).astimezone(settings.tz)
    out = args.out or Path(f"review-pack-{now.date().isoformat()}.html")
    out.write_text(render_review_pack(library, usage, now, usage_note=note), encoding="utf-8")
    print(f"review pack: {len(library.cards)} cards written to {out}")
    return 0
