"""/export (payroll-ready hours) and /report (the manager's workbook) for any period."""

from __future__ import annotations

import datetime as dt
import logging

from telegram import Update
from telegram.ext import BaseHandler, CommandHandler

from bot.context import Ctx, Turn, with_turn
from bot.domain.hours import format_duration
from bot.domain.periods import Period, PeriodError, month_of, parse_period, quarter_of
from bot.replies import Document, Send
from bot.services import payroll, spreadsheet
from bot.services import report as report_service
from bot.views.reports import labels, period_label, period_problem
from storage.models import STAFF_ROLES

log = logging.getLogger(__name__)


async def _period(update: Update, context: Ctx, turn: Turn, default: Period) -> Period | None:
    """The period typed after the command, or the default; a clear answer if it is wrong."""
    text = " ".join(context.args or []).strip()
    if not text:
        return default
    try:
        return parse_period(text, turn.local_now().date())
    except PeriodError as problem:
        turn.say(Send(period_problem(turn.tr, problem.reason, text)))
        return None


@with_turn(STAFF_ROLES)
async def export(update: Update, context: Ctx, turn: Turn) -> None:
    """/export [2026-11 | 2026-Q4 | 2026-10-01..2026-12-31]: the unit's hours as XLSX + CSV."""
    worker = turn.person
    assert worker is not None
    today = turn.local_now().date()
    period = await _period(
        update, context, turn, month_of(today.replace(day=1) - dt.timedelta(days=1))
    )
    if period is None:
        return
    tr = turn.tr
    names = labels(tr)
    data = await payroll.collect(turn.session, [worker.unit_id], period)
    summary = payroll.summary_rows(data, tr, names.activity)
    entries = payroll.entry_rows(data, tr, names.activity)
    t = tr.gettext
    xlsx = spreadsheet.to_xlsx([(t("Summary"), summary), (t("Entries"), entries)])
    # "1 entry from 1 supporter": each count with its own plural form.
    entries_text = tr.ngettext("{count} entry", "{count} entries", len(data.entries))
    people_text = tr.ngettext("{people} supporter", "{people} supporters", len(data.supporters))
    caption = t("{period}: {entries} from {supporters}, {total} in all.").format(
        period=period_label(turn.lang, period),
        entries=entries_text.format(count=len(data.entries)),
        supporters=people_text.format(people=len(data.supporters)),
        total=format_duration(data.total, turn.lang),
    )
    turn.say(
        Document(xlsx, filename=f"hours-{period.key}.xlsx", caption=caption),
        Document(spreadsheet.to_csv(summary), filename=f"hours-{period.key}-summary.csv"),
        Document(spreadsheet.to_csv(entries), filename=f"hours-{period.key}-entries.csv"),
    )
    log.info("person %s exported hours for %s", worker.id, period.key)


@with_turn(STAFF_ROLES)
async def report(update: Update, context: Ctx, turn: Turn) -> None:
    """/report [period]: hours, concerns, refresher use and peer activity in one workbook."""
    worker = turn.person
    assert worker is not None
    period = await _period(update, context, turn, quarter_of(turn.local_now().date()))
    if period is None:
        return
    built = await report_service.build(
        turn.session,
        [worker.unit_id],
        period,
        turn.tr,
        labels(turn.tr),
        tz=turn.services.settings.tz,
        ack_default=turn.services.settings.ack_timeout_seconds,
        card_topics=card_topics(turn),
    )
    t = turn.tr.gettext
    turn.say(
        Document(
            report_service.to_xlsx(built, turn.tr),
            filename=f"report-{period.key}.xlsx",
            caption=t("{period}: {hours} of hours, {concerns} concerns.").format(
                period=period_label(turn.lang, period),
                hours=format_duration(built.data.total, turn.lang),
                concerns=built.concerns(),
            ),
        )
    )


def card_topics(turn: Turn) -> dict[str, str]:
    library = turn.services.library
    return {card.id: card.primary_topic for card in library.cards}


def handlers() -> list[BaseHandler]:
    return [CommandHandler("export", export), CommandHandler("report", report)]
