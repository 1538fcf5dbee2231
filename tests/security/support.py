"""Shared pieces of the security tests: a two-unit cast, forged button presses, database
snapshots, and a classifier that tells a refusal from an answer."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from bot.domain.escalation import CATEGORIES
from bot.services import escalation, people
from bot.services import hours as hours_service
from storage.models import Base, Flag, HourEntry, Person, Role
from tests.harness import Harness
from tests.seed import add_unit, register

# Telegram ids of the cast. Unit A is "ours"; unit B is the other centre.
OWNER = 2001  # supporter in unit A who owns the entries, flags and flows under test
PEER = 2002  # another supporter in unit A
SW_A = 1001
ADMIN_A = 5001
FORMER = 2003  # a unit-A supporter an admin deactivated
SUPPORTER_B = 4002
SW_B = 4001
ADMIN_B = 5002
STRANGER = 3001

ACTORS = {
    "owner": OWNER,
    "peer": PEER,
    "sw_a": SW_A,
    "admin_a": ADMIN_A,
    "supporter_b": SUPPORTER_B,
    "sw_b": SW_B,
    "admin_b": ADMIN_B,
    "stranger": STRANGER,
    "deactivated": FORMER,
}
ROLE_OF = {
    "owner": Role.SUPPORTER,
    "peer": Role.SUPPORTER,
    "supporter_b": Role.SUPPORTER,
    "sw_a": Role.SOCIAL_WORKER,
    "sw_b": Role.SOCIAL_WORKER,
    "admin_a": Role.ADMIN,
    "admin_b": Role.ADMIN,
}
UNIT_A_ACTORS = {"owner", "peer", "sw_a", "admin_a"}

# Things only unit A's staff (and the owner) may ever see.
OWNER_NAME = "Siu Fong"
FLAG_CODE = "QA7"
FLAG_WORDS = "AlphaSecretWords about the visit"


@dataclass
class World:
    unit_a: int
    unit_b: int
    ids: dict[str, int]  # actor name -> person id
    entry_id: int
    flag_id: int
    flag_b_id: int
    month: str
    extra: dict[str, Any] = field(default_factory=dict)


async def build_world(bot: Harness) -> World:
    """Two units with staff and supporters, an hours entry and an open flag in each."""
    services = bot.services
    unit_a = await add_unit(services, "Kowloon Centre")
    unit_b = await add_unit(services, "Island Centre")
    sw_a = await register(
        services, telegram_id=SW_A, name="Ms Chan", role=Role.SOCIAL_WORKER, unit_id=unit_a.id
    )
    sw_b = await register(
        services, telegram_id=SW_B, name="Mr Lee", role=Role.SOCIAL_WORKER, unit_id=unit_b.id
    )
    made = {
        "sw_a": sw_a,
        "sw_b": sw_b,
        "owner": await register(
            services,
            telegram_id=OWNER,
            name=OWNER_NAME,
            role=Role.SUPPORTER,
            unit_id=unit_a.id,
            social_worker_id=sw_a.id,
        ),
        "peer": await register(
            services,
            telegram_id=PEER,
            name="Ah Kuen",
            role=Role.SUPPORTER,
            unit_id=unit_a.id,
            social_worker_id=sw_a.id,
        ),
        "deactivated": await register(
            services,
            telegram_id=FORMER,
            name="Former Helper",
            role=Role.SUPPORTER,
            unit_id=unit_a.id,
            social_worker_id=sw_a.id,
        ),
        "supporter_b": await register(
            services,
            telegram_id=SUPPORTER_B,
            name="Ah Wing",
            role=Role.SUPPORTER,
            unit_id=unit_b.id,
            social_worker_id=sw_b.id,
        ),
        "admin_a": await register(
            services, telegram_id=ADMIN_A, name="Dr Wong", role=Role.ADMIN, unit_id=unit_a.id
        ),
        "admin_b": await register(
            services, telegram_id=ADMIN_B, name="Dr Ma", role=Role.ADMIN, unit_id=unit_b.id
        ),
    }
    for name, telegram_id in ACTORS.items():
        bot.sandbox.add_user(telegram_id, name.replace("_", " ").title(), language_code="en")
    now = services.clock()
    today = now.astimezone(services.settings.tz).date()
    ctx = services
    async with services.sessions() as session:
        owner = await session.get(Person, made["owner"].id)
        supporter_b = await session.get(Person, made["supporter_b"].id)
        former = await session.get(Person, made["deactivated"].id)
        assert owner and supporter_b and former
        entry, _ = await hours_service.save_entry(
            session,
            owner,
            minutes=90,
            activity="visit",
            day=today,
            today=today,
            now=now,
            source_key="seed:1",
        )
        flag, _ = await escalation.raise_flag(
            session,
            ctx,
            owner,
            category=CATEGORIES[0],
            urgency="can_wait",
            client_code=FLAG_CODE,
            description=FLAG_WORDS,
            now=now,
        )
        flag_b, _ = await escalation.raise_flag(
            session,
            ctx,
            supporter_b,
            category=CATEGORIES[0],
            urgency="can_wait",
            client_code="ZB9",
            description="words from the island",
            now=now,
        )
        await people.deactivate(session, former, now)
        await session.commit()
        world = World(
            unit_a=unit_a.id,
            unit_b=unit_b.id,
            ids={name: person.id for name, person in made.items()},
            entry_id=entry.id,
            flag_id=flag.id,
            flag_b_id=flag_b.id,
            month=hours_service.month_key(today),
        )
    await bot.tick()  # what the scheduler fills in (next tip times) is filled in
    await bot.flush()  # alerts out, so the outbox is quiet before any snapshot
    return world


# --- acting ------------------------------------------------------------------------------


@dataclass
class Outcome:
    texts: list[str]  # new or edited bot messages in the actor's chat, then toasts
    documents: list[bytes]

    @property
    def joined(self) -> str:
        return "\n".join(self.texts)


def _collect(bot: Harness, user_id: int, seq: int, answers_before: int) -> Outcome:
    messages = bot._changed_since(user_id, seq)
    toasts = [a.text for a in bot.sandbox.callback_answers[answers_before:] if a.text]
    return Outcome(
        [m.shown_text for m in messages] + toasts,
        [m.document.data for m in messages if m.document is not None],
    )


async def say(bot: Harness, user_id: int, text: str) -> Outcome:
    seq, answers = bot.sandbox.last_event_seq, len(bot.sandbox.callback_answers)
    bot.sandbox.send_text(user_id, text)
    await bot.deliver()
    return _collect(bot, user_id, seq, answers)


async def press_data(bot: Harness, user_id: int, data: str) -> Outcome:
    """Press a button carrying `data` — as a modified client could, whatever the bot sent.

    The button sits on a message the bot really sent to this chat, so edits work as usual.
    """
    envelope = await bot.sandbox.call(
        "sendMessage",
        {
            "chat_id": user_id,
            "text": "(a message with a forged button)",
            "reply_markup": json.dumps(
                {"inline_keyboard": [[{"text": "x", "callback_data": data}]]}
            ),
        },
    )
    assert envelope["ok"], envelope
    seq, answers = bot.sandbox.last_event_seq, len(bot.sandbox.callback_answers)
    bot.sandbox.press(user_id, envelope["result"]["message_id"], data)
    await bot.deliver()
    return _collect(bot, user_id, seq, answers)


async def press_on(bot: Harness, user_id: int, message_id: int, data: str) -> Outcome:
    """Press a button that really is on `message_id` (a replayed old button)."""
    seq, answers = bot.sandbox.last_event_seq, len(bot.sandbox.callback_answers)
    bot.sandbox.press(user_id, message_id, data)
    await bot.deliver()
    return _collect(bot, user_id, seq, answers)


# --- what the database holds -------------------------------------------------------------


async def snapshot(bot: Harness) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in primary-key order: equal snapshots, unchanged database.

    The outbox is drained first: the dispatcher marks rows sent in the background, and a
    snapshot taken while it works would differ from the next for reasons no press caused.
    """
    await bot.flush()
    tables: dict[str, list[tuple[Any, ...]]] = {}
    async with bot.services.sessions() as session:
        for table in Base.metadata.sorted_tables:
            order = list(table.primary_key.columns) or list(table.columns)
            rows = await session.execute(select(table).order_by(*order))
            tables[table.name] = [tuple(_plain(v) for v in row) for row in rows]
    return tables


def _plain(value: Any) -> Any:
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    if isinstance(value, dt.datetime):
        return value.isoformat()
    return value


def diff(
    before: dict[str, list[tuple[Any, ...]]], after: dict[str, list[tuple[Any, ...]]]
) -> list[str]:
    return [name for name in before if before[name] != after.get(name)]


async def entry_exists(bot: Harness, entry_id: int) -> bool:
    async with bot.services.sessions() as session:
        return await session.get(HourEntry, entry_id) is not None


async def flag_row(bot: Harness, flag_id: int) -> Flag:
    async with bot.services.sessions() as session:
        flag = await session.get(Flag, flag_id)
        assert flag is not None
        return flag


# --- telling refusals from answers -------------------------------------------------------

REFUSAL_MARKERS = {
    "unregistered": ("Please ask your social worker for an invite link.",),
    "inactive": ("Your Tung Hang account is not active any more.",),
    "role": (
        "Sorry, this part is for social workers.",
        "Sorry, this part is for peer supporters.",
        "Sorry, this part is for admins.",
        "are for supporters.",  # /askpeer, /sharetip, /wellbeing for staff
    ),
    "scope": (
        "Sorry, that concern is not one you can see.",
        "That concern belongs to another unit, so you can't act on it.",
        "Sorry, that button has expired.",
        "That entry is no longer there.",
        "That step has passed.",
        "That person can't take this role.",
        "Sorry, that is not something you can open.",  # peer questions and tips
        "That supporter can't be moved by you any more.",  # /reassign
    ),
}
APOLOGY = "Sorry, something went wrong on my side."


def classify(outcome: Outcome) -> str:
    """'unregistered' | 'inactive' | 'role' | 'scope' | 'ok' from what the person saw."""
    text = outcome.joined
    for kind, markers in REFUSAL_MARKERS.items():
        if any(marker in text for marker in markers):
            return kind
    return "ok"


async def person(bot: Harness, person_id: int) -> Person:
    async with bot.services.sessions() as session:
        found = await session.get(Person, person_id)
        assert found is not None
        return found
