"""Every place a person's words or identifiers can be stored, and the one way they go.

COLUMNS lists, for every text or JSON column of every table, what it can hold about a
person. tests/security/test_personal_data.py fails for a text or JSON column missing here,
and seeds one person everywhere, erases them and scans every text column for a trace.

Erasure (`/mydata` → delete, bot/services/privacy.erase) and every retention job
(bot/services/retention.py, registered in bot/app.py) go through this module. Copies
matter as much as the rows: a peer question forwarded to mentors, an alert quoting a
concern, a wellbeing note to the social worker all sit in `outbox.text` and in the staff's
Telegram chats. Their outbox copies are blanked here, and the messages in staff's chats are
edited to "(removed at the person's request)" through the outbox (kind "redaction").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.delivery import outbox
from bot.delivery.lanes import Lane
from bot.domain.escalation import FlagStatus
from bot.i18n import N_
from storage.db import rows_affected
from storage.delivery_models import OutboxMessage, OutboxStatus
from storage.models import Flag, Person

# What a column can hold: a person's own words, an identifier (Telegram id, @username, a
# name), the payroll record README lists as kept, or nothing personal (codes, enums, ids).
WORDS = "words"
IDENTIFIER = "identifier"
PAYROLL = "kept for payroll"
NONE = "nothing personal"

COLUMNS: dict[str, dict[str, str]] = {
    "people": {
        "telegram_username": IDENTIFIER,
        "display_name": PAYROLL,  # the name on the hour entries
        "role": NONE,
        "language": IDENTIFIER,
    },
    "units": {"name_en": NONE, "name_yue": NONE, "district": NONE},
    "invites": {"code_hash": NONE, "role": NONE, "invitee_name": PAYROLL},
    "chat_states": {"flow": NONE, "data": WORDS},  # half-typed concerns, answers
    "card_feedback": {"card_id": NONE},
    "preferences": {"tip_time": NONE, "quiet_start": NONE, "quiet_end": NONE, "checkin_time": NONE},
    "hour_entries": {"activity": NONE, "source_key": NONE},
    "contact_attempts": {"client_code": NONE, "channel": NONE},
    "month_approvals": {"month": NONE},
    "flags": {
        "category": NONE,
        "urgency": NONE,
        "client_code": NONE,
        "description": WORDS,
        "status": NONE,
        "policy": NONE,
        "outcome": WORDS,
    },
    # person ids and levels; a staff note's words (blanked with the description, see
    # bot/services/concerns.purge_notes)
    "flag_events": {"kind": NONE, "detail": WORDS},
    "outbox": {
        "dedupe_key": NONE,
        "kind": NONE,
        "text": WORDS,
        "parse_mode": NONE,
        "buttons": WORDS,
        "meta": NONE,
        "status": NONE,
        "claimed_by": NONE,
        "last_error": NONE,
    },  # and chat_id: a Telegram id
    "tips_sent": {"card_id": NONE, "reason": NONE},
    "peer_mentors": {},
    "peer_unit_settings": {},
    "peer_questions": {
        "text": WORDS,
        "topic": NONE,
        "asker_name": IDENTIFIER,
        "status": NONE,
        "answer": WORDS,
    },
    "shared_tips": {
        "topic": NONE,
        "text": WORDS,
        "original_text": WORDS,
        "credit_name": IDENTIFIER,
        "status": NONE,
        "review_note": WORDS,
    },
    "peer_draft_cards": {"topic": NONE},
    "peer_events": {"subject": NONE, "kind": NONE, "detail": NONE},
    "wellbeing_settings": {"time": NONE},
    "wellbeing_answers": {},
    "meaning_notes": {"month": NONE},
    # Questions the library could not answer, privacy-filtered (bot/services/content_usage.py)
    "unanswered_questions": {"outcome": NONE, "text": WORDS, "lang": NONE, "card_ids": NONE},
    "card_shows": {"card_id": NONE, "via": NONE},  # counts per day: names nobody
    "unit_alert_settings": {"close_target_hours": NONE},
    "staff_away": {},
}

REMOVED = N_("(removed at the person's request)")
REDACTION_KIND = "redaction"
# Fragments shorter than this are not searched for in other people's messages.
_MIN_FRAGMENT = 4
BLANK = ""


@dataclass(frozen=True, slots=True)
class Traces:
    """What to look for in copies: the person's words, their name, their Telegram id."""

    person_id: int
    telegram_id: int | None
    words: tuple[str, ...]
    key_prefixes: tuple[str, ...]  # outbox dedupe keys of copies about them
    name: str | None = None  # kept on the payroll record, removed from copies


async def traces_of(session: AsyncSession, person: Person) -> Traces:
    """Collect before anything is blanked: afterwards there is nothing left to match."""
    from storage import peer_models as pm

    pid = person.id
    words: set[str] = set()
    prefixes = [f"wb:tell:{pid}:", f"joined:{pid}:", f"unreachable:{pid}:", f"mentor:{pid}:"]
    for flag in await session.scalars(select(Flag).where(Flag.supporter_id == pid)):
        prefixes += [f"flag:{flag.id}:", f"flagstatus:{flag.id}:"]
        words |= {w for w in (flag.description, flag.outcome) if w}
    for q in await session.scalars(
        select(pm.PeerQuestion).where(
            or_(pm.PeerQuestion.asker_id == pid, pm.PeerQuestion.claimed_by_id == pid)
        )
    ):
        if q.asker_id == pid:
            prefixes.append(f"peerq:{q.id}:")
            words |= {w for w in (q.text, q.asker_name) if w}
        else:
            prefixes += [f"peerq:{q.id}:answer", f"peerq:{q.id}:claimed"]
            words |= {q.answer} if q.answer else set()
    for tip in await session.scalars(select(pm.SharedTip).where(pm.SharedTip.author_id == pid)):
        prefixes.append(f"ptip:{tip.id}:")
        words |= {w for w in (tip.text, tip.original_text, tip.credit_name) if w}
    if person.telegram_username:
        words.add(person.telegram_username)
    telegram_id = person.telegram_user_id if person.telegram_user_id > 0 else None
    return Traces(
        pid,
        telegram_id,
        tuple(sorted(w for w in words if _searchable(w))),
        tuple(prefixes),
        person.display_name if _searchable(person.display_name) else None,
    )


def _mentions(row: OutboxMessage, traces: Traces) -> bool:
    if row.dedupe_key.startswith(traces.key_prefixes):
        return True
    haystack = row.text + " " + " ".join(label for line in (row.buttons or []) for label, _ in line)
    needles = (*traces.words, traces.name) if traces.name else traces.words
    return any(word in haystack for word in needles)


def _searchable(text: str) -> bool:
    """Long enough to find in other messages without hitting unrelated ones (Chinese names
    are often two characters; a Latin one that short would match inside other words)."""
    text = text.strip()
    return len(text) >= (2 if not text.isascii() else _MIN_FRAGMENT)


def _buttons_without(row: OutboxMessage, traces: Traces) -> list[list[tuple[str, str]]]:
    needles = (*traces.words, traces.name) if traces.name else traces.words
    kept = []
    for line in row.buttons or []:
        safe = [(label, data) for label, data in line if not any(n in label for n in needles)]
        if safe:
            kept.append(safe)
    return kept


async def erase_copies(
    session: AsyncSession, traces: Traces, now: dt.datetime, catalogs: Any
) -> int:
    """Blank every outbox copy to them or about them; edit the copies staff received.

    Messages to them: unsent ones deleted, the rest blanked and their Telegram id replaced.
    Copies to others: blanked; those sent to staff are edited in Telegram. A pending alert
    about their open concern is left to go out (a client's safety comes first); its text is
    blanked by the sent-text retention like every other.
    """
    pid, touched = traces.person_id, 0
    to_them = [OutboxMessage.person_id == pid]
    if traces.telegram_id is not None:
        to_them.append(OutboxMessage.chat_id == traces.telegram_id)
    result = await session.execute(
        delete(OutboxMessage)
        .where(or_(*to_them), OutboxMessage.status == OutboxStatus.PENDING)
        .where(or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < now))
        .execution_options(synchronize_session=False)
    )
    touched += rows_affected(result)
    result = await session.execute(
        update(OutboxMessage)
        .where(or_(*to_them))
        .values(text=BLANK, buttons=None, chat_id=-pid, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    touched += rows_affected(result)
    rows = await session.scalars(
        select(OutboxMessage).where(
            # Texts not yet blanked by retention, and every copy about them by its key
            # (an old copy's text is blank, but the message is still in a staff chat).
            or_(
                OutboxMessage.text != BLANK,
                *(
                    OutboxMessage.dedupe_key.startswith(p, autoescape=True)
                    for p in traces.key_prefixes
                ),
            ),
            OutboxMessage.kind != REDACTION_KIND,
        )
    )
    staff = {
        p.id: p for p in await session.scalars(select(Person).where(Person.role != "supporter"))
    }
    for row in list(rows):
        if row.person_id == pid or not _mentions(row, traces):
            continue
        if row.status == OutboxStatus.PENDING:
            if row.kind == "alert":
                continue  # safety first: see the docstring
            await session.delete(row)
            touched += 1
            continue
        recipient = staff.get(row.person_id or 0)
        if recipient is not None and row.telegram_message_id and row.chat_id > 0:
            await outbox.enqueue(
                session,
                dedupe_key=f"redact:{row.id}",
                chat_id=row.chat_id,
                person_id=recipient.id,
                lane=Lane.REPLY,
                kind=REDACTION_KIND,
                text=catalogs.for_person(recipient).gettext(REMOVED),
                # Buttons that do not name them stay: "✅ I'm on it" on an open concern.
                buttons=_buttons_without(row, traces) or None,
                due_at=now,
                meta={"edit_message_id": row.telegram_message_id},
            )
        row.text, row.buttons, row.updated_at = BLANK, None, now
        touched += 1
    await session.flush()
    return touched


# --- retention ---------------------------------------------------------------------------


async def purge_concern_descriptions(
    session: AsyncSession, now: dt.datetime, keep_days: int
) -> int:
    """What supporters wrote in a concern, `keep_days` after it closed: the flag's column
    and every outbox copy quoting it (alerts, status notes). The audit trail stays."""
    due = select(Flag.id).where(
        Flag.status == FlagStatus.CLOSED,
        Flag.closed_at < now - dt.timedelta(days=keep_days),
        Flag.description.is_not(None),
    )
    flag_ids = list(await session.scalars(due))
    if not flag_ids:
        return 0
    await session.execute(
        update(Flag)
        .where(Flag.id.in_(flag_ids))
        .values(description=None, description_purged_at=now)
        .execution_options(synchronize_session=False)
    )
    return len(flag_ids) + await blank_flag_copies(session, flag_ids, now)


async def blank_flag_copies(session: AsyncSession, flag_ids: list[int], now: dt.datetime) -> int:
    """Blank the outbox copies of these flags: alerts and status notes quote the words.
    A pending alert still goes out (safety first)."""
    if not flag_ids:
        return 0
    keys = [OutboxMessage.dedupe_key.like(f"flag:{fid}:%") for fid in flag_ids]
    keys += [OutboxMessage.dedupe_key.like(f"flagstatus:{fid}:%") for fid in flag_ids]
    result = await session.execute(
        update(OutboxMessage)
        .where(or_(*keys), OutboxMessage.status != OutboxStatus.PENDING)
        .values(text=BLANK, buttons=None, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    return rows_affected(result)


async def blank_question_copies(session: AsyncSession, now: dt.datetime) -> int:
    """Peer questions whose words were blanked: blank their forwarded copies too (looked up
    from the few outbox copies not yet blanked, so the tick stays cheap)."""
    from storage import peer_models as pm

    copies = list(
        await session.execute(
            select(OutboxMessage.id, OutboxMessage.dedupe_key).where(
                OutboxMessage.dedupe_key.like("peerq:%"),
                OutboxMessage.status != OutboxStatus.PENDING,
                OutboxMessage.text != BLANK,
            )
        )
    )
    by_question: dict[int, list[int]] = {}
    for row_id, key in copies:
        question = key.split(":")[1]
        if question.isdigit():
            by_question.setdefault(int(question), []).append(row_id)
    if not by_question:
        return 0
    blanked = await session.scalars(
        select(pm.PeerQuestion.id).where(
            pm.PeerQuestion.id.in_(list(by_question)), pm.PeerQuestion.text == BLANK
        )
    )
    row_ids = [row_id for q in blanked for row_id in by_question[q]]
    if not row_ids:
        return 0
    result = await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(row_ids))
        .values(text=BLANK, buttons=None, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    return rows_affected(result)
