"""Help, language, cancel, and kind answers to anything the bot can't use."""

import pytest
from sqlalchemy import func, select

from bot.services import people
from storage.models import ChatState, Person
from tests.seed import SOCIAL_WORKER, SUPPORTER, seed_cast


@pytest.fixture
async def cast(bot):
    return await seed_cast(bot.services, bot.sandbox)


async def test_help_is_role_specific(bot, cast):
    supporter_help = (await bot.say(SUPPORTER, "/help"))[0].text
    worker_help = (await bot.say(SOCIAL_WORKER, "/help"))[0].text
    assert "/invite" not in supporter_help
    assert "/invite" in worker_help
    for text in (supporter_help, worker_help):
        assert "999" in text and "Refreshers" in text


async def test_switching_to_cantonese_and_back(bot, cast):
    replies = await bot.say(SUPPORTER, "/language")
    assert replies[0].text == "Which language would you like?"
    assert [label for row in replies[0].buttons for label, _ in row] == ["English", "廣東話"]

    replies = await bot.press(SUPPORTER, "廣東話")
    assert any("廣東話" in m.text for m in replies)
    menu = [m for m in replies if m.reply_keyboard]
    assert menu and ["📚 溫習"] in menu[-1].reply_keyboard
    help_text = (await bot.say(SUPPORTER, "/help"))[0].text
    assert "溫習" in help_text and "Refreshers" not in help_text
    async with bot.services.sessions() as session:
        assert (await people.person_by_telegram_id(session, SUPPORTER)).language == "yue"

    await bot.say(SUPPORTER, "🌐 語言")
    replies = await bot.press(SUPPORTER, "English")
    assert any("English" in m.text for m in replies)
    assert "Here is what I can do:" in (await bot.say(SUPPORTER, "❓ Help"))[0].text


async def test_stored_choice_beats_telegram_language(bot, cast):
    async with bot.services.sessions() as session:
        (await people.person_by_telegram_id(session, SUPPORTER)).language = None
        await session.commit()
    bot.sandbox.add_user(SUPPORTER, "Siu Fong", language_code="zh-hk")
    assert "我可以幫你做呢啲嘢" in (await bot.say(SUPPORTER, "/help"))[0].text
    async with bot.services.sessions() as session:
        person = await people.person_by_telegram_id(session, SUPPORTER)
        person.language = "en"
        await session.commit()
    assert "Here is what I can do:" in (await bot.say(SUPPORTER, "/help"))[0].text


async def test_unknown_command(bot, cast):
    replies = await bot.say(SUPPORTER, "/dance")
    assert replies[0].text == "Sorry, I don't know that command. Tap a button below, or send /help."


async def test_unknown_command_in_cantonese(bot, cast):
    async with bot.services.sessions() as session:
        (await people.person_by_telegram_id(session, SUPPORTER)).language = "yue"
        await session.commit()
    replies = await bot.say(SUPPORTER, "/dance")
    assert "唔識呢個指令" in replies[0].text


@pytest.mark.parametrize("kind", ["sticker", "photo", "voice"])
async def test_non_text_gets_a_kind_answer(bot, cast, kind):
    send = getattr(bot.sandbox, "send_photo_from_user" if kind == "photo" else f"send_{kind}")
    replies = await bot.act(SUPPORTER, lambda: send(SUPPORTER))
    assert len(replies) == 1
    assert "I can only read text messages" in replies[0].text


async def test_edited_messages_are_not_acted_on_twice(bot, cast):
    await bot.say(SUPPORTER, "/help")
    user_message = [m for m in bot.sandbox.messages(SUPPORTER) if not m.from_bot][-1]
    replies = await bot.act(
        SUPPORTER,
        lambda: bot.sandbox.edit_user_message(SUPPORTER, user_message.message_id, "/language"),
    )
    assert len(replies) == 1 and "only read new messages" in replies[0].text


async def test_cancel_with_and_without_a_flow(bot, cast):
    assert (await bot.say(SUPPORTER, "/cancel"))[0].text == "There is nothing to cancel."
    async with bot.services.sessions() as session:
        session.add(
            ChatState(telegram_user_id=SUPPORTER, flow="demo", data={}, updated_at=bot.clock())
        )
        await session.commit()
    assert (await bot.say(SUPPORTER, "/cancel"))[0].text == "OK, cancelled. Nothing was saved."
    async with bot.services.sessions() as session:
        assert await session.get(ChatState, SUPPORTER) is None


async def test_groups_are_left_politely(bot, cast):
    bot.sandbox.add_to_group(-100123, "Supporters chat", SUPPORTER, text="/help")
    await bot.deliver()
    assert -100123 in bot.sandbox.left_chats
    sent = [m for m in bot.sandbox.messages(-100123) if m.from_bot]
    assert sent and all("only work in private chats" in m.text for m in sent)
    assert not [m for m in bot.sandbox.messages(SUPPORTER) if m.from_bot]
    async with bot.services.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(Person)) == 2


async def test_a_failing_handler_apologises_and_keeps_going(bot, cast, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("bot.handlers.common.render_help", broken)
    replies = await bot.say(SUPPORTER, "/help")
    assert replies[-1].text.startswith("Sorry, something went wrong on my side.")
    monkeypatch.undo()
    assert "Here is what I can do:" in (await bot.say(SUPPORTER, "/help"))[0].text


async def test_very_long_text_is_answered_kindly(bot, cast):
    # Read whole, never refused as "too long" (the safety net checks all of it first).
    replies = await bot.say(SUPPORTER, "請問 " * 400)
    assert replies[0].text.startswith("Thank you for writing all of this — I've read all of it.")
