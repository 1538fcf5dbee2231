"""/settings by buttons: tip time (buttons or typed), days, pause, quiet hours, language."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from bot.handlers.settings import TIP_TIME_FLOW
from bot.services import people
from storage.models import ChatState, Preferences
from tests.harness import start_harness
from tests.seed import SOCIAL_WORKER, SUPPORTER, seed_cast

HK = ZoneInfo("Asia/Hong_Kong")


def hk(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 11, day, hour, minute, tzinfo=HK).astimezone(dt.UTC)


@pytest.fixture
async def cast(bot):
    return await seed_cast(bot.services, bot.sandbox)


async def prefs(bot, cast) -> Preferences:
    async with bot.services.sessions() as session:
        return await session.get(Preferences, cast.supporter.id)


async def state(bot) -> ChatState | None:
    async with bot.services.sessions() as session:
        return await session.get(ChatState, SUPPORTER)


async def test_settings_show_what_is_set_now(bot, cast):
    (home,) = await bot.say(SUPPORTER, "/settings")
    assert home.text.splitlines() == [
        "⚙️ Your settings",
        "",
        "🌱 Daily tip: 09:30, every day",
        "   Next tip: Fri 27 Nov, 09:30",
        "🌙 Quiet hours: off",
        "🕗 Evening check-in: off",
        "🌿 Weekly check-in: off",
        "🌐 Language: English",
    ]
    assert home.button_labels == [
        "🕘 Tip time",
        "📅 Days",
        "⏸ Pause tips",
        "🌙 Quiet hours",
        "🕗 Turn on the evening check-in",
        "🌿 Weekly check-in",
        "🌐 Language",
    ]
    assert len(home.buttons) == 7  # one big button per row
    (again,) = await bot.say(SUPPORTER, "⚙️ Settings")  # the menu button
    assert again.text == home.text


async def test_the_menu_has_a_settings_button(bot, cast):
    replies = await bot.say(SUPPORTER, "/help")
    assert ["⚙️ Settings"] in replies[-1].reply_keyboard


async def test_choosing_a_tip_time_by_button(bot, cast):
    home = (await bot.say(SUPPORTER, "/settings"))[0]
    times = await bot.press(SUPPORTER, "🕘 Tip time", message_id=home.message_id)
    assert times[-1].text == "What time would you like your daily tip? Now: 09:30."
    assert times[-1].button_labels[:6] == [
        "07:30",
        "08:30",
        "✅ 09:30",
        "12:30",
        "18:30",
        "20:30",
    ]
    saved = await bot.press(SUPPORTER, "18:30", message_id=home.message_id)
    assert "🌱 Daily tip: 18:30, every day" in saved[-1].text
    assert "Next tip: Fri 27 Nov, 18:30" in saved[-1].text
    assert bot.sandbox.callback_answers[-1].text == "Done — your daily tip will come at 18:30."
    assert (await prefs(bot, cast)).next_tip_at == hk(27, 18, 30)


async def test_typing_a_tip_time(bot, cast):
    home = (await bot.say(SUPPORTER, "/settings"))[0]
    await bot.press(SUPPORTER, "🕘 Tip time", message_id=home.message_id)
    prompt = await bot.press(SUPPORTER, "⌨️ Type another time", message_id=home.message_id)
    assert prompt[-1].text.startswith("Please type the time you would like")
    assert (await state(bot)).flow == TIP_TIME_FLOW
    replies = await bot.say(SUPPORTER, "9pm")
    assert replies[0].text == "Done — your daily tip will come at 21:00."
    assert "🌱 Daily tip: 21:00, every day" in replies[1].text
    assert (await state(bot)) is None
    assert (await prefs(bot, cast)).tip_time == "21:00"
    # Afterwards, free text is a question for the library again.
    answer = await bot.say(SUPPORTER, "what do I say to a bereaved client")
    assert "Done" not in answer[-1].text


async def test_a_time_off_the_clock_is_asked_for_again_kindly(bot, cast):
    home = (await bot.say(SUPPORTER, "/settings"))[0]
    await bot.press(SUPPORTER, "🕘 Tip time", message_id=home.message_id)
    await bot.press(SUPPORTER, "⌨️ Type another time", message_id=home.message_id)
    (again,) = await bot.say(SUPPORTER, "25:00")
    assert again.text == (
        "That time isn't on the clock: hours go from 0 to 23 and minutes from 0 to 59. "
        "Please type it like 9:30 or 21:00, or send /cancel to stop."
    )
    (again,) = await bot.say(SUPPORTER, "soon")
    assert again.text.startswith("Sorry, I couldn't read that as a time.")
    assert (await prefs(bot, cast)).tip_time == "09:30"
    done = (await bot.say(SUPPORTER, "0730"))[0]
    assert done.text == "Done — your daily tip will come at 07:30."


async def test_the_re_ask_speaks_cantonese(bot, cast):
    async with bot.services.sessions() as session:
        person = await people.person_by_telegram_id(session, SUPPORTER)
        person.language = "yue"
        await session.commit()
    home = (await bot.say(SUPPORTER, "/settings"))[0]
    assert home.text.startswith("⚙️ 你嘅設定")
    await bot.press(SUPPORTER, "🕘 小貼士時間", message_id=home.message_id)
    await bot.press(SUPPORTER, "⌨️ 自己打時間", message_id=home.message_id)
    (again,) = await bot.say(SUPPORTER, "25:00")
    assert again.text.startswith("鐘面冇呢個時間")
    replies = await bot.say(SUPPORTER, "晚上九點半")
    assert replies[0].text == "好 — 你嘅每日小貼士會喺 夜晚9:30 嚟。"


async def test_giving_up_after_three_tries_and_cancel(bot, cast):
    home = (await bot.say(SUPPORTER, "/settings"))[0]
    await bot.press(SUPPORTER, "🕘 Tip time", message_id=home.message_id)
    await bot.press(SUPPORTER, "⌨️ Type another time", message_id=home.message_id)
    await bot.say(SUPPORTER, "later")
    await bot.say(SUPPORTER, "tonight")
    (last,) = await bot.say(SUPPORTER, "whenever")
    assert last.text.startswith("Let's leave it for now — your tip time is still 09:30.")
    assert await state(bot) is None

    home = (await bot.say(SUPPORTER, "/settings"))[0]
    await bot.press(SUPPORTER, "🕘 Tip time", message_id=home.message_id)
    await bot.press(SUPPORTER, "⌨️ Type another time", message_id=home.message_id)
    assert (await bot.say(SUPPORTER, "/cancel"))[0].text == "OK, cancelled. Nothing was saved."
    assert await state(bot) is None


async def test_text_long_after_the_prompt_is_a_question_again(bot, cast):
    home = (await bot.say(SUPPORTER, "/settings"))[0]
    await bot.press(SUPPORTER, "🕘 Tip time", message_id=home.message_id)
    await bot.press(SUPPORTER, "⌨️ Type another time", message_id=home.message_id)
    bot.clock.advance(hours=2)
    answer = await bot.say(SUPPORTER, "what do I say to a bereaved client")
    assert answer[-1].text.startswith("First visit since")
    assert await state(bot) is None


async def test_a_half_typed_time_survives_a_restart(bot, cast, settings, clock, library, catalogs):
    home = (await bot.say(SUPPORTER, "/settings"))[0]
    await bot.press(SUPPORTER, "🕘 Tip time", message_id=home.message_id)
    await bot.press(SUPPORTER, "⌨️ Type another time", message_id=home.message_id)
    async with start_harness(settings, clock, library, catalogs) as restarted:
        restarted.sandbox.add_user(SUPPORTER, "Siu Fong")
        replies = await restarted.say(SUPPORTER, "8:15")
    assert replies[0].text == "Done — your daily tip will come at 08:15."


async def test_days_by_toggling(bot, cast):
    home = (await bot.say(SUPPORTER, "/settings"))[0]
    days = await bot.press(SUPPORTER, "📅 Days", message_id=home.message_id)
    assert days[-1].button_labels[:7] == [
        "✅ Mon",
        "✅ Tue",
        "✅ Wed",
        "✅ Thu",
        "✅ Fri",
        "✅ Sat",
        "✅ Sun",
    ]
    await bot.press(SUPPORTER, "✅ Sat", message_id=home.message_id)
    days = await bot.press(SUPPORTER, "✅ Sun", message_id=home.message_id)
    assert "Now: Monday to Friday." in days[-1].text
    assert "▫️ Sun" in days[-1].button_labels
    assert (await prefs(bot, cast)).tip_days == 0b0011111
    for label in ("✅ Mon", "✅ Tue", "✅ Wed", "✅ Thu"):
        await bot.press(SUPPORTER, label, message_id=home.message_id)
    await bot.press(SUPPORTER, "✅ Fri", message_id=home.message_id)  # the last one stays
    assert bot.sandbox.callback_answers[-1].show_alert
    assert (await prefs(bot, cast)).tip_days == 0b0010000
    back = await bot.press(SUPPORTER, "Every day", message_id=home.message_id)
    assert "Now: every day." in back[-1].text


async def test_pause_and_resume_by_button(bot, cast):
    home = (await bot.say(SUPPORTER, "/settings"))[0]
    paused = await bot.press(SUPPORTER, "⏸ Pause tips", message_id=home.message_id)
    assert "🌱 Daily tip: paused" in paused[-1].text
    assert "▶️ Resume tips" in paused[-1].button_labels
    assert (await prefs(bot, cast)).next_tip_at is None
    resumed = await bot.press(SUPPORTER, "▶️ Resume tips", message_id=home.message_id)
    assert "🌱 Daily tip: 09:30, every day" in resumed[-1].text
    assert (await prefs(bot, cast)).next_tip_at == hk(27, 9, 30)


async def test_quiet_hours_presets_and_off(bot, cast):
    home = (await bot.say(SUPPORTER, "/settings"))[0]
    await bot.press(SUPPORTER, "🕘 Tip time", message_id=home.message_id)
    await bot.press(SUPPORTER, "07:30", message_id=home.message_id)
    quiet = await bot.press(SUPPORTER, "🌙 Quiet hours", message_id=home.message_id)
    assert quiet[-1].text.endswith("Now: off.")
    saved = await bot.press(SUPPORTER, "21:00–08:00", message_id=home.message_id)
    assert "🌙 Quiet hours: 21:00–08:00" in saved[-1].text
    assert "That is inside your quiet hours, so it comes at 08:00 instead." in saved[-1].text
    assert (await prefs(bot, cast)).next_tip_at == hk(27, 8, 0)
    await bot.press(SUPPORTER, "🌙 Quiet hours", message_id=home.message_id)
    off = await bot.press(SUPPORTER, "🔔 No quiet hours", message_id=home.message_id)
    assert "🌙 Quiet hours: off" in off[-1].text
    assert (await prefs(bot, cast)).next_tip_at == hk(27, 7, 30)


async def test_language_from_settings(bot, cast):
    home = (await bot.say(SUPPORTER, "/settings"))[0]
    choice = await bot.press(SUPPORTER, "🌐 Language", message_id=home.message_id)
    assert choice[-1].button_labels == ["English", "廣東話"]
    await bot.press(SUPPORTER, "廣東話", message_id=home.message_id)
    (home,) = await bot.say(SUPPORTER, "/settings")
    assert "🌐 語言：廣東話" in home.text


async def test_staff_only_set_their_language(bot, cast):
    (home,) = await bot.say(SOCIAL_WORKER, "/settings")
    assert home.button_labels == ["🌐 Language"]
    assert "Daily tip" not in home.text
