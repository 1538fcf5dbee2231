"""Month end: 40 entries by 3 supporters, with corrections, /undo and removals, all through
the chat. /team, the XLSX summary and the CSV rows must add up to the final entries, to
the minute — the numbers supporters are paid from."""

import csv
import datetime as dt
import io
import random

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from bot.domain.hours import format_duration
from bot.domain.staff import staff_number
from storage.models import HourEntry, Role
from tests.seed import SOCIAL_WORKER, SUPPORTER, register, seed_cast

ACTIVITY_WORDS = {"visit": "home visit", "phone": "phone", "escort": "陪診", "group": "group"}


@pytest.fixture
async def team(bot):
    cast = await seed_cast(bot.services, bot.sandbox)
    people = {SUPPORTER: cast.supporter}
    for telegram_id, name in ((7101, "Ah Mei"), (7102, "Lam Sir")):
        people[telegram_id] = await register(
            bot.services,
            telegram_id=telegram_id,
            name=name,
            role=Role.SUPPORTER,
            unit_id=cast.unit.id,
            social_worker_id=cast.worker.id,
            language="en",
        )
        bot.sandbox.add_user(telegram_id, name)
    return people


async def newest_entry_id(bot, person_id: int) -> int:
    async with bot.services.sessions() as session:
        return await session.scalar(
            select(HourEntry.id)
            .where(HourEntry.person_id == person_id)
            .order_by(HourEntry.id.desc())
            .limit(1)
        )


async def final_minutes(bot) -> dict[int, int]:
    totals: dict[int, int] = {}
    async with bot.services.sessions() as session:
        for entry in await session.scalars(select(HourEntry)):
            totals[entry.person_id] = totals.get(entry.person_id, 0) + entry.minutes
    return totals


async def press_data(bot, user_id: int, message, data: str) -> list:
    return await bot.act(user_id, lambda: bot.sandbox.press(user_id, message.message_id, data))


def record_button(record, emoji: str, entry_id: int) -> str:
    action = "e" if emoji == "✏️" else "del"
    return next(d for row in record.buttons for _, d in row if d == f"hrs:{action}:{entry_id}")


async def test_month_end_totals_match_the_final_entries_to_the_minute(bot, team):
    rng = random.Random(14)
    expected: dict[int, dict[int, int]] = {p.id: {} for p in team.values()}  # person → entry → min
    counts = {SUPPORTER: 14, 7101: 13, 7102: 13}
    for telegram_id, count in counts.items():
        person = team[telegram_id]
        for i in range(count):
            minutes = rng.randrange(15, 181)
            activity = rng.choice(list(ACTIVITY_WORDS))
            day = 1 + (i * 2) % 26
            await bot.say(telegram_id, f"/log {day}/11 {minutes} min {ACTIVITY_WORDS[activity]}")
            saved = await bot.press(telegram_id, "✅ Save")
            assert saved[0].text.startswith("✅ Saved:"), saved[0].text
            expected[person.id][await newest_entry_id(bot, person.id)] = minutes

        # Two corrections of entries shown on /hours: the same rows change.
        for _ in range(2):
            record = (await bot.say(telegram_id, "/hours"))[0]
            entry_id = rng.choice(sorted(expected[person.id])[-4:])
            await press_data(bot, telegram_id, record, record_button(record, "✏️", entry_id))
            new_minutes = rng.randrange(15, 181)
            await bot.say(telegram_id, f"{new_minutes} min visit")
            changed = await bot.press(telegram_id, "✅ Save")
            assert changed[0].text.startswith("✅ Changed:"), changed[0].text
            expected[person.id][entry_id] = new_minutes

        # /undo removes the newest entry.
        await bot.say(telegram_id, "/undo")
        await bot.press(telegram_id, "🗑 Yes, remove it")
        del expected[person.id][max(expected[person.id])]

        # 🗑 on /hours removes another.
        record = (await bot.say(telegram_id, "/hours"))[0]
        entry_id = sorted(expected[person.id])[-2]
        await press_data(bot, telegram_id, record, record_button(record, "🗑", entry_id))
        await bot.press(telegram_id, "🗑 Yes, remove it")
        del expected[person.id][entry_id]

    want = {person_id: sum(entries.values()) for person_id, entries in expected.items()}
    assert sum(len(entries) for entries in expected.values()) == 40 - 6
    assert await final_minutes(bot) == want

    # /team: each supporter's month, to the minute.
    team_text = (await bot.say(SOCIAL_WORKER, "/team"))[0].text
    for person in team.values():
        line = next(line for line in team_text.splitlines() if person.display_name in line)
        assert f": {format_duration(want[person.id], 'en')} " in line, line

    # The export: XLSX summary totals and the CSV rows, summed per supporter.
    replies = await bot.say(SOCIAL_WORKER, "/export 2026-11")
    workbook = load_workbook(io.BytesIO(replies[0].document.data))
    summary = list(workbook.worksheets[0].values)
    header = list(summary[0])
    staff_col, minutes_col = header.index("Staff no."), header.index("Total minutes")
    by_staff = {row[staff_col]: row[minutes_col] for row in summary[1:] if row[staff_col]}
    assert by_staff == {staff_number(pid): minutes for pid, minutes in want.items()}
    grand = next(row for row in summary[1:] if "Grand total" in row)
    assert grand[minutes_col] == sum(want.values())
    entries_csv = next(r for r in replies if r.document.filename.endswith("entries.csv"))
    rows = list(csv.DictReader(io.StringIO(entries_csv.document.data.decode("utf-8-sig"))))
    from_csv: dict[int, int] = {}
    for row in rows:
        person_id = int(row["Staff no."].removeprefix("TH-"))
        from_csv[person_id] = from_csv.get(person_id, 0) + int(row["Minutes"])
    assert from_csv == want
    assert sum(want.values()) == sum(int(row["Minutes"]) for row in rows)
    assert len(rows) == 34
    assert all(dt.date.fromisoformat(row["Date"]).month == 11 for row in rows)
