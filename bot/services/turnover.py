"""Staff turnover: when a social worker leaves, her supporters (and the invites that name her)
move to another social worker, so nobody's concerns go to someone who is gone.

Every refusal is an OnboardingError whose words the command line prints as they are and
whose `reason` the chat turns into the person's language; a refusal changes nothing.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services.people import OnboardingError
from storage.models import Invite, Person, Role


def _who(person: Person) -> str:
    return f"{person.display_name} (person {person.id})"


async def supporters_of(
    session: AsyncSession, worker: Person, *, active_only: bool = True
) -> list[Person]:
    query = select(Person).where(
        Person.social_worker_id == worker.id, Person.role == Role.SUPPORTER
    )
    if active_only:
        query = query.where(Person.active.is_(True))
    return list(await session.scalars(query.order_by(Person.display_name, Person.id)))


def _check_target(source: Person | None, target: Person) -> None:
    """`target` can take over supporters from `source` (None: checked for one supporter)."""
    if source is not None and source.id == target.id:
        raise OnboardingError("same_person", f"{_who(target)} is on both sides: nothing to move")
    if target.role != Role.SOCIAL_WORKER:
        raise OnboardingError(
            "not_social_worker", f"{_who(target)} is a {target.role}, not a social worker"
        )
    if not target.active:
        raise OnboardingError(
            "inactive_target",
            f"{_who(target)} is deactivated: `tunghang admin reactivate {target.id}` first",
        )
    if source is not None and source.unit_id != target.unit_id:
        raise OnboardingError(
            "other_unit", f"{_who(target)} belongs to another unit than {_who(source)}"
        )


async def reassign_all(
    session: AsyncSession, source: Person, target: Person, now: dt.datetime
) -> int:
    """Move every supporter of `source` (active or not, so one reactivated later does not
    return to her) and her waiting invites to `target`; returns how many supporters moved."""
    if source.role != Role.SOCIAL_WORKER:
        raise OnboardingError(
            "not_social_worker", f"{_who(source)} is a {source.role}, not a social worker"
        )
    _check_target(source, target)
    moved = await supporters_of(session, source, active_only=False)
    for supporter in moved:
        supporter.social_worker_id = target.id
        supporter.updated_at = now
    # Unused invites naming her would make newcomers hers: they go with her supporters.
    await session.execute(
        update(Invite)
        .where(Invite.social_worker_id == source.id, Invite.used_at.is_(None))
        .values(social_worker_id=target.id)
    )
    await session.flush()
    return len(moved)


async def move_supporter(
    session: AsyncSession, actor: Person, supporter: Person, target: Person, now: dt.datetime
) -> None:
    """One supporter to another social worker of the unit, by her social worker or an admin."""
    if supporter.role != Role.SUPPORTER or supporter.unit_id != actor.unit_id:
        raise OnboardingError("not_yours", f"{_who(supporter)} is not a supporter in your unit")
    if actor.role == Role.SOCIAL_WORKER and supporter.social_worker_id != actor.id:
        raise OnboardingError("not_yours", f"{_who(supporter)} is not your supporter")
    if actor.role not in (Role.SOCIAL_WORKER, Role.ADMIN) or not actor.active:
        raise OnboardingError("not_allowed", "only a social worker or an admin can move people")
    if supporter.social_worker_id == target.id:
        raise OnboardingError("same_person", f"{_who(supporter)} already has {_who(target)}")
    _check_target(None, target)
    if target.unit_id != supporter.unit_id:
        raise OnboardingError("other_unit", f"{_who(target)} belongs to another unit")
    supporter.social_worker_id = target.id
    supporter.updated_at = now
    await session.flush()


async def deactivate(
    session: AsyncSession, person: Person, now: dt.datetime, *, reassign_to: Person | None = None
) -> int:
    """Deactivate `person`. A social worker with active supporters is refused unless
    `reassign_to` takes them over in the same transaction; returns how many moved."""
    if not person.active:
        raise OnboardingError("already_inactive", f"{_who(person)} is already deactivated")
    moved = 0
    if reassign_to is not None:
        moved = await reassign_all(session, person, reassign_to, now)
    elif person.role == Role.SOCIAL_WORKER:
        waiting = await supporters_of(session, person)
        if waiting:
            raise OnboardingError(
                "has_supporters",
                f"{_who(person)} still has {len(waiting)} active supporter(s): move them first "
                f"(`tunghang admin reassign --from {person.id} --to PERSON`) or add "
                "--reassign-to PERSON",
            )
    person.active = False
    person.updated_at = now
    await session.flush()
    return moved


async def reactivate(session: AsyncSession, person: Person, now: dt.datetime) -> None:
    if person.active:
        raise OnboardingError("already_active", f"{_who(person)} is already active")
    if person.telegram_user_id < 0:  # bot/services/privacy.py unlinks an erased person
        raise OnboardingError(
            "erased", f"{_who(person)} erased their data: send them a new invite instead"
        )
    person.active = True
    person.updated_at = now
    await session.flush()
