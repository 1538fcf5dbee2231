"""`tunghang admin export PERIOD` and `tunghang report --from --to`: files for payroll and
the manager, the same content `/export` and `/report` send in chat."""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bot.cli_failures import Refused
from bot.config import Settings

AdminFn = Callable[[Any, argparse.Namespace, Settings], Any]


class ReportError(Refused):
    """A bad period, unit or output path: one line for the operator, nothing written."""


def add_parsers(
    sub: Any, admin_sub: Any, wrap: Callable[[AdminFn], Callable[[argparse.Namespace], int]]
) -> None:
    export = admin_sub.add_parser(
        "export",
        help="hours for payroll: XLSX (summary + entries) and two CSVs for a period",
    )
    export.add_argument("period", help="2026-11, 2026-Q4 or 2026-10-01..2026-12-31")
    export.add_argument("--unit", type=int, help="only this unit (default: every unit)")
    export.add_argument("--out", type=Path, default=Path("."), help="folder to write to")
    export.add_argument("--lang", choices=["en", "yue"], default="en")
    export.add_argument("--json", action="store_true")
    export.set_defaults(func=wrap(_export))

    report = sub.add_parser(
        "report", help="one workbook: hours, concerns, refresher use, peer activity, charts"
    )
    report.add_argument("--from", dest="start", required=True, help="first day, 2026-10-01")
    report.add_argument("--to", dest="end", required=True, help="last day, 2026-12-31")
    report.add_argument("--unit", type=int, help="only this unit (default: every unit)")
    report.add_argument("--out", type=Path, help="file to write (default: report-<period>.xlsx)")
    report.add_argument("--lang", choices=["en", "yue"], default="en")
    report.add_argument("--json", action="store_true")
    report.set_defaults(func=wrap(_report))


def _today(settings: Settings) -> dt.date:
    return dt.datetime.now(settings.tz).date()


def _period(text: str, settings: Settings) -> Any:
    from bot.domain.periods import PeriodError, parse_period
    from bot.i18n import Catalogs
    from bot.views.reports import period_problem

    try:
        return parse_period(text, _today(settings))
    except PeriodError as problem:
        raise ReportError(period_problem(Catalogs.load().get("en"), problem.reason, text)) from None


async def _units(session: Any, unit: int | None) -> list[int]:
    from sqlalchemy import select

    from storage.models import Unit

    ids = list(await session.scalars(select(Unit.id).order_by(Unit.id)))
    if unit is None:
        return ids
    if unit not in ids:
        raise ReportError(f"no unit {unit}")
    return [unit]


def _write(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    except OSError as error:
        raise ReportError(f"cannot write {path}: {error.strerror or error}") from None


async def _export(session: Any, args: argparse.Namespace, settings: Settings) -> dict[str, Any]:
    from bot.i18n import Catalogs
    from bot.services import payroll, spreadsheet
    from bot.views.reports import labels

    period = _period(args.period, settings)
    units = await _units(session, args.unit)
    tr = Catalogs.load().get(args.lang)
    data = await payroll.collect(session, units, period)
    summary = payroll.summary_rows(data, tr, labels(tr).activity)
    entries = payroll.entry_rows(data, tr, labels(tr).activity)
    t = tr.gettext
    files = {
        args.out / f"hours-{period.key}.xlsx": spreadsheet.to_xlsx(
            [(t("Summary"), summary), (t("Entries"), entries)]
        ),
        args.out / f"hours-{period.key}-summary.csv": spreadsheet.to_csv(summary),
        args.out / f"hours-{period.key}-entries.csv": spreadsheet.to_csv(entries),
    }
    for path, content in files.items():
        _write(path, content)
    result = {
        "period": period.key,
        "supporters": len(data.supporters),
        "entries": len(data.entries),
        "total_minutes": data.total,
        "files": [str(p) for p in files],
    }
    result["_text"] = "\n".join(
        [
            f"{period.key}: {len(data.entries)} entries, {len(data.supporters)} supporters, "
            f"{data.total} minutes in all",
            *(f"wrote {p}" for p in files),
        ]
    )
    return result


async def _report(session: Any, args: argparse.Namespace, settings: Settings) -> dict[str, Any]:
    from bot.i18n import Catalogs
    from bot.library import load_library
    from bot.services import report as report_service
    from bot.views.reports import labels

    period = _period(f"{args.start}..{args.end}", settings)
    units = await _units(session, args.unit)
    tr = Catalogs.load().get(args.lang)
    try:
        topics = {card.id: card.primary_topic for card in load_library().cards}
    except Exception:
        topics = {}
    built = await report_service.build(
        session,
        units,
        period,
        tr,
        labels(tr),
        tz=settings.tz,
        ack_default=settings.ack_timeout_seconds,
        card_topics=topics,
    )
    out = args.out or Path(f"report-{period.key}.xlsx")
    _write(out, report_service.to_xlsx(built, tr))
    return {
        "period": period.key,
        "total_minutes": built.data.total,
        "concerns": built.concerns(),
        "file": str(out),
        "_text": f"{period.key}: {built.data.total} minutes of hours, "
        f"{built.concerns()} concerns — wrote {out}",
    }
