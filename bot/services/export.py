"""A month of hours as CSV (opens in Excel with Chinese intact) and XLSX with a summary."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Callable, Sequence

from bot.domain.hours import ACTIVITIES
from storage.models import HourEntry, Person

Label = Callable[[str], str]


def _hours(minutes: int) -> float:
    return round(minutes / 60, 2)


def entry_rows(
    pairs: Sequence[tuple[Person, HourEntry]], header: Sequence[str], activity_label: Label
) -> list[list[object]]:
    rows: list[list[object]] = [list(header)]
    for person, entry in pairs:
        rows.append(
            [
                person.display_name,
                person.id,
                entry.day.isoformat(),
                activity_label(entry.activity),
                entry.minutes,
                _hours(entry.minutes),
            ]
        )
    return rows


def summary_rows(
    pairs: Sequence[tuple[Person, HourEntry]],
    supporters: Sequence[Person],
    header: Sequence[str],
    activity_label: Label,
) -> list[list[object]]:
    by_person: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for person, entry in pairs:
        by_person[person.id][entry.activity] += entry.minutes
    rows: list[list[object]] = [[*header, *(activity_label(a) for a in ACTIVITIES)]]
    for supporter in supporters:
        minutes = by_person.get(supporter.id, {})
        total = sum(minutes.values())
        rows.append(
            [
                supporter.display_name,
                supporter.id,
                total,
                _hours(total),
                *(minutes.get(a, 0) for a in ACTIVITIES),
            ]
        )
    return rows


def to_csv(rows: Sequence[Sequence[object]]) -> bytes:
    """UTF-8 with a byte-order mark, so Excel shows 中文 instead of mojibake."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(
    entries: Sequence[Sequence[object]],
    summary: Sequence[Sequence[object]],
    titles: tuple[str, str],
) -> bytes:
    # Imported here: openpyxl adds ~17 MiB to every process for a monthly export
    # (bench/handlers.py measures the bot's memory).
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    summary_sheet = workbook.active
    summary_sheet.title = titles[0][:31]
    entries_sheet = workbook.create_sheet(titles[1][:31])
    for sheet, rows in ((summary_sheet, summary), (entries_sheet, entries)):
        for row in rows:
            sheet.append(list(row))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
