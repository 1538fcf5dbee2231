"""Flags: raise, alert, climb the ladder, acknowledge, close, audit. No Telegram types.

Everything a flag owes someone (alerts, status updates) is written to the outbox in the
same transaction as the state change that caused it, and the flag's timer is a column
(`next_action_at`) the tick reads, so a crash at any point loses nothing.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.delivery import outbox
from bot.delivery.lanes import Lane
from bot.domain.concerns import median_duration
from bot.domain.errors import RuleError
from bot.domain.escalation import (
    CATEGORIES,
    MAX_DESCRIPTION_CHARS,
    URGENCIES,
    URGENT,
    FlagStatus,
    Policy,
    Step,
    ack_timeout_for,
    build_levels,
    first_deadline,
    first_step,
    next_step,
    next_working_day,
)
from bot.domain.privacy import clean_typed, is_client_code, looks_sensitive, normalise_client_code
from bot.i18n import Translator
from bot.services.registry import Services
from storage.db import get_by_id, rows_affected
from storage.delivery_models import OutboxMessage, OutboxStatus
from storage.escalation_models import StaffAway, UnitAlertSettings
from storage.models import STAFF_ROLES, Flag, FlagEvent, Person, Role, Unit

log = logging.getLogger(__name__)
STAFF = STAFF_ROLES
DUE_BATCH = 50


class FlagError(RuleError):
    """A concern request the rules refuse (not this person's, already closed, …)."""


def _reachable(person: Person | None) -> bool:
    return person is not None and person.reachable


async def _people(session: AsyncSession, ids: Sequence[int]) -> dict[int, Person]:
    if not ids:
        return {}
    rows = await session.scalars(select(Person).where(Person.id.in_(list(ids))))
    return {p.id: p for p in rows}


def _tr(ctx: Services, person: Person) -> Translator:
    return ctx.catalogs.get(person.language or "en")


async def away_until(session: AsyncSession, person_id: int, today: dt.date) -> dt.date | None:
    """The last day a social worker is away, if she is away today or later."""
    row = await session.get(StaffAway, person_id)
    return row.until if row is not None and row.until >= today else None


async def _away(session: AsyncSession, ids: list[int], today: dt.date) -> set[int]:
    """Who of these is on leave today (/away): reminders skip them like the unreachable."""
    if not ids:
        return set()
    rows = await session.scalars(
        select(StaffAway.person_id).where(StaffAway.person_id.in_(ids), StaffAway.until >= today)
    )
    return set(rows)


async def policy_for(
    session: AsyncSession, ctx: Services, supporter: Person, urgency: str, now: dt.datetime
) -> Policy:
    """The unit's policy as it stands now; the flag keeps a copy."""
    unit = await session.get(Unit, supporter.unit_id)
    assert unit is not None
    admins = tuple(
        await session.scalars(
            select(Person.id)
            .where(Person.unit_id == unit.id, Person.role == Role.ADMIN, Person.active.is_(True))
            .order_by(Person.id)
        )
    )
    supervisors = (unit.supervisor_id,) if unit.supervisor_id is not None else admins
    backup = supporter.backup_social_worker_id or unit.backup_social_worker_id
    worker = supporter.social_worker_id
    today = now.astimezone(ctx.settings.tz).date()
    if worker is not None and await away_until(session, worker, today) is not None:
        worker = None  # on leave: her new alerts go to the backup (then up the ladder)
    if backup == supporter.social_worker_id and worker is None:
        backup = None
    today_timeout = unit.ack_timeout_seconds or ctx.settings.ack_timeout_seconds
    extra = await session.get(UnitAlertSettings, unit.id)
    return Policy(
        ack_timeout_seconds=ack_timeout_for(
            urgency,
            now_seconds=extra.ack_now_seconds if extra else None,
            today_seconds=today_timeout,
        ),
        repeats=max(1, unit.alert_repeats),
        levels=build_levels(worker, backup, supervisors, admins),
    )


async def first_recipients(
    session: AsyncSession, ctx: Services, supporter: Person, urgency: str, now: dt.datetime
) -> list[Person]:
    """Who a flag raised now would actually reach first (for the review screen)."""
    policy = await policy_for(session, ctx, supporter, urgency, now)
    everyone = await _people(session, [p for level in policy.levels for p in level])
    on_leave = await _away(session, list(everyone), now.astimezone(ctx.settings.tz).date())
    step = first_step(
        policy, {pid for pid, p in everyone.items() if _reachable(p) and pid not in on_leave}
    )
    return [everyone[p] for p in step.recipients] if step else []


def validate_code(text: str) -> str:
    if not is_client_code(text):
        raise FlagError("bad_code")
    return normalise_client_code(text)


def validate_description(text: str) -> str:
    text = clean_typed(text)
    if looks_sensitive(text):
        raise FlagError("sensitive")
    if len(text) > MAX_DESCRIPTION_CHARS:
        raise FlagError("too_long")
    return text


async def _event(
    session: AsyncSession,
    flag: Flag,
    kind: str,
    now: dt.datetime,
    actor: int | None = None,
    **detail: object,
) -> None:
    session.add(FlagEvent(flag_id=flag.id, at=now, actor_id=actor, kind=kind, detail=detail))


async def raise_flag(
    session: AsyncSession,
    ctx: Services,
    supporter: Person,
    *,
    category: str,
    urgency: str,
    client_code: str,
    description: str | None,
    now: dt.datetime,
) -> tuple[Flag, list[Person]]:
    """Create the flag and its first alerts in one transaction; returns who was alerted."""
    if category not in CATEGORIES or urgency not in URGENCIES:
        raise FlagError("bad_choice")
    code = validate_code(client_code)
    description = validate_description(description) if description else None
    policy = await policy_for(session, ctx, supporter, urgency, now)
    flag = Flag(
        supporter_id=supporter.id,
        unit_id=supporter.unit_id,
        category=category,
        urgency=urgency,
        client_code=code,
        description=description or None,
        status=FlagStatus.OPEN,
        policy=policy.to_json(),
        created_at=now,
    )
    session.add(flag)
    await session.flush()
    await _event(session, flag, "created", now, supporter.id)
    recipients = await _advance(session, ctx, flag, policy, now, first=True)
    return flag, recipients


async def _advance(
    session: AsyncSession,
    ctx: Services,
    flag: Flag,
    policy: Policy,
    now: dt.datetime,
    *,
    first: bool,
) -> list[Person]:
    """Alert the next round of the ladder and set the timer for the one after."""
    everyone = await _people(session, [p for level in policy.levels for p in level])
    on_leave = await _away(session, list(everyone), now.astimezone(ctx.settings.tz).date())
    reachable = {
        pid for pid, person in everyone.items() if _reachable(person) and pid not in on_leave
    }
    step: Step | None
    if first:
        step = first_step(policy, reachable)
    else:
        step = next_step(policy, reachable, level=flag.level, attempt=flag.attempt)
    supporter = await session.get(Person, flag.supporter_id)
    assert supporter is not None
    tz = ctx.settings.tz
    retry_in = dt.timedelta(seconds=policy.ack_timeout_seconds)
    if step is None:
        # Nobody at any level can be reached: say so plainly, keep trying in case it changes.
        await _tell_supporter_unanswered(session, ctx, flag, supporter, now)
        flag.next_action_at = now + retry_in
        return []
    recipients = [everyone[p] for p in step.recipients]
    round_no = 1 if first else await _rounds(session, flag) + 1
    instead_of = await _instead_of(session, supporter, step, now.astimezone(tz).date())
    for person in recipients:
        text, rows = ctx.notices.render_alert(
            _tr(ctx, person), flag, supporter, tz, repeat=not first, instead_of=instead_of
        )
        replaces = await _withdraw_earlier_alerts(session, flag.id, person.id)
        await outbox.enqueue(
            session,
            dedupe_key=f"flag:{flag.id}:r{round_no}:p{person.id}",
            chat_id=person.telegram_user_id,
            person_id=person.id,
            lane=Lane.ALERT,
            kind="alert",
            text=text,
            buttons=rows,
            due_at=now,
            meta={
                "flag_id": flag.id,
                "level": step.level,
                "round": round_no,
                "replaces": replaces,
            },
        )
    kind = "alerted" if first else "escalated"
    await _event(
        session, flag, kind, now, None, recipients=[p.id for p in recipients], level=step.level
    )
    if not first and step.level > flag.level:
        names = ", ".join(p.display_name for p in recipients)
        await _status(
            session, ctx, flag, supporter, "escalated", now, names, suffix=f"L{step.level}"
        )
    if step.exhausted and flag.unanswered_told_at is None:
        await _tell_supporter_unanswered(session, ctx, flag, supporter, now)
    flag.level, flag.attempt = step.level, step.attempt
    flag.next_action_at = (
        first_deadline(flag.urgency, now, tz, policy.ack_timeout_seconds)
        if first
        else (now + retry_in if flag.urgency in URGENT else next_working_day(now, tz))
    )
    return recipients


async def _instead_of(
    session: AsyncSession, supporter: Person, step: Step, today: dt.date
) -> tuple[str, dt.date | None] | None:
    """Whose alert this is, when her own social worker is left out (away or unreachable)."""
    worker_id = supporter.social_worker_id
    if worker_id is None or worker_id in step.recipients:
        return None
    worker = await session.get(Person, worker_id)
    if worker is None:
        return None
    until = await away_until(session, worker_id, today)
    if until is not None or not _reachable(worker):
        return worker.display_name, until
    return None  # she is reachable and simply has not answered: the ladder says so


async def _withdraw_earlier_alerts(
    session: AsyncSession, flag_id: int, person_id: int
) -> list[int]:
    """One live alert per concern per person: an earlier alert not yet sent is dropped, and
    the message id of the live one is returned for the reminder to replace (delete)."""
    mine = (
        OutboxMessage.dedupe_key.like(f"flag:{flag_id}:%"),
        OutboxMessage.person_id == person_id,
    )
    # One statement, so a row another process has just claimed to send is left alone.
    await session.execute(
        delete(OutboxMessage)
        .where(
            *mine,
            OutboxMessage.status == OutboxStatus.PENDING,
            OutboxMessage.claimed_until.is_(None),
        )
        .execution_options(synchronize_session=False)
    )
    # The latest one sent is the live one: every earlier one was replaced by it already.
    live = await session.scalar(
        select(OutboxMessage.telegram_message_id)
        .where(*mine, OutboxMessage.telegram_message_id.is_not(None))
        .order_by(OutboxMessage.id.desc())
        .limit(1)
    )
    return [int(live)] if live is not None else []


async def _rounds(session: AsyncSession, flag: Flag) -> int:
    """How many rounds of alerts this flag has had (each round's alerts share a number)."""
    return int(
        await session.scalar(
            select(func.count()).where(
                FlagEvent.flag_id == flag.id, FlagEvent.kind.in_(["alerted", "escalated"])
            )
        )
        or 0
    )


async def _status(
    session: AsyncSession,
    ctx: Services,
    flag: Flag,
    supporter: Person,
    kind: str,
    now: dt.datetime,
    names: str = "",
    *,
    suffix: str = "",
) -> None:
    """Tell the supporter how their flag is moving (once per kind and step)."""
    text = ctx.notices.render_flag_status(_tr(ctx, supporter), kind, flag, names)
    await outbox.enqueue(
        session,
        dedupe_key=f"flagstatus:{flag.id}:{kind}{':' + suffix if suffix else ''}",
        chat_id=supporter.telegram_user_id,
        person_id=supporter.id,
        lane=Lane.ALERT if kind == "unanswered" else Lane.REPLY,
        kind="flag_status",
        text=text,
        due_at=now,
        meta={"flag_id": flag.id},
    )


async def _tell_supporter_unanswered(
    session: AsyncSession, ctx: Services, flag: Flag, supporter: Person, now: dt.datetime
) -> None:
    if flag.unanswered_told_at is not None:
        return
    flag.unanswered_told_at = now
    await _status(session, ctx, flag, supporter, "unanswered", now)
    await _event(session, flag, "unanswered", now)


async def process_due(session: AsyncSession, ctx: Services, now: dt.datetime) -> int:
    """The timer: climb the ladder for every open flag whose ack deadline has passed.

    On PostgreSQL the rows are claimed with FOR UPDATE SKIP LOCKED, so several bot
    processes can run this at once and each flag climbs exactly once per deadline.
    """
    flags = list(
        await session.scalars(
            select(Flag)
            .where(Flag.status == FlagStatus.OPEN, Flag.next_action_at <= now)
            .order_by(Flag.next_action_at)
            .limit(DUE_BATCH)
            .with_for_update(skip_locked=True)
        )
    )
    for flag in flags:
        await _advance(session, ctx, flag, Policy.from_json(flag.policy), now, first=False)
    return len(flags)


@outbox.on_failed("alert")  # registered once, when this module is first imported
async def alert_failed(session: AsyncSession, delivery: outbox.Delivery, now: dt.datetime) -> None:
    """An alert could not be delivered (blocked, deactivated, refused): climb now, not later."""
    flag_id = (delivery.meta or {}).get("flag_id")
    flag = await session.get(Flag, int(flag_id)) if flag_id is not None else None
    if flag is not None and flag.status == FlagStatus.OPEN:
        flag.next_action_at = now
        await _event(session, flag, "unreachable", now, recipients=[delivery.person_id])


# --- staff actions -----------------------------------------------------------------------


def may_handle(person: Person, flag: Flag) -> bool:
    """Staff of the flag's unit, or anyone its policy alerts (e.g. a supervisor elsewhere)."""
    if not person.active or person.role not in STAFF:
        return False
    if person.unit_id == flag.unit_id:
        return True
    policy = Policy.from_json(flag.policy)
    return any(person.id in level for level in policy.levels)


async def flag_for_staff(session: AsyncSession, person: Person, flag_id: int) -> Flag:
    flag = await get_by_id(session, Flag, flag_id)
    if flag is None:
        raise FlagError("not_found")
    if not may_handle(person, flag):
        raise FlagError("other_unit")  # said plainly; nothing is changed
    return flag


async def acknowledge(
    session: AsyncSession, ctx: Services, person: Person, flag_id: int, now: dt.datetime
) -> tuple[Flag, bool]:
    """An atomic claim: the first staff member to acknowledge owns the flag.

    Returns (flag, won). Pending alerts of the flag are withdrawn; the supporter is told.
    """
    flag = await flag_for_staff(session, person, flag_id)
    claimed = await session.execute(
        update(Flag)
        .where(Flag.id == flag.id, Flag.status == FlagStatus.OPEN)
        .values(
            status=FlagStatus.ACKNOWLEDGED,
            acknowledged_at=now,
            acknowledged_by_id=person.id,
            next_action_at=None,
        )
        .execution_options(synchronize_session=False)
    )
    await session.refresh(flag)
    if rows_affected(claimed) != 1:
        return flag, False
    await _event(session, flag, "acknowledged", now, person.id)
    # Alerts not yet sent are no longer owed: nobody should be asked to take a taken flag.
    await session.execute(
        delete(OutboxMessage).where(
            OutboxMessage.dedupe_key.like(f"flag:{flag.id}:%"),
            OutboxMessage.status == OutboxStatus.PENDING,
            OutboxMessage.claimed_until.is_(None),
        )
    )
    supporter = await session.get(Person, flag.supporter_id)
    assert supporter is not None
    await _status(session, ctx, flag, supporter, "seen", now, person.display_name)
    return flag, True


async def sent_alerts(session: AsyncSession, flag_id: int) -> list[OutboxMessage]:
    """Each person's live alert of a flag (to edit it to 'taken by …'): the latest sent one,
    since every reminder replaced the one before."""
    rows = await session.scalars(
        select(OutboxMessage)
        .where(
            OutboxMessage.dedupe_key.like(f"flag:{flag_id}:%"),
            OutboxMessage.telegram_message_id.is_not(None),
        )
        .order_by(OutboxMessage.id)
    )
    latest: dict[object, OutboxMessage] = {}
    for row in rows:
        latest[row.person_id or row.chat_id] = row
    return list(latest.values())


async def close(
    session: AsyncSession,
    ctx: Services,
    person: Person,
    flag_id: int,
    outcome: str,
    now: dt.datetime,
) -> Flag:
    """Close with a required outcome note (kept for the unit, not sent to the supporter)."""
    flag = await flag_for_staff(session, person, flag_id)
    if flag.status == FlagStatus.CLOSED:
        raise FlagError("already_closed")
    outcome = clean_typed(outcome)
    if not outcome:
        raise FlagError("no_outcome")
    if looks_sensitive(outcome):
        raise FlagError("sensitive")
    if len(outcome) > MAX_DESCRIPTION_CHARS:
        raise FlagError("too_long")
    if flag.status == FlagStatus.OPEN:  # closing owns it too
        flag.acknowledged_at, flag.acknowledged_by_id = now, person.id
    flag.status, flag.closed_at, flag.closed_by_id, flag.outcome = (
        FlagStatus.CLOSED,
        now,
        person.id,
        outcome,
    )
    flag.next_action_at = None
    await _event(session, flag, "closed", now, person.id)
    supporter = await session.get(Person, flag.supporter_id)
    assert supporter is not None
    await _status(session, ctx, flag, supporter, "closed", now, person.display_name)
    return flag


async def open_flags(session: AsyncSession, person: Person) -> list[tuple[Flag, Person]]:
    rows = await session.execute(
        select(Flag, Person)
        .join(Person, Person.id == Flag.supporter_id)
        .where(Flag.unit_id == person.unit_id, Flag.status != FlagStatus.CLOSED)
        .order_by(Flag.created_at)
    )
    return [(flag, supporter) for flag, supporter in rows]


async def history(session: AsyncSession, flag: Flag) -> tuple[list[FlagEvent], dict[int, str]]:
    events = list(
        await session.scalars(
            select(FlagEvent)
            .where(FlagEvent.flag_id == flag.id)
            .order_by(FlagEvent.at, FlagEvent.id)
        )
    )
    ids = {e.actor_id for e in events if e.actor_id} | {
        p for e in events for p in e.detail.get("recipients", [])
    }
    people = await _people(session, list(ids))
    return events, {pid: p.display_name for pid, p in people.items()}


@dataclass(frozen=True)
class ResponseTimes:
    flags: int
    median_ack: dt.timedelta | None
    median_close: dt.timedelta | None


async def response_times(
    session: AsyncSession, unit_id: int, start: dt.datetime, end: dt.datetime
) -> ResponseTimes:
    """For the unit's monthly report: how quickly flags were acknowledged and closed."""
    flags = list(
        await session.scalars(
            select(Flag).where(
                Flag.unit_id == unit_id, Flag.created_at >= start, Flag.created_at < end
            )
        )
    )
    acks = [f.acknowledged_at - f.created_at for f in flags if f.acknowledged_at]
    closes = [f.closed_at - f.created_at for f in flags if f.closed_at]
    return ResponseTimes(
        flags=len(flags),
        median_ack=median_duration(acks),
        median_close=median_duration(closes),
    )
