"""Hours on screen: a plain record, never a target (BRIEF.md §4)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import callbacks as cb
from bot.domain.hours import (
    ACTIVITIES,
    SURE_ENTRY_MINUTES,
    format_duration,
    month_key,
    previous_month,
)
from bot.i18n import N_, Translator
from bot.services.hours import MonthRecord

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from bot.views.shapes import HourEntryLike

ACTIVITY_LABELS = {
    "visit": N_("home visit"),
    "phone": N_("phone call"),
    "escort": N_("escort to appointment"),
    "outing": N_("outing with a client"),
    "centre": N_("meeting at the centre"),
    "group": N_("group activity"),
    "training": N_("training"),
    "supervision": N_("supervision"),
    "admin": N_("paperwork"),
    "other": N_("other work"),
}
QUICK_DURATIONS = (30, 60, 90, 120)

# Why an entry was refused, as a kind and specific re-ask.
REASKS = {
    "empty": N_("How long was it? For example: “1.5h visit”, “45 min phone” or “琴日探訪2個鐘”."),
    "no_duration": N_(
        "I couldn't find how long it was. Please include the time, "
        "for example “1h30 visit” or “45 min phone call”."
    ),
    "zero": N_("That comes to no time at all, so there is nothing to log. How long was it?"),
    "negative": N_("Time can't be less than zero. How long was it?"),
    "too_long": N_("One entry can't be more than 24 hours. Could you check the time?"),
    "future_day": N_("That day hasn't come yet. You can log time for today or earlier days."),
    "too_old": N_(
        "That is more than {days} days ago, too far back to change here. "
        "Your social worker can help with older records."
    ),
    "bad_day": N_("I couldn't read that date. Try “25/11” or “yesterday”."),
    "unclear_day": N_(
        "Which day was it? A week, a month or a year has many days, so I haven't guessed "
        "and nothing is saved. Please name the day, for example “25/11 2h visit” or "
        "“last Tuesday 2h visit”."
    ),
    "day_total": N_("That would make more than 24 hours on {day}. Could you check the time?"),
    "ambiguous": N_(
        "I found more than one time or day in that. Please send one entry at a time, "
        "for example “2h visit yesterday”."
    ),
    "locked": N_(
        "{month} has been approved by your social worker, so its entries are locked. "
        "If something needs changing, please message {name}."
    ),
    "not_found": N_("That entry is no longer there. Send /hours to see your record."),
    "bad_activity": N_("Please pick the kind of work from the buttons."),
}


def _button(label: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=data)


def day_code(day: dt.date) -> str:
    return day.strftime("%Y%m%d")


def parse_day_code(code: str) -> dt.date | None:
    try:
        return dt.datetime.strptime(code, "%Y%m%d").date()
    except ValueError:
        return None


def activity_label(tr: Translator, activity: str) -> str:
    return tr.gettext(ACTIVITY_LABELS.get(activity, ACTIVITY_LABELS["other"]))


def day_label(tr: Translator, day: dt.date, today: dt.date) -> str:
    t = tr.gettext
    if day == today:
        return t("today ({date})").format(date=tr.date(day))
    if day == today - dt.timedelta(days=1):
        return t("yesterday ({date})").format(date=tr.date(day))
    return tr.date(day)


def month_label(tr: Translator, first_day: dt.date) -> str:
    return tr.month(first_day)


def entry_line(tr: Translator, minutes: int, activity: str, day: dt.date, today: dt.date) -> str:
    duration = format_duration(minutes, tr.lang)
    return f"{duration} · {activity_label(tr, activity)} · {day_label(tr, day, today)}"


def render_confirm(
    tr: Translator,
    minutes: int,
    activity: str,
    day: dt.date,
    today: dt.date,
    *,
    entry_id: int | None = None,
) -> tuple[str, InlineKeyboardMarkup]:
    """'Log 1 h 30 min · home visit · today (Thu 26 Nov)?' with Save / Change / Cancel."""
    t = tr.gettext
    line = entry_line(tr, minutes, activity, day, today)
    payload = {"minutes": minutes, "activity": activity, "day": day_code(day)}
    if entry_id is None:
        text = t("Log {entry}?").format(entry=line)
        save = cb.HRS_SAVE.data(**payload)
    else:
        text = t("Change this entry to {entry}?").format(entry=line)
        save = cb.HRS_UPDATE.data(entry_id=entry_id, **payload)
    keyboard = InlineKeyboardMarkup(
        [
            [_button(t("✅ Save"), save)],
            [
                _button(t("✏️ Change"), cb.HRS_CHANGE.data()),
                _button(t("✖ Cancel"), cb.HRS_CANCEL.data()),
            ],
        ]
    )
    return text, keyboard


def render_pick_activity(
    tr: Translator, minutes: int, day: dt.date | None
) -> tuple[str, InlineKeyboardMarkup]:
    """Activity buttons; `day` is known when the person typed it, else the day comes next."""
    buttons = [
        _button(
            activity_label(tr, a),
            cb.HRS_ACTIVITY_DAY.data(minutes=minutes, activity=a, day=day_code(day))
            if day
            else cb.HRS_ACTIVITY.data(minutes=minutes, activity=a),
        )
        for a in ACTIVITIES
    ]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    rows.append([_button(tr.gettext("✖ Cancel"), cb.HRS_CANCEL.data())])
    text = tr.gettext("{duration}. What kind of work was it?").format(
        duration=format_duration(minutes, tr.lang)
    )
    return text, InlineKeyboardMarkup(rows)


def render_log_start(tr: Translator) -> tuple[str, InlineKeyboardMarkup]:
    t = tr.gettext
    quick = [
        _button(format_duration(m, tr.lang), cb.HRS_DURATION.data(minutes=m))
        for m in QUICK_DURATIONS
    ]
    rows = [quick[:2], quick[2:], [_button(t("Other time…"), cb.HRS_DURATION_OTHER.data())]]
    rows.append([_button(t("🚪 Client not reached"), cb.HRS_NOT_REACHED.data())])
    text = t("🕒 How long was it? (You can also just type, e.g. “琴日探訪2個鐘”.)")
    return text, InlineKeyboardMarkup(rows)


def render_pick_day(
    tr: Translator, minutes: int, activity: str, today: dt.date
) -> tuple[str, InlineKeyboardMarkup]:
    t = tr.gettext
    yesterday = today - dt.timedelta(days=1)
    # A day tap leads to the ✅ Save card, like a typed entry: nothing is saved yet.
    rows = [
        [
            _button(
                t("Today"),
                cb.HRS_ACTIVITY_DAY.data(minutes=minutes, activity=activity, day=day_code(today)),
            ),
            _button(
                t("Yesterday"),
                cb.HRS_ACTIVITY_DAY.data(
                    minutes=minutes, activity=activity, day=day_code(yesterday)
                ),
            ),
        ],
        [_button(t("Another day…"), cb.HRS_OTHER_DAYS.data(minutes=minutes, activity=activity))],
        [_button(t("✖ Cancel"), cb.HRS_CANCEL.data())],
    ]
    text = t("{duration} · {activity}. Which day?").format(
        duration=format_duration(minutes, tr.lang), activity=activity_label(tr, activity)
    )
    return text, InlineKeyboardMarkup(rows)


def render_other_days(
    tr: Translator, minutes: int, activity: str, today: dt.date
) -> tuple[str, InlineKeyboardMarkup]:
    days = [today - dt.timedelta(days=n) for n in range(2, 8)]
    buttons = [
        _button(
            tr.date(d),
            cb.HRS_ACTIVITY_DAY.data(minutes=minutes, activity=activity, day=day_code(d)),
        )
        for d in days
    ]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    rows.append([_button(tr.gettext("✖ Cancel"), cb.HRS_CANCEL.data())])
    text = tr.gettext(
        "Which day? For an earlier day, type it with the time, e.g. “25/11 2h visit”."
    )
    return text, InlineKeyboardMarkup(rows)


def render_saved(tr: Translator, entry: HourEntryLike, today: dt.date, month_total: int) -> str:
    t = tr.gettext
    return t("✅ Saved: {entry}.\nThis month so far: {total} recorded.").format(
        entry=entry_line(tr, entry.minutes, entry.activity, entry.day, today),
        total=format_duration(month_total, tr.lang) if month_total else "0",
    )


def render_changed(
    tr: Translator, before: str, entry: HourEntryLike, today: dt.date, month_total: int
) -> str:
    t = tr.gettext
    return t("✅ Changed: {before} → {after}.\nThis month so far: {total} recorded.").format(
        before=before,
        after=entry_line(tr, entry.minutes, entry.activity, entry.day, today),
        total=format_duration(month_total, tr.lang) if month_total else "0",
    )


def render_question(
    tr: Translator,
    question: str,
    minutes: int,
    activity: str,
    day: dt.date,
    today: dt.date,
    day_total: int,
    yes_data: str,
) -> tuple[str, InlineKeyboardMarkup]:
    """Ask before saving: a very long entry or day ("long"), or a repeat ("twin")."""
    t = tr.gettext
    line = entry_line(tr, minutes, activity, day, today)
    if question == "twin":
        text = t("You logged this already — add another?\n{entry}").format(entry=line)
        yes = t("➕ Yes, add another")
    elif minutes > SURE_ENTRY_MINUTES:
        text = t("Are you sure: {duration}? That is more than 12 hours in one entry.\n{entry}")
        text = text.format(duration=format_duration(minutes, tr.lang), entry=line)
        yes = t("Yes, it's right")
    else:
        text = t("Are you sure: {duration} on {day}? That is more than 16 hours in one day.")
        text = text.format(duration=format_duration(day_total + minutes, tr.lang), day=tr.date(day))
        yes = t("Yes, it's right")
    keyboard = InlineKeyboardMarkup(
        [[_button(yes, yes_data), _button(t("No"), cb.HRS_CANCEL.data())]]
    )
    return text, keyboard


def _distinct_labels(tr: Translator, tz: ZoneInfo, entries: Sequence[HourEntryLike]) -> list[str]:
    """Button labels that tell entries apart: time, kind of work and day; entries alike in
    all three also get the time they were logged ("logged 14:05"), then a number."""
    base = [
        f"{format_duration(e.minutes, tr.lang)} · {activity_label(tr, e.activity)} · "
        f"{tr.date(e.day)}"
        for e in entries
    ]
    labels = list(base)
    for i, entry in enumerate(entries):
        if base.count(base[i]) > 1:
            logged = entry.created_at.astimezone(tz)
            labels[i] = tr.gettext("{entry} · logged {time}").format(
                entry=base[i], time=tr.time(logged)
            )
    seen = list(labels)
    return [
        f"{label} ({seen[:i].count(label) + 1})" if seen.count(label) > 1 else label
        for i, label in enumerate(seen)
    ]


def render_month(
    tr: Translator, tz: ZoneInfo, record: MonthRecord, today: dt.date
) -> tuple[str, InlineKeyboardMarkup]:
    """A neutral record: total, by activity, the last entries with ✏️/🗑, and last month.
    `today` and the times entries were logged are in `tz`."""
    t = tr.gettext
    current = record.first_day == today.replace(day=1)
    total = format_duration(record.total_minutes, tr.lang) if record.total_minutes else "0"
    lines = [
        (t("This month: {total} recorded.") if current else t("{month}: {total} recorded.")).format(
            total=total, month=month_label(tr, record.first_day)
        )
    ]
    if record.planned_minutes:
        lines.append(
            t("Your centre plans about {planned} a month.").format(
                planned=format_duration(record.planned_minutes, tr.lang)
            )
        )
    if record.by_activity:
        lines.append("")
        lines += [
            f"• {activity_label(tr, a)}: {format_duration(m, tr.lang)}"
            for a, m in sorted(record.by_activity.items(), key=lambda item: -item[1])
        ]
    if record.approved:
        lines += ["", t("🔒 Approved by your social worker.")]
    rows: list[list[InlineKeyboardButton]] = []
    if record.recent:
        lines += ["", t("Latest entries:")]
        for entry in record.recent:
            lines.append("• " + entry_line(tr, entry.minutes, entry.activity, entry.day, today))
        if not record.approved:
            labels = _distinct_labels(tr, tz, record.recent)
            for entry, label in zip(record.recent, labels, strict=True):
                rows.append(
                    [
                        _button(f"✏️ {label}", cb.HRS_EDIT.data(entry_id=entry.id)),
                        _button(f"🗑 {label}", cb.HRS_DELETE.data(entry_id=entry.id)),
                    ]
                )
    else:
        lines += ["", t("Nothing recorded yet.")]
    previous = previous_month(record.first_day)
    rows.append(
        [_button("◀ " + month_label(tr, previous), cb.HRS_MONTH.data(month=month_key(previous)))]
    )
    if not current:
        rows.append([_button(t("This month ▶"), cb.HRS_MONTH.data(month=month_key(today)))])
    return "\n".join(lines), InlineKeyboardMarkup(rows)


def render_delete_confirm(
    tr: Translator, entry: HourEntryLike, today: dt.date
) -> tuple[str, InlineKeyboardMarkup]:
    t = tr.gettext
    text = t("Remove this entry?\n{entry}").format(
        entry=entry_line(tr, entry.minutes, entry.activity, entry.day, today)
    )
    keyboard = InlineKeyboardMarkup(
        [
            [
                _button(t("🗑 Yes, remove it"), cb.HRS_REMOVE.data(entry_id=entry.id)),
                _button(t("Keep it"), cb.HRS_CANCEL.data()),
            ]
        ]
    )
    return text, keyboard


def render_checkin(tr: Translator, day: dt.date) -> tuple[str, list[list[tuple[str, str]]]]:
    """The evening check-in, as plain text and button rows for the outbox."""
    code = day_code(day)
    quick = [
        (format_duration(m, tr.lang), cb.HRS_CHECKIN.data(minutes=m, day=code))
        for m in QUICK_DURATIONS
    ]
    rows = [
        quick[:2],
        quick[2:],
        [(tr.gettext("Other time…"), cb.HRS_DURATION_OTHER.data())],
        [(tr.gettext("No, not today"), cb.HRS_CHECKIN_NO.data())],
    ]
    text = tr.gettext("🕒 Did you do any peer support today? Tap how long, or “No, not today”.")
    return text, rows
