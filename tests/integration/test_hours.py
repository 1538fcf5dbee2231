"""Hours in chat: typed and button logging, the monthly record, corrections, approval, export."""

import asyncio
import datetime as dt
import functools

import pytest
from sqlalchemy import func, select

from bot.services import hours as hours_service
from bot.services import people
from storage.models import ContactAttempt, HourEntry, Role
from tests.seed import OTHER_UNIT_WORKER, SOCIAL_WORKER, SUPPORTER, add_unit, register, seed_cast

TODAY = dt.date(2026, 11, 26)  # the FakeClock's Thursday in Hong Kong


@pytest.fixture
async def cast(bot):
    return await seed_cast(bot.services, bot.sandbox)


async def entries(bot) -> list[HourEntry]:
    async with bot.services.sessions() as session:
        return list(await session.scalars(select(HourEntry).order_by(HourEntry.id)))


async def add_entry(
    bot, person_id: int, day: dt.date, minutes: int, activity: str = "visit"
) -> int:
    async with bot.services.sessions() as session:
        entry = HourEntry(
            person_id=person_id,
            day=day,
            minutes=minutes,
            activity=activity,
            created_at=bot.clock(),
            updated_at=bot.clock(),
        )
        session.add(entry)
        await session.commit()
        return entry.id


async def set_language(bot, telegram_id: int, lang: str) -> None:
    async with bot.services.sessions() as session:
        (await people.person_by_telegram_id(session, telegram_id)).language = lang
        await session.commit()


async def test_typed_entry_is_confirmed_then_saved_once(bot, cast):
    replies = await bot.say(SUPPORTER, "/log 1.5h visit")
    card = replies[0]
    assert card.text == "Log 1 h 30 min · home visit · today (Thu 26 Nov)?"
    assert card.button_labels == ["✅ Save", "✏️ Change", "✖ Cancel"]
    assert await entries(bot) == []

    # A double tap: both presses reach the bot before the first one is handled.
    save = next(data for label, data in card.buttons[0] if label == "✅ Save")
    bot.sandbox.press(SUPPORTER, card.message_id, save)
    bot.sandbox.press(SUPPORTER, card.message_id, save)
    await bot.deliver()
    saved = bot.sandbox.messages(SUPPORTER)[-1]
    assert saved.text.startswith("✅ Saved: 1 h 30 min · home visit · today (Thu 26 Nov).")
    assert "This month so far: 1 h 30 min recorded." in saved.text
    stored = await entries(bot)
    assert [(e.minutes, e.activity, e.day) for e in stored] == [(90, "visit", TODAY)]


async def test_one_card_saved_by_two_bot_instances_at_once_counts_once(bot, cast):
    # Two instances (webhook behind a load balancer) get the same ✅ Save: both find
    # nothing saved yet; the second insert waits for the first and then stands aside.
    async with bot.services.sessions() as first, bot.services.sessions() as second:
        saves = []
        for session in (first, second):
            person = await people.person_by_telegram_id(session, SUPPORTER)
            saves.append(
                functools.partial(
                    hours_service.save_entry,
                    session,
                    person,
                    minutes=90,
                    activity="visit",
                    day=TODAY,
                    today=TODAY,
                    now=bot.clock(),
                    source_key="msg:77",
                )
            )
        entry, created = await saves[0]()
        waiting = asyncio.create_task(saves[1]())
        await asyncio.sleep(0.2)  # the second instance is now at its insert
        await first.commit()
        again, created_again = await asyncio.wait_for(waiting, 10)
        await second.commit()
    assert (created, created_again) == (True, False)
    assert again.id == entry.id
    assert [(e.minutes, e.source_key) for e in await entries(bot)] == [(90, "msg:77")]


async def test_free_cantonese_entry(bot, cast):
    await set_language(bot, SUPPORTER, "yue")
    replies = await bot.say(SUPPORTER, "琴日電話 45 分鐘")
    assert replies[0].text == "記錄 45 分鐘 · 電話聯絡 · 琴日 11月25日（星期三）？"
    await bot.press(SUPPORTER, "✅ 儲存")
    assert [(e.minutes, e.activity, e.day) for e in await entries(bot)] == [
        (45, "phone", dt.date(2026, 11, 25))
    ]


async def test_entry_without_activity_asks_for_it(bot, cast):
    replies = await bot.say(SUPPORTER, "2h")
    assert replies[0].text == "2 h. What kind of work was it?"
    replies = await bot.press(SUPPORTER, "supervision")
    assert replies[0].text == "Log 2 h · supervision · today (Thu 26 Nov)?"
    await bot.press(SUPPORTER, "✅ Save")
    assert [(e.minutes, e.activity) for e in await entries(bot)] == [(120, "supervision")]


async def test_questions_about_hours_go_to_the_library(bot, cast):
    replies = await bot.say(SUPPORTER, "how do I log 2 hours of training?")
    assert not replies[0].text.startswith("Log ")
    assert replies[0].button_labels[-1] == "None of these"


async def test_menu_buttons_end_on_the_same_save_card(bot, cast):
    menu = await bot.say(SUPPORTER, "🕒 Log hours")
    assert menu[0].button_labels[:4] == ["30 min", "1 h", "1 h 30 min", "2 h"]
    await bot.press(SUPPORTER, "1 h")
    await bot.press(SUPPORTER, "home visit")
    card = await bot.press(SUPPORTER, "Yesterday")
    assert card[0].text == "Log 1 h · home visit · yesterday (Wed 25 Nov)?"
    assert await entries(bot) == []  # nothing is saved at the day tap
    saved = await bot.press(SUPPORTER, "✅ Save")
    assert saved[0].text.startswith("✅ Saved: 1 h · home visit · yesterday (Wed 25 Nov).")
    assert [(e.minutes, e.day) for e in await entries(bot)] == [(60, dt.date(2026, 11, 25))]


async def test_other_time_is_typed(bot, cast):
    await bot.say(SUPPORTER, "/log")
    await bot.press(SUPPORTER, "Other time…")
    replies = await bot.say(SUPPORTER, "2h15 group")
    assert replies[0].text == "Log 2 h 15 min · group activity · today (Thu 26 Nov)?"


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("/log 0h visit", "That comes to no time at all"),
        ("/log -2h visit", "Time can't be less than zero."),
        ("/log 25h visit", "One entry can't be more than 24 hours."),
        ("/log tomorrow 2h visit", "That day hasn't come yet."),
        ("/log 1h 2h visit", "I found more than one time or day in that."),
        ("/log visit", "I couldn't find how long it was."),
        ("/log 2h visit 1/9", "That is more than 31 days ago"),
        ("/log 2h visit 31/2", "I couldn't read that date."),
    ],
)
async def test_rejections_are_specific_and_store_nothing(bot, cast, text, answer):
    replies = await bot.say(SUPPORTER, text)
    assert answer in replies[0].text
    assert await entries(bot) == []


async def test_day_total_over_24_hours_is_refused(bot, cast):
    await add_entry(bot, cast.supporter.id, TODAY, 20 * 60)
    await bot.say(SUPPORTER, "/log 5h visit")
    replies = await bot.press(SUPPORTER, "✅ Save")
    assert (
        replies[0].text
        == "That would make more than 24 hours on Thu 26 Nov. Could you check the time?"
    )
    assert len(await entries(bot)) == 1


async def test_cancel_saves_nothing(bot, cast):
    await bot.say(SUPPORTER, "/log 2h visit")
    replies = await bot.press(SUPPORTER, "✖ Cancel")
    assert replies[0].text == "OK, nothing was changed."
    assert await entries(bot) == []


async def test_the_record_is_neutral_and_complete(bot, cast):
    await add_entry(bot, cast.supporter.id, dt.date(2026, 11, 3), 120, "visit")
    await add_entry(bot, cast.supporter.id, dt.date(2026, 11, 20), 45, "phone")
    await add_entry(bot, cast.supporter.id, dt.date(2026, 10, 30), 60, "group")
    text = (await bot.say(SUPPORTER, "/hours"))[0]
    assert text.text.startswith(
        "This month: 2 h 45 min recorded.\nYour centre plans about 16 h a month."
    )
    assert "• home visit: 2 h" in text.text and "• phone call: 45 min" in text.text
    for forbidden in ("behind", "target", "only", "streak", "must"):
        assert forbidden not in text.text.lower()
    assert "✏️ 45 min · phone call · Fri 20 Nov" in text.button_labels
    assert "◀ October 2026" in text.button_labels
    october = await bot.press(SUPPORTER, "◀ October 2026")
    assert october[0].text.startswith("October 2026: 1 h recorded.")


async def test_remove_an_entry_from_the_record(bot, cast):
    await add_entry(bot, cast.supporter.id, dt.date(2026, 11, 20), 45, "phone")
    await bot.say(SUPPORTER, "/hours")
    replies = await bot.press(SUPPORTER, "🗑 45 min · phone call · Fri 20 Nov")
    assert replies[0].text.startswith("Remove this entry?")
    await bot.press(SUPPORTER, "🗑 Yes, remove it")
    assert await entries(bot) == []


async def test_correct_an_entry_by_typing_it_again(bot, cast):
    await add_entry(bot, cast.supporter.id, dt.date(2026, 11, 20), 45, "phone")
    await bot.say(SUPPORTER, "/hours")
    await bot.press(SUPPORTER, "✏️ 45 min · phone call · Fri 20 Nov")
    replies = await bot.say(SUPPORTER, "1h visit yesterday")
    assert replies[0].text == "Change this entry to 1 h · home visit · yesterday (Wed 25 Nov)?"
    await bot.press(SUPPORTER, "✅ Save")
    assert [(e.minutes, e.activity, e.day) for e in await entries(bot)] == [
        (60, "visit", dt.date(2026, 11, 25))
    ]


@pytest.fixture
def day_scans(monkeypatch):  # type: ignore[no-untyped-def]
    """How many times typed text was read for hours: every read looks for days first."""
    import bot.domain.hours as domain

    scans: list[str] = []
    find_days = domain._find_days

    def counting(text, today):  # type: ignore[no-untyped-def]
        scans.append("read")
        return find_days(text, today)

    monkeypatch.setattr(domain, "_find_days", counting)
    return scans


async def test_a_plain_typed_entry_is_read_once(bot, cast, day_scans):
    replies = await bot.say(SUPPORTER, "琴日電話 45 分鐘")
    assert replies[0].text == "Log 45 min · phone call · yesterday (Wed 25 Nov)?"
    assert len(day_scans) == 1


async def test_a_typed_correction_is_read_once_and_keeps_its_day(bot, cast, day_scans):
    await add_entry(bot, cast.supporter.id, dt.date(2026, 11, 20), 45, "phone")
    await bot.say(SUPPORTER, "/hours")
    await bot.press(SUPPORTER, "✏️ 45 min · phone call · Fri 20 Nov")
    day_scans.clear()
    replies = await bot.say(SUPPORTER, "1h visit")
    assert replies[0].text == "Change this entry to 1 h · home visit · Fri 20 Nov?"
    assert len(day_scans) == 1


async def test_undo_with_confirmation(bot, cast):
    assert (await bot.say(SUPPORTER, "/undo"))[0].text == "There is nothing to undo."
    await bot.say(SUPPORTER, "/log 30 min phone")
    await bot.press(SUPPORTER, "✅ Save")
    replies = await bot.say(SUPPORTER, "/undo")
    assert replies[0].text == "Remove this entry?\n30 min · phone call · today (Thu 26 Nov)"
    await bot.press(SUPPORTER, "🗑 Yes, remove it")
    assert await entries(bot) == []


async def test_approved_months_are_locked_until_reopened(bot, cast):
    october_id = await add_entry(bot, cast.supporter.id, dt.date(2026, 10, 30), 60, "group")
    team = await bot.say(SOCIAL_WORKER, "/team")
    assert "Waiting for approval for October 2026: 1" in team[0].text
    await bot.press(SOCIAL_WORKER, "✅ Approve October 2026")
    await bot.press(SOCIAL_WORKER, "✅ Approve all without flags (1)")
    await bot.flush()
    told = bot.sandbox.last_bot_message(SUPPORTER)
    assert told.text == (
        "Ms Chan has approved your hours for October 2026. "
        "Thank you for your time with your clients."
    )
    # The supporter can no longer change October, and is told why and whom to ask.
    await bot.say(SUPPORTER, "/log 1h visit 30/10")
    await bot.press(SUPPORTER, "✅ Save")
    assert "October 2026 has been approved by your social worker" in bot.last(SUPPORTER).text
    assert "please message Ms Chan" in bot.last(SUPPORTER).text
    assert [e.id for e in await entries(bot)] == [october_id]

    await bot.press(SOCIAL_WORKER, "🔎 Siu Fong")
    await bot.press(SOCIAL_WORKER, "🔓 Reopen Siu Fong's October 2026")
    await bot.press(SOCIAL_WORKER, "🔓 Yes, reopen")
    await bot.say(SUPPORTER, "/log 1h visit 30/10")
    await bot.press(SUPPORTER, "✅ Save")
    assert len(await entries(bot)) == 2


async def test_client_not_reached_three_times_suggests_the_social_worker(bot, cast):
    for attempt in range(1, 4):
        await bot.say(SUPPORTER, "/log")
        await bot.press(SUPPORTER, "🚪 Client not reached")
        await bot.say(SUPPORTER, "C03")
        replies = await bot.press(SUPPORTER, "🚪 No answer at the door")
        assert replies[0].text.startswith("Noted: C03 could not be reached at 09:30.")
        nudged = "3 times in two weeks" in replies[0].text
        assert nudged == (attempt == 3)
    assert "⚠️ Tell my social worker" in replies[0].button_labels
    async with bot.services.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(ContactAttempt)) == 3


async def test_client_names_and_numbers_are_refused_as_codes(bot, cast):
    await bot.say(SUPPORTER, "/log")
    await bot.press(SUPPORTER, "🚪 Client not reached")
    for text in ("Chan Tai Man", "91234567", "A1234567"):
        replies = await bot.say(SUPPORTER, text)
        assert replies[0].text.startswith("Please send only the client's case code or initials")
    async with bot.services.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(ContactAttempt)) == 0


async def test_team_shows_only_the_unit_and_who_went_quiet(bot, cast):
    other_unit = await add_unit(bot.services, "Island Centre")
    other_worker = await register(
        bot.services,
        telegram_id=OTHER_UNIT_WORKER,
        name="Mr Lee",
        role=Role.SOCIAL_WORKER,
        unit_id=other_unit.id,
    )
    bot.sandbox.add_user(OTHER_UNIT_WORKER, "Mr Lee")
    await register(
        bot.services,
        telegram_id=7001,
        name="Island Supporter",
        role=Role.SUPPORTER,
        unit_id=other_unit.id,
        social_worker_id=other_worker.id,
    )
    await add_entry(bot, cast.supporter.id, dt.date(2026, 11, 2), 60)
    mine = (await bot.say(SOCIAL_WORKER, "/team"))[0].text
    assert "• Siu Fong: 1 h / 16 h · nothing logged for 24 days" in mine
    assert "Island Supporter" not in mine
    theirs = (await bot.say(OTHER_UNIT_WORKER, "/team"))[0].text
    assert "• Island Supporter: 0 / 16 h · joined today" in theirs and "Siu Fong" not in theirs


async def test_roles_and_ownership(bot, cast):
    assert (await bot.say(SUPPORTER, "/team"))[0].text == "Sorry, this part is for social workers."
    assert (await bot.say(SUPPORTER, "/export"))[
        0
    ].text == "Sorry, this part is for social workers."
    assert "not active" not in (await bot.say(SOCIAL_WORKER, "/log 2h visit"))[0].text
    assert await entries(bot) == []
    # Another supporter's entry cannot be removed with forged button data.
    other = await register(
        bot.services,
        telegram_id=7002,
        name="Second",
        role=Role.SUPPORTER,
        unit_id=cast.unit.id,
        social_worker_id=cast.worker.id,
    )
    bot.sandbox.add_user(7002, "Second")
    victim = await add_entry(bot, other.id, TODAY, 60)
    message = (await bot.say(SUPPORTER, "/hours"))[0]
    message.inline_keyboard = [[{"text": "x", "callback_data": f"hrs:rm:{victim}"}]]
    replies = await bot.act(
        SUPPORTER, lambda: bot.sandbox.press(SUPPORTER, message.message_id, f"hrs:rm:{victim}")
    )
    assert replies[-1].text == "That entry is no longer there. Send /hours to see your record."
    assert [e.id for e in await entries(bot)] == [victim]


def checkins_sent(bot) -> list:
    return [
        m
        for m in bot.sandbox.bot_messages(SUPPORTER)
        if (m.text or "").startswith("🕒 Did you do any")
    ]


async def test_evening_checkin_is_off_by_default(bot, cast):
    bot.clock.advance(hours=11)  # 20:30 in Hong Kong
    await bot.tick()
    await bot.flush()
    assert checkins_sent(bot) == []


async def test_evening_checkin_asks_once_and_logs_in_a_few_taps(bot, cast):
    await bot.say(SUPPORTER, "/settings")
    replies = await bot.press(SUPPORTER, "🕗 Turn on the evening check-in")
    assert "🕗 Evening check-in: on, at 20:00 on days with nothing logged" in replies[0].text
    bot.clock.advance(hours=10, minutes=31)  # 20:01 in Hong Kong
    await bot.tick()
    await bot.tick()  # a second tick the same evening asks nothing more
    await bot.flush()
    (question,) = checkins_sent(bot)
    assert question.button_labels[:4] == ["30 min", "1 h", "1 h 30 min", "2 h"]
    await bot.press(SUPPORTER, "1 h", message_id=question.message_id)
    await bot.press(SUPPORTER, "phone call")
    await bot.press(SUPPORTER, "✅ Save")
    assert [(e.minutes, e.activity, e.day) for e in await entries(bot)] == [(60, "phone", TODAY)]


async def test_evening_checkin_skips_days_with_hours_logged(bot, cast):
    await bot.say(SUPPORTER, "/settings")
    await bot.press(SUPPORTER, "🕗 Turn on the evening check-in")
    await add_entry(bot, cast.supporter.id, TODAY, 30)
    bot.clock.advance(hours=11)
    await bot.tick()
    await bot.flush()
    assert checkins_sent(bot) == []
    # The next evening, with nothing logged, it asks.
    bot.clock.advance(days=1)
    await bot.tick()
    await bot.flush()
    assert len(checkins_sent(bot)) == 1


async def test_no_thanks_on_the_checkin(bot, cast):
    await bot.say(SUPPORTER, "/settings")
    await bot.press(SUPPORTER, "🕗 Turn on the evening check-in")
    bot.clock.advance(hours=11)
    await bot.tick()
    await bot.flush()
    replies = await bot.press(SUPPORTER, "No, not today")
    assert replies[0].text == "Thank you for letting me know. Have a restful evening."
    assert await entries(bot) == []
