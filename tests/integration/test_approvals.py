"""Approving a month in a few taps: outliers flagged, approve-all, no silent reopen (18.4)."""

import datetime as dt

import pytest
from sqlalchemy import select

from storage.models import HourEntry, MonthApproval, Role
from tests.integration.test_hours import add_entry
from tests.security.support import press_data
from tests.seed import ADMIN, SOCIAL_WORKER, SUPPORTER, register, seed_cast

OCTOBER = "2026-10"
APPROVED_TEXT = "has approved your hours for October 2026"
REOPENED_TEXT = "has reopened October 2026"


@pytest.fixture
async def cast(bot):
    return await seed_cast(bot.services, bot.sandbox)


async def approved_ids(bot) -> set[int]:
    async with bot.services.sessions() as session:
        rows = await session.scalars(
            select(MonthApproval.person_id).where(MonthApproval.month == OCTOBER)
        )
        return set(rows)


def heard(bot, telegram_id: int, words: str) -> int:
    return sum(1 for m in bot.sandbox.bot_messages(telegram_id) if words in (m.text or ""))


async def supporter(bot, cast, telegram_id: int, name: str, worker_id=None):
    person = await register(
        bot.services,
        telegram_id=telegram_id,
        name=name,
        role=Role.SUPPORTER,
        unit_id=cast.unit.id,
        social_worker_id=worker_id or cast.worker.id,
    )
    bot.sandbox.add_user(telegram_id, name, language_code="en")
    return person


async def double_tap(bot, user_id: int, label: str) -> None:
    """Two taps on the same button before the bot has answered the first."""
    message, _, data = bot.sandbox.resolve_label(user_id, label)
    bot.sandbox.press(user_id, message.message_id, data)
    bot.sandbox.press(user_id, message.message_id, data)
    await bot.deliver()


async def test_a_clean_month_is_approved_in_two_taps_and_each_supporter_hears_once(bot, cast):
    may_1 = await supporter(bot, cast, 2101, "May")
    may_2 = await supporter(bot, cast, 2102, "May")
    for person in (cast.supporter, may_1, may_2):
        await add_entry(bot, person.id, dt.date(2026, 10, 5), 120)
        await add_entry(bot, person.id, dt.date(2026, 10, 6), 90, "phone")
    team = (await bot.say(SOCIAL_WORKER, "/team"))[0]
    assert "Waiting for approval for October 2026: 3" in team.text
    taps = 0
    screen = (await bot.press(SOCIAL_WORKER, "✅ Approve October 2026"))[-1]
    taps += 1
    # Two supporters called May are told apart by their staff number.
    assert f"May (TH-{may_1.id:04d}): 3 h 30 min, 2 entries" in screen.text
    assert f"May (TH-{may_2.id:04d})" in screen.text
    assert len(screen.text.splitlines()) <= 15
    await double_tap(bot, SOCIAL_WORKER, "✅ Approve all without flags (3)")
    taps += 1
    assert taps <= 3
    assert await approved_ids(bot) == {cast.supporter.id, may_1.id, may_2.id}
    screen = bot.last(SOCIAL_WORKER)
    assert "3 of 3 approved" in screen.text
    assert not any("Approve all" in label for label in screen.button_labels)
    await bot.flush()
    for telegram_id in (SUPPORTER, 2101, 2102):
        assert heard(bot, telegram_id, APPROVED_TEXT) == 1
        assert heard(bot, telegram_id, REOPENED_TEXT) == 0


async def test_outliers_wait_for_a_look_and_reopening_asks_first(bot, cast):
    wing = await supporter(bot, cast, 2103, "Ah Wing")
    await add_entry(bot, cast.supporter.id, dt.date(2026, 10, 3), 15 * 60)  # one 15-hour visit
    await add_entry(bot, cast.supporter.id, dt.date(2026, 10, 4), 60, "phone")
    await add_entry(bot, wing.id, dt.date(2026, 10, 8), 7 * 60)  # 13 h in one day
    await add_entry(bot, wing.id, dt.date(2026, 10, 8), 6 * 60, "group")
    await bot.say(SOCIAL_WORKER, "/team")
    screen = (await bot.press(SOCIAL_WORKER, "✅ Approve October 2026"))[-1]
    assert "Siu Fong: 16 h, 2 entries ⚠️ 15 h in one entry on Sat 3 Oct" in screen.text
    assert "Ah Wing: 13 h, 2 entries ⚠️ 13 h on Thu 8 Oct" in screen.text
    assert not any("Approve all" in label for label in screen.button_labels)

    entries = (await bot.press(SOCIAL_WORKER, "🔎 Siu Fong"))[-1]
    assert entries.text.splitlines()[1] == "• Sat 3 Oct · 15 h · home visit ⚠️"
    assert entries.text.splitlines()[2] == "• Sun 4 Oct · 1 h · phone call"
    await double_tap(bot, SOCIAL_WORKER, "✅ Approve Siu Fong's October 2026")
    assert await approved_ids(bot) == {cast.supporter.id}
    assert "🔒 Approved by Ms Chan on" in bot.last(SOCIAL_WORKER).text
    await bot.flush()
    assert heard(bot, SUPPORTER, APPROVED_TEXT) == 1

    # The button in the approve button's place asks before reopening, and says why.
    confirm = (await bot.press(SOCIAL_WORKER, "🔓 Reopen Siu Fong's October 2026"))[-1]
    assert confirm.text.startswith("Reopen Siu Fong's October 2026?\nSiu Fong will be told")
    assert await approved_ids(bot) == {cast.supporter.id}
    await bot.press(SOCIAL_WORKER, "Keep it approved")
    assert await approved_ids(bot) == {cast.supporter.id}
    await bot.press(SOCIAL_WORKER, "🔓 Reopen Siu Fong's October 2026")
    await double_tap(bot, SOCIAL_WORKER, "🔓 Yes, reopen")
    assert await approved_ids(bot) == set()
    await bot.flush()
    assert heard(bot, SUPPORTER, REOPENED_TEXT) == 1
    # Reopened, the supporter can correct October again.
    await bot.say(SUPPORTER, "/log 1h visit 30/10")
    await bot.press(SUPPORTER, "✅ Save")
    assert "Saved" in bot.last(SUPPORTER).text


async def test_a_social_worker_approves_only_her_own_supporters(bot, cast):
    other_worker = await register(
        bot.services,
        telegram_id=1002,
        name="Ms Wong",
        role=Role.SOCIAL_WORKER,
        unit_id=cast.unit.id,
    )
    bot.sandbox.add_user(1002, "Ms Wong", language_code="en")
    wing = await supporter(bot, cast, 2104, "Ah Wing", worker_id=other_worker.id)
    await add_entry(bot, wing.id, dt.date(2026, 10, 8), 60)
    await add_entry(bot, cast.supporter.id, dt.date(2026, 10, 8), 60)
    team = (await bot.say(SOCIAL_WORKER, "/team"))[0]
    assert "Ah Wing" not in team.text and "Siu Fong" in team.text
    assert "👥 Whole unit" not in team.button_labels
    screen = (await bot.press(SOCIAL_WORKER, "✅ Approve October 2026"))[-1]
    assert "Ah Wing" not in screen.text
    for data in (f"team:ok:{wing.id}:{OCTOBER}", f"team:v:{wing.id}:{OCTOBER}"):
        outcome = await press_data(bot, SOCIAL_WORKER, data)
        assert "Sorry, that button has expired." in outcome.joined
    assert wing.id not in await approved_ids(bot)
    # An admin sees the whole unit and can approve anyone in it.
    await register(
        bot.services, telegram_id=ADMIN, name="Mr Ho", role=Role.ADMIN, unit_id=cast.unit.id
    )
    bot.sandbox.add_user(ADMIN, "Mr Ho", language_code="en")
    await bot.say(ADMIN, "/team")
    unit = (await bot.press(ADMIN, "👥 Whole unit"))[-1]
    assert "Ah Wing" in unit.text and "Siu Fong" in unit.text
    await bot.press(ADMIN, "✅ Approve October 2026")
    await bot.press(ADMIN, "✅ Approve all without flags (2)")
    assert await approved_ids(bot) == {wing.id, cast.supporter.id}


async def test_approving_in_cantonese(bot, cast):
    async with bot.services.sessions() as session:
        from bot.services import people

        (await people.person_by_telegram_id(session, SOCIAL_WORKER)).language = "yue"
        await session.commit()
    await add_entry(bot, cast.supporter.id, dt.date(2026, 10, 8), 60)
    await bot.say(SOCIAL_WORKER, "/team")
    screen = (await bot.press(SOCIAL_WORKER, "✅ 批核2026年10月"))[-1]
    assert "2026年10月" in screen.text and "approved" not in screen.text
    assert "✅ 全部批核（冇標記嘅）(1)" in screen.button_labels


async def test_a_unit_of_25_approves_a_month_in_two_taps_and_exports_to_the_minute(bot, cast):
    """25 supporters, 471 entries in October; two have an outlier and wait for a look."""
    people = [cast.supporter] + [
        await supporter(bot, cast, 2700 + n, f"Supporter {n:02d}") for n in range(24)
    ]
    async with bot.services.sessions() as session:
        now = bot.clock()
        count = 0
        for index, person in enumerate(people):
            for day in range(1, 20 if index < 19 else 19):
                minutes = 30 + (index * 7 + day * 11) % 150
                session.add(
                    HourEntry(
                        person_id=person.id,
                        day=dt.date(2026, 10, day),
                        minutes=minutes,
                        activity=("visit", "phone", "group")[day % 3],
                        created_at=now,
                        updated_at=now,
                    )
                )
                count += 1
        for person in people[:2]:  # a 9-hour visit each
            session.add(
                HourEntry(
                    person_id=person.id,
                    day=dt.date(2026, 10, 25),
                    minutes=9 * 60,
                    activity="visit",
                    created_at=now,
                    updated_at=now,
                )
            )
            count += 1
        await session.commit()
    assert count == 471
    await bot.say(SOCIAL_WORKER, "/team")
    screen = (await bot.press(SOCIAL_WORKER, "✅ Approve October 2026"))[-1]
    assert len(screen.text.splitlines()) <= 15 and "More ▶" in screen.button_labels
    await bot.press(SOCIAL_WORKER, "✅ Approve all without flags (23)")  # tap 2 of ≤ 3
    assert len(await approved_ids(bot)) == 23
    assert "Left for a look (⚠️): 2." in bot.last(SOCIAL_WORKER).text
    replies = await bot.say(SOCIAL_WORKER, "/export 2026-10")
    summary = next(r.document for r in replies if r.document.filename.endswith("summary.csv"))
    rows = summary.data.decode("utf-8-sig").splitlines()
    async with bot.services.sessions() as session:
        total = sum(e.minutes for e in await session.scalars(select(HourEntry)))
    grand = rows[-1].split(",")
    assert grand[1] == "Grand total" and str(total) in grand
    assert sum(1 for row in rows if ",approved," in row) == 23
    assert sum(1 for row in rows if ",not approved," in row) == 2
