"""`tunghang` / `python -m bot`: run, demo, db, admin and content commands."""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import logging
import os
import sys
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any

from bot.cli_failures import (
    EXIT_USAGE,
    Refused,
    UsageError,
    describe,
    positive_id,
    redact,
    secrets_in,
)
from bot.config import Settings
from bot.logging_setup import configure_logging

log = logging.getLogger("bot.cli")


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; a failure ends in one line on stderr (or {"error": …} with --json)
    and the exit code bot/cli_failures.py documents, never a traceback or a secret."""
    parser = _parser()
    args = parser.parse_args(argv)  # usage errors: argparse prints them and exits 2
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_USAGE
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        return 130
    except Exception as error:
        message, code = describe(error, os.environ)
    message = redact(message, secrets_in(os.environ))
    if getattr(args, "json", False):
        print(json.dumps({"error": message, "exit_code": code}, ensure_ascii=False))
    else:
        print(f"tunghang {_command_name(argv)}: {message}", file=sys.stderr)
    return code


def _command_name(argv: Sequence[str] | None) -> str:
    words = [w for w in (sys.argv[1:] if argv is None else argv) if not w.startswith("-")]
    return " ".join(words[: 2 if words and words[0] in ("admin", "content", "db") else 1])


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tunghang",
        description="Tung Hang 同行 peer-supporter bot",
        epilog="exit codes: 0 done, 1 a check failed or the request was refused or could not "
        "be carried out, 2 wrong usage or configuration",
    )
    parser.add_argument("--version", action="version", version=f"tunghang {_version()}")
    sub = parser.add_subparsers(title="commands")

    run = sub.add_parser("run", help="start the bot (polling or webhook, from the environment)")
    run.set_defaults(func=_cmd_run)

    demo = sub.add_parser(
        "demo", help="chat with the bot in this terminal, no token or network needed"
    )
    demo.add_argument(
        "--script", type=Path, help="run a scripted conversation and print the transcript"
    )
    demo.add_argument("--db", type=Path, help="SQLite file to keep (default: a temporary one)")
    demo.set_defaults(func=_cmd_demo)

    chk = sub.add_parser(
        "check",
        help="check configuration, database, migrations, content and Telegram; "
        "exit 0 = ready, 1 = a check failed, 2 = bad configuration",
    )
    chk.add_argument("--content", type=Path, help="content directory (default: the bundled one)")
    chk.add_argument("--timeout", type=float, default=10.0, help="seconds per network check")
    chk.add_argument("--json", action="store_true", help="print one JSON object")
    chk.set_defaults(func=_cmd_check)

    dbp = sub.add_parser("db", help="database schema")
    dbsub = dbp.add_subparsers(title="db commands")
    up = dbsub.add_parser("upgrade", help="apply migrations up to the latest")
    up.set_defaults(func=_cmd_db_upgrade)

    content = sub.add_parser("content", help="refresher content")
    csub = content.add_subparsers(title="content commands")
    check = csub.add_parser("check", help="validate every card, resource and topic coverage")
    check.add_argument("--path", type=Path, help="content directory (default: the bundled one)")
    check.set_defaults(func=_cmd_content_check)
    shared = csub.add_parser(
        "export-shared",
        help="approved tips and draft cards from fellow supporters, as YAML cards to review",
    )
    shared.add_argument("--unit", type=positive_id, help="only this unit (default: every unit)")
    shared.add_argument("--out", type=Path, help="file to write (default: print)")
    shared.set_defaults(func=_cmd_export_shared)
    from bot.content_tools import add_commands

    add_commands(csub)  # review-pack, sign-off, report

    admin = sub.add_parser(
        "admin", help="operator commands (non-interactive; add --json for scripts)"
    )
    asub = admin.add_subparsers(title="admin commands")
    unit_add = asub.add_parser("unit-add", help="add a service unit")
    unit_add.add_argument("--name-en", required=True)
    unit_add.add_argument("--name-yue", required=True)
    unit_add.add_argument("--district", required=True)
    unit_add.add_argument(
        "--planned-hours", type=float, default=16.0, help="planned hours a month per supporter"
    )
    unit_add.add_argument("--json", action="store_true")
    unit_add.set_defaults(func=_admin(_unit_add))

    invite = asub.add_parser("invite", help="create a single-use invite link")
    invite.add_argument("--role", required=True, choices=["supporter", "social_worker", "admin"])
    invite.add_argument("--unit", required=True, type=positive_id, help="unit id")
    invite.add_argument("--social-worker", help="for supporters: the social worker's person id")
    invite.add_argument(
        "--name", help="the invitee's name as the centre knows them (becomes their name here)"
    )
    invite.add_argument("--json", action="store_true")
    invite.set_defaults(func=_admin(_invite))

    invites = asub.add_parser("invites", help="list invites: pending, used and expired")
    invites.add_argument("--unit", type=positive_id, help="only this unit")
    invites.add_argument("--json", action="store_true")
    invites.set_defaults(func=_admin(_invites))

    ppl = asub.add_parser("people", help="list people")
    ppl.add_argument("--unit", type=positive_id)
    ppl.add_argument("--json", action="store_true")
    ppl.set_defaults(func=_admin(_people))

    unit_set = asub.add_parser("unit-set", help="set a unit's escalation policy")
    unit_set.add_argument("unit", type=positive_id, help="unit id")
    unit_set.add_argument("--backup", help="backup social worker (PERSON, or 'none')")
    unit_set.add_argument(
        "--supervisor", help="supervisor or admin alerted last (PERSON, or 'none')"
    )
    unit_set.add_argument(
        "--ack-timeout",
        "--ack-timeout-today",
        dest="ack_timeout",
        type=int,
        help="seconds before an unacknowledged 'needs action today' flag climbs (10-86400)",
    )
    unit_set.add_argument(
        "--ack-timeout-now",
        type=int,
        help="seconds before an unacknowledged 'danger now' flag climbs (30-3600, default 180)",
    )
    for urgency, default in (("now", 24), ("today", 48), ("can-wait", 168)):
        unit_set.add_argument(
            f"--overdue-after-{urgency}",
            type=float,
            metavar="HOURS",
            help=f"a '{urgency}' concern open longer is overdue on /flags (default {default})",
        )
    unit_set.add_argument("--repeats", type=int, help="alerts per level before climbing (1-5)")
    unit_set.add_argument("--planned-hours", type=float, help="planned hours a month per supporter")
    unit_set.add_argument(
        "--peer-cross-unit",
        choices=["yes", "no"],
        help="unanswered peer questions may go to mentors of other units that also allow it",
    )
    unit_set.add_argument(
        "--peer-question-days",
        type=int,
        help="days peer questions and answers stay readable for draft cards (7-730, default 180)",
    )
    unit_set.add_argument("--json", action="store_true")
    unit_set.set_defaults(func=_admin(_unit_set))

    units = asub.add_parser("units", help="list units")
    units.add_argument("--json", action="store_true")
    units.set_defaults(func=_admin(_units))

    deactivate = asub.add_parser(
        "deactivate", help="deactivate a person (id, tg:<telegram id> or @username)"
    )
    deactivate.add_argument("person")
    deactivate.add_argument(
        "--reassign-to",
        metavar="PERSON",
        help="a social worker's supporters and waiting invites go to this social worker first",
    )
    deactivate.add_argument("--json", action="store_true")
    deactivate.set_defaults(func=_admin(_deactivate))

    reactivate = asub.add_parser("reactivate", help="reactivate a deactivated person")
    reactivate.add_argument("person")
    reactivate.add_argument("--json", action="store_true")
    reactivate.set_defaults(func=_admin(_reactivate))

    reassign = asub.add_parser(
        "reassign",
        help="move every supporter (and waiting invite) of one social worker to another",
    )
    reassign.add_argument("--from", dest="source", required=True, metavar="PERSON")
    reassign.add_argument("--to", dest="target", required=True, metavar="PERSON")
    reassign.add_argument("--json", action="store_true")
    reassign.set_defaults(func=_admin(_reassign))

    from bot.cli_reports import add_parsers  # admin export, report

    add_parsers(sub, asub, _admin)
    return parser


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("tunghang")
    except PackageNotFoundError:  # run from a checkout that was never installed
        return "unknown"


def _settings(require_token: bool) -> Settings:
    return Settings.from_env(os.environ, require_token=require_token)


def _cmd_run(args: argparse.Namespace) -> int:
    settings = _settings(require_token=True)
    configure_logging(settings.log_level, settings.token, settings.webhook_secret)
    from bot.library import load_checked

    # A broken or emptied card file must not start a bot without its risk cards. The library
    # checked is the one the bot then serves (loading it twice cost 0.35 s of every start).
    library, problems = load_checked()
    if problems:
        raise Refused(
            f"not starting: {len(problems)} problem(s) in the content, first: {problems[0]} "
            "(see `tunghang content check`)"
        )
    from bot.app import build_application, limit_malloc_arenas

    limit_malloc_arenas()
    app = build_application(settings, library_=library)
    _stop_if_another_polls(app)
    log.info("starting in %s mode", settings.mode)
    if settings.mode == "webhook":
        # Our own front door, not PTB's run_webhook (why: bot/webhook_server.py).
        from bot.webhook_server import serve_webhook

        asyncio.run(serve_webhook(app, settings, ALLOWED_UPDATES))
    else:
        app.run_polling(allowed_updates=ALLOWED_UPDATES)
    if app.bot_data.get(_SECOND_POLLER):
        from telegram.error import Conflict

        raise Conflict("another instance polls")  # main() says it in one line, exit 3
    return 0


_SECOND_POLLER = "stopped: another instance polls"


def _stop_if_another_polls(app: Any) -> None:
    """Telegram answers 409 Conflict when a second process polls with the same token; PTB
    would retry (and log) every few seconds forever, both copies half-working. The copy
    that gets the 409 stops instead; this error handler runs before the general one."""
    from telegram.error import Conflict
    from telegram.ext import ApplicationHandlerStop

    async def on_conflict(update: object, context: Any) -> None:
        if isinstance(context.error, Conflict) and update is None:
            if not app.bot_data.get(_SECOND_POLLER):
                log.error("Telegram reports a second poller for this bot (409 Conflict); stopping")
                app.bot_data[_SECOND_POLLER] = True
                # On stop PTB polls once more to confirm what it fetched; that poll would
                # cut off the other copy's, and both would stop. PTB 22 has no switch for it.
                if hasattr(app.updater, "_Updater__polling_cleanup_cb"):
                    app.updater._Updater__polling_cleanup_cb = None
                app.stop_running()
            raise ApplicationHandlerStop

    others = dict(app.error_handlers)
    app.error_handlers.clear()
    app.add_error_handler(on_conflict)
    app.error_handlers.update(others)


ALLOWED_UPDATES = ["message", "edited_message", "callback_query", "my_chat_member"]


def _cmd_check(args: argparse.Namespace) -> int:
    from bot.checks import report, run_checks

    _must_be_folder(args.content, "--content")
    configure_logging("WARNING", os.environ.get("TELEGRAM_BOT_TOKEN", ""))
    results, code = asyncio.run(run_checks(os.environ, content=args.content, wait=args.timeout))
    print(report(results, code, as_json=args.json, tz=_local_zone()))
    return code


def _local_zone() -> dt.tzinfo:
    """TUNGHANG_TIMEZONE for printed times; UTC only if it is not a valid zone."""
    from zoneinfo import ZoneInfo

    try:
        return ZoneInfo(os.environ.get("TUNGHANG_TIMEZONE", "").strip() or "Asia/Hong_Kong")
    except (ValueError, KeyError, OSError):
        return dt.UTC


def _cmd_demo(args: argparse.Namespace) -> int:
    from bot.demo import run_demo

    script = None
    if args.script:
        try:
            script = args.script.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as error:
            reason = getattr(error, "strerror", None) or "not UTF-8 text"
            raise UsageError(f"cannot read the script {args.script}: {reason}") from None
    if args.db:
        _must_be_writable(args.db, "--db")
    return asyncio.run(run_demo(script=script, db_path=args.db))


def _cmd_db_upgrade(args: argparse.Namespace) -> int:
    settings = _settings(require_token=False)
    configure_logging(settings.log_level, settings.token)
    from storage import db

    async def go() -> str | None:
        engine = db.create_engine(settings.database_url)
        try:
            await db.upgrade(engine)
            return await db.current_revision(engine)
        finally:
            await engine.dispose()

    print(f"database is at revision {asyncio.run(go())}")
    return 0


def _cmd_content_check(args: argparse.Namespace) -> int:
    from bot.library import check_content

    _must_be_folder(args.path, "--path")
    problems = check_content(args.path)
    if problems:
        print(f"{len(problems)} problem(s) in the content:", file=sys.stderr)
        for problem in problems:
            print(f"  - {problem}", file=sys.stderr)
        return 1
    from bot.library import load_library

    library = load_library(args.path)
    print(
        f"content OK: {len(library.cards)} cards, {len(library.topics)} topics, "
        f"{len(library.resources)} resources"
    )
    return 0


def _must_be_folder(path: Path | None, option: str) -> None:
    if path is not None and not path.is_dir():
        raise UsageError(f"{option} {path}: no such folder")


def _must_be_writable(path: Path, option: str) -> None:
    """Refuse at once (exit 2), before any work, an output file that cannot be written."""
    folder = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise UsageError(f"{option} {path} is a folder; give a file name")
    if not folder.is_dir():
        raise UsageError(f"{option} {path}: the folder {folder} does not exist")
    if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise UsageError(f"{option} {path}: no permission to write there")


def _cmd_export_shared(args: argparse.Namespace) -> int:
    """Approved shared tips and draft cards as YAML cards in the content schema."""
    if args.out:
        _must_be_writable(args.out, "--out")
    settings = _settings(require_token=False)
    configure_logging("WARNING", settings.token)
    from bot.services.peer import export_shared
    from storage import db

    async def go() -> tuple[str, int]:
        engine = db.create_engine(settings.database_url)
        try:
            await db.upgrade(engine)
            async with db.session_factory(engine)() as session:
                return await export_shared(session, args.unit)
        finally:
            await engine.dispose()

    text, count = asyncio.run(go())
    if args.out:
        try:
            args.out.write_text(text, encoding="utf-8")
        except OSError as error:  # root passes os.access; a read-only mount still refuses
            raise UsageError(f"--out {args.out}: {error.strerror or 'cannot write'}") from None
        print(f"{count} card(s) from fellow supporters written to {args.out}", file=sys.stderr)
    else:
        print(text, end="")
    return 0


# --- admin ---------------------------------------------------------------------------

AdminFn = Callable[[Any, argparse.Namespace, Settings], Awaitable[dict[str, Any]]]


class AdminError(Refused):
    """An admin command refused (unknown person, wrong role…): exit 1, nothing changed."""


def _admin(fn: AdminFn) -> Callable[[argparse.Namespace], int]:
    """Run an admin command in one transaction; print text or one JSON object."""

    def run(args: argparse.Namespace) -> int:
        settings = _settings(require_token=False)
        configure_logging("WARNING", settings.token)
        from storage import db

        async def go() -> dict[str, Any]:
            engine = db.create_engine(settings.database_url)
            try:
                await db.upgrade(engine)
                async with db.session_factory(engine)() as session:
                    result = await fn(session, args, settings)
                    await session.commit()
                    return result
            finally:
                await engine.dispose()

        result = asyncio.run(go())  # a refusal ends in main(): one line, exit 1
        text = result.pop("_text", None)
        if args.json:
            print(json.dumps(result, ensure_ascii=False, default=str))
        else:
            print(text or "\n".join(f"{k}: {v}" for k, v in result.items()))
        return 0

    return run


async def _unit_add(session: Any, args: argparse.Namespace, settings: Settings) -> dict[str, Any]:
    from bot.services.people import add_unit

    unit = await add_unit(
        session,
        name_en=args.name_en,
        name_yue=args.name_yue,
        district=args.district,
        planned_hours=args.planned_hours,
    )
    return {"unit_id": unit.id}


async def _invite(session: Any, args: argparse.Namespace, settings: Settings) -> dict[str, Any]:
    from bot.domain.invites import invite_link
    from bot.services.people import create_invite, resolve_person

    worker_id = None
    if args.social_worker:
        worker = await resolve_person(session, args.social_worker)
        if worker is None:
            raise AdminError(f"no person {args.social_worker!r}")
        worker_id = worker.id
    now = dt.datetime.now(dt.UTC)
    created = await create_invite(
        session,
        role=args.role,
        unit_id=args.unit,
        social_worker_id=worker_id,
        now=now,
        days_valid=settings.invite_days,
        invitee_name=args.name,
    )
    username = await _bot_username(settings)
    return {
        "code": created.code,
        "link": invite_link(username, created.code),
        "name": created.invite.invitee_name,
        "expires_at": created.invite.expires_at.astimezone(settings.tz).isoformat(),
    }


# What `admin invites` calls each state (a valid, unused invite is "pending").
_INVITE_STATES = {"valid": "pending", "used": "used", "expired": "expired"}


async def _invites(session: Any, args: argparse.Namespace, settings: Settings) -> dict[str, Any]:
    from bot.services.people import list_invites

    def local(moment: dt.datetime | None) -> str | None:
        return moment.astimezone(settings.tz).isoformat() if moment else None

    rows: list[dict[str, Any]] = [  # printed as JSON or as the table below
        {
            "id": row.invite.id,
            "status": _INVITE_STATES[row.status.value],
            "role": row.invite.role,
            "name": row.invite.invitee_name,
            "unit_id": row.invite.unit_id,
            "social_worker_id": row.invite.social_worker_id,
            "created_at": local(row.invite.created_at),
            "expires_at": local(row.invite.expires_at),
            "used_at": local(row.invite.used_at),
            "person_id": row.invite.used_by_id,
        }
        for row in await list_invites(session, dt.datetime.now(dt.UTC), unit_id=args.unit)
    ]
    text = "\n".join(
        f"{r['id']:>5}  {r['status']:<8} {r['role']:<14} unit {r['unit_id']:<4} "
        f"{(r['used_at'] if r['status'] == 'used' else r['expires_at'])[:16]}  "
        f"{r['name'] or '(no name)'}" + (f" -> person {r['person_id']}" if r["person_id"] else "")
        for r in rows
    )
    return {"invites": rows, "_text": text or "no invites yet"}


async def _bot_username(settings: Settings) -> str:
    """The bot's @username for links: TELEGRAM_BOT_USERNAME, else asked of Telegram."""
    username = os.environ.get("TELEGRAM_BOT_USERNAME", "").strip().lstrip("@")
    if username:
        return username
    if not settings.token:
        raise AdminError(
            "set TELEGRAM_BOT_USERNAME (or TELEGRAM_BOT_TOKEN) so the link names your bot"
        )
    from telegram import Bot

    base = (
        f"{settings.api_base_url}/bot" if settings.api_base_url else "https://api.telegram.org/bot"
    )
    async with Bot(settings.token, base_url=base) as bot:
        return bot.username


async def _people(session: Any, args: argparse.Namespace, settings: Settings) -> dict[str, Any]:
    from bot.services.people import list_people

    rows = [
        {
            "id": p.id,
            "telegram_user_id": p.telegram_user_id,
            "name": p.display_name,
            "role": p.role,
            "unit_id": p.unit_id,
            "social_worker_id": p.social_worker_id,
            "active": p.active,
        }
        for p in await list_people(session, args.unit)
    ]
    text = (
        "\n".join(
            f"{r['id']:>5}  {r['role']:<14} unit {r['unit_id']:<4} "
            f"{'active' if r['active'] else 'inactive':<9}{r['name']}"
            for r in rows
        )
        or "no people yet"
    )
    return {"people": rows, "_text": text}


async def _unit_set(session: Any, args: argparse.Namespace, settings: Settings) -> dict[str, Any]:
    from bot.services.people import set_unit_policy

    async def person_id(ref: str | None) -> int | bool | None:
        if ref is None:
            return False  # not given: leave as it is
        if ref.lower() == "none":
            return None
        from bot.services.people import resolve_person

        person = await resolve_person(session, ref)
        if person is None:
            raise AdminError(f"no person {ref!r}")
        return person.id

    unit = await set_unit_policy(
        session,
        args.unit,
        backup_id=await person_id(args.backup),
        supervisor_id=await person_id(args.supervisor),
        ack_timeout_seconds=args.ack_timeout,
        repeats=args.repeats,
        planned_hours=args.planned_hours,
    )
    from bot.services import concerns, peer
    from bot.services.escalation import FlagError

    overdue = {
        urgency: hours
        for urgency, hours in (
            ("now", args.overdue_after_now),
            ("today", args.overdue_after_today),
            ("can_wait", args.overdue_after_can_wait),
        )
        if hours is not None
    }
    try:
        await concerns.set_alert_settings(
            session, unit.id, ack_now_seconds=args.ack_timeout_now, overdue_hours=overdue
        )
    except FlagError as error:
        raise AdminError(
            "--ack-timeout-now must be 30-3600 seconds"
            if error.reason == "ack_now"
            else "--overdue-after-* must be 1-1440 hours"
        ) from error
    if args.peer_cross_unit is not None:
        await peer.set_cross_unit(
            session, unit.id, args.peer_cross_unit == "yes", dt.datetime.now(dt.UTC)
        )
    if args.peer_question_days is not None:
        try:
            await peer.set_question_days(
                session, unit.id, args.peer_question_days, dt.datetime.now(dt.UTC)
            )
        except peer.PeerError as error:
            raise AdminError(
                f"--peer-question-days must be between {peer.MIN_QUESTION_DAYS} and "
                f"{peer.MAX_QUESTION_DAYS}"
            ) from error
    return {
        "unit_id": unit.id,
        "backup_social_worker_id": unit.backup_social_worker_id,
        "supervisor_id": unit.supervisor_id,
        "ack_timeout_seconds": unit.ack_timeout_seconds or settings.ack_timeout_seconds,
        "repeats": unit.alert_repeats,
        **await concerns.timings(
            session, unit.id, unit.ack_timeout_seconds or settings.ack_timeout_seconds
        ),
        "planned_hours": unit.planned_monthly_minutes / 60,
        "peer_cross_unit": await peer.cross_unit(session, unit.id),
        "peer_question_days": await peer.question_days(session, unit.id),
    }


async def _units(session: Any, args: argparse.Namespace, settings: Settings) -> dict[str, Any]:
    from bot.services.people import list_units

    rows = [
        {
            "id": u.id,
            "name_en": u.name_en,
            "name_yue": u.name_yue,
            "district": u.district,
            "planned_hours": u.planned_monthly_minutes / 60,
        }
        for u in await list_units(session)
    ]
    text = "\n".join(
        f"{r['id']:>5}  {r['name_en']} / {r['name_yue']} ({r['district']})" for r in rows
    )
    return {"units": rows, "_text": text or "no units yet"}


async def _person(session: Any, ref: str) -> Any:
    from bot.services.people import resolve_person

    person = await resolve_person(session, ref)
    if person is None:
        raise AdminError(f"no person {ref!r} (give an id, tg:<telegram id> or @username)")
    return person


async def _deactivate(session: Any, args: argparse.Namespace, settings: Settings) -> dict[str, Any]:
    from bot.services import turnover

    person = await _person(session, args.person)
    target = await _person(session, args.reassign_to) if args.reassign_to else None
    moved = await turnover.deactivate(session, person, dt.datetime.now(dt.UTC), reassign_to=target)
    result: dict[str, Any] = {"person_id": person.id, "active": False}
    if target is not None:
        result["moved"] = moved
    return result


async def _reactivate(session: Any, args: argparse.Namespace, settings: Settings) -> dict[str, Any]:
    from bot.services import turnover

    person = await _person(session, args.person)
    await turnover.reactivate(session, person, dt.datetime.now(dt.UTC))
    return {"person_id": person.id, "active": True}


async def _reassign(session: Any, args: argparse.Namespace, settings: Settings) -> dict[str, Any]:
    from bot.services import turnover

    source = await _person(session, args.source)
    target = await _person(session, args.target)
    moved = await turnover.reassign_all(session, source, target, dt.datetime.now(dt.UTC))
    return {
        "moved": moved,
        "_text": f"{moved} supporter(s) moved from {source.display_name} to {target.display_name}",
    }


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
