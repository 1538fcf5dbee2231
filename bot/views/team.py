"""Staff screens for hours: /team (my supporters), approving a month, one supporter's entries.

Every screen stays within one phone screen (≤ 15 lines); longer lists get a "More ▶" button.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import callbacks as cb
from bot.domain.hours import format_duration, month_key, month_start, previous_month
from bot.domain.staff import unique_names
from bot.i18n import N_, Translator, format_month
from bot.services.approvals import (
    LONG_DAY_MINUTES,
    LONG_ENTRY_MINUTES,
    MonthSummary,
    RosterRow,
)
from bot.views.hours import activity_label

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from bot.views.shapes import HourEntryLike, PersonLike

TEAM_PAGE = 8  # supporters per /team screen: 8 lines + header and footer ≤ 15
APPROVAL_PAGE = 8
ENTRY_PAGE = 10
QUIET_DAYS = 14
EXPIRED = N_("Sorry, that button has expired. Send /team again.")


def _button(label: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=data)


def month_label_for(lang: str, first_day: dt.date) -> str:
    return format_month(lang, first_day)


def _duration(tr: Translator, minutes: int) -> str:
    return format_duration(minutes, tr.lang) if minutes else "0"


def _names(people: Sequence[PersonLike]) -> dict[int, str]:
    return unique_names((p.id, p.display_name) for p in people)


def entry_count(tr: Translator, count: int) -> str:
    # The catalogs have no plural forms; Cantonese needs none, English only "1 entry".
    if count == 1:
        return tr.gettext("1 entry")
    return tr.gettext("{n} entries").format(n=count)


# --- /team -------------------------------------------------------------------------------


def _activity_note(tr: Translator, row: RosterRow, today: dt.date) -> str:
    t = tr.gettext
    if not row.supporter.active:
        return t("inactive")
    joined_days = max(0, (today - row.joined).days)
    if row.last_logged is None and joined_days < QUIET_DAYS:
        if joined_days == 0:
            return t("joined today")
        if joined_days == 1:
            return t("joined yesterday")
        return t("joined {n} days ago").format(n=joined_days)
    if row.last_logged is None:
        return t("nothing logged yet — maybe check in?")
    quiet = (today - row.last_logged).days
    if quiet >= QUIET_DAYS:
        return t("nothing logged for {n} days — maybe check in?").format(n=quiet)
    if quiet == 0:
        return t("last logged today")
    if quiet == 1:
        return t("last logged yesterday")
    return t("last logged {n} days ago").format(n=quiet)


def render_team(
    tr: Translator,
    rows: Sequence[RosterRow],
    *,
    today: dt.date,
    planned: int,
    whole_unit: bool,
    can_see_unit: bool,
    pending: int,
    page: int,
) -> tuple[str, InlineKeyboardMarkup]:
    """Planned vs logged this month, last activity, a contact button per supporter."""
    t = tr.gettext
    scope = "u" if whole_unit else "m"
    this_first = today.replace(day=1)
    last_first = previous_month(this_first)
    days_in_month = calendar.monthrange(today.year, today.month)[1]
    title = t("Whole unit") if whole_unit else t("My supporters")
    lines = [
        t("{title} — {month}, day {day} of {days}").format(
            title=title,
            month=month_label_for(tr.lang, this_first),
            day=today.day,
            days=days_in_month,
        )
    ]
    buttons: list[list[InlineKeyboardButton]] = []
    if not rows:
        lines.append(t("No supporters here yet. Send /invite to add one."))
    else:
        lines.append(
            t("Logged this month / planned ({planned} a month):").format(
                planned=_duration(tr, planned)
            )
        )
        names = _names([r.supporter for r in rows])
        start = page * TEAM_PAGE
        shown = rows[start : start + TEAM_PAGE]
        contacts = []
        for row in shown:
            name = names[row.supporter.id]
            logged = _duration(tr, row.this_month)
            lines.append(
                f"• {name}: {logged} / {_duration(tr, planned)} · {_activity_note(tr, row, today)}"
            )
            if row.supporter.active:
                contacts.append(
                    _button(f"💬 {name}", cb.TEAM_CONTACT.data(supporter_id=row.supporter.id))
                )
        buttons += [contacts[i : i + 2] for i in range(0, len(contacts), 2)]
        if start + TEAM_PAGE < len(rows):
            lines.append(t("… and {count} more").format(count=len(rows) - start - TEAM_PAGE))
            buttons.append([_button(t("More ▶"), cb.TEAM_LIST.data(scope=scope, page=page + 1))])
        elif page:
            buttons.append(
                [_button(t("◀ Back to the start"), cb.TEAM_LIST.data(scope=scope, page="0"))]
            )
    lines.append(
        t("Waiting for approval for {month}: {count}").format(
            month=month_label_for(tr.lang, last_first), count=pending
        )
    )
    lines.append(t("Export with /export 2026-11, 2026-Q4 or 2026-10-01..2026-12-31."))
    buttons.append(
        [
            _button(
                t("✅ Approve {month}").format(month=month_label_for(tr.lang, last_first)),
                cb.TEAM_APPROVALS.data(month=month_key(last_first), scope=scope, page="0"),
            )
        ]
    )
    if can_see_unit:
        buttons.append(
            [
                _button(t("👤 My supporters"), cb.TEAM_LIST.data(scope="m", page="0"))
                if whole_unit
                else _button(t("👥 Whole unit"), cb.TEAM_LIST.data(scope="u", page="0"))
            ]
        )
    return "\n".join(lines), InlineKeyboardMarkup(buttons)


# --- approving a month -------------------------------------------------------------------


def _flag_note(tr: Translator, summary: MonthSummary) -> str:
    t = tr.gettext
    notes = [
        t("⚠️ {duration} in one entry on {day}").format(
            duration=format_duration(e.minutes, tr.lang), day=tr.date(e.day)
        )
        for e in summary.long_entries[:1]
    ]
    notes += [
        t("⚠️ {duration} on {day}").format(duration=format_duration(m, tr.lang), day=tr.date(d))
        for d, m in list(summary.long_days.items())[:1]
        if not summary.long_entries
    ]
    more = len(summary.long_entries) + len(summary.long_days) - len(notes)
    if more > 0:
        notes.append(t("(+{n} more)").format(n=more))
    return " ".join(notes)


def render_approvals(
    tr: Translator,
    summaries: Sequence[MonthSummary],
    month: str,
    *,
    scope: str,
    page: int,
    note: str | None = None,
) -> tuple[str, InlineKeyboardMarkup]:
    """One line per supporter: total, entries, 🔒 approved or ⚠️ worth a look first."""
    t = tr.gettext
    first = month_start(month)
    label = month_label_for(tr.lang, first)
    approved = sum(1 for s in summaries if s.approved)
    clean = [s for s in summaries if not s.approved and not s.flagged]
    lines = [note] if note else []
    lines.append(
        t("Hours for {month}: {approved} of {count} approved").format(
            month=label, approved=approved, count=len(summaries)
        )
    )
    lines.append(
        t("⚠️ = worth a look first: an entry over {entry} or a day over {day}").format(
            entry=format_duration(LONG_ENTRY_MINUTES, tr.lang),
            day=format_duration(LONG_DAY_MINUTES, tr.lang),
        )
    )
    buttons: list[list[InlineKeyboardButton]] = []
    if clean:
        buttons.append(
            [
                _button(
                    t("✅ Approve all without flags ({count})").format(count=len(clean)),
                    cb.TEAM_APPROVE_ALL.data(month=month, scope=scope),
                )
            ]
        )
    if not summaries:
        lines.append(t("No hours logged for {month}.").format(month=label))
    names = _names([s.supporter for s in summaries])
    start = page * APPROVAL_PAGE
    views = []
    for summary in summaries[start : start + APPROVAL_PAGE]:
        name = names[summary.supporter.id]
        entries = entry_count(tr, summary.entry_count)
        mark = (
            " 🔒"
            if summary.approved
            else (" " + _flag_note(tr, summary) if summary.flagged else "")
        )
        lines.append(f"• {name}: {_duration(tr, summary.total_minutes)}, {entries}{mark}")
        views.append(
            _button(f"🔎 {name}", cb.TEAM_VIEW.data(supporter_id=summary.supporter.id, month=month))
        )
    buttons += [views[i : i + 2] for i in range(0, len(views), 2)]
    if start + APPROVAL_PAGE < len(summaries):
        buttons.append(
            [_button(t("More ▶"), cb.TEAM_APPROVALS.data(month=month, scope=scope, page=page + 1))]
        )
    earlier = previous_month(first)
    buttons.append(
        [
            _button(
                "◀ " + month_label_for(tr.lang, earlier),
                cb.TEAM_APPROVALS.data(month=month_key(earlier), scope=scope, page="0"),
            ),
            _button(t("👥 Team"), cb.TEAM_LIST.data(scope=scope, page="0")),
        ]
    )
    return "\n".join(lines), InlineKeyboardMarkup(buttons)


def render_entries(
    tr: Translator,
    tz: ZoneInfo,
    summary: MonthSummary,
    entries: Sequence[HourEntryLike],
    month: str,
    *,
    approver: PersonLike | None,
    page: int,
) -> tuple[str, InlineKeyboardMarkup]:
    """One supporter's month, entry by entry, outliers marked, with approve or reopen."""
    t = tr.gettext
    label = month_label_for(tr.lang, month_start(month))
    name = summary.supporter.display_name
    lines = [
        t("{name} — {month}: {total} in {entries}").format(
            name=name,
            month=label,
            total=_duration(tr, summary.total_minutes),
            entries=entry_count(tr, summary.entry_count),
        )
    ]
    long_ids = {e.id for e in summary.long_entries}
    start = page * ENTRY_PAGE
    for entry in entries[start : start + ENTRY_PAGE]:
        mark = " ⚠️" if entry.id in long_ids or entry.day in summary.long_days else ""
        lines.append(
            f"• {tr.date(entry.day)} · {format_duration(entry.minutes, tr.lang)}"
            f" · {activity_label(tr, entry.activity)}{mark}"
        )
    if summary.approval is not None:
        lines.append(
            t("🔒 Approved by {name} on {day}.").format(
                name=approver.display_name if approver else "—",
                day=tr.date(summary.approval.approved_at.astimezone(tz).date()),
            )
        )
    sid = summary.supporter.id
    buttons: list[list[InlineKeyboardButton]] = []
    if start + ENTRY_PAGE < len(entries):
        buttons.append(
            [
                _button(
                    t("More ▶"),
                    cb.TEAM_VIEW_PAGE.data(supporter_id=sid, month=month, page=page + 1),
                )
            ]
        )
    if summary.approval is None:
        buttons.append(
            [
                _button(
                    t("✅ Approve {name}'s {month}").format(name=name, month=label),
                    cb.TEAM_APPROVE.data(supporter_id=sid, month=month),
                )
            ]
        )
    else:
        buttons.append(
            [
                _button(
                    t("🔓 Reopen {name}'s {month}").format(name=name, month=label),
                    cb.TEAM_REOPEN.data(supporter_id=sid, month=month),
                )
            ]
        )
    buttons.append(
        [_button(t("◀ All supporters"), cb.TEAM_APPROVALS.data(month=month, scope="m", page="0"))]
    )
    return "\n".join(lines), InlineKeyboardMarkup(buttons)


def render_reopen_confirm(
    tr: Translator, supporter: PersonLike, month: str
) -> tuple[str, InlineKeyboardMarkup]:
    t = tr.gettext
    label = month_label_for(tr.lang, month_start(month))
    text = t(
        "Reopen {name}'s {month}?\n"
        "{name} will be told, so they know they can correct entries for that month "
        "again. Approve it again when it is right."
    ).format(name=supporter.display_name, month=label)
    keyboard = InlineKeyboardMarkup(
        [
            [
                _button(
                    t("🔓 Yes, reopen"),
                    cb.TEAM_REOPEN_YES.data(supporter_id=supporter.id, month=month),
                )
            ],
            [
                _button(
                    t("Keep it approved"), cb.TEAM_VIEW.data(supporter_id=supporter.id, month=month)
                )
            ],
        ]
    )
    return text, keyboard
