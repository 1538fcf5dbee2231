"""/team for my supporters (issue 18.5): planned vs logged, last activity, newcomers, contact,
one phone screen at a time."""

import datetime as dt

import pytest

from storage.models import Person
from tests.integration.test_approvals import add_entry, supporter
from tests.seed import SOCIAL_WORKER, seed_cast


@pytest.fixture
async def cast(bot):
    return await seed_cast(bot.services, bot.sandbox)


async def joined_days_ago(bot, person_id: int, days: int) -> None:
    async with bot.services.sessions() as session:
        person = await session.get(Person, person_id)
        person.created_at = bot.clock() - dt.timedelta(days=days)
        await session.commit()


async def test_team_shows_planned_and_logged_last_activity_and_newcomers(bot, cast):
    await joined_days_ago(bot, cast.supporter.id, 90)
    await add_entry(bot, cast.supporter.id, dt.date(2026, 11, 3), 120)
    await add_entry(bot, cast.supporter.id, dt.date(2026, 11, 24), 60, "phone")
    newcomer = await supporter(bot, cast, 2401, "Ah Ming")
    await joined_days_ago(bot, newcomer.id, 5)
    quiet = await supporter(bot, cast, 2402, "Ah Wing")
    await joined_days_ago(bot, quiet.id, 200)
    await add_entry(bot, quiet.id, dt.date(2026, 10, 30), 60)
    never = await supporter(bot, cast, 2403, "Ah Kin")
    await joined_days_ago(bot, never.id, 60)
    screen = (await bot.say(SOCIAL_WORKER, "/team"))[0]
    lines = screen.text.splitlines()
    assert lines[0] == "My supporters — November 2026, day 26 of 30"
    assert lines[1] == "Logged this month / planned (16 h a month):"
    assert lines[2:6] == [
        "• Ah Kin: 0 / 16 h · nothing logged yet — maybe check in?",
        "• Ah Ming: 0 / 16 h · joined 5 days ago",  # a newcomer, not an inactivity warning
        "• Ah Wing: 0 / 16 h · nothing logged for 27 days — maybe check in?",
        "• Siu Fong: 3 h / 16 h · last logged 2 days ago",
    ]
    assert "Waiting for approval for October 2026: 1" in screen.text
    assert "💬 Siu Fong" in screen.button_labels
    contact = (await bot.press(SOCIAL_WORKER, "💬 Siu Fong"))[-1]
    assert contact.text == "Contact Siu Fong:"
    assert contact.inline_keyboard[0][0]["url"] == f"tg://user?id={cast.supporter.telegram_user_id}"


@pytest.mark.parametrize("lang", ["en", "yue"])
async def test_a_big_team_is_shown_a_screen_at_a_time(bot, cast, lang):
    async with bot.services.sessions() as session:
        worker = await session.get(Person, cast.worker.id)
        worker.language = lang
        await session.commit()
    for n in range(19):
        await supporter(bot, cast, 2500 + n, f"Supporter {n:02d}")
    first = (await bot.say(SOCIAL_WORKER, "/team"))[0]
    assert len(first.text.splitlines()) <= 15
    more = "More ▶" if lang == "en" else "下一頁 ▶"
    seen = {line for line in first.text.splitlines() if line.startswith("•")}
    pages = 1
    while more in bot.last(SOCIAL_WORKER).button_labels:
        page = (await bot.press(SOCIAL_WORKER, more))[-1]
        pages += 1
        assert len(page.text.splitlines()) <= 15
        seen |= {line for line in page.text.splitlines() if line.startswith("•")}
    assert pages == 3 and len(seen) == 20  # every supporter reachable, none twice


async def test_inactive_supporters_are_marked_and_not_contacted(bot, cast):
    gone = await supporter(bot, cast, 2601, "Ah Lam")
    async with bot.services.sessions() as session:
        (await session.get(Person, gone.id)).active = False
        await session.commit()
    screen = (await bot.say(SOCIAL_WORKER, "/team"))[0]
    assert "• Ah Lam: 0 / 16 h · inactive" in screen.text
    assert "💬 Ah Lam" not in screen.button_labels
