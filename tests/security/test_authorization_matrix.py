"""Who may do what: every command, menu button and inline button × every kind of person.

The handlers are read from the real Application (`build_application`), so a handler added
without a row in ACCESS fails `test_every_handler_has_a_row` — the matrix cannot go stale.
README.md ("What people can do") is the same table in words.

Each row is run for nine people: the supporter who owns the entries and flags under test,
another supporter of the same unit, that unit's social worker and admin, a supporter, a
social worker and an admin of another unit, a stranger and a deactivated former supporter.
Button data is aimed at the owner's entry, unit A's flag, unit A's supporter… so "other
unit" means acting on someone else's things. A refusal must be kind, must change nothing
in the database, and nothing of unit A may reach anyone outside it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import pytest
from sqlalchemy import select
from telegram.ext import CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot import callbacks
from bot.app import build_application
from bot.config import Settings
from bot.i18n import Catalogs
from bot.services import states
from bot.views.common import MENU
from storage.models import Flag, MonthApproval, Role, Unit
from tests.harness import Harness
from tests.security.support import (
    ACTORS,
    APOLOGY,
    FLAG_CODE,
    FLAG_WORDS,
    OWNER,
    OWNER_NAME,
    ROLE_OF,
    UNIT_A_ACTORS,
    World,
    build_world,
    classify,
    diff,
    entry_exists,
    flag_row,
    press_data,
    say,
    snapshot,
)

SUPPORTERS = frozenset({Role.SUPPORTER})
STAFF = frozenset({Role.SOCIAL_WORKER, Role.ADMIN})
ADMINS = frozenset({Role.ADMIN})
EVERYONE = frozenset(Role)

Sample = Callable[[World], str]
Check = Callable[[Harness, World], Awaitable[None]]


@dataclass(frozen=True)
class Row:
    """How one entry point is guarded.

    roles: registered, active roles that may use it. scope: "owner" (only the person whose
    thing the sample names) or "unit" (only staff of that unit). stranger / former: what an
    unregistered / deactivated person gets. prepare / effect: set the scene, check the result.
    """

    roles: frozenset[str]
    sample: Sample
    scope: str | None = None
    stranger: str = "unregistered"
    former: str = "inactive"
    ok_for: frozenset[str] = field(default_factory=frozenset)  # extra actors allowed
    allowed: str = "ok"  # what an allowed person sees (a sample naming nothing: "scope")
    prepare: Check | None = None
    effect: Check | None = None


async def _owner_at_review(bot: Harness, world: World) -> None:
    async with bot.services.sessions() as session:
        data = {"step": "review", "category": "other", "urgency": "today", "client_code": "C11"}
        await states.put(session, OWNER, "flag", data, bot.clock())
        await session.commit()


async def _entry_removed(bot: Harness, world: World) -> None:
    assert not await entry_exists(bot, world.entry_id)


async def _month_approved(bot: Harness, world: World) -> None:
    async with bot.services.sessions() as session:
        found = await session.scalar(
            select(MonthApproval).where(MonthApproval.person_id == world.ids["owner"])
        )
    assert found is not None and found.month == world.month


async def _flag_taken(bot: Harness, world: World) -> None:
    flag = await flag_row(bot, world.flag_id)
    assert flag.status == "acknowledged" and flag.acknowledged_by_id == world.ids["sw_a"]


async def _flag_sent(bot: Harness, world: World) -> None:
    async with bot.services.sessions() as session:
        codes = list(await session.scalars(select(Flag.client_code)))
    assert "C11" in codes


async def _backup_set(bot: Harness, world: World) -> None:
    async with bot.services.sessions() as session:
        unit = await session.get(Unit, world.unit_a)
        assert unit is not None and unit.backup_social_worker_id == world.ids["sw_a"]


def text(value: str) -> Sample:
    return lambda world: value


def menu(key: str) -> Sample:
    """A main-menu button, tapped: its English label."""
    label = Catalogs.load().get("en").gettext(MENU[key])
    return lambda world: label


# key: "/command", "menu:<MENU key>", "button:<routes>" (bot.callbacks.describe), or
# "text" (free text).
ACCESS: dict[str, Row] = {
    "/start": Row(EVERYONE, text("/start"), stranger="unregistered", former="inactive"),
    "/help": Row(EVERYONE, text("/help")),
    "/language": Row(EVERYONE, text("/language")),
    "/cancel": Row(EVERYONE, text("/cancel")),
    "/settings": Row(EVERYONE, text("/settings")),
    "/privacy": Row(EVERYONE, text("/privacy"), stranger="ok", former="ok"),
    "/mydata": Row(EVERYONE, text("/mydata"), former="ok"),
    "/log": Row(SUPPORTERS, text("/log 1h visit")),
    "/hours": Row(SUPPORTERS, text("/hours")),
    "/undo": Row(SUPPORTERS, text("/undo")),
    "/flag": Row(SUPPORTERS, text("/flag")),
    "/flags": Row(STAFF, text("/flags")),
    "/away": Row(STAFF, text("/away")),
    "/team": Row(STAFF, text("/team")),
    "/export": Row(STAFF, lambda w: f"/export {w.month}"),
    "/report": Row(STAFF, lambda w: f"/report {w.month}"),
    "/invite": Row(STAFF, text("/invite")),
    "/invites": Row(STAFF, text("/invites")),
    "button:inv:*": Row(STAFF, text("inv:p:0")),
    "/unit": Row(ADMINS, text("/unit")),
    "/reassign": Row(STAFF, text("/reassign")),
    "menu:help": Row(EVERYONE, menu("help")),
    "menu:language": Row(EVERYONE, menu("language")),
    "menu:settings": Row(EVERYONE, menu("settings")),
    "menu:refreshers": Row(EVERYONE, menu("refreshers")),
    "menu:log": Row(SUPPORTERS, menu("log")),
    "menu:hours": Row(SUPPORTERS, menu("hours")),
    "menu:flag": Row(SUPPORTERS, menu("flag")),
    "menu:flags": Row(STAFF, menu("flags")),
    "menu:team": Row(STAFF, menu("team")),
    "menu:invite": Row(STAFF, menu("invite")),
    "text": Row(EVERYONE, text("what do I say when a client cries")),
    "button:lang:<lang>|*": Row(EVERYONE, text("lang:yue")),
    "button:lang:<lang>:first": Row(EVERYONE, text("lang:yue:first")),
    "button:lib:home|cat|top|*": Row(EVERYONE, text("lib:home")),
    "button:lib:card:<card_id>:<lang>": Row(EVERYONE, lambda w: f"lib:card:{w.extra['card']}:en"),
    "button:lib:fb:<card_id>:<vote>": Row(EVERYONE, lambda w: f"lib:fb:{w.extra['card']}:1"),
    "button:lib:none": Row(EVERYONE, text("lib:none")),
    "button:safety:worried": Row(EVERYONE, text("safety:worried")),
    "button:set:*": Row(EVERYONE, text("set:lang")),  # tip buttons: supporters (forged tests)
    "button:priv:*": Row(EVERYONE, text("priv:del"), former="ok"),
    "button:hrs:*": Row(
        SUPPORTERS, lambda w: f"hrs:rm:{w.entry_id}", scope="owner", effect=_entry_removed
    ),
    "button:flag:start": Row(SUPPORTERS, text("flag:start:other")),
    "button:flag:cat|urg|skip|send|cancel": Row(
        SUPPORTERS, text("flag:send"), scope="owner", prepare=_owner_at_review, effect=_flag_sent
    ),
    "button:flag:ack|close|contact|view|card|note|*": Row(
        STAFF, lambda w: f"flag:ack:{w.flag_id}", scope="unit", effect=_flag_taken
    ),
    "button:flags:*": Row(STAFF, text("flags:f:open:0")),
    "button:team:*": Row(
        STAFF, lambda w: f"team:ok:{w.ids['owner']}:{w.month}", scope="unit", effect=_month_approved
    ),
    "button:mv:*": Row(STAFF, lambda w: f"mv:s:{w.ids['owner']}", scope="unit"),
    "button:unit:*": Row(
        ADMINS, lambda w: f"unit:set:bk:{w.ids['sw_a']}", scope="unit", effect=_backup_set
    ),
    # Peer wisdom (issue 8): who may reach each entry point. Which question or tip a
    # mentor or social worker may act on is checked by that feature's own tests.
    "/peer": Row(EVERYONE, text("/peer")),  # supporters: their menu; staff: the unit's view
    "menu:peers": Row(EVERYONE, menu("peers")),
    "/askpeer": Row(SUPPORTERS, text("/askpeer")),
    "/sharetip": Row(SUPPORTERS, text("/sharetip")),
    "/wellbeing": Row(SUPPORTERS, text("/wellbeing")),
    "button:peer:ask|share|mentor|cancel|sw|fu|thank|rewrite|nameok|send|*": Row(
        SUPPORTERS, text("peer:cancel")
    ),
    "button:peer:claim|reply|asend|arewrite|anameok": Row(
        SUPPORTERS, text("peer:claim:0"), allowed="scope"
    ),
    "button:peer:staff|ql|mentors|sm|qv|draft|dcat|dtop|dq|dfile|contact": Row(
        STAFF, text("peer:staff")
    ),
    "button:ptip:cancel|rewrite|nameok|areas|cat|top|send|fb|*": Row(
        SUPPORTERS, text("ptip:cancel")
    ),
    "button:ptip:ok|edit|ret": Row(STAFF, text("ptip:ok:0"), allowed="scope"),
    "button:wb:*": Row(SUPPORTERS, text("wb:no")),
}


def registered_keys(app) -> set[str]:  # type: ignore[no-untyped-def]
    """Every command, menu label and callback pattern the Application answers."""
    en = Catalogs.load().get("en")
    menu_keys = {en.gettext(label): key for key, label in MENU.items()}
    keys: set[str] = set()
    for handlers in app.handlers.values():
        for handler in handlers:
            if isinstance(handler, CommandHandler):
                keys |= {f"/{command}" for command in handler.commands}
            elif isinstance(handler, CallbackQueryHandler):
                assert handler.pattern is not None, "a button handler without a pattern"
                keys.add(f"button:{callbacks.describe(handler.pattern)}")  # type: ignore[arg-type]
            elif isinstance(handler, MessageHandler) and isinstance(handler.filters, filters.Text):
                labels = handler.filters.strings
                found = {menu_keys[label] for label in labels if label in menu_keys}
                assert found, f"a text handler for unknown labels {labels}"
                keys |= {f"menu:{key}" for key in found}
    return keys | {"text"}


def test_every_handler_has_a_row(tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings = Settings.from_env(
        {
            "TELEGRAM_BOT_TOKEN": "123456:MATRIX-token",
            "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/x.db",
        }
    )
    app = build_application(settings, migrate=False)
    registered = registered_keys(app)
    missing = sorted(registered - ACCESS.keys())
    stale = sorted(ACCESS.keys() - registered)
    assert not missing, f"handlers with no row in the authorization matrix: {missing}"
    assert not stale, f"rows for handlers that no longer exist: {stale}"


def test_menu_labels_are_unambiguous_in_every_language() -> None:
    """Two menu buttons with one label would send one of them to the other's handler."""
    for tr in Catalogs.load().all():
        labels = [tr.gettext(label) for label in MENU.values()]
        duplicates = sorted({label for label in labels if labels.count(label) > 1})
        assert not duplicates, f"{tr.lang}: the same label for two menu buttons: {duplicates}"


def expected(row: Row, actor: str) -> str:
    if actor == "stranger":
        return row.stranger
    if actor == "deactivated":
        return row.former
    if actor in row.ok_for:
        return "ok"
    if ROLE_OF[actor] not in row.roles:
        return "role"
    if row.scope == "owner" and actor != "owner":
        return "scope"
    if row.scope == "unit" and actor not in UNIT_A_ACTORS:
        return "scope"
    return row.allowed


def _order(row: Row) -> list[str]:
    """Refusals first (on the untouched scene), then the people allowed, the owner last."""
    refused = [a for a in ACTORS if expected(row, a) != "ok"]
    allowed = [a for a in ACTORS if expected(row, a) == "ok" and a != "owner"]
    return refused + allowed + (["owner"] if expected(row, "owner") == "ok" else [])


@pytest.mark.parametrize("key", sorted(ACCESS))
async def test_access(bot: Harness, key: str) -> None:
    row = ACCESS[key]
    world = await build_world(bot)
    world.extra["card"] = next(iter(bot.services.library.cards)).id
    errors: list[BaseException] = []

    async def record(update: object, context) -> None:  # type: ignore[no-untyped-def]
        errors.append(context.error)

    bot.app.add_error_handler(record)
    if row.prepare is not None:
        await row.prepare(bot, world)
    sample = row.sample(world)
    problems = []
    for actor in _order(row):
        want = expected(row, actor)
        before = await snapshot(bot)
        if key.startswith("button:"):
            outcome = await press_data(bot, ACTORS[actor], sample)
        else:
            outcome = await say(bot, ACTORS[actor], sample)
        await bot.flush()
        got = classify(outcome)
        if got != want:
            problems.append(f"{actor}: expected {want}, got {got}: {outcome.joined[:160]!r}")
        if want != "ok":
            changed = diff(before, await snapshot(bot))
            if changed:
                problems.append(f"{actor}: refused, yet the database changed: {changed}")
        if not outcome.texts:
            problems.append(f"{actor}: no answer at all")
        if APOLOGY in outcome.joined or errors:
            problems.append(f"{actor}: an error: {[type(e).__name__ for e in errors]}")
            errors.clear()
        if actor not in ("owner", "sw_a", "admin_a"):
            seen = outcome.joined + "".join(
                doc.decode("utf-8", "ignore") for doc in outcome.documents if _is_text(doc)
            )
            leaked = [s for s in (OWNER_NAME, FLAG_CODE, FLAG_WORDS) if s in seen]
            if leaked:
                problems.append(f"{actor}: saw unit A's {leaked}")
    if row.effect is not None:
        await row.effect(bot, world)
    assert not problems, "\n".join(problems)


def _is_text(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
