"""Joining by invite, and what strangers, deactivated people and staff see."""

import datetime as dt

import pytest
from sqlalchemy import func, select

from bot.domain.invites import hash_code
from bot.services import people
from storage.models import Invite, Person, Role
from tests.seed import SOCIAL_WORKER, STRANGER, SUPPORTER, seed_cast

INVITE_EN = "Please ask your social worker for an invite link."
INVITE_YUE = "請你問你嘅社工攞邀請連結。"


@pytest.fixture
async def cast(bot):
    return await seed_cast(bot.services, bot.sandbox)


async def _count_people(bot) -> int:
    async with bot.services.sessions() as session:
        return await session.scalar(select(func.count()).select_from(Person))


async def _invite(bot, cast, **overrides) -> str:
    async with bot.services.sessions() as session:
        created = await people.create_invite(
            session,
            role=overrides.get("role", Role.SUPPORTER),
            unit_id=cast.unit.id,
            social_worker_id=overrides.get("social_worker_id", cast.worker.id),
            now=overrides.get("now", bot.clock()),
            days_valid=14,
        )
        await session.commit()
        return created.code


@pytest.mark.parametrize(
    "text", ["/start", "hello", "/help", "個伯伯老婆走咗點同佢傾", "/start not-a-real-code-123"]
)
async def test_strangers_only_get_the_invite_message(bot, cast, text):
    before = await _count_people(bot)
    replies = await bot.say(STRANGER, text)
    assert len(replies) == 1
    assert INVITE_EN in replies[0].text or "don't recognise" in replies[0].text
    assert INVITE_YUE in replies[0].text or "認唔到" in replies[0].text
    assert replies[0].reply_keyboard is None or replies[0].reply_keyboard == []
    assert await _count_people(bot) == before


async def test_invite_link_registers_a_supporter_with_their_social_worker(bot, cast):
    code = await _invite(bot, cast)
    bot.sandbox.add_user(6001, "Lai Wah", language_code="zh-hk")
    replies = await bot.say(6001, f"/start {code}")
    assert len(replies) == 1
    welcome = replies[0]
    assert "Lai Wah" in welcome.text and "Ms Chan" in welcome.text
    assert "歡迎" in welcome.text  # Telegram said zh-hk, so Cantonese
    assert ["📚 溫習"] in welcome.reply_keyboard
    async with bot.services.sessions() as session:
        person = await people.person_by_telegram_id(session, 6001)
        invite = await session.scalar(select(Invite).where(Invite.code_hash == hash_code(code)))
    assert person.role == Role.SUPPORTER
    assert person.unit_id == cast.unit.id and person.social_worker_id == cast.worker.id
    assert invite.used_by_id == person.id and invite.used_at is not None


async def test_a_code_works_once(bot, cast):
    code = await _invite(bot, cast)
    bot.sandbox.add_user(6001, "First", language_code="en")
    bot.sandbox.add_user(6002, "Second", language_code="en")
    await bot.say(6001, f"/start {code}")
    before = await _count_people(bot)
    replies = await bot.say(6002, f"/start {code}")
    assert "already been used" in replies[0].text
    assert "已經用過" in replies[0].text
    assert await _count_people(bot) == before


async def test_an_expired_code_is_refused(bot, cast):
    code = await _invite(bot, cast)
    bot.clock.advance(days=14, seconds=1)
    bot.sandbox.add_user(6001, "Late", language_code="en")
    replies = await bot.say(6001, f"/start {code}")
    assert "expired" in replies[0].text
    async with bot.services.sessions() as session:
        assert await people.person_by_telegram_id(session, 6001) is None


async def test_codes_are_stored_only_as_hashes(bot, cast):
    code = await _invite(bot, cast)
    async with bot.services.sessions() as session:
        hashes = (await session.scalars(select(Invite.code_hash))).all()
    assert code not in hashes and hash_code(code) in hashes


async def test_second_start_welcomes_back_without_changes(bot, cast):
    replies = await bot.say(SUPPORTER, "/start")
    assert replies[0].text == "Welcome back, Siu Fong. What would you like to do?"
    assert await _count_people(bot) == 2


async def test_deactivated_people_are_told_kindly(bot, cast):
    async with bot.services.sessions() as session:
        person = await people.person_by_telegram_id(session, SUPPORTER)
        await people.deactivate(session, person, bot.clock())
        await session.commit()
    for text in ("/start", "/help", "what do I say to a bereaved client"):
        replies = await bot.say(SUPPORTER, text)
        assert len(replies) == 1
        assert "not active any more" in replies[0].text


async def test_social_worker_invites_a_supporter_in_chat(bot, cast):
    replies = await bot.say(SOCIAL_WORKER, "/invite")
    text = replies[0].text
    assert "https://t.me/TungHangBot?start=" in text
    assert "Thu 10 Dec" in text  # 14 days from Thu 26 Nov, Hong Kong time
    code = text.split("start=")[1].split()[0]
    bot.sandbox.add_user(6003, "Newcomer", language_code="en")
    await bot.say(6003, f"/start {code}")
    async with bot.services.sessions() as session:
        newcomer = await people.person_by_telegram_id(session, 6003)
    assert newcomer.social_worker_id == cast.worker.id and newcomer.role == Role.SUPPORTER


async def test_the_invite_menu_button_works_in_cantonese(bot, cast):
    await bot.say(SOCIAL_WORKER, "/language")
    await bot.press(SOCIAL_WORKER, "廣東話")
    replies = await bot.say(SOCIAL_WORKER, "✉️ 邀請支援者")
    assert "邀請連結" in replies[0].text and "start=" in replies[0].text


async def test_supporters_cannot_create_invites(bot, cast):
    async with bot.services.sessions() as session:
        before = await session.scalar(select(func.count()).select_from(Invite))
    replies = await bot.say(SUPPORTER, "/invite")
    assert replies[0].text == "Sorry, this part is for social workers."
    async with bot.services.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(Invite)) == before


async def test_invite_rules(bot, cast):
    async with bot.services.sessions() as session:
        with pytest.raises(people.OnboardingError) as caught:
            await people.create_invite(
                session, role=Role.SUPPORTER, unit_id=cast.unit.id, now=bot.clock(), days_valid=14
            )
        assert caught.value.reason == "no_social_worker"
        with pytest.raises(people.OnboardingError):
            await people.create_invite(
                session, role="chief", unit_id=cast.unit.id, now=bot.clock(), days_valid=14
            )
        with pytest.raises(people.OnboardingError):
            await people.create_invite(
                session, role=Role.ADMIN, unit_id=999, now=bot.clock(), days_valid=14
            )


async def test_expiry_uses_the_configured_days(bot, cast):
    replies = await bot.say(SOCIAL_WORKER, "/invite")
    code = replies[0].text.split("start=")[1].split()[0]
    async with bot.services.sessions() as session:
        invite = await session.scalar(select(Invite).where(Invite.code_hash == hash_code(code)))
    assert invite.expires_at - invite.created_at == dt.timedelta(days=14)
