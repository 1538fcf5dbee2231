"""Is every flag sure to reach someone? What `tunghang check` says about escalation.

A unit without a backup or a supervisor, or a social worker the bot cannot reach (blocked
it, left Telegram, deactivated while supporters still have her), means a flag may climb
further than it should before anyone sees it. These are warnings to fix before go-live.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Person, Role, Unit


def _why_unreachable(person: Person) -> str | None:
    if not person.active:
        return "deactivated"
    if person.unreachable_at is not None:
        return "blocked the bot or left Telegram"
    return None


async def escalation_problems(session: AsyncSession) -> tuple[int, list[str]]:
    """(units checked, one plain line per problem)."""
    units = list(await session.scalars(select(Unit).order_by(Unit.id)))
    people = {p.id: p for p in await session.scalars(select(Person))}
    supporters = dict(
        (
            await session.execute(
                select(Person.social_worker_id, func.count())
                .where(Person.role == Role.SUPPORTER, Person.active.is_(True))
                .group_by(Person.social_worker_id)
            )
        ).all()
    )
    problems: list[str] = []
    for unit in units:
        name = f"unit {unit.id} ({unit.name_en})"
        for role, person_id, option in (
            ("backup social worker", unit.backup_social_worker_id, "--backup"),
            ("supervisor", unit.supervisor_id, "--supervisor"),
        ):
            person = people.get(person_id) if person_id is not None else None
            if person is None:
                problems.append(
                    f"{name} has no {role}: `tunghang admin unit-set {unit.id} {option} PERSON`"
                )
            elif why := _why_unreachable(person):
                problems.append(f"{name}'s {role} {person.display_name} cannot be reached ({why})")
    for person in sorted(people.values(), key=lambda p: p.id):
        if person.role != Role.SOCIAL_WORKER:
            continue
        why = _why_unreachable(person)
        count = supporters.get(person.id, 0)
        if why == "deactivated" and count:
            problems.append(
                f"social worker {person.display_name} (person {person.id}) is deactivated but "
                f"{count} supporter(s) still have her: move them to another social worker"
            )
        elif why and why != "deactivated":
            problems.append(
                f"social worker {person.display_name} (person {person.id}) cannot be reached "
                f"({why})"
            )
    return len(units), problems
