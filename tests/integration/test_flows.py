"""Flows never trap a person: a command or a clearly different message parks a half-finished
flow with a one-line note; its command brings it back for 24 hours; nothing typed is lost."""

import pytest
from sqlalchemy import func, select

from bot.services import peer as peer_service
from storage.models import Flag, Person, Role
from tests.seed import SUPPORTER, add_unit, register, seed_cast

YUE_SUPPORTER = 3001
MENTOR = 4001


@pytest.fixture
async def cast(bot):
    return await seed_cast(bot.services, bot.sandbox)


async def _flag_count(bot) -> int:
    async with bot.services.sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(Flag)))


def _texts(messages) -> str:
    return "\n".join(m.text or "" for m in messages)


async def test_a_command_parks_the_concern_and_flag_resumes_it(bot, cast):
    await bot.say(SUPPORTER, "/flag")
    await bot.press(SUPPORTER, "Risk of suicide or self-harm")
    await bot.press(SUPPORTER, "Needs action today")
    replies = await bot.say(SUPPORTER, "/hours")
    assert replies[0].text == "I've put your unfinished concern aside — /flag to continue."
    assert "This month" in _texts(replies[1:])  # /hours itself still answered
    # What they type now is not taken as the client code of the parked concern.
    await bot.say(SUPPORTER, "C03")
    assert await _flag_count(bot) == 0

    replies = await bot.say(SUPPORTER, "/flag")
    assert "Here is where you left off." in _texts(replies)
    assert "case code" in _texts(replies)  # the step it stopped at, not the first one
    await bot.say(SUPPORTER, "C03")
    await bot.press(SUPPORTER, "Skip")
    review = _texts(await bot.say(SUPPORTER, "/flag"))  # in the flow: shows where they are
    assert "C03" in review and "suicide" in review
    await bot.press(SUPPORTER, "📨 Send")
    assert await _flag_count(bot) == 1


async def test_typed_steps_of_the_concern_take_what_is_typed(bot, cast):
    await bot.say(SUPPORTER, "/flag")
    await bot.press(SUPPORTER, "Risk of suicide or self-harm")
    await bot.press(SUPPORTER, "Needs action today")
    await bot.say(SUPPORTER, "C03")
    replies = await bot.say(SUPPORTER, "She asked me what the point of anything is?")
    text = _texts(replies)
    assert "aside" not in text
    assert "She asked me what the point of anything is?" in text  # the review quotes it


async def test_the_case_code_typed_again_at_the_review_keeps_the_concern(bot, cast):
    """A slow bot and an anxious supporter: C03 sent three times. The concern is not put
    aside; the review comes again with its 📨 Send at the bottom of the chat."""
    await bot.say(SUPPORTER, "/flag")
    await bot.press(SUPPORTER, "Risk of suicide or self-harm")
    await bot.press(SUPPORTER, "Needs action today")
    for _ in range(3):
        replies = await bot.say(SUPPORTER, "C03")
    assert "aside" not in _texts(replies)
    assert "📨 Send" in replies[-1].button_labels
    await bot.press(SUPPORTER, "📨 Send")
    assert await _flag_count(bot) == 1


async def test_a_question_at_a_button_step_is_answered_and_the_flow_waits(bot, cast):
    await bot.say(SUPPORTER, "/flag")
    await bot.press(SUPPORTER, "Risk of suicide or self-harm")
    replies = await bot.say(SUPPORTER, "How do I talk to a client whose wife died?")
    assert replies[0].text == "I've put your unfinished concern aside — /flag to continue."
    assert len(replies) > 1 and "Please use the buttons" not in _texts(replies)
    replies = await bot.say(SUPPORTER, "⚠️ Tell my social worker")  # the menu button resumes too
    assert "Needs action today" in [label for m in replies for label in m.button_labels]


async def test_a_parked_concern_waits_24_hours_then_starts_afresh(bot, cast, clock):
    await bot.say(SUPPORTER, "/flag")
    await bot.press(SUPPORTER, "Risk of suicide or self-harm")
    await bot.say(SUPPORTER, "/hours")
    clock.advance(hours=25)
    replies = await bot.say(SUPPORTER, "/flag")
    assert "left off" not in _texts(replies)
    assert "Risk of suicide or self-harm" in [label for m in replies for label in m.button_labels]


async def test_a_parked_question_for_a_senior_keeps_its_text(bot, cast):
    kam = await register(
        bot.services,
        telegram_id=MENTOR,
        name="Ah Kam",
        role=Role.SUPPORTER,
        unit_id=cast.unit.id,
        social_worker_id=cast.worker.id,
    )
    bot.sandbox.add_user(MENTOR, "Ah Kam", language_code="en")
    async with bot.services.sessions() as session:
        fresh = await session.get(Person, kam.id)
        await peer_service.set_mentor(session, fresh, True, fresh, bot.clock())
        await session.commit()
    await bot.say(SUPPORTER, "/askpeer")
    await bot.say(SUPPORTER, "My client only nods and never talks. How do I start?")
    replies = await bot.say(SUPPORTER, "/hours")
    assert replies[0].text == (
        "I've put your unfinished question for a senior supporter aside — /askpeer to continue."
    )
    replies = await bot.say(SUPPORTER, "/askpeer")
    assert "My client only nods and never talks" in _texts(replies)


async def test_cantonese_speaker_gets_the_note_in_cantonese(bot, cast):
    unit = await add_unit(bot.services, "Sham Shui Po Centre")
    worker = await register(
        bot.services, telegram_id=3002, name="陳姑娘", role=Role.SOCIAL_WORKER, unit_id=unit.id
    )
    await register(
        bot.services,
        telegram_id=YUE_SUPPORTER,
        name="阿芳",
        role=Role.SUPPORTER,
        unit_id=unit.id,
        social_worker_id=worker.id,
        language="yue",
    )
    bot.sandbox.add_user(YUE_SUPPORTER, "阿芳", language_code="zh-hk")
    await bot.say(YUE_SUPPORTER, "/flag")
    await bot.press(YUE_SUPPORTER, "有自殺或者自殘風險")
    replies = await bot.say(YUE_SUPPORTER, "/hours")
    assert replies[0].text == "我將你未寫完嘅關注事項放埋一邊先——㩒 /flag 就可以繼續。"
    replies = await bot.say(YUE_SUPPORTER, "/flag")
    assert "今日要處理" in [label for m in replies for label in m.button_labels]


async def test_reading_help_leaves_the_flow_where_it_is(bot, cast):
    await bot.say(SUPPORTER, "/flag")
    await bot.press(SUPPORTER, "Risk of suicide or self-harm")
    await bot.press(SUPPORTER, "Needs action today")
    assert "aside" not in _texts(await bot.say(SUPPORTER, "/help"))
    await bot.say(SUPPORTER, "C03")  # still the answer to "which client?"
    replies = await bot.say(SUPPORTER, "She sounded very low")
    assert "C03" in _texts(replies)


async def test_cancel_ends_the_flow_without_a_note(bot, cast):
    await bot.say(SUPPORTER, "/flag")
    replies = await bot.say(SUPPORTER, "/cancel")
    assert "aside" not in _texts(replies)
    replies = await bot.say(SUPPORTER, "/flag")
    assert "left off" not in _texts(replies)


async def test_the_same_command_again_starts_afresh_without_a_note(bot, cast):
    await bot.say(SUPPORTER, "/log 1.5h visit")
    replies = await bot.say(SUPPORTER, "/log 2h phone")
    assert "aside" not in _texts(replies)
    assert replies[-1].text.startswith("Log 2 h")
