"""Units, people and invites: the onboarding rules, with no Telegram types."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import bindparam, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.delivery import outbox
from bot.delivery.lanes import Lane
from bot.domain.errors import RuleError
from bot.domain.invites import InviteStatus, clean_invitee_name, hash_code, new_code, status_of
from bot.i18n import negotiate
from bot.services import preferences
from bot.services.registry import Services
from storage.db import get_by_id, rows_affected, social_worker_of
from storage.models import Invite, Person, Role, Unit

ROLES = tuple(r.value for r in Role)
JOINED_KIND = "joined"  # the outbox message that tells staff someone joined


class OnboardingError(RuleError):
    """A request the rules refuse; `reason` is a short code the caller turns into words,
    the message plain words the command line prints as they are."""


@dataclass(frozen=True, slots=True)
class NewInvite:
    code: str
    invite: Invite


@dataclass(frozen=True, slots=True)
class TelegramIdentity:
    """What onboarding needs to know about a Telegram user, free of Telegram types."""

    user_id: int
    first_name: str
    last_name: str | None = None
    username: str | None = None
    language_code: str | None = None  # what their Telegram app reports, e.g. "zh-hk"

    @property
    def display_name(self) -> str:
        full = " ".join(p for p in (self.first_name, self.last_name) if p).strip()
        return (full or "—")[:120]


async def add_unit(
    session: AsyncSession, *, name_en: str, name_yue: str, district: str, planned_hours: float
) -> Unit:
    if not name_en.strip() or not name_yue.strip() or not district.strip():
        raise OnboardingError("unit_fields", "names in both languages and a district are required")
    if not 0 <= planned_hours <= 200:
        raise OnboardingError("planned_hours", "planned monthly hours must be between 0 and 200")
    unit = Unit(
        name_en=name_en.strip(),
        name_yue=name_yue.strip(),
        district=district.strip(),
        planned_monthly_minutes=round(planned_hours * 60),
    )
    session.add(unit)
    await session.flush()
    return unit


# Built once: every update looks up who is speaking, and constructing the statement anew
# was a fifth of that lookup's cost (bench/handlers.py).
_PERSON_BY_TELEGRAM_ID = select(Person).where(Person.telegram_user_id == bindparam("telegram_id"))


async def person_by_telegram_id(session: AsyncSession, telegram_user_id: int) -> Person | None:
    return await session.scalar(_PERSON_BY_TELEGRAM_ID, {"telegram_id": telegram_user_id})


async def resolve_person(session: AsyncSession, ref: str) -> Person | None:
    """A person by id (`12`), Telegram id (`tg:123456`) or @username."""
    ref = ref.strip()
    if ref.startswith("@"):
        return await session.scalar(select(Person).where(Person.telegram_username == ref[1:]))
    # Ids beyond what the columns hold are simply nobody (not a driver overflow).
    if ref.startswith("tg:") and ref[3:].isdigit():
        telegram_id = int(ref[3:])
        return await person_by_telegram_id(session, telegram_id) if telegram_id < 2**63 else None
    if ref.isdigit():
        return await get_by_id(session, Person, int(ref))
    return None


async def create_invite(
    session: AsyncSession,
    *,
    role: str,
    unit_id: int,
    now: dt.datetime,
    days_valid: int,
    social_worker_id: int | None = None,
    created_by: Person | None = None,
    invitee_name: str | None = None,
) -> NewInvite:
    """A single-use invite that fixes role, unit, (for supporters) the social worker and,
    if given, the name the centre knows the invitee by."""
    if role not in ROLES:
        raise OnboardingError("bad_role", f"role must be one of {', '.join(ROLES)}")
    name = None
    if invitee_name is not None:
        name = clean_invitee_name(invitee_name)
        if name is None:
            raise OnboardingError(
                "bad_name",
                "the name must be 1-60 characters, at most 6 words, no digits or question marks",
            )
    unit = await session.get(Unit, unit_id)
    if unit is None:
        raise OnboardingError("no_unit", f"there is no unit {unit_id}")
    if role == Role.SUPPORTER:
        worker = await session.get(Person, social_worker_id) if social_worker_id else None
        if worker is None or worker.role != Role.SOCIAL_WORKER or not worker.active:
            raise OnboardingError(
                "no_social_worker", "a supporter invite needs an active social worker"
            )
        if worker.unit_id != unit_id:
            raise OnboardingError("other_unit", "the social worker belongs to another unit")
    elif social_worker_id is not None:
        raise OnboardingError(
            "social_worker_for_staff", "only supporter invites name a social worker"
        )
    if created_by is not None and not _may_invite(created_by, role, unit_id):
        raise OnboardingError("not_allowed", "you may not create this invite")

    code = new_code()
    invite = Invite(
        code_hash=hash_code(code),
        role=role,
        invitee_name=name,
        unit_id=unit_id,
        social_worker_id=social_worker_id,
        created_by_id=created_by.id if created_by else None,
        created_at=now,
        expires_at=now + dt.timedelta(days=days_valid),
    )
    session.add(invite)
    await session.flush()
    return NewInvite(code, invite)


def _may_invite(person: Person, role: str, unit_id: int) -> bool:
    if not person.active:
        return False
    if person.role == Role.ADMIN:
        return True
    return (
        person.role == Role.SOCIAL_WORKER and role == Role.SUPPORTER and person.unit_id == unit_id
    )


async def invite_status(session: AsyncSession, code: str, now: dt.datetime) -> InviteStatus:
    invite = await session.scalar(select(Invite).where(Invite.code_hash == hash_code(code)))
    if invite is None:
        return InviteStatus.UNKNOWN
    return status_of(used_at=invite.used_at, expires_at=invite.expires_at, now=now)


async def redeem_invite(
    session: AsyncSession, code: str, who: TelegramIdentity, now: dt.datetime
) -> Person:
    """Turn a valid code into a registered person; the first redeemer wins."""
    if await person_by_telegram_id(session, who.user_id) is not None:
        raise OnboardingError("already_registered")
    invite = await session.scalar(select(Invite).where(Invite.code_hash == hash_code(code)))
    if invite is None:
        raise OnboardingError(InviteStatus.UNKNOWN)
    status = status_of(used_at=invite.used_at, expires_at=invite.expires_at, now=now)
    if status is not InviteStatus.VALID:
        raise OnboardingError(status)
    await _responsible_staff_still_here(session, invite)

    person = Person(
        telegram_user_id=who.user_id,
        telegram_username=who.username,
        role=invite.role,
        # The name the centre gave in the invite: staff know them by it, and two people
        # called "May" on Telegram are told apart. Else the name Telegram shows.
        display_name=invite.invitee_name or who.display_name,
        # Saved now, so everything sent on the bot's own (alerts, tips) is in their
        # language from the start; they can change it at once with the greeting's buttons.
        language=negotiate(None, who.language_code),
        unit_id=invite.unit_id,
        social_worker_id=invite.social_worker_id,
        active=True,
        created_at=now,
        updated_at=now,
    )
    session.add(person)
    await session.flush()
    # Conditional update: if another redeemer got there first, nothing matches.
    claimed = await session.execute(
        update(Invite)
        .where(Invite.id == invite.id, Invite.used_at.is_(None))
        .values(used_at=now, used_by_id=person.id)
    )
    if rows_affected(claimed) != 1:
        raise OnboardingError(InviteStatus.USED)
    # Supporters get daily tips from the next local day (the tick schedules the first one).
    await preferences.create_for_new_person(session, person, now)
    return person


STAFF_LEFT = "staff_left"  # the reason an invite from someone who has left is refused


async def _responsible_staff_still_here(session: AsyncSession, invite: Invite) -> None:
    """Refuse an invite whose responsible staff member has been deactivated since: for a
    supporter, the social worker it names (the newcomer would be hers, and their concerns
    would alert someone who has left); for staff invites, whoever made it (a departed
    admin's links must stop granting roles). Refused rather than quietly given to "the
    unit's social worker": a unit may have several, and nobody agreed to take this person.
    `admin reassign` moves waiting invites with the supporters, so those keep working."""
    supporter = invite.role == Role.SUPPORTER
    responsible = invite.social_worker_id if supporter else invite.created_by_id
    if responsible is None:  # a staff invite made on the command line
        return
    person = await session.get(Person, responsible)
    if person is None or not person.active:
        raise OnboardingError(STAFF_LEFT, "the staff member behind this invite has left")


@dataclass(frozen=True, slots=True)
class InviteRow:
    """One invite as staff see it in /invites and `admin invites`."""

    invite: Invite
    status: InviteStatus
    social_worker: Person | None
    joined: Person | None


# Waiting first (someone still has to act), then expired (a new link may be needed), then
# those who joined.
_LISTING_ORDER = {InviteStatus.VALID: 0, InviteStatus.EXPIRED: 1, InviteStatus.USED: 2}


async def list_invites(
    session: AsyncSession,
    now: dt.datetime,
    *,
    unit_id: int | None = None,
    for_worker: Person | None = None,
    expired_within: dt.timedelta | None = None,
) -> list[InviteRow]:
    """Invites, waiting ones first (soonest to expire first), then expired, then used
    (newest first). `for_worker`: only the invites that social worker made or that name
    her as the supporter's social worker. `expired_within`: leave out unused invites that
    expired longer ago than that."""
    query = select(Invite)
    if expired_within is not None:
        query = query.where(
            (Invite.used_at.is_not(None)) | (Invite.expires_at >= now - expired_within)
        )
    if unit_id is not None:
        query = query.where(Invite.unit_id == unit_id)
    if for_worker is not None:
        query = query.where(
            (Invite.social_worker_id == for_worker.id) | (Invite.created_by_id == for_worker.id)
        )
    invites = _without_renewed(list(await session.scalars(query.order_by(Invite.id))))
    ids = {i.social_worker_id for i in invites} | {i.used_by_id for i in invites}
    ids.discard(None)
    known = {p.id: p for p in await session.scalars(select(Person).where(Person.id.in_(list(ids))))}
    rows = [
        InviteRow(
            invite,
            status_of(used_at=invite.used_at, expires_at=invite.expires_at, now=now),
            known.get(invite.social_worker_id) if invite.social_worker_id else None,
            known.get(invite.used_by_id) if invite.used_by_id else None,
        )
        for invite in invites
    ]

    def order(row: InviteRow) -> tuple[int, float]:
        moment = (
            row.invite.expires_at
            if row.status is InviteStatus.VALID
            else (row.invite.used_at or row.invite.expires_at)
        )
        # Waiting: soonest deadline first; the others: most recent first.
        stamp = moment.timestamp()
        return _LISTING_ORDER[row.status], stamp if row.status is InviteStatus.VALID else -stamp

    return sorted(rows, key=order)


def _without_renewed(invites: list[Invite]) -> list[Invite]:
    """Drop expired invites that a later one for the same named person replaced (a "new
    link"): the listing shows people, and that person has a newer link."""
    latest: dict[tuple[object, ...], int] = {}
    for invite in invites:  # in id order: the last one wins
        if invite.invitee_name:
            latest[(invite.unit_id, invite.role, invite.social_worker_id, invite.invitee_name)] = (
                invite.id
            )
    return [
        invite
        for invite in invites
        if invite.used_at is not None
        or not invite.invitee_name
        or latest[(invite.unit_id, invite.role, invite.social_worker_id, invite.invitee_name)]
        == invite.id
    ]


async def join_recipients(session: AsyncSession, person: Person) -> list[Person]:
    """Who hears that `person` just joined: the social worker the invite names and whoever
    made the invite; for an invite made on the command line with nobody named, the unit's
    admins. Only people the bot can reach, never the newcomer."""
    invite = await session.scalar(select(Invite).where(Invite.used_by_id == person.id))
    if invite is None:
        return []
    ids = [i for i in (invite.social_worker_id, invite.created_by_id) if i is not None]
    if ids:
        candidates = list(await session.scalars(select(Person).where(Person.id.in_(ids))))
    else:
        candidates = list(
            await session.scalars(
                select(Person).where(Person.unit_id == person.unit_id, Person.role == Role.ADMIN)
            )
        )
    return sorted((p for p in candidates if p.id != person.id and p.reachable), key=lambda p: p.id)


async def announce_join(
    session: AsyncSession,
    ctx: Services,
    person: Person,
    telegram_name: str,
    now: dt.datetime,
) -> list[Person]:
    """Tell staff (`join_recipients`) through the outbox that `person` joined, each in their
    own language. Same transaction as the join; returns who will be told."""
    recipients = await join_recipients(session, person)
    unit = await session.get(Unit, person.unit_id)
    worker = await social_worker_of(session, person)
    for recipient in recipients:
        tr = ctx.tr(recipient)
        text, buttons = ctx.notices.render_joined(
            tr,
            person,
            telegram_name=telegram_name,
            unit_name=unit.name(tr.lang) if unit else "",
            worker_name=worker.display_name if worker else None,
            yours=worker is not None and worker.id == recipient.id,
        )
        await outbox.enqueue(
            session,
            dedupe_key=f"joined:{person.id}:p{recipient.id}",
            chat_id=recipient.telegram_user_id,
            person_id=recipient.id,
            lane=Lane.REPLY,
            kind=JOINED_KIND,
            text=text,
            buttons=buttons,
            due_at=now,
            meta={"about_person_id": person.id},
        )
    return recipients


async def list_people(session: AsyncSession, unit_id: int | None = None) -> list[Person]:
    query = select(Person).order_by(Person.unit_id, Person.role, Person.id)
    if unit_id is not None:
        query = query.where(Person.unit_id == unit_id)
    return list(await session.scalars(query))


async def list_units(session: AsyncSession) -> list[Unit]:
    return list(await session.scalars(select(Unit).order_by(Unit.id)))


async def deactivate(session: AsyncSession, person: Person, now: dt.datetime) -> None:
    person.active = False
    person.updated_at = now


async def set_language(session: AsyncSession, person: Person, lang: str, now: dt.datetime) -> None:
    person.language = lang
    person.updated_at = now


async def set_unit_policy(
    session: AsyncSession,
    unit_id: int,
    *,
    backup_id: int | bool | None = False,
    supervisor_id: int | bool | None = False,
    ack_timeout_seconds: int | None = None,
    repeats: int | None = None,
    planned_hours: float | None = None,
) -> Unit:
    """Change who else is alerted, and how fast; False leaves a person field unchanged."""
    unit = await session.get(Unit, unit_id)
    if unit is None:
        raise OnboardingError("no_unit", f"there is no unit {unit_id}")
    backup = unit.backup_social_worker_id if backup_id is False else backup_id
    supervisor = unit.supervisor_id if supervisor_id is False else supervisor_id
    if backup is not None and backup == supervisor:
        # One person on two levels: the ladder would alert her twice and nobody else.
        raise OnboardingError(
            "same_person", f"person {backup} cannot be both the backup and the supervisor"
        )
    if backup_id is not False:
        if backup_id is not None:
            await _staff_of(session, backup_id, unit_id, (Role.SOCIAL_WORKER,))
        unit.backup_social_worker_id = backup_id
    if supervisor_id is not False:
        if supervisor_id is not None:
            await _staff_of(session, supervisor_id, unit_id, (Role.SOCIAL_WORKER, Role.ADMIN))
        unit.supervisor_id = supervisor_id
    if ack_timeout_seconds is not None:
        if not 10 <= ack_timeout_seconds <= 86400:
            raise OnboardingError(
                "ack_timeout", "the acknowledgement timeout must be 10-86400 seconds"
            )
        unit.ack_timeout_seconds = ack_timeout_seconds
    if repeats is not None:
        if not 1 <= repeats <= 5:
            raise OnboardingError("repeats", "repeats must be between 1 and 5")
        unit.alert_repeats = repeats
    if planned_hours is not None:
        if not 0 <= planned_hours <= 200:
            raise OnboardingError(
                "planned_hours", "planned monthly hours must be between 0 and 200"
            )
        unit.planned_monthly_minutes = round(planned_hours * 60)
    await session.flush()
    return unit


async def _staff_of(
    session: AsyncSession, person_id: int, unit_id: int, roles: tuple[str, ...]
) -> Person:
    person = await get_by_id(session, Person, person_id)
    if person is None or not person.active or person.role not in roles:
        raise OnboardingError(
            "not_staff", f"person {person_id} is not an active {' or '.join(roles)}"
        )
    if person.unit_id != unit_id:
        raise OnboardingError("other_unit", f"person {person_id} belongs to another unit")
    return person
