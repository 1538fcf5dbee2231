"""Register people the way the product does (invites), for tests that need a cast; and
rows in bulk (below) for the big worlds of the fault trials and the process-level tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, select

from bot.context import Services
from bot.services import people
from storage.models import Person, Preferences, Role, Unit

SOCIAL_WORKER = 1001
SUPPORTER = 2001
STRANGER = 3001
OTHER_UNIT_WORKER = 4001
ADMIN = 5001


@dataclass
class Cast:
    unit: Unit
    worker: Person
    supporter: Person


async def register(
    services: Services,
    *,
    telegram_id: int,
    name: str,
    role: str,
    unit_id: int,
    social_worker_id: int | None = None,
    language: str | None = None,
) -> Person:
    async with services.sessions() as session:
        now = services.clock()
        invite = await people.create_invite(
            session,
            role=role,
            unit_id=unit_id,
            social_worker_id=social_worker_id,
            now=now,
            days_valid=14,
        )
        person = await people.redeem_invite(
            session, invite.code, people.TelegramIdentity(telegram_id, name), now
        )
        if language is not None:
            person.language = language  # else what joining saved (English: no Telegram code)
        await session.commit()
        return person


async def add_unit(services: Services, name: str = "Kowloon Centre") -> Unit:
    async with services.sessions() as session:
        unit = await people.add_unit(
            session, name_en=name, name_yue="九龍中心", district="Sham Shui Po", planned_hours=16
        )
        await session.commit()
        return unit


async def seed_cast(services: Services, sandbox) -> Cast:  # type: ignore[no-untyped-def]
    """One unit with a social worker (Ms Chan) and her supporter (Siu Fong)."""
    unit = await add_unit(services)
    worker = await register(
        services,
        telegram_id=SOCIAL_WORKER,
        name="Ms Chan",
        role=Role.SOCIAL_WORKER,
        unit_id=unit.id,
    )
    supporter = await register(
        services,
        telegram_id=SUPPORTER,
        name="Siu Fong",
        role=Role.SUPPORTER,
        unit_id=unit.id,
        social_worker_id=worker.id,
    )
    sandbox.add_user(SOCIAL_WORKER, "Ms Chan", language_code="en")
    sandbox.add_user(SUPPORTER, "Siu Fong", language_code="en")
    sandbox.add_user(STRANGER, "Stranger", language_code="en")
    return Cast(unit, worker, supporter)


# --------------------------------------------------------------------------- in bulk
# Rows written straight to the tables, for worlds too big to register one invite at a time
# (the fault trials in bench/faults/ and the end-to-end tests that start a real bot process).


async def add_people(session: Any, rows: Iterable[dict[str, Any]], tip_at: Any = None) -> None:
    """People in bulk, with preferences (tips due at `tip_at`(person) or not this week)."""
    now = dt.datetime.now(dt.UTC)
    rows = list(rows)
    base = {"active": True, "created_at": now - dt.timedelta(days=30), "updated_at": now}
    for start in range(0, len(rows), 1000):
        await session.execute(insert(Person), [{**base, **r} for r in rows[start : start + 1000]])
    ids = dict(
        (
            await session.execute(
                select(Person.telegram_user_id, Person.id).where(
                    Person.telegram_user_id.in_([r["telegram_user_id"] for r in rows])
                )
            )
        ).all()
    )
    later = now + dt.timedelta(days=7)
    prefs = [
        {
            "person_id": ids[r["telegram_user_id"]],
            "tip_time": "09:30",
            "tip_days": 127,
            "tips_paused": False,
            "checkin_enabled": False,
            "checkin_time": "20:00",
            "next_tip_at": (tip_at(r["telegram_user_id"]) if tip_at else None) or later,
            "updated_at": now,
        }
        for r in rows
        if r["role"] == Role.SUPPORTER
    ]
    for start in range(0, len(prefs), 1000):
        await session.execute(insert(Preferences), prefs[start : start + 1000])


def person_row(
    telegram_id: int, name: str, role: str, unit_id: int, **extra: Any
) -> dict[str, Any]:
    return {
        "telegram_user_id": telegram_id,
        "display_name": name,
        "role": role,
        "language": "en",
        "unit_id": unit_id,
        **extra,
    }


async def new_unit(session: Any, name: str, **extra: Any) -> Unit:
    unit = Unit(name_en=name, name_yue=name, district="Sham Shui Po", **extra)
    session.add(unit)
    await session.flush()
    return unit


async def staff(session: Any, unit: Unit, worker: int, backup: int, supervisor: int | None) -> int:
    """A unit's social worker, backup (and supervisor); returns the worker's person id."""
    rows = [
        person_row(worker, f"Worker {worker}", Role.SOCIAL_WORKER, unit.id),
        person_row(backup, f"Backup {backup}", Role.SOCIAL_WORKER, unit.id),
    ]
    if supervisor is not None:
        rows.append(person_row(supervisor, f"Supervisor {supervisor}", Role.ADMIN, unit.id))
    await add_people(session, rows)
    found = dict(
        (
            await session.execute(
                select(Person.telegram_user_id, Person.id).where(
                    Person.telegram_user_id.in_([worker, backup, supervisor or 0])
                )
            )
        ).all()
    )
    unit.backup_social_worker_id = found[backup]
    if supervisor is not None:
        unit.supervisor_id = found[supervisor]
    return int(found[worker])
