"""A month of hours as CSV (opens in Excel with Chinese intact) and XLSX with a summary."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence

from bot.domain.hours import ACTIVITIES
from bot.services import spreadsheet
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
    return spreadsheet.to_csv(rows)


def to_xlsx(
    entries: Sequence[Sequence[object]],
    summary: Sequence[Sequence[object]],
    titles: tuple[str, str],
) -> bytes:
    return spreadsheet.to_xlsx([(titles[0], summary), (titles[1], entries)])
