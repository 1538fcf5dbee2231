"""/settings: current values in the text, one big button per choice."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import callbacks as cb
from bot.domain.tips import (
    EVERY_DAY,
    QUIET_PRESETS,
    TIP_TIME_CHOICES,
    Schedule,
    delivery_time,
    in_quiet_hours,
    weekdays,
)
from bot.i18n import N_, Translator

if TYPE_CHECKING:
    from bot.views.shapes import PreferencesLike

WEEKDAYS = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))
WEEKDAYS_ONLY = 0b0011111
LANGUAGE_NAMES = {"en": "English", "yue": "廣東話"}
ON, OFF = "✅", "▫️"


def _button(label: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=data)


def _compact(hhmm: str) -> str:
    return hhmm.replace(":", "")


def describe_days(tr: Translator, days: int) -> str:
    t = tr.gettext
    if days & EVERY_DAY == EVERY_DAY:
        return t("every day")
    if days & EVERY_DAY == WEEKDAYS_ONLY:
        return t("Monday to Friday")
    return ", ".join(t(WEEKDAYS[d]) for d in weekdays(days))


def describe_quiet(tr: Translator, prefs: PreferencesLike) -> str:
    if prefs.quiet_start and prefs.quiet_end and prefs.quiet_start != prefs.quiet_end:
        return f"{tr.clock(prefs.quiet_start)}–{tr.clock(prefs.quiet_end)}"
    return tr.gettext("off")


def render_settings(
    tr: Translator,
    prefs: PreferencesLike | None,
    schedule: Schedule | None,
    next_at: dt.datetime | None,
    tz: ZoneInfo,
    today: dt.date,
    more: Sequence[tuple[str, str, str]] = (),
) -> tuple[str, InlineKeyboardMarkup]:
    """The settings home: what is set now, and a button for each thing to change.
    `prefs` is None for staff, who only have a language to set. Times are shown in `tz`,
    where it is `today`. `more`: other features' settings as (line, button label, callback
    data), e.g. the weekly wellbeing check-in."""
    t = tr.gettext
    language = LANGUAGE_NAMES.get(tr.lang, tr.lang)
    lines = [t("⚙️ Your settings"), ""]
    rows: list[list[InlineKeyboardButton]] = []
    if prefs is not None and schedule is not None:
        if prefs.tips_paused:
            lines.append(t("🌱 Daily tip: paused"))
        else:
            lines.append(
                t("🌱 Daily tip: {time}, {days}").format(
                    time=tr.clock(prefs.tip_time), days=describe_days(tr, prefs.tip_days)
                )
            )
            if in_quiet_hours(schedule.tip_time, schedule):
                local = delivery_time(today, schedule, tz)
                moved = tr.time(local.astimezone(tz))
                lines.append(
                    t("   That is inside your quiet hours, so it comes at {time} instead.").format(
                        time=moved
                    )
                )
            if next_at is not None:
                local_next = next_at.astimezone(tz)
                lines.append(
                    t("   Next tip: {day}, {time}").format(
                        day=tr.date(local_next.date()), time=tr.time(local_next)
                    )
                )
        lines.append(t("🌙 Quiet hours: {hours}").format(hours=describe_quiet(tr, prefs)))
        rows += [
            [_button(t("🕘 Tip time"), cb.SET_TIME.data())],
            [_button(t("📅 Days"), cb.SET_DAYS.data())],
            [
                _button(t("▶️ Resume tips"), cb.SET_RESUME.data())
                if prefs.tips_paused
                else _button(t("⏸ Pause tips"), cb.SET_PAUSE.data())
            ],
            [_button(t("🌙 Quiet hours"), cb.SET_QUIET.data())],
        ]
    for line, label, data in more:
        lines.append(line)
        rows.append([_button(label, data)])
    lines.append(t("🌐 Language: {language}").format(language=language))
    rows.append([_button(t("🌐 Language"), cb.SET_LANG.data())])
    return "\n".join(lines), InlineKeyboardMarkup(rows)


def render_time_choice(tr: Translator, prefs: PreferencesLike) -> tuple[str, InlineKeyboardMarkup]:
    t = tr.gettext
    buttons = [
        _button(
            f"{ON} {tr.clock(value)}" if value == prefs.tip_time else tr.clock(value),
            cb.SET_TIME_AT.data(hhmm=_compact(value)),
        )
        for value in TIP_TIME_CHOICES
    ]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    rows.append([_button(t("⌨️ Type another time"), cb.SET_TIME_TYPE.data())])
    rows.append([_button(t("⬅ Back"), cb.SET_HOME.data())])
    text = t("What time would you like your daily tip? Now: {time}.").format(
        time=tr.clock(prefs.tip_time)
    )
    return text, InlineKeyboardMarkup(rows)


def render_days_choice(tr: Translator, prefs: PreferencesLike) -> tuple[str, InlineKeyboardMarkup]:
    t = tr.gettext
    buttons = [
        _button(f"{ON if prefs.tip_days >> d & 1 else OFF} {t(name)}", cb.SET_DAY.data(day=d))
        for d, name in enumerate(WEEKDAYS)
    ]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    rows.append([_button(t("Every day"), cb.SET_DAYS_ALL.data())])
    rows.append([_button(t("⬅ Back"), cb.SET_HOME.data())])
    text = t("Which days would you like a tip? Tap a day to turn it on or off.\nNow: {days}.")
    return text.format(days=describe_days(tr, prefs.tip_days)), InlineKeyboardMarkup(rows)


def render_quiet_choice(tr: Translator, prefs: PreferencesLike) -> tuple[str, InlineKeyboardMarkup]:
    t = tr.gettext
    current = (prefs.quiet_start, prefs.quiet_end)
    rows = []
    for start, end in QUIET_PRESETS:
        label = f"{tr.clock(start)}–{tr.clock(end)}"
        rows.append(
            [
                _button(
                    f"{ON} {label}" if current == (start, end) else label,
                    cb.SET_QUIET_AT.data(span=f"{_compact(start)}-{_compact(end)}"),
                )
            ]
        )
    rows.append([_button(t("🔔 No quiet hours"), cb.SET_QUIET_OFF.data())])
    rows.append([_button(t("⬅ Back"), cb.SET_HOME.data())])
    text = t(
        "Quiet hours: I send no tips during this time. A tip due inside them comes when "
        "they end. Now: {hours}."
    ).format(hours=describe_quiet(tr, prefs))
    return text, InlineKeyboardMarkup(rows)


def render_time_prompt(tr: Translator) -> str:
    return tr.gettext(
        "Please type the time you would like, for example 9:30 or 21:00. Send /cancel to stop."
    )


def render_time_saved(tr: Translator, value: str) -> str:
    return tr.gettext("Done — your daily tip will come at {time}.").format(time=tr.clock(value))
