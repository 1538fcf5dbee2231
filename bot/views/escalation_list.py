"""Texts for /flags: the list that puts what needs *me* first, one concern's card, figures.

Each screen stays within one phone screen: at most 15 lines, pages of 5 with "More".
"""

from __future__ import annotations

import datetime as dt

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import callbacks as cb
from bot.domain.concerns import FILTERS, PAGE_SIZE, Figures, Page
from bot.domain.escalation import URGENCIES, FlagStatus
from bot.i18n import N_, Translator
from bot.views.escalation import category_label, urgency_label
from bot.views.shapes import FlagLike, PersonLike

FILTER_LABELS = {
    "open": N_("Open"),
    "mine": N_("Mine"),
    "overdue": N_("Overdue"),
    "closed": N_("Closed"),
}
HEADINGS = {
    "open": N_("Open concerns ({n}) — overdue, yours and nobody's first:"),
    "mine": N_("Concerns you have taken ({n}):"),
    "overdue": N_("Overdue concerns ({n}):"),
    "closed": N_("Closed this month ({n}):"),
}
EMPTY = {
    "open": N_("No open concerns in your unit."),
    "mine": N_("You have no concerns to follow up."),
    "overdue": N_("Nothing is overdue."),
    "closed": N_("No concerns closed this month yet."),
}
Rows = list[list[tuple[str, str]]]


def _keyboard(rows: Rows) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=data) for label, data in row] for row in rows]
    )


def age(tr: Translator, delta: dt.timedelta) -> str:
    """ "9 days ago", "3 h ago", "12 min ago"."""
    minutes = max(0, int(delta.total_seconds() // 60))
    if minutes < 60:
        return tr.gettext("{n} min ago").format(n=minutes)
    if minutes < 48 * 60:
        hours = minutes // 60
        return tr.gettext("{n} h ago").format(n=hours)
    days = minutes // (24 * 60)
    return tr.gettext("{n} days ago").format(n=days)


def span(tr: Translator, delta: dt.timedelta | None) -> str:
    """A response time: "4 min", "5 h", "3 days"; "—" when there is none."""
    if delta is None:
        return "—"
    minutes = max(1, round(delta.total_seconds() / 60))
    if minutes < 120:
        return tr.gettext("{n} min").format(n=minutes)
    if minutes < 48 * 60:
        hours = round(minutes / 60)
        return tr.gettext("{n} h").format(n=hours)
    days = round(minutes / (24 * 60))
    return tr.gettext("{n} days").format(n=days)


def owner_text(tr: Translator, owner_id: int | None, owner_name: str | None, me: int) -> str:
    if owner_id is None:
        return tr.gettext("nobody has taken it")
    if owner_id == me:
        return tr.gettext("you")
    return owner_name or "?"


def render_list(
    tr: Translator, page: Page, name: str, me: int, now: dt.datetime, month: str
) -> tuple[str, InlineKeyboardMarkup]:
    """Header, 2 lines per concern (5 a page), the page line: at most 14 lines."""
    if not page.total:
        lines = [tr.gettext(EMPTY[name])]
    else:
        lines = [tr.gettext(HEADINGS[name]).format(n=page.total)]
    rows: Rows = []
    for row in page.rows:
        mark = "⏰ " if row.overdue else ""
        overdue = " · " + tr.gettext("overdue") if row.overdue else ""
        lines.append(f"{mark}#{row.flag_id} {row.client_code}{overdue}")
        when = (
            tr.gettext("closed {age}").format(age=age(tr, now - row.closed_at))
            if row.status == FlagStatus.CLOSED and row.closed_at
            else age(tr, now - row.created_at)
        )
        owner = owner_text(tr, row.owner_id, row.owner_name, me)
        lines.append(f"   {urgency_label(tr, row.urgency)} · {when} · {owner}")
        buttons = [(f"#{row.flag_id} {row.client_code} ›", cb.FLAG_CARD.data(flag_id=row.flag_id))]
        if row.status == FlagStatus.OPEN:
            buttons.append((tr.gettext("✋ Take"), cb.FLAG_ACK.data(flag_id=row.flag_id)))
        elif row.status == FlagStatus.ACKNOWLEDGED and row.owner_id == me:
            buttons.append((tr.gettext("🗂 Close"), cb.FLAG_CLOSE.data(flag_id=row.flag_id)))
        rows.append(buttons)
    pages = max(1, -(-page.total // PAGE_SIZE))
    if pages > 1:
        lines += [
            "",
            tr.gettext("Page {page} of {pages}").format(page=page.number + 1, pages=pages),
        ]
    rows.append(
        [
            (
                ("• " if f == name else "") + tr.gettext(FILTER_LABELS[f]),
                cb.FLAGS_LIST.data(filter=f, page="0"),
            )
            for f in FILTERS
        ]
    )
    nav: list[tuple[str, str]] = []
    if page.number > 0:
        nav.append((tr.gettext("‹ Back"), cb.FLAGS_LIST.data(filter=name, page=page.number - 1)))
    if page.has_more:
        nav.append((tr.gettext("More ›"), cb.FLAGS_LIST.data(filter=name, page=page.number + 1)))
    nav.append((tr.gettext("📊 Figures"), cb.FLAGS_FIGURES.data(month=month)))
    rows.append(nav)
    return "\n".join(lines), _keyboard(rows)


def render_card(
    tr: Translator,
    flag: FlagLike,
    supporter: PersonLike,
    owner_name: str | None,
    *,
    overdue: bool,
    last_note: str | None,
    me: int,
    now: dt.datetime,
) -> tuple[str, InlineKeyboardMarkup]:
    """One concern with everything to act on it."""
    state = urgency_label(tr, flag.urgency) + " · " + age(tr, now - flag.created_at)
    if overdue:
        state += " · ⏰ " + tr.gettext("overdue")
    lines = [
        f"#{flag.id} {flag.client_code} · {category_label(tr, flag.category)}",
        state,
        tr.gettext("From: {name}").format(name=supporter.display_name),
    ]
    if flag.status == FlagStatus.CLOSED:
        lines.append(tr.gettext("Closed. Outcome: {text}").format(text=flag.outcome or "—"))
    elif flag.acknowledged_by_id is None:
        lines.append(tr.gettext("Nobody has taken it yet."))
    else:
        lines.append(
            tr.gettext("Taken by: {name}").format(
                name=owner_text(tr, flag.acknowledged_by_id, owner_name, me)
            )
        )
    if flag.description:
        lines.append(tr.gettext("What happened: {text}").format(text=flag.description))
    if last_note:
        lines.append(tr.gettext("Last note: {text}").format(text=last_note))
    rows: Rows = []
    if flag.status == FlagStatus.OPEN:
        rows.append([(tr.gettext("✋ Take it"), cb.FLAG_ACK.data(flag_id=flag.id))])
    if flag.status != FlagStatus.CLOSED:
        rows.append([(tr.gettext("📝 Add a note"), cb.FLAG_NOTE.data(flag_id=flag.id))])
    rows.append(
        [
            (
                tr.gettext("📞 Contact {name}").format(name=supporter.display_name),
                cb.FLAG_CONTACT.data(flag_id=flag.id),
            )
        ]
    )
    if flag.status != FlagStatus.CLOSED:
        rows.append([(tr.gettext("🗂 Close with outcome"), cb.FLAG_CLOSE.data(flag_id=flag.id))])
    rows.append(
        [
            (tr.gettext("📜 History"), cb.FLAG_VIEW.data(flag_id=flag.id)),
            (tr.gettext("‹ Back to the list"), cb.FLAGS_LIST.data(filter="open", page="0")),
        ]
    )
    return "\n".join(lines), _keyboard(rows)


def render_figures(
    tr: Translator, year: int, month: int, numbers: dict[str, Figures], *, has_next: bool
) -> tuple[str, InlineKeyboardMarkup]:
    """Per urgency: how many, and median / 90th percentile to acknowledge and to close."""
    lines = [
        tr.gettext("📊 Concerns raised in {month}").format(month=tr.month(dt.date(year, month, 1)))
    ]
    for urgency in URGENCIES:
        figures = numbers[urgency]
        lines.append(
            tr.gettext("{urgency}: {count}").format(
                urgency=urgency_label(tr, urgency), count=figures.count
            )
        )
        if not figures.count:
            continue
        if figures.median_ack is None:
            lines.append("   " + tr.gettext("acknowledged: none yet"))
        else:
            lines.append(
                "   "
                + tr.gettext("acknowledged: median {median} · 90% within {p90}").format(
                    median=span(tr, figures.median_ack), p90=span(tr, figures.p90_ack)
                )
            )
        if figures.median_close is None:
            lines.append("   " + tr.gettext("closed: none yet"))
        else:
            lines.append(
                "   "
                + tr.gettext("closed: median {median} · 90% within {p90}").format(
                    median=span(tr, figures.median_close), p90=span(tr, figures.p90_close)
                )
            )
    before = dt.date(year - (month == 1), (month - 2) % 12 + 1, 1)
    after = dt.date(year + (month == 12), month % 12 + 1, 1)
    nav = [(f"‹ {tr.month(before)}", cb.FLAGS_FIGURES.data(month=f"{before:%Y-%m}"))]
    if has_next:
        nav.append((f"{tr.month(after)} ›", cb.FLAGS_FIGURES.data(month=f"{after:%Y-%m}")))
    rows: Rows = [
        nav,
        [(tr.gettext("‹ Back to the list"), cb.FLAGS_LIST.data(filter="open", page="0"))],
    ]
    return "\n".join(lines), _keyboard(rows)
