"""Texts for flags: the supporter's guided flow, alerts to staff, status updates, /flags.

Alert and status texts are rendered for the RECIPIENT's language (they travel through the
outbox as plain text and button rows), so these take a Translator, not a Turn.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from html import escape
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import callbacks as cb
from bot.domain.cards import Resource
from bot.domain.escalation import CATEGORIES, URGENCIES, FlagStatus
from bot.i18n import N_, Translator
from bot.views.shapes import FlagEventLike, FlagLike, PersonLike

CATEGORY_LABELS = {
    "suicide_self_harm": N_("Risk of suicide or self-harm"),
    "abuse_neglect": N_("Abuse or neglect of an older person"),
    "medical": N_("Medical emergency"),
    "unreachable": N_("Client unreachable"),
    "low_mood": N_("Severe low mood"),
    "boundary": N_("Safety or boundary worry"),
    "other": N_("Something else"),
}
URGENCY_LABELS = {
    "now": N_("🚨 Danger now"),
    "today": N_("Needs action today"),
    "can_wait": N_("Can wait a day or two"),
}
STATUS_LABELS = {
    FlagStatus.OPEN: N_("waiting for a social worker"),
    FlagStatus.ACKNOWLEDGED: N_("being handled"),
    FlagStatus.CLOSED: N_("closed"),
}
EVENT_LABELS = {
    "created": N_("raised by {actor}"),
    "alerted": N_("alert sent to {who}"),
    "escalated": N_("escalated to {who}"),
    "acknowledged": N_("taken by {actor}"),
    "closed": N_("closed by {actor}"),
    "unanswered": N_("nobody answered yet: supporter told to call the centre or 999"),
    "unreachable": N_("could not reach {who}"),
    "note": N_("note by {actor}: {text}"),
}
Rows = list[list[tuple[str, str]]]


def category_label(tr: Translator, category: str) -> str:
    return tr.gettext(CATEGORY_LABELS.get(category, CATEGORY_LABELS["other"]))


def urgency_label(tr: Translator, urgency: str) -> str:
    return tr.gettext(URGENCY_LABELS.get(urgency, URGENCY_LABELS["today"]))


def _keyboard(rows: Rows) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=data) for label, data in row] for row in rows]
    )


# --- the supporter's flow ----------------------------------------------------------------


def render_pick_category(tr: Translator) -> tuple[str, InlineKeyboardMarkup]:
    rows = [[(category_label(tr, c), cb.FLAG_CATEGORY.data(category=c))] for c in CATEGORIES]
    rows.append([(tr.gettext("✖ Cancel"), cb.FLAG_CANCEL.data())])
    text = tr.gettext(
        "⚠️ Report a concern to your social worker.\n"
        "If someone is in danger right now, call 999 first.\n\nWhat is it about?"
    )
    return text, _keyboard(rows)


def render_pick_urgency(tr: Translator, category: str) -> tuple[str, InlineKeyboardMarkup]:
    rows = [[(urgency_label(tr, u), cb.FLAG_URGENCY.data(urgency=u))] for u in URGENCIES]
    rows.append([(tr.gettext("✖ Cancel"), cb.FLAG_CANCEL.data())])
    text = tr.gettext("{category}. How urgent is it?").format(category=category_label(tr, category))
    return text, _keyboard(rows)


def render_danger_now(tr: Translator, hotlines: Sequence[Resource], lang: str) -> str:
    lines = [
        tr.gettext("<b>Call 999 now if the person is in danger.</b>"),
        tr.gettext("Stay with them if it is safe. Don't promise to keep it secret."),
        "",
        tr.gettext("24-hour hotlines:"),
    ]
    lines += [f"<b>{escape(r.number)}</b> {escape(r.name(lang))}" for r in hotlines]
    lines += ["", tr.gettext("I will still send this to your social worker — a few more taps.")]
    return "\n".join(lines)


def render_ask_code(tr: Translator) -> str:
    return tr.gettext(
        "Which client? Send the case code or initials, like “C03” or “C婆婆”. "
        "Please no full names, ID numbers or phone numbers."
    )


def render_ask_description(tr: Translator) -> tuple[str, InlineKeyboardMarkup]:
    text = tr.gettext(
        "In a few words, what happened? (Optional — what you saw and heard is enough.)"
    )
    return text, _keyboard(
        [
            [(tr.gettext("Skip"), cb.FLAG_SKIP.data())],
            [(tr.gettext("✖ Cancel"), cb.FLAG_CANCEL.data())],
        ]
    )


def render_review(
    tr: Translator, category: str, urgency: str, code: str, description: str | None, worker: str
) -> tuple[str, InlineKeyboardMarkup]:
    lines = [
        tr.gettext("Please check, then send:"),
        "",
        f"• {category_label(tr, category)}",
        f"• {urgency_label(tr, urgency)}",
        "• " + tr.gettext("Client: {code}").format(code=code),
    ]
    if description:
        lines.append("• " + tr.gettext("What happened: {text}").format(text=description))
    if worker:
        lines += ["", tr.gettext("It goes to {worker}.").format(worker=worker)]
    else:
        lines += [
            "",
            tr.gettext(
                "Nobody at the centre can get it through me right now: please also call "
                "your centre after sending."
            ),
        ]
    rows: Rows = [
        [(tr.gettext("📨 Send"), cb.FLAG_SEND.data())],
        [(tr.gettext("✖ Cancel"), cb.FLAG_CANCEL.data())],
    ]
    return "\n".join(lines), _keyboard(rows)


def render_sent(tr: Translator, worker: str, flag_id: int) -> str:
    return tr.gettext(
        "Sent to {worker} (concern #{id}). I'll tell you when it is seen. "
        "If anyone is in danger, call 999 — don't wait for a reply."
    ).format(worker=worker, id=flag_id)


# --- staff -------------------------------------------------------------------------------


def render_alert(
    tr: Translator,
    flag: FlagLike,
    supporter: PersonLike,
    tz: ZoneInfo,
    *,
    repeat: bool,
    instead_of: tuple[str, dt.date | None] | None = None,
) -> tuple[str, Rows]:
    """The alert a social worker receives, with the buttons to own it. `instead_of`: the
    supporter's own social worker, who is away (until that date) or cannot be reached."""
    head = (
        tr.gettext("🔁 Reminder: not yet acknowledged") if repeat else tr.gettext("⚠️ New concern")
    )
    lines = [
        f"{head} #{flag.id}",
        f"{category_label(tr, flag.category)} · {urgency_label(tr, flag.urgency)}",
        tr.gettext("From: {name}").format(name=supporter.display_name),
        tr.gettext("Client: {code}").format(code=flag.client_code),
    ]
    if flag.description:
        lines.append(tr.gettext("What happened: {text}").format(text=flag.description))
    raised = flag.created_at.astimezone(tz)
    lines.append(
        tr.gettext("Raised at {time}, {date}.").format(
            time=tr.time(raised), date=tr.date(raised.date())
        )
    )
    if instead_of is not None:
        name, until = instead_of
        lines.append(
            tr.gettext("It comes to you because {name} is away until {date}.").format(
                name=name, date=tr.date(until)
            )
            if until is not None
            else tr.gettext("It comes to you because {name} cannot be reached.").format(name=name)
        )
    rows: Rows = [
        [(tr.gettext("✅ I'm on it"), cb.FLAG_ACK.data(flag_id=flag.id))],
        [
            (
                tr.gettext("📞 Contact {name}").format(name=supporter.display_name),
                cb.FLAG_CONTACT.data(flag_id=flag.id),
            )
        ],
    ]
    return "\n".join(lines), rows


def render_taken(tr: Translator, flag: FlagLike, by: str, when: dt.datetime, *, you: bool) -> str:
    """The alert once someone took it: it keeps the client and urgency, so it can be found."""
    stamp = tr.time(when)
    about = f"#{flag.id} {flag.client_code} · {urgency_label(tr, flag.urgency)}"
    if you:
        return tr.gettext(
            "✅ You took concern {concern} at {time}. Add notes as you go; close it with an "
            "outcome note when done."
        ).format(concern=about, time=stamp)
    return tr.gettext("✅ Concern {concern} was taken by {name} at {time}.").format(
        concern=about, name=by, time=stamp
    )


def owner_keyboard(tr: Translator, flag: FlagLike) -> InlineKeyboardMarkup:
    return _keyboard(
        [
            [(tr.gettext("📝 Add a note"), cb.FLAG_NOTE.data(flag_id=flag.id))],
            [(tr.gettext("🗂 Close with outcome"), cb.FLAG_CLOSE.data(flag_id=flag.id))],
            [(tr.gettext("📞 Contact supporter"), cb.FLAG_CONTACT.data(flag_id=flag.id))],
        ]
    )


def render_status(tr: Translator, kind: str, flag: FlagLike, names: str = "") -> str:
    """What the supporter hears as their flag moves."""
    texts = {
        "seen": N_("👀 Your concern #{id} about {code} has been seen by {names}, who is on it."),
        "escalated": N_(
            "Your concern #{id} about {code} has not been acknowledged yet, "
            "so I've also sent it to {names}."
        ),
        "closed": N_(
            "🗂 Your concern #{id} about {code} has been closed by {names}. "
            "Thank you for raising it."
        ),
        "unanswered": N_(
            "Nobody has acknowledged your concern #{id} about {code} yet. "
            "Please call your centre now. If anyone is in danger, call 999."
        ),
    }
    return tr.gettext(texts[kind]).format(id=flag.id, code=flag.client_code, names=names)


def render_history(
    tr: Translator,
    flag: FlagLike,
    supporter: PersonLike,
    events: Sequence[FlagEventLike],
    names: dict[int, str],
    tz: ZoneInfo,
) -> str:
    lines = [
        f"#{flag.id} {flag.client_code} · {category_label(tr, flag.category)} · "
        f"{urgency_label(tr, flag.urgency)}",
        tr.gettext("From: {name}").format(name=supporter.display_name),
        tr.gettext("Status: {status}").format(status=tr.gettext(STATUS_LABELS[flag.status])),
    ]
    if flag.description:
        lines.append(tr.gettext("What happened: {text}").format(text=flag.description))
    elif flag.description_purged_at:
        lines.append(tr.gettext("(The description was removed after the retention period.)"))
    if flag.outcome:
        lines.append(tr.gettext("Outcome: {text}").format(text=flag.outcome))
    lines += ["", tr.gettext("History:")]
    # One phone screen: the first step and the latest ones; the middle is summed up.
    room = max(3, 14 - len(lines))
    if len(events) > room:
        skipped = len(events) - room + 1
        events = [events[0], *events[len(events) - room + 2 :]]
    else:
        skipped = 0
    for index, event in enumerate(events):
        if skipped and index == 1:
            lines.append(tr.gettext("… {n} more steps …").format(n=skipped))
        at = event.at.astimezone(tz)
        who = ", ".join(names.get(p, "?") for p in event.detail.get("recipients", []))
        text = event.detail.get("text") or tr.gettext("(removed after the retention period)")
        label = tr.gettext(EVENT_LABELS.get(event.kind, event.kind)).format(
            actor=names.get(event.actor_id or 0, tr.gettext("the bot")), who=who, text=text
        )
        lines.append(f"{tr.date(at.date())} {tr.time(at)} — {label}")
    return "\n".join(lines)
