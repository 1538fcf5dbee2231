"""What Tung Hang keeps about a person: their own copy, erasure on request, and the
scheduled clean-up. No Telegram types (PDPO, BRIEF.md §6).

Every table that refers to a person has a line in RETENTION saying what happens to it when
the person asks to be deleted; tests/security fails for a table without one, so a new
feature has to decide. The unit keeps what payroll and safety need — hour entries, month
approvals, and the audit trail of concerns (without the supporter's words) — and
everything else about the person is purged. The person is then deactivated and their
Telegram account unlinked, so a new invite starts afresh.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, and_, delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services import personal_data
from storage.content_models import UnansweredQuestion
from storage.db import rows_affected
from storage.delivery_models import OutboxMessage, OutboxStatus, TipSent
from storage.escalation_models import StaffAway
from storage.models import (
    CardFeedback,
    ChatState,
    ContactAttempt,
    Flag,
    FlagEvent,
    HourEntry,
    Invite,
    MonthApproval,
    Person,
    Preferences,
    Unit,
)

log = logging.getLogger(__name__)

# An unfinished multi-step flow (half a concern, a typed time) is forgotten after this.
CHAT_STATE_DAYS = 7
# The text of a message the bot already sent is blanked this long after sending: Telegram
# has the message; the row stays so nothing is sent twice.
SENT_TEXT_DAYS = 30
# The invitee's name on an invite nobody used is forgotten this long after it expired.
UNUSED_INVITE_NAME_DAYS = 30
# What a blanked text becomes (the column is NOT NULL).
BLANK = ""

KEEP = "kept for the unit"
PURGE = "deleted"
SCRUB = "kept without the person's words"
# What happens to each table on erasure. Keys are table names.
RETENTION: dict[str, str] = {
    "people": SCRUB,  # deactivated; Telegram id, @username and language removed; name kept
    "units": KEEP,  # a unit may name the person as backup or supervisor
    "invites": KEEP,  # who joined when, under which name (the code: only ever a hash)
    "hour_entries": KEEP,  # payroll
    "month_approvals": KEEP,  # payroll
    "flags": SCRUB,  # the audit trail of concerns stays; descriptions they wrote go
    "flag_events": KEEP,  # who acknowledged and closed what, when
    "contact_attempts": PURGE,
    "preferences": PURGE,
    "card_feedback": PURGE,
    "chat_states": PURGE,
    "tips_sent": PURGE,
    "outbox": SCRUB,  # unsent messages to them deleted; texts of sent ones blanked
    # Peer wisdom (storage/peer_models.py)
    "peer_mentors": PURGE,
    "peer_questions": SCRUB,  # their questions and answers lose their text
    "shared_tips": PURGE,
    "peer_draft_cards": KEEP,  # a social worker's draft for the clinical team
    "peer_events": KEEP,  # audit trail
    "wellbeing_settings": PURGE,
    "wellbeing_answers": PURGE,
    "meaning_notes": PURGE,
    # Questions the library could not answer, privacy-filtered (bot/services/content_usage.py)
    "unanswered_questions": PURGE,
    # A social worker's leave (storage/escalation_models.py): nothing to keep once gone
    "staff_away": PURGE,
}


@dataclass
class Erased:
    """How many rows each table lost or had scrubbed (for the log and the tests)."""

    counts: dict[str, int] = field(default_factory=dict)

    def add(self, table: str, count: int | None) -> None:
        if count:
            self.counts[table] = self.counts.get(table, 0) + int(count)


def _iso(value: dt.datetime | dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


async def _name(session: AsyncSession, person_id: int | None) -> str | None:
    if person_id is None:
        return None
    other = await session.get(Person, person_id)
    return other.display_name if other else None


async def _rows(session: AsyncSession, model: Any, *where: ColumnElement[bool]) -> list[Any]:
    return list(await session.scalars(select(model).where(*where)))


# --- a copy for the person (DPP6) -----------------------------------------------------


async def export(session: AsyncSession, person: Person, now: dt.datetime) -> dict[str, Any]:
    """Everything stored about `person`, as plain JSON-ready data."""
    unit = await session.get(Unit, person.unit_id)
    data: dict[str, Any] = {
        "exported_at": _iso(now),
        "you": {
            "person_id": person.id,
            "name": person.display_name,
            "role": person.role,
            "telegram_user_id": person.telegram_user_id if person.telegram_user_id > 0 else None,
            "telegram_username": person.telegram_username,
            "language": person.language,
            "unit": {"id": unit.id, "name_en": unit.name_en, "name_yue": unit.name_yue}
            if unit
            else None,
            "social_worker": await _name(session, person.social_worker_id),
            "active": person.active,
            "joined_at": _iso(person.created_at),
            "unreachable_since": _iso(person.unreachable_at),
        },
    }
    prefs = await session.get(Preferences, person.id)
    data["settings"] = (
        {
            "tip_time": prefs.tip_time,
            "tip_days_mask_monday_first": prefs.tip_days,
            "tips_paused": prefs.tips_paused,
            "quiet_hours": [prefs.quiet_start, prefs.quiet_end] if prefs.quiet_start else None,
            "next_tip_at": _iso(prefs.next_tip_at),
        }
        if prefs
        else None
    )
    data["hour_entries"] = [
        {
            "id": e.id,
            "day": _iso(e.day),
            "minutes": e.minutes,
            "activity": e.activity,
            "logged_at": _iso(e.created_at),
            "changed_at": _iso(e.updated_at),
        }
        for e in await _rows(session, HourEntry, HourEntry.person_id == person.id)
    ]
    data["months_approved"] = [
        {
            "month": a.month,
            "approved_by": await _name(session, a.approved_by_id),
            "at": _iso(a.approved_at),
        }
        for a in await _rows(session, MonthApproval, MonthApproval.person_id == person.id)
    ]
    data["clients_not_reached"] = [
        {"client_code": c.client_code, "how": c.channel, "at": _iso(c.attempted_at)}
        for c in await _rows(session, ContactAttempt, ContactAttempt.person_id == person.id)
    ]
    concerns = []
    for flag in await _rows(session, Flag, Flag.supporter_id == person.id):
        events = await _rows(session, FlagEvent, FlagEvent.flag_id == flag.id)
        concerns.append(
            {
                "id": flag.id,
                "category": flag.category,
                "urgency": flag.urgency,
                "client_code": flag.client_code,
                "what_you_wrote": flag.description,
                "what_you_wrote_deleted_at": _iso(flag.description_purged_at),
                "status": flag.status,
                "raised_at": _iso(flag.created_at),
                "acknowledged_at": _iso(flag.acknowledged_at),
                "closed_at": _iso(flag.closed_at),
                "history": [{"at": _iso(e.at), "what": e.kind} for e in events],
            }
        )
    data["concerns_you_raised"] = concerns
    data["card_feedback"] = [
        {"card": f.card_id, "helpful": f.helpful, "at": _iso(f.updated_at)}
        for f in await _rows(session, CardFeedback, CardFeedback.person_id == person.id)
    ]
    data["questions_kept_for_the_clinical_team"] = [
        {"question": q.text, "ended_in": q.outcome, "at": _iso(q.created_at)}
        for q in await _rows(session, UnansweredQuestion, UnansweredQuestion.person_id == person.id)
    ]
    data["daily_tips_sent"] = [
        {"day": _iso(t.day), "card": t.card_id}
        for t in await _rows(session, TipSent, TipSent.person_id == person.id)
    ]
    state = (
        await session.get(ChatState, person.telegram_user_id)
        if person.telegram_user_id > 0
        else None
    )
    data["unfinished_step"] = (
        {"flow": state.flow, "data": state.data, "since": _iso(state.updated_at)} if state else None
    )
    data["messages_from_the_bot"] = [
        {"kind": m.kind, "status": m.status, "due_at": _iso(m.due_at), "sent_at": _iso(m.sent_at)}
        for m in await _rows(session, OutboxMessage, OutboxMessage.person_id == person.id)
    ]
    invite = await session.scalar(select(Invite).where(Invite.used_by_id == person.id))
    data["joined_with_invite"] = (
        {
            "role": invite.role,
            "name_in_invite": invite.invitee_name,
            "created_at": _iso(invite.created_at),
            "used_at": _iso(invite.used_at),
        }
        if invite
        else None
    )
    if person.is_staff:
        data["as_staff"] = {
            "invites_created": [
                {"role": i.role, "created_at": _iso(i.created_at), "used": i.used_at is not None}
                for i in await _rows(session, Invite, Invite.created_by_id == person.id)
            ],
            "months_you_approved": [
                {"supporter_person_id": a.person_id, "month": a.month, "at": _iso(a.approved_at)}
                for a in await _rows(
                    session, MonthApproval, MonthApproval.approved_by_id == person.id
                )
            ],
            "concern_actions": [
                {"concern": e.flag_id, "what": e.kind, "at": _iso(e.at)}
                for e in await _rows(session, FlagEvent, FlagEvent.actor_id == person.id)
            ],
        }
    peer = await _peer_export(session, person)
    if peer:
        data["peer_support"] = peer
    return data


# --- erasure on request ------------------------------------------------------------------


async def erase(session: AsyncSession, person: Person, now: dt.datetime, catalogs: Any) -> Erased:
    """Purge what the unit does not need, deactivate, unlink Telegram. The caller commits.

    Outbox alerts still owed to staff about this person's open concerns are left to go out:
    a client's safety comes first (their texts are blanked SENT_TEXT_DAYS after sending).
    """
    erased = Erased()
    pid = person.id

    async def purge(model: Any, *where: ColumnElement[bool]) -> None:
        result = await session.execute(
            delete(model).where(*where).execution_options(synchronize_session=False)
        )
        erased.add(model.__tablename__, rows_affected(result))

    # First what to look for in copies: their words are about to be blanked.
    traces = await personal_data.traces_of(session, person)
    await purge(Preferences, Preferences.person_id == pid)
    await purge(CardFeedback, CardFeedback.person_id == pid)
    await purge(TipSent, TipSent.person_id == pid)
    await purge(ContactAttempt, ContactAttempt.person_id == pid)
    await purge(UnansweredQuestion, UnansweredQuestion.person_id == pid)
    await purge(StaffAway, StaffAway.person_id == pid)
    if person.telegram_user_id > 0:
        await purge(ChatState, ChatState.telegram_user_id == person.telegram_user_id)
    # Messages to them and copies of their words sent to others (bot/services/personal_data).
    erased.add("outbox", await personal_data.erase_copies(session, traces, now, catalogs))
    # Concerns they raised: the record stays, their words go.
    flag_ids = list(await session.scalars(select(Flag.id).where(Flag.supporter_id == pid)))
    if flag_ids:
        worded = await session.execute(
            update(Flag)
            .where(Flag.id.in_(flag_ids), Flag.description.is_not(None))
            .values(description=None, description_purged_at=now)
            .execution_options(synchronize_session=False)
        )
        erased.add("flags", rows_affected(worded))
    erased.counts.update(
        {k: erased.counts.get(k, 0) + v for k, v in (await _peer_erase(session, pid)).items()}
    )
    person.active = False
    person.telegram_user_id = -pid  # unlinked: unique, and never a real Telegram id
    person.telegram_username = None
    person.language = None
    person.unreachable_at = None
    person.updated_at = now
    erased.add("people", 1)
    await session.flush()
    log.info("person %s erased their data: %s", pid, sorted(erased.counts))
    return erased


# --- the scheduled clean-up ----------------------------------------------------------------


async def purge_due(session: AsyncSession, now: dt.datetime) -> int:
    """Forget abandoned flows and blank old sent texts; returns rows touched. Idempotent,
    so every instance may run it."""
    states = await session.execute(
        delete(ChatState)
        .where(ChatState.updated_at < now - dt.timedelta(days=CHAT_STATE_DAYS))
        .execution_options(synchronize_session=False)
    )
    cutoff = now - dt.timedelta(days=SENT_TEXT_DAYS)
    texts = await session.execute(
        update(OutboxMessage)
        .where(
            or_(
                and_(OutboxMessage.status == OutboxStatus.SENT, OutboxMessage.sent_at < cutoff),
                and_(OutboxMessage.status == OutboxStatus.FAILED, OutboxMessage.due_at < cutoff),
            ),
            OutboxMessage.text != BLANK,
        )
        .values(text=BLANK, buttons=None, updated_at=now)  # buttons can name people too
        .execution_options(synchronize_session=False)
    )
    # The name on an invite nobody used is someone who never joined: forget it.
    names = await session.execute(
        update(Invite)
        .where(
            Invite.used_at.is_(None),
            Invite.expires_at < now - dt.timedelta(days=UNUSED_INVITE_NAME_DAYS),
            Invite.invitee_name.is_not(None),
        )
        .values(invitee_name=None)
        .execution_options(synchronize_session=False)
    )
    from bot.services.content_usage import purge_old_unanswered

    questions = await purge_old_unanswered(session, now)
    touched = sum(rows_affected(r) for r in (states, texts, names))
    return touched + questions


# --- peer wisdom (storage/peer_models.py, when present) ----------------------------------


def _peer_models() -> Any:
    try:
        from storage import peer_models
    except ImportError:  # pragma: no cover - the feature is not installed
        return None
    return peer_models


async def _peer_export(session: AsyncSession, person: Person) -> dict[str, Any]:
    pm = _peer_models()
    if pm is None:
        return {}
    pid = person.id
    out: dict[str, Any] = {}
    mentor = await session.get(pm.PeerMentor, pid)
    if mentor is not None:
        out["mentor"] = {"active": mentor.active, "since": _iso(mentor.created_at)}
    out["questions_you_asked"] = [
        {
            "id": q.id,
            "question": q.text,
            "shown_name": q.asker_name,
            "status": q.status,
            "asked_at": _iso(q.created_at),
            "answer": q.answer,
            "answered_at": _iso(q.answered_at),
        }
        for q in await _rows(session, pm.PeerQuestion, pm.PeerQuestion.asker_id == pid)
    ]
    out["questions_you_answered"] = [
        {"id": q.id, "your_answer": q.answer, "answered_at": _iso(q.answered_at)}
        for q in await _rows(session, pm.PeerQuestion, pm.PeerQuestion.claimed_by_id == pid)
    ]
    out["tips_you_shared"] = [
        {
            "id": t.id,
            "topic": t.topic,
            "text": t.text,
            "your_original_text": t.original_text,
            "credited_as": t.credit_name,
            "status": t.status,
            "shared_at": _iso(t.created_at),
        }
        for t in await _rows(session, pm.SharedTip, pm.SharedTip.author_id == pid)
    ]
    wellbeing = await session.get(pm.WellbeingSettings, pid)
    if wellbeing is not None:
        out["wellbeing_settings"] = {
            "weekly_check_in": wellbeing.enabled,
            "weekday_monday_0": wellbeing.weekday,
            "time": wellbeing.time,
            "monthly_note": wellbeing.monthly_note,
        }
    out["wellbeing_answers"] = [
        {"week": _iso(a.week), "face_1_to_5": a.face}
        for a in await _rows(session, pm.WellbeingAnswer, pm.WellbeingAnswer.person_id == pid)
    ]
    return {k: v for k, v in out.items() if v}


async def _peer_erase(session: AsyncSession, pid: int) -> dict[str, int]:
    pm = _peer_models()
    if pm is None:
        return {}
    counts: dict[str, int] = {}

    async def run(table: str, statement: Any) -> None:
        result = await session.execute(statement.execution_options(synchronize_session=False))
        if rows_affected(result):
            counts[table] = counts.get(table, 0) + rows_affected(result)

    await run("peer_mentors", delete(pm.PeerMentor).where(pm.PeerMentor.person_id == pid))
    await run("shared_tips", delete(pm.SharedTip).where(pm.SharedTip.author_id == pid))
    await run(
        "wellbeing_settings",
        delete(pm.WellbeingSettings).where(pm.WellbeingSettings.person_id == pid),
    )
    await run(
        "wellbeing_answers", delete(pm.WellbeingAnswer).where(pm.WellbeingAnswer.person_id == pid)
    )
    await run("meaning_notes", delete(pm.MeaningNote).where(pm.MeaningNote.person_id == pid))
    # Questions stay as rows (follow-ups and drafts point at them) but lose their words;
    # an unanswered one is withdrawn so nobody is asked to answer an empty question.
    q = pm.PeerQuestion
    open_states = [pm.QuestionStatus.OPEN, pm.QuestionStatus.CLAIMED]
    await run(
        "peer_questions",
        update(q)
        .where(q.asker_id == pid, q.status.in_(open_states))
        .values(status=pm.QuestionStatus.EXPIRED, widen_at=None, expires_at=None),
    )
    await run(
        "peer_questions",
        update(q).where(q.asker_id == pid).values(text=BLANK, asker_name=None),
    )
    await run(
        "peer_questions",
        update(q).where(q.claimed_by_id == pid, q.answer.is_not(None)).values(answer=BLANK),
    )
    return counts
