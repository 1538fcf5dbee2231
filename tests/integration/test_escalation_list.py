"""/flags a social worker can act on: what needs her first, buttons, filters, pages, figures."""

import datetime as dt

import pytest
from sqlalchemy import select

from bot.services import escalation, people
from storage.models import Flag, FlagEvent, Role
from tests.seed import OTHER_UNIT_WORKER, SOCIAL_WORKER, SUPPORTER, add_unit, register, seed_cast

BACKUP = 1002


@pytest.fixture
async def cast(bot):
    cast = await seed_cast(bot.services, bot.sandbox)
    await register(
        bot.services,
        telegram_id=BACKUP,
        name="Mr Ho",
        role=Role.SOCIAL_WORKER,
        unit_id=cast.unit.id,
    )
    bot.sandbox.add_user(BACKUP, "Mr Ho")
    return cast


async def raise_many(bot, specs) -> None:
    """Raise flags as Siu Fong at past moments: (client code, urgency, hours ago)."""
    ctx = bot.services
    async with bot.services.sessions() as session:
        supporter = await people.person_by_telegram_id(session, SUPPORTER)
        for code, urgency, hours_ago in specs:
            await escalation.raise_flag(
                session,
                ctx,
                supporter,
                category="unreachable",
                urgency=urgency,
                client_code=code,
                description=None,
                now=bot.clock() - dt.timedelta(hours=hours_ago),
            )
        await session.commit()
    await bot.flush()  # the alerts are out before anyone looks at /flags


async def take(bot, telegram_id: int, flag_id: int, hours_ago: float = 0) -> None:
    ctx = bot.services
    async with bot.services.sessions() as session:
        person = await people.person_by_telegram_id(session, telegram_id)
        now = bot.clock() - dt.timedelta(hours=hours_ago)
        await escalation.acknowledge(session, ctx, person, flag_id, now)
        await session.commit()
    await bot.flush()


async def test_flags_puts_what_needs_me_first_in_pages_of_five(bot, cast):
    # Seven concerns: #1 nine days old (overdue), #2 taken by me, #3 taken by Mr Ho,
    # the rest new and nobody's.
    await raise_many(
        bot,
        [("C01", "today", 24 * 9), ("C02", "today", 5), ("C03", "can_wait", 3)]
        + [(f"D0{i}", "can_wait", 1) for i in range(4, 8)],
    )
    await take(bot, SOCIAL_WORKER, 2)
    await take(bot, BACKUP, 3)
    replies = await bot.say(SOCIAL_WORKER, "/flags")
    screen = replies[-1]
    lines = screen.text.splitlines()
    assert len(lines) <= 15
    assert lines[0] == "Open concerns (7) — overdue, yours and nobody's first:"
    assert lines[1:5] == [
        "⏰ #1 C01 · overdue",
        "   Needs action today · 9 days ago · nobody has taken it",
        "#2 C02",
        "   Needs action today · 5 h ago · you",
    ]
    assert lines[5] == "#4 D04"  # nobody's before Mr Ho's
    assert lines[-1] == "Page 1 of 2"
    labels = screen.button_labels
    assert labels[:4] == ["#1 C01 ›", "✋ Take", "#2 C02 ›", "🗂 Close"]
    assert "#3 C03 ›" not in labels and "More ›" in labels
    second = await bot.press(SOCIAL_WORKER, "More ›")
    assert second[0].message_id == screen.message_id  # edited in place, nothing piles up
    assert "#3 C03" in second[0].text and "Mr Ho" in second[0].text
    assert second[0].text.splitlines()[-1] == "Page 2 of 2"
    # Filters: mine, overdue, closed this month.
    mine = await bot.press(SOCIAL_WORKER, "Mine")
    assert mine[0].text.splitlines() == [
        "Concerns you have taken (1):",
        "#2 C02",
        "   Needs action today · 5 h ago · you",
    ]
    overdue = await bot.press(SOCIAL_WORKER, "Overdue")
    assert overdue[0].text.splitlines()[0] == "Overdue concerns (1):"
    closed = await bot.press(SOCIAL_WORKER, "Closed")
    assert closed[0].text == "No concerns closed this month yet."


async def test_take_note_contact_and_close_from_the_list(bot, cast):
    await raise_many(bot, [("C03", "today", 2)])
    await bot.say(SOCIAL_WORKER, "/flags")
    card = await bot.press(SOCIAL_WORKER, "✋ Take")  # one tap from the list
    assert bot.sandbox.callback_answers[-1].text == "Thank you — it's yours."
    text = card[0].text
    assert text.startswith("#1 C03 · Client unreachable") and "Taken by: you" in text
    assert card[0].button_labels[:3] == [
        "📝 Add a note",
        "📞 Contact Siu Fong",
        "🗂 Close with outcome",
    ]
    await bot.press(SOCIAL_WORKER, "📝 Add a note")
    noted = await bot.say(SOCIAL_WORKER, "Left a voicemail; will visit Friday.")
    assert noted[0].text == "📝 Note added to concern #1 C03."
    async with bot.services.sessions() as session:
        (flag,) = await session.scalars(select(Flag))
        assert flag.status == "acknowledged"  # a note is not a close
    replies = await bot.say(SOCIAL_WORKER, "/flags")
    card = await bot.press(SOCIAL_WORKER, "#1 C03 ›")
    assert "Last note: Left a voicemail; will visit Friday." in card[0].text
    contact = await bot.press(SOCIAL_WORKER, "📞 Contact Siu Fong")
    assert contact[-1].text == "Contact Siu Fong about concern #1:"
    await bot.press(SOCIAL_WORKER, "🗂 Close with outcome", message_id=card[0].message_id)
    await bot.say(SOCIAL_WORKER, "Visited; she is fine.")
    closed = await bot.say(SOCIAL_WORKER, "/flags closed")
    assert closed[-1].text.splitlines()[1:] == [
        "#1 C03",
        "   Needs action today · closed 0 min ago · you",
    ]
    assert replies  # the list was shown before


async def test_another_units_social_worker_is_refused_and_nothing_changes(bot, cast):
    await raise_many(bot, [("C03", "today", 1)])
    await register(
        bot.services,
        telegram_id=OTHER_UNIT_WORKER,
        name="Ms Lee",
        role=Role.SOCIAL_WORKER,
        unit_id=cast.unit.id,
    )
    bot.sandbox.add_user(OTHER_UNIT_WORKER, "Ms Lee")
    await bot.say(OTHER_UNIT_WORKER, "/flags")
    (card,) = await bot.press(OTHER_UNIT_WORKER, "#1 C03 ›")
    # She moves to another unit; the card is still in her chat with all its buttons.
    other = await add_unit(bot.services, "Tsuen Wan Centre")
    async with bot.services.sessions() as session:
        lee = await people.person_by_telegram_id(session, OTHER_UNIT_WORKER)
        lee.unit_id = other.id
        await session.commit()
    for label in ("✋ Take it", "📝 Add a note", "📞 Contact Siu Fong", "🗂 Close with outcome"):
        await bot.press(OTHER_UNIT_WORKER, label, message_id=card.message_id)
        assert bot.sandbox.callback_answers[-1].text == (
            "That concern belongs to another unit, so you can't act on it. Nothing was changed."
        )
    async with bot.services.sessions() as session:
        (flag,) = await session.scalars(select(Flag))
        kinds = [e.kind for e in await session.scalars(select(FlagEvent))]
    assert flag.status == "open" and flag.acknowledged_by_id is None
    assert kinds == ["created", "alerted"]
    (empty,) = await bot.say(OTHER_UNIT_WORKER, "/flags")
    assert empty.text == "No open concerns in your unit."


async def test_monthly_figures_per_urgency_stay_for_past_months(bot, cast):
    await raise_many(bot, [("C01", "now", 1), ("C02", "now", 1), ("C03", "today", 1)])
    for flag_id, minutes in ((1, 4), (2, 10), (3, 30)):
        async with bot.services.sessions() as session:
            flag = await session.get(Flag, flag_id)
            flag.status, flag.acknowledged_at = (
                "acknowledged",
                flag.created_at + dt.timedelta(minutes=minutes),
            )
            await session.commit()
    bot.clock.advance(days=10)  # now in December: November's figures must still be there
    (figures,) = await bot.say(SOCIAL_WORKER, "/flags stats 2026-11")
    lines = figures.text.splitlines()
    assert len(lines) <= 15
    assert lines[:3] == [
        "📊 Concerns raised in November 2026",
        "🚨 Danger now: 2",
        "   acknowledged: median 7 min · 90% within 10 min",
    ]
    assert "Needs action today: 1" in lines and "Can wait a day or two: 0" in lines
    assert figures.button_labels[:2] == ["‹ October 2026", "December 2026 ›"]
    december = await bot.press(SOCIAL_WORKER, "December 2026 ›")
    assert december[0].text.splitlines()[1] == "🚨 Danger now: 0"
    # The month button from the list, and months that don't exist or haven't begun.
    await bot.say(SOCIAL_WORKER, "/flags")
    this_month = (await bot.press(SOCIAL_WORKER, "📊 Figures"))[0]
    assert "📊 Concerns raised in December 2026" in this_month.text
    for bad in ("2026-13", "Nov", "2027-05"):
        (reply,) = await bot.say(SOCIAL_WORKER, f"/flags stats {bad}")
        assert reply.text.startswith("I couldn't read that month.")


async def test_a_cantonese_social_worker_gets_the_list_in_cantonese(bot, cast):
    async with bot.services.sessions() as session:
        worker = await people.person_by_telegram_id(session, SOCIAL_WORKER)
        worker.language = "yue"
        await session.commit()
    await raise_many(bot, [("C01", "today", 24 * 9)])
    replies = await bot.say(SOCIAL_WORKER, "/flags")
    lines = replies[-1].text.splitlines()
    assert lines[:3] == [
        "未完成嘅通報（1）—— 逾時、你嘅同未有人接手嘅排先：",
        "⏰ #1 C01 · 逾時",
        "   今日要處理 · 9 日前 · 未有人接手",
    ]
    assert replies[-1].button_labels[:2] == ["#1 C01 ›", "✋ 接手"]
    card = await bot.press(SOCIAL_WORKER, "✋ 接手")
    assert "接手：你" in card[0].text and "📝 加記錄" in card[0].button_labels


@pytest.mark.parametrize("lang", ["en", "yue"])
async def test_sixteen_open_concerns_fit_a_phone_screen_in_both_languages(bot, cast, lang):
    async with bot.services.sessions() as session:
        (await people.person_by_telegram_id(session, SOCIAL_WORKER)).language = lang
        await session.commit()
    await raise_many(bot, [(f"C{i:02d}", "today", 24 * (i % 9) + 1) for i in range(1, 17)])
    tr = bot.services.catalogs.get(lang)
    (screen,) = [m for m in await bot.say(SOCIAL_WORKER, "/flags") if m.button_labels]
    pages = [screen.text]
    while tr.gettext("More ›") in bot.sandbox.messages(SOCIAL_WORKER)[-1].button_labels:
        (next_page,) = await bot.press(SOCIAL_WORKER, tr.gettext("More ›"))
        pages.append(next_page.text)
    assert len(pages) == 4  # 16 concerns, 5 a page
    assert max(len(p.splitlines()) for p in pages) <= 15
    seen = [line for p in pages for line in p.splitlines() if "#" in line]
    assert len(seen) == 16 and all(tr.gettext("overdue") in line for line in seen[:12])
    last = bot.sandbox.messages(SOCIAL_WORKER)[-1]
    (card,) = await bot.press(SOCIAL_WORKER, last.button_labels[0])  # "#9 C09 ›"
    assert len(card.text.splitlines()) <= 15 and len(card.button_labels) == 6
    (back,) = await bot.press(SOCIAL_WORKER, tr.gettext("‹ Back to the list"))
    assert back.text == pages[0]  # back on the first page, in place
