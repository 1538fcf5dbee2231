"""Joining by invite, and what strangers, deactivated people and staff see."""

import asyncio
import datetime as dt
import json
import os
import subprocess
import sys

import pytest
from sqlalchemy import func, select

from bot.domain.invites import hash_code
from bot.services import people
from storage.models import Invite, Person, Role
from tests.seed import (
    ADMIN,
    OTHER_UNIT_WORKER,
    SOCIAL_WORKER,
    STRANGER,
    SUPPORTER,
    add_unit,
    register,
    seed_cast,
)

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
    (greeting,) = await bot.say(6001, f"/start {code}")
    # Telegram said zh-hk: the greeting is Cantonese, Cantonese is preselected (and saved),
    # and English is offered in English.
    assert greeting.text.startswith("Lai Wah，歡迎嚟到「同行」！")
    assert "Would you rather read English? Tap “English” below." in greeting.text
    assert greeting.button_labels == ["✅ 廣東話", "English"]
    async with bot.services.sessions() as session:
        person = await people.person_by_telegram_id(session, 6001)
        invite = await session.scalar(select(Invite).where(Invite.code_hash == hash_code(code)))
    assert person.role == Role.SUPPORTER and person.language == "yue"
    assert person.unit_id == cast.unit.id and person.social_worker_id == cast.worker.id
    assert invite.used_by_id == person.id and invite.used_at is not None
    edited, welcome = await bot.press(6001, "✅ 廣東話")
    assert edited.text == "好，由而家開始我會同你講廣東話。" and edited.button_labels == []
    assert "你嘅社工係Ms Chan" in welcome.text
    assert ["📚 溫習"] in welcome.reply_keyboard


async def test_english_telegram_still_sees_both_languages_and_gets_cantonese_after_choosing(
    bot, cast
):
    """Telegram has no official Chinese interface: many Cantonese speakers report English."""
    code = await _invite(bot, cast)
    bot.sandbox.add_user(6001, "Lai Wah", language_code="en")
    (greeting,) = await bot.say(6001, f"/start {code}")
    assert greeting.text.splitlines()[0] == "Welcome to Tung Hang, Lai Wah! 👋"
    assert "Unless you choose the other one, I'll write in English." in greeting.text
    assert greeting.text.endswith("想睇廣東話？請㩒下面「廣東話」。")
    assert greeting.button_labels == ["廣東話", "✅ English"]  # one a row: big buttons
    assert [len(row) for row in greeting.buttons] == [1, 1]
    edited, welcome = await bot.press(6001, "廣東話")
    assert edited.text == "好，由而家開始我會同你講廣東話。"
    assert welcome.text.startswith("Lai Wah，歡迎嚟到「同行」！未到督導")
    assert ["📚 溫習"] in welcome.reply_keyboard
    async with bot.services.sessions() as session:
        person = await people.person_by_telegram_id(session, 6001)
    assert person.language == "yue"
    (help_text,) = await bot.say(6001, "/help")
    assert help_text.text.startswith("我可以幫你做呢啲嘢：")
    # What the bot sends on its own follows the choice too: the first daily tip.
    await bot.tick()  # schedules it for tomorrow morning
    bot.clock.advance(days=1)
    await bot.tick()
    await bot.flush()
    tip = bot.last(6001)
    assert "💬 可以噉講：" in tip.text and "You could say" not in tip.text
    # Changeable any time: /language (or ⚙️ Settings → language).
    await bot.say(6001, "/language")
    await bot.press(6001, "English")
    async with bot.services.sessions() as session:
        assert (await people.person_by_telegram_id(session, 6001)).language == "en"


async def test_the_telegram_language_is_saved_at_joining_even_without_a_tap(bot, cast):
    for telegram_id, code_lang, saved in (
        (6001, "zh-hant", "yue"),
        (6002, "yue", "yue"),
        (6003, "zh-TW", "yue"),
        (6004, "en-GB", "en"),
        (6005, None, "en"),
    ):
        code = await _invite(bot, cast)
        bot.sandbox.add_user(telegram_id, "Newcomer", language_code=code_lang)
        await bot.say(telegram_id, f"/start {code}")
        async with bot.services.sessions() as session:
            person = await people.person_by_telegram_id(session, telegram_id)
        assert person.language == saved, code_lang


async def test_someone_who_joined_before_languages_were_saved_gets_theirs_on_next_message(
    bot, cast
):
    async with bot.services.sessions() as session:
        person = await people.person_by_telegram_id(session, SUPPORTER)
        person.language = None
        await session.commit()
    bot.sandbox.add_user(SUPPORTER, "Siu Fong", language_code="zh-hk")
    (reply,) = await bot.say(SUPPORTER, "/help")
    assert reply.text.startswith("我可以幫你做呢啲嘢：")
    async with bot.services.sessions() as session:
        assert (await people.person_by_telegram_id(session, SUPPORTER)).language == "yue"


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


async def _count_invites(bot) -> int:
    async with bot.services.sessions() as session:
        return await session.scalar(select(func.count()).select_from(Invite))


def _code(text: str) -> str:
    return text.split("start=")[1].split()[0]


async def test_social_worker_invites_a_supporter_by_name_and_is_told_when_they_join(bot, cast):
    before = await _count_invites(bot)
    (prompt,) = await bot.say(SOCIAL_WORKER, "/invite")
    assert prompt.text.startswith("✉️ Who is the new supporter? Please type their name")
    assert await _count_invites(bot) == before
    (created,) = await bot.say(SOCIAL_WORKER, "  Chan   Siu Ying ")
    assert created.text.startswith("Here is an invite link for Chan Siu Ying.")
    assert "https://t.me/TungHangBot?start=" in created.text
    assert "Thu 10 Dec" in created.text  # 14 days from Thu 26 Nov, Hong Kong time
    assert "I'll tell you when they join" in created.text
    async with bot.services.sessions() as session:
        invite = await session.scalar(select(Invite).order_by(Invite.id.desc()))
    assert (invite.invitee_name, invite.role) == ("Chan Siu Ying", Role.SUPPORTER)
    assert invite.expires_at - invite.created_at == dt.timedelta(days=14)
    bot.sandbox.add_user(6003, "🌸 Ying", language_code="en")
    await bot.say(6003, f"/start {_code(created.text)}")
    async with bot.services.sessions() as session:
        newcomer = await people.person_by_telegram_id(session, 6003)
    assert newcomer.social_worker_id == cast.worker.id and newcomer.role == Role.SUPPORTER
    # The centre's name for them, not their Telegram nickname.
    assert newcomer.display_name == "Chan Siu Ying"
    await bot.flush()
    notice = bot.last(SOCIAL_WORKER)
    assert notice.text.splitlines() == [
        "👋 Chan Siu Ying has joined Tung Hang as your supporter.",
        "Their name on Telegram: 🌸 Ying",
        "Their daily refresher tips start tomorrow.",
        "/invites shows who has joined and who is still to join.",
    ]
    assert notice.button_labels == ["💬 Contact Chan Siu Ying"]
    (contact,) = await bot.press(SOCIAL_WORKER, "💬 Contact Chan Siu Ying")
    assert contact.text == "Contact Chan Siu Ying:"


async def test_a_name_can_come_with_the_command(bot, cast):
    (created,) = await bot.say(SOCIAL_WORKER, "/invite 陳小芳")
    assert created.text.startswith("Here is an invite link for 陳小芳.")
    async with bot.services.sessions() as session:
        newest = await session.scalar(select(Invite).order_by(Invite.id.desc()))
    assert newest.invitee_name == "陳小芳"


@pytest.mark.parametrize(
    "bad", ["A123456(7)", "May 9123 4567", "x" * 61, "12345", "what do I say when she cries?"]
)
async def test_a_bad_name_is_asked_again_and_creates_nothing(bot, cast, bad):
    before = await _count_invites(bot)
    await bot.say(SOCIAL_WORKER, "/invite")
    (reply,) = await bot.say(SOCIAL_WORKER, bad)
    assert reply.text.startswith("Sorry, that doesn't look like a name.")
    assert await _count_invites(bot) == before
    (created,) = await bot.say(SOCIAL_WORKER, "Ah Ying")  # still in the step: a second try
    assert created.text.startswith("Here is an invite link for Ah Ying.")
    assert await _count_invites(bot) == before + 1


async def test_cancel_leaves_the_invite_step(bot, cast):
    before = await _count_invites(bot)
    await bot.say(SOCIAL_WORKER, "/invite")
    await bot.say(SOCIAL_WORKER, "/cancel")
    await bot.say(SOCIAL_WORKER, "what do I say to a bereaved client")
    assert await _count_invites(bot) == before


async def test_the_invite_menu_button_works_in_cantonese(bot, cast):
    await bot.say(SOCIAL_WORKER, "/language")
    await bot.press(SOCIAL_WORKER, "廣東話")
    (prompt,) = await bot.say(SOCIAL_WORKER, "✉️ 邀請支援者")
    assert prompt.text.startswith("✉️ 新支援者叫咩名？")
    (created,) = await bot.say(SOCIAL_WORKER, "陳小芳")
    assert created.text.startswith("呢條係畀陳小芳嘅邀請連結") and "start=" in created.text
    # She hears about the join in Cantonese too, through the outbox.
    bot.sandbox.add_user(6003, "Siu Fong Chan", language_code="en")
    await bot.say(6003, f"/start {_code(created.text)}")
    await bot.flush()
    assert bot.last(SOCIAL_WORKER).text.splitlines()[:2] == [
        "👋 陳小芳已經加入咗「同行」，係你嘅支援者。",
        "佢喺 Telegram 嘅名：Siu Fong Chan",
    ]


async def test_a_staff_invite_from_the_command_line_tells_the_units_admins(bot, cast):
    admin = await register(
        bot.services, telegram_id=ADMIN, name="Mr Ho", role=Role.ADMIN, unit_id=cast.unit.id
    )
    bot.sandbox.add_user(ADMIN, "Mr Ho", language_code="en")
    async with bot.services.sessions() as session:
        created = await people.create_invite(
            session,
            role=Role.SOCIAL_WORKER,
            unit_id=cast.unit.id,
            now=bot.clock(),
            days_valid=14,
            invitee_name="Ms Lam",
        )
        await session.commit()
    bot.sandbox.add_user(6010, "Lam", language_code="en")
    await bot.say(6010, f"/start {created.code}")
    await bot.flush()
    assert bot.last(ADMIN).text.splitlines()[0] == (
        "👋 Ms Lam has joined Tung Hang as social worker in Kowloon Centre."
    )
    assert admin.id != cast.worker.id
    assert bot.sandbox.bot_messages(SOCIAL_WORKER) == []  # not hers to hear about


async def _expired_and_joined(bot, cast) -> None:
    """Ms Chan's invites: one joined (Lai Wah), one expired (Ah Ming), one waiting (Ah Ying)."""
    for name in ("Lai Wah", "Ah Ming"):
        await bot.say(SOCIAL_WORKER, f"/invite {name}")
    bot.clock.advance(days=3)
    joined = _code(bot.sandbox.bot_messages(SOCIAL_WORKER)[0].text)
    bot.sandbox.add_user(6001, "Wah", language_code="en")
    await bot.say(6001, f"/start {joined}")
    await bot.flush()  # Ms Chan hears that Lai Wah joined
    bot.clock.advance(days=12)  # Ah Ming's link is 15 days old now
    await bot.say(SOCIAL_WORKER, "/invite Ah Ying")


async def test_invites_lists_waiting_expired_and_joined(bot, cast):
    await _expired_and_joined(bot, cast)
    (listing,) = await bot.say(SOCIAL_WORKER, "/invites")
    assert listing.text.splitlines() == [
        "✉️ Invites: 1 waiting, 1 expired, 2 joined",
        "",
        "⏳ Ah Ying · supporter · link valid until Fri 25 Dec",
        "⌛ Ah Ming · supporter · expired Thu 10 Dec",
        "✅ Lai Wah · supporter · joined Sun 29 Nov",
        "✅ Siu Fong · supporter · joined Thu 26 Nov",  # seeded without a name: as she joined
    ]
    assert listing.button_labels == ["✉️ New link for Ah Ming"]
    (renewed,) = await bot.press(SOCIAL_WORKER, "✉️ New link for Ah Ming")
    assert renewed.text.startswith("Here is an invite link for Ah Ming.")
    bot.sandbox.add_user(6002, "Ming", language_code="en")
    await bot.say(6002, f"/start {_code(renewed.text)}")
    await bot.flush()
    async with bot.services.sessions() as session:
        ming = await people.person_by_telegram_id(session, 6002)
    assert (ming.display_name, ming.social_worker_id) == ("Ah Ming", cast.worker.id)
    (listing,) = await bot.say(SOCIAL_WORKER, "/invites")
    assert listing.text.splitlines()[0] == "✉️ Invites: 1 waiting, 0 expired, 3 joined"


async def test_invites_in_cantonese_and_in_pages_that_fit_a_phone_screen(bot, cast):
    for name in "甲乙丙丁戊己庚辛壬癸子":
        await bot.say(SOCIAL_WORKER, f"/invite 阿{name}")
    for lang in ("en", "yue"):
        async with bot.services.sessions() as session:
            worker = await people.person_by_telegram_id(session, SOCIAL_WORKER)
            worker.language = lang
            await session.commit()
        (first,) = await bot.say(SOCIAL_WORKER, "/invites")
        first_text, first_buttons = first.text, first.button_labels  # edited in place next
        assert len(first_text.splitlines()) <= 15
        (second,) = await bot.press(SOCIAL_WORKER, first_buttons[-1])
        assert len(second.text.splitlines()) <= 15
        shown = first_text.splitlines() + second.text.splitlines()
        assert sum(line.startswith("⏳ ") for line in shown) == 11
        assert sum(line.startswith("✅ ") for line in shown) == 1  # Siu Fong, seeded
    assert first_text.startswith("✉️ 邀請：11個等緊、0個過咗期、1個已加入")
    assert "第1頁，共2頁" in first_text and first_buttons == ["下一頁 ▶"]
    assert second.button_labels == ["◀ 上一頁"]


async def test_invites_are_for_staff_and_a_forged_renewal_changes_nothing(bot, cast):
    await _expired_and_joined(bot, cast)
    (refused,) = await bot.say(SUPPORTER, "/invites")
    assert refused.text == "Sorry, this part is for social workers."
    other = await add_unit(bot.services, "Tsuen Wan Centre")
    await register(
        bot.services,
        telegram_id=OTHER_UNIT_WORKER,
        name="Ms Wong",
        role=Role.SOCIAL_WORKER,
        unit_id=other.id,
    )
    bot.sandbox.add_user(OTHER_UNIT_WORKER, "Ms Wong", language_code="en")
    (theirs,) = await bot.say(OTHER_UNIT_WORKER, "/invites")
    assert theirs.text.startswith("✉️ No invites yet.")
    before = await _count_invites(bot)
    async with bot.services.sessions() as session:
        expired = await session.scalar(select(Invite).where(Invite.invitee_name == "Ah Ming"))
        waiting = await session.scalar(select(Invite).where(Invite.invitee_name == "Ah Ying"))
    for data in (f"inv:new:{expired.id}", "inv:new:99999999999999", "inv:new:x", "inv:p:-1"):
        theirs.inline_keyboard = [[{"text": "x", "callback_data": data}]]
        bot.sandbox.press(OTHER_UNIT_WORKER, theirs.message_id, data)
        await bot.deliver()
    # Her own waiting invite can't be "renewed" either: only an expired one.
    listing = bot.last(SOCIAL_WORKER)
    listing.inline_keyboard = [[{"text": "x", "callback_data": f"inv:new:{waiting.id}"}]]
    bot.sandbox.press(SOCIAL_WORKER, listing.message_id, f"inv:new:{waiting.id}")
    await bot.deliver()
    assert await _count_invites(bot) == before
    assert bot.sandbox.callback_answers[-1].text == (
        "Sorry, that button has expired. Send /invites again."
    )


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


async def _cli(bot, *args: str) -> subprocess.CompletedProcess[str]:
    """`tunghang admin …` in a process of its own, on the test database."""
    env = {
        **os.environ,
        "DATABASE_URL": bot.services.settings.database_url,
        "TELEGRAM_BOT_USERNAME": "TungHangBot",
    }
    return await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "bot", "admin", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


async def test_admin_cli_invites_by_name_and_lists_every_invite(bot, cast):
    # The command line reads the real clock: invites made relative to it.
    now = dt.datetime.now(dt.UTC)
    async with bot.services.sessions() as session:
        for name, made_at in (("Ah Ming", now - dt.timedelta(days=20)), ("Ah Ying", now)):
            await people.create_invite(
                session,
                role=Role.SUPPORTER,
                unit_id=cast.unit.id,
                social_worker_id=cast.worker.id,
                now=made_at,
                days_valid=14,
                invitee_name=name,
            )
        joined = await people.create_invite(
            session,
            role=Role.SUPPORTER,
            unit_id=cast.unit.id,
            social_worker_id=cast.worker.id,
            now=now - dt.timedelta(days=2),
            days_valid=14,
            invitee_name="Lai Wah",
        )
        await people.redeem_invite(
            session, joined.code, people.TelegramIdentity(6001, "Wah"), now - dt.timedelta(days=1)
        )
        await session.commit()
    made = await _cli(
        bot, "invite", "--role", "social_worker", "--unit", str(cast.unit.id),
        "--name", "Ms Lam", "--json",
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    assert json.loads(made.stdout)["name"] == "Ms Lam"
    listed = await _cli(bot, "invites", "--unit", str(cast.unit.id), "--json")
    assert listed.returncode == 0, listed.stderr
    rows = json.loads(listed.stdout)["invites"]
    assert [(r["status"], r["name"], r["role"]) for r in rows] == [
        ("pending", "Ah Ying", "supporter"),
        ("pending", "Ms Lam", "social_worker"),
        ("expired", "Ah Ming", "supporter"),
        ("used", "Lai Wah", "supporter"),
        ("used", None, "social_worker"),  # the seeded cast's, made without names
        ("used", None, "supporter"),
    ]
    assert rows[3]["used_at"].endswith("+08:00")  # local time, with the offset
    assert rows[3]["person_id"] is not None
    text = await _cli(bot, "invites")
    assert text.returncode == 0 and "expired" in text.stdout and "Ah Ming" in text.stdout


async def test_admin_cli_refuses_a_bad_name_and_creates_nothing(bot, cast):
    before = await _count_invites(bot)
    result = await _cli(
        bot, "invite", "--role", "admin", "--unit", str(cast.unit.id), "--name", "A123456(7)",
        "--json",
    )  # fmt: skip
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert json.loads(result.stdout)["error"].startswith("the name must be 1-60 characters")
    assert await _count_invites(bot) == before


async def test_the_name_on_an_unused_invite_is_forgotten_a_month_after_it_expired(bot, cast):
    await _expired_and_joined(bot, cast)  # Ah Ming's expired on 10 Dec
    # It expired on 10 Dec at 01:30 UTC (09:30 in Hong Kong).
    bot.clock.now = dt.datetime(2027, 1, 9, 1, 0, tzinfo=dt.UTC)  # not quite 30 days
    await bot.tick()
    (listing,) = await bot.say(SOCIAL_WORKER, "/invites")
    assert "⌛ Ah Ming · supporter · expired Thu 10 Dec" in listing.text
    bot.clock.now = dt.datetime(2027, 1, 9, 2, 0, tzinfo=dt.UTC)
    await bot.tick()
    async with bot.services.sessions() as session:
        names = {i.invitee_name for i in await session.scalars(select(Invite))}
    assert "Ah Ming" not in names and {"Lai Wah", "Ah Ying"} <= names  # others: kept
    (listing,) = await bot.say(SOCIAL_WORKER, "/invites")
    assert "Ah Ming" not in listing.text and "(no name)" not in listing.text
    assert "⌛ Ah Ying · supporter · expired Fri 25 Dec" in listing.text


async def test_a_forged_language_button_changes_nothing(bot, cast):
    message = (await bot.say(SUPPORTER, "/help"))[0]
    for data in ("lang:fr:first", "lang:xx:first", "lang::first"):
        message.inline_keyboard = [[{"text": "x", "callback_data": data}]]
        bot.sandbox.press(SUPPORTER, message.message_id, data)
        await bot.deliver()
    async with bot.services.sessions() as session:
        assert (await people.person_by_telegram_id(session, SUPPORTER)).language == "en"
    assert bot.last(SUPPORTER).text.startswith("Here is what I can do:")  # nothing new said
