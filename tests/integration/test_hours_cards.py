"""Hours cards: an entry is changed, never copied; one card, one outcome; questions
before unusual saves."""

import datetime as dt

import pytest

from bot.services import hours as hours_service
from tests.integration.test_hours import TODAY, add_entry, entries, set_language
from tests.seed import SOCIAL_WORKER, SUPPORTER, seed_cast

YESTERDAY = TODAY - dt.timedelta(days=1)


@pytest.fixture
async def cast(bot):
    return await seed_cast(bot.services, bot.sandbox)


async def edit_first_entry(bot) -> list:
    """/hours, then the ✏️ of the newest entry."""
    record = (await bot.say(SUPPORTER, "/hours"))[0]
    data = next(d for row in record.buttons for label, d in row if label.startswith("✏️"))
    return await bot.act(SUPPORTER, lambda: bot.sandbox.press(SUPPORTER, record.message_id, data))


def rows(stored):
    return [(e.minutes, e.activity, e.day) for e in stored]


# --- an entry is changed, never copied -------------------------------------------------


async def test_typed_duration_then_activity_changes_the_same_entry_and_keeps_its_day(bot, cast):
    await bot.say(SUPPORTER, "/log 45 min phone yesterday")
    await bot.press(SUPPORTER, "✅ Save")
    prompt = await edit_first_entry(bot)
    assert prompt[-1].text.startswith("Changing 45 min · phone call · yesterday (Wed 25 Nov).")
    picker = await bot.say(SUPPORTER, "1h")
    assert picker[0].text == "1 h. What kind of work was it?"
    card = await bot.press(SUPPORTER, "phone call")
    assert card[0].text == "Change this entry to 1 h · phone call · yesterday (Wed 25 Nov)?"
    done = await bot.press(SUPPORTER, "✅ Save")
    assert done[0].text.startswith(
        "✅ Changed: 45 min · phone call · yesterday (Wed 25 Nov) → "
        "1 h · phone call · yesterday (Wed 25 Nov)."
    )
    assert rows(await entries(bot)) == [(60, "phone", YESTERDAY)]


async def test_activity_button_changes_the_same_entry(bot, cast):
    await add_entry(bot, cast.supporter.id, dt.date(2026, 11, 20), 90, "visit")
    await edit_first_entry(bot)
    await bot.press(SUPPORTER, "🏷 Kind of work")
    card = await bot.press(SUPPORTER, "supervision")
    assert card[0].text == "Change this entry to 1 h 30 min · supervision · Fri 20 Nov?"
    await bot.press(SUPPORTER, "✅ Save")
    assert rows(await entries(bot)) == [(90, "supervision", dt.date(2026, 11, 20))]


async def test_day_button_changes_the_same_entry(bot, cast):
    await add_entry(bot, cast.supporter.id, dt.date(2026, 11, 20), 30, "phone")
    await edit_first_entry(bot)
    await bot.press(SUPPORTER, "📅 Day")
    card = await bot.press(SUPPORTER, "Yesterday")
    assert card[0].text == "Change this entry to 30 min · phone call · yesterday (Wed 25 Nov)?"
    done = await bot.press(SUPPORTER, "✅ Save")
    assert "Fri 20 Nov → 30 min · phone call · yesterday (Wed 25 Nov)" in done[0].text
    assert rows(await entries(bot)) == [(30, "phone", YESTERDAY)]


async def test_a_correction_after_a_mistake_is_still_a_correction(bot, cast):
    await add_entry(bot, cast.supporter.id, dt.date(2026, 11, 20), 45, "phone")
    await edit_first_entry(bot)
    mistake = await bot.say(SUPPORTER, "visit")
    assert mistake[0].text.startswith("I couldn't find how long it was.")
    card = await bot.say(SUPPORTER, "2h visit")
    assert card[0].text == "Change this entry to 2 h · home visit · Fri 20 Nov?"
    await bot.press(SUPPORTER, "✏️ Change")
    card = await bot.say(SUPPORTER, "2h15 visit")
    assert card[0].text == "Change this entry to 2 h 15 min · home visit · Fri 20 Nov?"
    await bot.press(SUPPORTER, "✅ Save")
    assert rows(await entries(bot)) == [(135, "visit", dt.date(2026, 11, 20))]


async def test_cantonese_correction_changes_the_same_entry(bot, cast):
    await set_language(bot, SUPPORTER, "yue")
    await bot.say(SUPPORTER, "琴日電話 45 分鐘")
    await bot.press(SUPPORTER, "✅ 儲存")
    await edit_first_entry(bot)
    await bot.say(SUPPORTER, "1個鐘")
    card = await bot.press(SUPPORTER, "電話聯絡")
    assert card[0].text.startswith("將呢筆紀錄改做 1 小時 · 電話聯絡 · 琴日")
    done = await bot.press(SUPPORTER, "✅ 儲存")
    assert done[0].text.startswith("✅ 已更改：45 分鐘 · 電話聯絡")
    assert rows(await entries(bot)) == [(60, "phone", YESTERDAY)]


# --- one card, one outcome -------------------------------------------------------------


async def test_cancel_retires_an_unsaved_card(bot, cast):
    card = (await bot.say(SUPPORTER, "/log 2h visit"))[0]
    replies = await bot.say(SUPPORTER, "/cancel")
    assert replies[0].text == "OK, cancelled. Nothing was saved."
    await bot.press(SUPPORTER, "✅ Save", message_id=card.message_id)
    assert bot.sandbox.callback_answers[-1].text == "That card was cancelled — nothing saved."
    assert await entries(bot) == []


async def test_a_new_card_retires_the_older_one(bot, cast):
    old = (await bot.say(SUPPORTER, "/log 2h visit"))[0]
    new = (await bot.say(SUPPORTER, "/log 1h phone"))[0]
    await bot.press(SUPPORTER, "✅ Save", message_id=old.message_id)
    assert bot.sandbox.callback_answers[-1].text == "That card was cancelled — nothing saved."
    await bot.press(SUPPORTER, "✅ Save", message_id=new.message_id)
    assert rows(await entries(bot)) == [(60, "phone", TODAY)]


async def test_a_card_put_aside_by_another_command_still_saves(bot, cast):
    """/log, then a look at /hours (which puts the card aside), then ✅ Save on the card:
    the person meant to save it, so it is saved, once."""
    card = (await bot.say(SUPPORTER, "/log 2h visit"))[0]
    data = next(d for row in card.buttons for label, d in row if label == "✅ Save")
    await bot.say(SUPPORTER, "/hours")
    saved = await bot.press(SUPPORTER, "✅ Save", message_id=card.message_id)
    assert saved[-1].text.startswith("✅ Saved")
    assert rows(await entries(bot)) == [(120, "visit", TODAY)]
    assert not any(d == data for row in saved[-1].buttons for _, d in row)  # one outcome


async def test_a_card_times_out(bot, cast):
    await bot.say(SUPPORTER, "🕒 Log hours")
    await bot.press(SUPPORTER, "1 h")
    bot.clock.advance(minutes=31)
    await bot.press(SUPPORTER, "home visit")
    assert bot.sandbox.callback_answers[-1].text == "That card was cancelled — nothing saved."
    assert await entries(bot) == []


async def test_cantonese_cancelled_card(bot, cast):
    await set_language(bot, SUPPORTER, "yue")
    card = (await bot.say(SUPPORTER, "/log 2個鐘 探訪"))[0]
    await bot.say(SUPPORTER, "/cancel")
    await bot.press(SUPPORTER, "✅ 儲存", message_id=card.message_id)
    assert bot.sandbox.callback_answers[-1].text == "呢張卡已經取消咗，冇儲存任何嘢。"
    assert await entries(bot) == []


@pytest.mark.parametrize(("answer", "count"), [("➕ Yes, add another", 2), ("No", 1)])
async def test_the_same_entry_twice_in_ten_minutes_is_asked(bot, cast, answer, count):
    await bot.say(SUPPORTER, "/log 1h visit")
    await bot.press(SUPPORTER, "✅ Save")
    bot.clock.advance(minutes=5)
    await bot.say(SUPPORTER, "/log 1 hour home visit")
    asked = await bot.press(SUPPORTER, "✅ Save")
    assert asked[0].text.startswith("You logged this already — add another?")
    assert len(await entries(bot)) == 1
    await bot.press(SUPPORTER, answer)
    assert len(await entries(bot)) == count


async def test_the_same_entry_later_is_not_asked(bot, cast):
    await bot.say(SUPPORTER, "/log 1h visit")
    await bot.press(SUPPORTER, "✅ Save")
    bot.clock.advance(minutes=11)
    await bot.say(SUPPORTER, "/log 1h visit")
    saved = await bot.press(SUPPORTER, "✅ Save")
    assert saved[0].text.startswith("✅ Saved:")
    assert len(await entries(bot)) == 2


async def test_a_very_long_entry_is_asked_before_saving(bot, cast):
    await bot.say(SUPPORTER, "/log 23h visit")
    asked = await bot.press(SUPPORTER, "✅ Save")
    assert asked[0].text.startswith("Are you sure: 23 h?")
    assert asked[0].button_labels == ["Yes, it's right", "No"]
    assert await entries(bot) == []
    await bot.press(SUPPORTER, "Yes, it's right")
    assert rows(await entries(bot)) == [(23 * 60, "visit", TODAY)]


async def test_a_very_long_day_is_asked_in_cantonese(bot, cast):
    await set_language(bot, SUPPORTER, "yue")
    await add_entry(bot, cast.supporter.id, TODAY, 10 * 60)
    await bot.say(SUPPORTER, "/log 7個鐘 探訪")
    asked = await bot.press(SUPPORTER, "✅ 儲存")
    assert asked[0].text.startswith("你肯定嗎：") and "17 小時" in asked[0].text
    await bot.press(SUPPORTER, "唔係")
    assert len(await entries(bot)) == 1


# --- days: understood or asked, never guessed ------------------------------------------


@pytest.mark.parametrize(
    ("lang", "text", "card"),
    [
        ("en", "/log 2 days ago 1h visit", "Log 1 h · home visit · Tue 24 Nov?"),
        ("en", "/log last Tuesday 45 min phone", "Log 45 min · phone call · Tue 24 Nov?"),
        ("en", "/log 25 Nov 2h group", "Log 2 h · group activity · yesterday (Wed 25 Nov)?"),
        ("yue", "三日前探訪2個鐘", "記錄 2 小時 · 家訪 · 11月23日（星期一）？"),
        ("yue", "前晚電話半個鐘", "記錄 30 分鐘 · 電話聯絡 · 11月24日（星期二）？"),
    ],
)
async def test_relative_days_are_understood(bot, cast, lang, text, card):
    await set_language(bot, SUPPORTER, lang)
    replies = await bot.say(SUPPORTER, text)
    assert replies[0].text == card


@pytest.mark.parametrize(
    ("lang", "text", "answer"),
    [
        ("en", "/log last week 2h visit", "Which day was it? A week, a month or a year"),
        ("en", "/log next week 2h visit", "That day hasn't come yet."),
        ("yue", "上個月探訪2個鐘", "係邊一日呢？"),
        ("yue", "/log 下年 探訪2個鐘", "嗰日仲未到。"),
        ("yue", "負兩個鐘", "時間唔可以少過零。"),
    ],
)
async def test_days_that_cannot_be_pinned_are_asked_not_guessed(bot, cast, lang, text, answer):
    await set_language(bot, SUPPORTER, lang)
    replies = await bot.say(SUPPORTER, text)
    assert replies[0].text.startswith(answer)
    assert replies[0].button_labels == []
    assert await entries(bot) == []


# --- escorting to appointments ---------------------------------------------------------


async def test_escorting_is_an_activity_in_both_languages_and_in_the_export(bot, cast):
    await set_language(bot, SUPPORTER, "yue")
    card = await bot.say(SUPPORTER, "琴日陪診3個鐘")
    assert card[0].text == "記錄 3 小時 · 陪診 · 琴日 11月25日（星期三）？"
    await bot.press(SUPPORTER, "✅ 儲存")
    await set_language(bot, SUPPORTER, "en")
    await bot.say(SUPPORTER, "🕒 Log hours")
    await bot.press(SUPPORTER, "1 h")
    picker = bot.last(SUPPORTER)
    assert "escort to appointment" in picker.button_labels
    await bot.press(SUPPORTER, "escort to appointment")
    await bot.press(SUPPORTER, "Today")
    await bot.press(SUPPORTER, "✅ Save")
    assert rows(await entries(bot)) == [(180, "escort", YESTERDAY), (60, "escort", TODAY)]
    replies = await bot.say(SOCIAL_WORKER, "/export 2026-11")
    entries_csv = next(r for r in replies if r.document.filename.endswith("entries.csv"))
    csv_rows = entries_csv.document.data.decode("utf-8-sig").splitlines()
    assert any(",escort to appointment,180," in line for line in csv_rows)


# --- readable lists --------------------------------------------------------------------


async def test_record_buttons_tell_entries_apart(bot, cast):
    monday = dt.date(2026, 11, 23)
    for _ in range(3):
        await add_entry(bot, cast.supporter.id, monday, 90, "visit")
        bot.clock.advance(minutes=7)
    await add_entry(bot, cast.supporter.id, monday, 90, "phone")
    record = (await bot.say(SUPPORTER, "/hours"))[0]
    edits = [label for label in record.button_labels if label.startswith("✏️")]
    deletes = [label for label in record.button_labels if label.startswith("🗑")]
    assert len(set(edits)) == len(edits) == 4 and len(set(deletes)) == 4
    assert "✏️ 1 h 30 min · phone call · Mon 23 Nov" in edits
    assert "✏️ 1 h 30 min · home visit · Mon 23 Nov · logged 09:44" in edits
    assert "✏️ 1 h 30 min · home visit · Mon 23 Nov · logged 09:30" in edits


async def test_cantonese_days_have_no_nested_brackets(bot, cast):
    await set_language(bot, SUPPORTER, "yue")
    for text in ("今日探訪1個鐘", "琴日探訪1個鐘", "三日前探訪1個鐘"):
        card = (await bot.say(SUPPORTER, text))[0].text
        assert card.count("（") == card.count("）") == 1, card
        assert "（星期" in card


async def test_export_caption_counts_in_words(bot, cast):
    await add_entry(bot, cast.supporter.id, dt.date(2026, 10, 3), 90, "escort")
    replies = await bot.say(SOCIAL_WORKER, "/export 2026-10")
    assert replies[0].caption == "October 2026: 1 entry from 1 supporter, 1 h 30 min in all."


async def test_a_change_in_an_approved_month_is_refused_with_the_reason(bot, cast):
    await add_entry(bot, cast.supporter.id, dt.date(2026, 11, 20), 45, "phone")
    record = (await bot.say(SUPPORTER, "/hours"))[0]
    async with bot.services.sessions() as session:
        worker = await session.get(type(cast.worker), cast.worker.id)
        await hours_service.approve_month(
            session, worker, cast.supporter.id, "2026-11", bot.clock()
        )
        await session.commit()
    data = next(d for row in record.buttons for label, d in row if label.startswith("✏️"))
    replies = await bot.act(
        SUPPORTER, lambda: bot.sandbox.press(SUPPORTER, record.message_id, data)
    )
    assert replies[-1].text.startswith(
        "November 2026 has been approved by your social worker, so its entries are locked."
    )
    assert rows(await entries(bot)) == [(45, "phone", dt.date(2026, 11, 20))]


async def test_the_same_entry_twice_is_asked_in_cantonese(bot, cast):
    await set_language(bot, SUPPORTER, "yue")
    await bot.say(SUPPORTER, "琴日陪診3個鐘")
    await bot.press(SUPPORTER, "✅ 儲存")
    await bot.say(SUPPORTER, "琴日陪診三個鐘")
    asked = await bot.press(SUPPORTER, "✅ 儲存")
    assert asked[0].text.startswith("你啱啱已經記低咗呢項 — 要唔要再加多一項？")
    await bot.press(SUPPORTER, "➕ 係，再加一項")
    assert rows(await entries(bot)) == [(180, "escort", YESTERDAY)] * 2
