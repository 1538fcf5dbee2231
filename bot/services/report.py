"""The manager's report for any period, as one workbook.

Hours (the payroll summary), hours by month, concerns (counts by category and urgency; time
to acknowledge and to close against target), refresher use (cards shown and 👍/👎 per card
and topic) and peer activity, with a chart sheet. Supporters are named only where staff
need them (hours); concerns, refreshers and peer activity are counts — nobody's questions,
answers, votes or client codes appear. Typed library questions are never stored, so topics
are counted from the cards people were shown and rated.
"""

from __future__ import annotations

import datetime as dt
import math
import statistics
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.escalation import (
    CATEGORIES,
    URGENCIES,
    ack_timeout_for,
    close_target,
    first_deadline,
)
from bot.domain.periods import Period
from bot.i18n import Translator
from bot.services import payroll, spreadsheet
from storage.delivery_models import TipSent
from storage.escalation_models import UnitAlertSettings
from storage.models import CardFeedback, Flag, Person, Unit
from storage.peer_models import PeerQuestion, SharedTip, TipStatus

Label = Callable[[str], str]


@dataclass(frozen=True)
class Labels:
    activity: Label
    category: Label
    urgency: Label


def _moment(day: dt.date, tz: ZoneInfo) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=tz).astimezone(dt.UTC)


def percentile(values: Sequence[float], share: float) -> float | None:
    """Nearest-rank percentile: the smallest value `share` of the values are within."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def median(values: Sequence[float]) -> float | None:
    """The middle value (between the two middle ones for an even count), as /flags stats."""
    return statistics.median(values) if values else None


def _round(value: float | None) -> float | str:
    return "" if value is None else round(value, 1)


def _days(values: Sequence[float]) -> float | int | str:
    """One unit's target as a number; several units' differing targets as "1/2"."""
    shown = [int(v) if v == int(v) else v for v in values]
    return shown[0] if len(shown) == 1 else "/".join(str(v) for v in shown)


async def _concern_rows(
    session: AsyncSession,
    unit_ids: list[int],
    period: Period,
    tr: Translator,
    labels: Labels,
    tz: ZoneInfo,
    ack_default: int,
) -> tuple[list[list[object]], list[list[object]]]:
    """(counts by category × urgency, response times by urgency) — counts only, no names."""
    t = tr.gettext
    # The same targets the alert ladder and /flags use: a concern /flags marked overdue is
    # never "within target" here, and "danger now" is held to its own (shorter) timeout.
    today_timeouts = {
        u.id: u.ack_timeout_seconds or ack_default
        for u in await session.scalars(select(Unit).where(Unit.id.in_(unit_ids)))
    }
    alert_settings = {
        s.unit_id: s
        for s in await session.scalars(
            select(UnitAlertSettings).where(UnitAlertSettings.unit_id.in_(unit_ids))
        )
    }

    def ack_seconds(unit_id: int, urgency: str) -> int:
        extra = alert_settings.get(unit_id)
        return ack_timeout_for(
            urgency,
            now_seconds=extra.ack_now_seconds if extra else None,
            today_seconds=today_timeouts.get(unit_id, ack_default),
        )

    def close_hours_target(unit_id: int, urgency: str) -> float:
        extra = alert_settings.get(unit_id)
        targets = extra.close_target_hours if extra else None
        return close_target(urgency, targets).total_seconds() / 3600

    flags = list(
        await session.scalars(
            select(Flag).where(
                Flag.unit_id.in_(unit_ids),
                Flag.created_at >= _moment(period.start, tz),
                Flag.created_at < _moment(period.after_end, tz),
            )
        )
    )
    counts: Counter[tuple[str, str]] = Counter((f.category, f.urgency) for f in flags)
    categories = list(CATEGORIES) + sorted({f.category for f in flags} - set(CATEGORIES))
    by_category: list[list[object]] = [
        [t("Category"), *(labels.urgency(u) for u in URGENCIES), t("Total")]
    ]
    for category in categories:
        row = [counts[(category, u)] for u in URGENCIES]
        by_category.append([labels.category(category), *row, sum(row)])
    by_category.append(
        [t("Total"), *(sum(counts[(c, u)] for c in categories) for u in URGENCIES), len(flags)]
    )

    times: list[list[object]] = [
        [
            t("Urgency"),
            t("Concerns"),
            t("Acknowledged"),
            t("Median minutes to acknowledge"),
            t("90th percentile, minutes"),
            t("Target to acknowledge"),
            t("Acknowledged within target"),
            t("Closed"),
            t("Median hours to close"),
            t("Target to close, days"),
            t("Closed within target"),
        ]
    ]
    for urgency in URGENCIES:
        group = [f for f in flags if f.urgency == urgency]
        acked = [(f, f.acknowledged_at) for f in group if f.acknowledged_at is not None]
        ack_minutes = [(at - f.created_at).total_seconds() / 60 for f, at in acked]
        on_time = sum(
            1
            for f, at in acked
            if at
            <= first_deadline(
                urgency,
                f.created_at,
                tz,
                # What the flag was promised when raised (its stored policy), if it says.
                int((f.policy or {}).get("ack_timeout_seconds") or ack_seconds(f.unit_id, urgency)),
            )
        )
        closed = [(f, f.closed_at) for f in group if f.closed_at is not None]
        close_hours = [(at - f.created_at).total_seconds() / 3600 for f, at in closed]
        closed_on_time = sum(
            1
            for (f, _), hours in zip(closed, close_hours, strict=True)
            if hours <= close_hours_target(f.unit_id, urgency)
        )
        close_days = sorted({round(close_hours_target(u, urgency) / 24, 1) for u in unit_ids})
        if urgency in ("now", "today"):
            minutes = sorted({ack_seconds(u, urgency) // 60 for u in unit_ids})
            target = t("{minutes} min").format(minutes="/".join(str(m) for m in minutes))
        else:
            target = t("next working day")
        times.append(
            [
                labels.urgency(urgency),
                len(group),
                len(acked),
                _round(median(ack_minutes)),
                _round(percentile(ack_minutes, 0.9)),
                target,
                on_time,
                len(closed),
                _round(median(close_hours)),
                _days(close_days),
                closed_on_time,
            ]
        )
    return by_category, times


async def _refresher_rows(
    session: AsyncSession,
    unit_ids: list[int],
    period: Period,
    tr: Translator,
    tz: ZoneInfo,
    card_topics: Mapping[str, str],
) -> tuple[list[list[object]], list[list[object]]]:
    """(per card: shown, 👍, 👎; per topic: the same) — counts only."""
    t = tr.gettext
    people = select(Person.id).where(Person.unit_id.in_(unit_ids))
    shown = Counter(
        await session.scalars(
            select(TipSent.card_id).where(
                TipSent.person_id.in_(people),
                TipSent.day >= period.start,
                TipSent.day <= period.end,
            )
        )
    )
    votes: dict[str, Counter[bool]] = defaultdict(Counter)
    for card_id, helpful in await session.execute(
        select(CardFeedback.card_id, CardFeedback.helpful).where(
            CardFeedback.person_id.in_(people),
            CardFeedback.updated_at >= _moment(period.start, tz),
            CardFeedback.updated_at < _moment(period.after_end, tz),
        )
    ):
        votes[card_id][bool(helpful)] += 1
    cards = sorted(set(shown) | set(votes), key=lambda c: (-shown[c], c))
    per_card: list[list[object]] = [[t("Card"), t("Topic"), t("Shown as daily tip"), "👍", "👎"]]
    per_topic_counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for card in cards:
        topic = card_topics.get(card, t("shared tip") if card.startswith("shared-") else "")
        per_card.append([card, topic, shown[card], votes[card][True], votes[card][False]])
        counts = per_topic_counts[topic or "—"]
        counts[0] += shown[card]
        counts[1] += votes[card][True]
        counts[2] += votes[card][False]
    per_topic: list[list[object]] = [[t("Topic"), t("Cards shown"), "👍", "👎"]]
    for topic, (seen, up, down) in sorted(per_topic_counts.items(), key=lambda i: -i[1][0]):
        per_topic.append([topic, seen, up, down])
    return per_card, per_topic


async def _peer_rows(
    session: AsyncSession, unit_ids: list[int], period: Period, tr: Translator, tz: ZoneInfo
) -> list[list[object]]:
    """Peer activity in numbers; who asked or answered is nobody's business here."""
    t = tr.gettext
    start, end = _moment(period.start, tz), _moment(period.after_end, tz)
    questions = list(
        await session.scalars(
            select(PeerQuestion).where(
                PeerQuestion.unit_id.in_(unit_ids),
                PeerQuestion.created_at >= start,
                PeerQuestion.created_at < end,
            )
        )
    )
    answered = [(q, q.answered_at) for q in questions if q.answered_at is not None]
    hours = [(at - q.created_at).total_seconds() / 3600 for q, at in answered]
    tips = Counter(
        await session.scalars(
            select(SharedTip.status).where(
                SharedTip.unit_id.in_(unit_ids),
                SharedTip.created_at >= start,
                SharedTip.created_at < end,
            )
        )
    )
    return [
        [t("Peer activity"), t("Count")],
        [t("Questions asked to fellow supporters"), len(questions)],
        [t("Questions answered"), len(answered)],
        [t("Median hours to an answer"), _round(median(hours))],
        [
            t("Supporters who answered"),
            len({q.claimed_by_id for q, _ in answered if q.claimed_by_id}),
        ],
        [t("Tips shared"), sum(tips.values())],
        [t("Tips approved"), tips[TipStatus.APPROVED]],
        [t("Tips returned with a note"), tips[TipStatus.RETURNED]],
        [t("Tips waiting for review"), tips[TipStatus.PENDING]],
    ]


@dataclass
class Report:
    data: payroll.PayrollData
    sheets: list[tuple[str, list[list[object]]]]
    concern_times: list[list[object]]
    month_rows: list[list[object]]
    times_header_row: int  # where the response-times table starts on the concerns sheet

    def concerns(self) -> int:
        # Column 1 of each urgency row is its count of concerns (an int; rows are list[object]).
        return sum(int(row[1]) for row in self.concern_times[1:])  # type: ignore[call-overload]


async def build(
    session: AsyncSession,
    unit_ids: list[int],
    period: Period,
    tr: Translator,
    labels: Labels,
    *,
    tz: ZoneInfo,
    ack_default: int,
    card_topics: Mapping[str, str],
) -> Report:
    t = tr.gettext
    data = await payroll.collect(session, unit_ids, period)
    month_rows: list[list[object]] = [[t("Month"), t("Hours")]]
    month_rows += [
        [first.strftime("%Y-%m"), round(minutes / 60, 2)]
        for first, minutes in payroll.hours_by_month(data)
    ]
    by_category, times = await _concern_rows(session, unit_ids, period, tr, labels, tz, ack_default)
    per_card, per_topic = await _refresher_rows(session, unit_ids, period, tr, tz, card_topics)
    peer = await _peer_rows(session, unit_ids, period, tr, tz)
    about: list[list[object]] = [
        [t("Report"), tr.days(period.start, period.end)],
        [
            t("Note"),
            t(
                "Typed questions to the refreshers are not stored, so topics are counted "
                "from the cards people were shown and rated."
            ),
        ],
    ]
    sheets: list[tuple[str, list[list[object]]]] = [
        (t("Hours"), payroll.summary_rows(data, tr, labels.activity)),
        (t("Hours by month"), month_rows),
        (t("Concerns"), [*by_category, [], *times]),
        (t("Refreshers"), [*per_card, [], *per_topic]),
        (t("Peer activity"), peer),
        (t("About"), about),
    ]
    return Report(data, sheets, times, month_rows, len(by_category) + 2)


def to_xlsx(report: Report, tr: Translator) -> bytes:
    t = tr.gettext

    def charts(workbook: Any) -> None:
        from openpyxl.chart import BarChart, Reference

        sheet = workbook.create_sheet(t("Charts"))
        months = workbook[t("Hours by month")]
        by_month = BarChart()
        by_month.title = t("Hours by month")
        by_month.y_axis.title = t("Hours")
        count = len(report.month_rows)
        by_month.add_data(
            Reference(months, min_col=2, min_row=1, max_row=count), titles_from_data=True
        )
        by_month.set_categories(Reference(months, min_col=1, min_row=2, max_row=count))
        by_month.width, by_month.height = 16, 8  # fits an A4 page when printed
        by_month.x_axis.delete = by_month.y_axis.delete = False  # openpyxl ≥ 3.1 hides them
        sheet.add_chart(by_month, "A1")

        concerns = workbook[t("Concerns")]
        first = report.times_header_row
        response = BarChart()
        response.title = t("Minutes to acknowledge, by urgency")
        # Minutes for danger now, a working day for the rest: a log scale shows both.
        response.y_axis.title = t("Minutes (log scale)")
        response.y_axis.scaling.logBase = 10
        response.add_data(
            Reference(
                concerns, min_col=4, max_col=5, min_row=first, max_row=first + len(URGENCIES)
            ),
            titles_from_data=True,
        )
        response.set_categories(
            Reference(concerns, min_col=1, min_row=first + 1, max_row=first + len(URGENCIES))
        )
        response.width, response.height = 16, 8
        response.x_axis.delete = response.y_axis.delete = False
        sheet.add_chart(response, "A18")

    return spreadsheet.to_xlsx(report.sheets, decorate=charts)
