"""Register people the way the product does (invites), for tests that need a cast."""

from __future__ import annotations

from dataclasses import dataclass

from bot.context import Services
from bot.services import people
from storage.models import Person, Role, Unit

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
