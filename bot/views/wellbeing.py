"""Texts and buttons for the supporter's own wellbeing: the weekly check-in, the gentle
note after hard weeks, /wellbeing, its settings, and the monthly "meaning" note.

Outbox messages are rendered for the recipient (a Translator in, (text, rows) out).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from bot import callbacks as cb
from bot.domain.hours import format_duration
from bot.domain.peer import CHECKIN_TIME_CHOICES, FACES, Contribution
from bot.i18n import N_, Translator
from bot.views.settings import WEEKDAYS
from bot.views.shapes import WellbeingSettingsLike

Rows = list[list[tuple[str, str]]]
CHECKIN_QUESTION = N_("🌿 How are you doing this week?")
BACK = N_("⬅ Back")


def _day(tr: Translator, weekday: int) -> str:
    return tr.gettext(WEEKDAYS[weekday])


def describe(tr: Translator, settings: WellbeingSettingsLike | None) -> str:
    """ "Sun 19:00" or "off"."""
    if settings is None or not settings.enabled:
        return tr.gettext("off")
    return f"{_day(tr, settings.weekday)} {settings.time}"


def settings_entry(tr: Translator, settings: WellbeingSettingsLike | None) -> tuple[str, str, str]:
    """(line, button label, callback) for the /settings home screen."""
    line = tr.gettext("🌿 Weekly check-in: {when}").format(when=describe(tr, settings))
    return line, tr.gettext("🌿 Weekly check-in"), cb.WB_SETTINGS.data()


def render_checkin(tr: Translator, week: dt.date) -> tuple[str, Rows]:
    text = "\n".join(
        [
            tr.gettext(CHECKIN_QUESTION),
            "",
            tr.gettext("Tap a face. Only you see your answers."),
        ]
    )
    code = week.strftime("%Y%m%d")
    return text, [
        [(face, cb.WB_ANSWER.data(week=code, face=n)) for n, face in enumerate(FACES, start=1)]
    ]


def render_answered(tr: Translator, face: int) -> str:
    return "\n".join(
        [
            f"{tr.gettext(CHECKIN_QUESTION)} {FACES[face - 1]}",
            "",
            tr.gettext("Thank you for telling me. Look after yourself this week too."),
        ]
    )


def render_gentle(tr: Translator) -> str:
    return tr.gettext(
        "Two hard weeks in a row is a lot to carry. Supporting others takes energy, and your "
        "own wellbeing matters too. Here are some ideas other supporters find helpful:"
    )


def render_offer(tr: Translator, worker: str | None, week: dt.date) -> tuple[str, Rows]:
    name = worker or tr.gettext("your social worker")
    text = tr.gettext(
        "Would you like me to let {name} know you'd welcome a chat? Nothing is sent unless you "
        "say yes."
    ).format(name=name)
    code = week.strftime("%Y%m%d")
    rows: Rows = [
        [
            (
                tr.gettext("💬 Yes, let {name} know").format(name=name),
                cb.WB_TELL.data(week=code, share="0"),
            )
        ],
        [
            (
                tr.gettext("💬 Yes, and share my recent answers"),
                cb.WB_TELL.data(week=code, share="1"),
            )
        ],
        [(tr.gettext("No, thank you"), cb.WB_NO.data())],
    ]
    return text, rows


def render_told(tr: Translator, worker: str) -> str:
    return tr.gettext(
        "Done — I've let {name} know you'd welcome a chat. Take care of yourself."
    ).format(name=worker)


def render_not_told(tr: Translator) -> str:
    return tr.gettext(
        "That's fine. If you change your mind, you can message your social worker any time. "
        "Take care of yourself."
    )


def render_no_worker(tr: Translator) -> str:
    return tr.gettext(
        "I couldn't reach your social worker through Tung Hang just now. Please call your "
        "centre if you'd like a chat."
    )


def render_chat_request(
    tr: Translator, supporter: str, answers: Sequence[tuple[dt.date, int]], person_id: int
) -> tuple[str, Rows]:
    """What the social worker receives: a wish for a chat, scores only if shared."""
    lines = [
        tr.gettext(
            "🌿 {name} would welcome a chat with you sometime soon. They asked me to tell you "
            "after their weekly wellbeing check-in."
        ).format(name=supporter)
    ]
    if answers:
        lines += ["", tr.gettext("They chose to share their recent answers:")]
        lines += [f"{tr.date(week)}: {FACES[face - 1]}" for week, face in answers]
    rows: Rows = [
        [
            (
                tr.gettext("💬 Contact {name}").format(name=supporter),
                cb.PEER_CONTACT.data(person_id=person_id),
            )
        ]
    ]
    return "\n".join(lines), rows


def render_history(
    tr: Translator, answers: Sequence[tuple[dt.date, int]], settings: WellbeingSettingsLike | None
) -> tuple[str, Rows]:
    lines = [tr.gettext("🌿 Your weekly check-ins (only you can see these):"), ""]
    if answers:
        lines += [
            tr.gettext("Week of {date}: {face}").format(date=tr.date(week), face=FACES[face - 1])
            for week, face in answers
        ]
    else:
        lines.append(tr.gettext("No answers yet."))
    lines += ["", tr.gettext("🌿 Weekly check-in: {when}").format(when=describe(tr, settings))]
    rows: Rows = [[(tr.gettext("⚙️ Check-in settings"), cb.WB_SETTINGS.data())]]
    if answers:
        rows.append([(tr.gettext("🗑 Delete my answers"), cb.WB_DELETE.data())])
    return "\n".join(lines), rows


def render_delete_confirm(tr: Translator) -> tuple[str, Rows]:
    rows: Rows = [
        [(tr.gettext("🗑 Yes, delete them"), cb.WB_DELETE_YES.data())],
        [(tr.gettext("Keep them"), cb.WB_HISTORY.data())],
    ]
    return tr.gettext("Delete all your check-in answers? This can't be undone."), rows


def render_deleted(tr: Translator) -> str:
    return tr.gettext("Done — your check-in answers are deleted.")


def render_settings(tr: Translator, settings: WellbeingSettingsLike) -> tuple[str, Rows]:
    lines = [
        tr.gettext(
            "🌿 Weekly check-in: a short “How are you doing this week?” with five faces. It is "
            "off unless you turn it on, and only you see your answers."
        ),
        "",
        tr.gettext("Now: {when}").format(when=describe(tr, settings)),
        tr.gettext("📝 Monthly note of what you gave: {state}").format(
            state=tr.gettext("turned on") if settings.monthly_note else tr.gettext("turned off")
        ),
    ]
    rows: Rows = [
        [(tr.gettext("⏸ Turn off"), cb.WB_OFF.data())]
        if settings.enabled
        else [(tr.gettext("✅ Turn on"), cb.WB_ON.data())],
        [(tr.gettext("📅 Day: {day}").format(day=_day(tr, settings.weekday)), cb.WB_DAYS.data())],
        [(tr.gettext("🕘 Time: {time}").format(time=settings.time), cb.WB_TIMES.data())],
        [
            (tr.gettext("📝 Monthly note: turn off"), cb.WB_NOTE.data(on="off"))
            if settings.monthly_note
            else (tr.gettext("📝 Monthly note: turn on"), cb.WB_NOTE.data(on="on"))
        ],
        [(tr.gettext(BACK), cb.SET_HOME.data())],
    ]
    return "\n".join(lines), rows


def render_days(tr: Translator, settings: WellbeingSettingsLike) -> tuple[str, Rows]:
    buttons = [
        (f"{'✅ ' if d == settings.weekday else ''}{_day(tr, d)}", cb.WB_DAY.data(day=d))
        for d in range(7)
    ]
    rows: Rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    rows.append([(tr.gettext(BACK), cb.WB_SETTINGS.data())])
    return tr.gettext("Which day would you like the check-in?"), rows


def render_times(tr: Translator, settings: WellbeingSettingsLike) -> tuple[str, Rows]:
    buttons = [
        (f"{'✅ ' if t == settings.time else ''}{t}", cb.WB_TIME.data(hhmm=t.replace(":", "")))
        for t in CHECKIN_TIME_CHOICES
    ]
    rows: Rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    rows.append([(tr.gettext(BACK), cb.WB_SETTINGS.data())])
    return tr.gettext("What time would you like the check-in?"), rows


def render_meaning(tr: Translator, month: dt.date, given: Contribution) -> str:
    """The monthly note: what they gave, as contribution — never a target or a comparison."""
    month_name = tr.gettext("{month}/{year}").format(month=month.month, year=month.year)
    lines = [
        tr.gettext("🌱 Looking back on {month}: thank you for what you gave.").format(
            month=month_name
        ),
        "",
    ]
    if given.minutes:
        lines.append(
            tr.gettext("• Time with clients and the team you recorded: {hours}").format(
                hours=format_duration(given.minutes, tr.lang)
            )
        )
    if given.cards:
        lines.append(
            tr.gettext("• Refresher cards that came your way: {count}").format(count=given.cards)
        )
    if given.tips_shared:
        lines.append(
            tr.gettext("• Tips you shared with fellow supporters: {count}").format(
                count=given.tips_shared
            )
        )
    if given.questions_answered:
        lines.append(
            tr.gettext("• Fellow supporters' questions you answered: {count}").format(
                count=given.questions_answered
            )
        )
    lines += [
        "",
        tr.gettext(
            "Every visit and every kind word counts. Thank you for walking alongside others."
        ),
    ]
    return "\n".join(lines)
