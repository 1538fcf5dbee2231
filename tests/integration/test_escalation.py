"""Flag a concern and make sure a social worker owns it: alerts, acks, the ladder, audit."""

import pytest
from sqlalchemy import select

from bot.services import people
from storage.models import ChatState, Flag, FlagEvent, Role, Unit
from tests.seed import ADMIN, SOCIAL_WORKER, SUPPORTER, register, seed_cast

BACKUP = 1002


@pytest.fixture
async def cast(bot):
    cast = await seed_cast(bot.services, bot.sandbox)
    backup = await register(
        bot.services,
        telegram_id=BACKUP,
        name="Mr Ho",
        role=Role.SOCIAL_WORKER,
        unit_id=cast.unit.id,
    )
    admin = await register(
        bot.services, telegram_id=ADMIN, name="Dr Wong", role=Role.ADMIN, unit_id=cast.unit.id
    )
    bot.sandbox.add_user(BACKUP, "Mr Ho")
    bot.sandbox.add_user(ADMIN, "Dr Wong")
    async with bot.services.sessions() as session:
        unit = await session.get(Unit, cast.unit.id)
        unit.backup_social_worker_id = backup.id
        unit.supervisor_id = admin.id
        await session.commit()
    return cast


async def raise_flag(
    bot,
    *,
    urgency="Needs action today",
    code="C03",
    description="She said she has no reason to go on.",
):
    await bot.say(SUPPORTER, "/flag")
    await bot.press(SUPPORTER, "Risk of suicide or self-harm")
    await bot.press(SUPPORTER, urgency)
    await bot.say(SUPPORTER, code)
    if description is None:
        await bot.press(SUPPORTER, "Skip")
    else:
        await bot.say(SUPPORTER, description)
    sent = await bot.press(SUPPORTER, "📨 Send")
    # Let the alerts go out before a test moves the clock: a send still in flight when the
    # clock jumps past its lease would be claimed again (by design: at most one duplicate).
    await bot.flush()
    return sent


async def flags(bot) -> list[Flag]:
    async with bot.services.sessions() as session:
        return list(await session.scalars(select(Flag).order_by(Flag.id)))


async def events(bot, flag_id: int) -> list[str]:
    async with bot.services.sessions() as session:
        rows = await session.scalars(
            select(FlagEvent).where(FlagEvent.flag_id == flag_id).order_by(FlagEvent.id)
        )
        return [e.kind for e in rows]


def alerts_to(bot, chat_id: int) -> list:
    return [
        m
        for m in bot.sandbox.bot_messages(chat_id)
        if "#1" in (m.text or "") and "✅ I'm on it" in m.button_labels
    ]


async def test_the_guided_flow_sends_only_after_commit(bot, cast):
    replies = await bot.say(SUPPORTER, "⚠️ Tell my social worker")
    assert replies[0].text.startswith("⚠️ Report a concern to your social worker.")
    assert "Risk of suicide or self-harm" in replies[0].button_labels
    await bot.press(SUPPORTER, "Risk of suicide or self-harm")
    await bot.press(SUPPORTER, "Needs action today")
    await bot.say(SUPPORTER, "C03")
    safety, review = await bot.say(SUPPORTER, "She said she has no reason to go on.")
    # The description is checked for risk like anything typed: 999 first, no second button
    # to the social worker (this flow is that), then the review.
    assert safety.text.startswith("If anyone is in danger right now, call 999 first.")
    assert safety.button_labels == []
    assert "Client: C03" in review.text and "It goes to Ms Chan." in review.text
    assert await flags(bot) == []  # nothing stored before Send
    sent = await bot.press(SUPPORTER, "📨 Send")
    assert sent[0].text.startswith("Sent to Ms Chan (concern #1).")
    (flag,) = await flags(bot)
    assert (flag.category, flag.urgency, flag.client_code, flag.status) == (
        "suicide_self_harm",
        "today",
        "C03",
        "open",
    )
    await bot.flush()
    (alert,) = alerts_to(bot, SOCIAL_WORKER)
    assert "From: Siu Fong" in alert.text and "Client: C03" in alert.text
    assert "She said she has no reason to go on." in alert.text
    assert alerts_to(bot, BACKUP) == []
    assert await events(bot, flag.id) == ["created", "alerted"]


async def test_danger_now_shows_999_first_and_still_sends(bot, cast):
    await bot.say(SUPPORTER, "/flag")
    await bot.press(SUPPORTER, "Medical emergency")
    replies = await bot.press(SUPPORTER, "🚨 Danger now")
    assert replies[0].text.startswith("Call 999 now if the person is in danger.")
    assert "2389 2222" in replies[0].text
    assert replies[1].text.startswith("Which client?")
    await bot.say(SUPPORTER, "L伯伯")
    await bot.press(SUPPORTER, "Skip")
    await bot.press(SUPPORTER, "📨 Send")
    (flag,) = await flags(bot)
    assert flag.urgency == "now" and flag.description is None and flag.client_code == "L伯伯"


@pytest.mark.parametrize("bad", ["Chan Tai Man", "陳大文", "A1234567", "9123 4567"])
async def test_names_ids_and_phone_numbers_are_refused(bot, cast, bad):
    await bot.say(SUPPORTER, "/flag")
    await bot.press(SUPPORTER, "Abuse or neglect of an older person")
    await bot.press(SUPPORTER, "Needs action today")
    replies = await bot.say(SUPPORTER, bad)
    assert replies[0].text.startswith("Please send only a case code or initials")
    async with bot.services.sessions() as session:
        state = await session.get(ChatState, SUPPORTER)
    assert bad not in str(state.data)


async def test_descriptions_with_identifiers_are_refused(bot, cast):
    await bot.say(SUPPORTER, "/flag")
    await bot.press(SUPPORTER, "Something else")
    await bot.press(SUPPORTER, "Can wait a day or two")
    await bot.say(SUPPORTER, "C03")
    replies = await bot.say(SUPPORTER, "her son's number is 9123 4567")
    assert replies[0].text.startswith("That seems to contain an ID card or phone number.")
    async with bot.services.sessions() as session:
        assert "9123" not in str((await session.get(ChatState, SUPPORTER)).data)


async def test_an_unfinished_flow_survives_a_restart(bot, cast, settings, clock, library, catalogs):
    await bot.say(SUPPORTER, "/flag")
    await bot.press(SUPPORTER, "Client unreachable")
    await bot.press(SUPPORTER, "Needs action today")
    from tests.harness import start_harness

    # A new Application on the same database, as after a crash and restart.
    async with start_harness(settings, clock, library, catalogs) as again:
        again.sandbox.add_user(SUPPORTER, "Siu Fong")
        replies = await again.say(SUPPORTER, "C07")
        assert replies[0].text.startswith("In a few words, what happened?")


async def test_cancel_anywhere(bot, cast):
    await bot.say(SUPPORTER, "/flag")
    await bot.press(SUPPORTER, "Client unreachable")
    assert (await bot.say(SUPPORTER, "/cancel"))[0].text == "OK, cancelled. Nothing was saved."
    replies = await bot.say(SUPPORTER, "C03")
    assert not replies[0].text.startswith("In a few words")  # back to normal chat
    assert await flags(bot) == []


async def test_acknowledge_is_a_claim_and_updates_everyone(bot, cast):
    await raise_flag(bot)
    bot.clock.advance(seconds=601)
    await bot.tick()  # no ack in 10 minutes: the backup is alerted too
    await bot.flush()
    worker_alerts, backup_alerts = alerts_to(bot, SOCIAL_WORKER), alerts_to(bot, BACKUP)
    # One live alert per concern per person: the reminder replaced her first alert.
    assert len(worker_alerts) == 1 and len(backup_alerts) == 1
    assert worker_alerts[0].text.startswith("🔁 Reminder: not yet acknowledged #1")
    deleted = [
        m for m in bot.sandbox.bot_messages(SOCIAL_WORKER, include_deleted=True) if m.deleted
    ]
    assert len(deleted) == 1 and deleted[0].text.startswith("⚠️ New concern #1")
    assert backup_alerts[0].text.startswith("🔁 Reminder: not yet acknowledged #1")
    # Both press "I'm on it" at the same moment; the first one processed wins.
    bot.sandbox.press(BACKUP, backup_alerts[0].message_id, "flag:ack:1")
    bot.sandbox.press(SOCIAL_WORKER, worker_alerts[-1].message_id, "flag:ack:1")
    await bot.deliver()
    (flag,) = await flags(bot)
    assert flag.status == "acknowledged"
    async with bot.services.sessions() as session:
        taker = await people.person_by_telegram_id(session, BACKUP)
    assert flag.acknowledged_by_id == taker.id
    assert bot.sandbox.callback_answers[-1].text == "Mr Ho has already taken this concern."
    edited = bot.sandbox.messages(SOCIAL_WORKER)
    taken = "✅ Concern #1 C03 · Needs action today was taken by Mr Ho"
    assert any(m.text.startswith(taken) for m in edited)
    mine = bot.sandbox.messages(BACKUP)[-1]
    assert mine.text.startswith("✅ You took concern #1 C03 · Needs action today")
    assert mine.button_labels[:2] == ["📝 Add a note", "🗂 Close with outcome"]
    await bot.flush()
    assert "has been seen by Mr Ho" in bot.sandbox.last_bot_message(SUPPORTER).text
    # Acknowledged: the timer stops, no more alerts however long we wait.
    before = len(bot.sandbox.bot_messages(SOCIAL_WORKER))
    bot.clock.advance(hours=2)
    await bot.tick()
    await bot.flush()
    assert len(bot.sandbox.bot_messages(SOCIAL_WORKER)) == before


async def test_the_ladder_climbs_to_the_supervisor_and_then_tells_the_supporter(bot, cast):
    await raise_flag(bot)
    await bot.flush()
    for _ in range(6):
        bot.clock.advance(seconds=601)
        await bot.tick()
        await bot.flush()
    assert alerts_to(bot, ADMIN), "the supervisor was never alerted"
    (flag,) = await flags(bot)
    kinds = await events(bot, flag.id)
    assert kinds[:2] == ["created", "alerted"] and "escalated" in kinds and "unanswered" in kinds
    # She was reachable and simply didn't answer: no "because she cannot be reached".
    assert not any("It comes to you" in m.text for m in alerts_to(bot, ADMIN))
    supporter_texts = [m.text for m in bot.sandbox.bot_messages(SUPPORTER)]
    assert any("I've also sent it to Ms Chan, Mr Ho" in t for t in supporter_texts)
    assert any("Please call your centre now." in t for t in supporter_texts)
    # The whole story still fits one screen: the first step, the latest, the rest summed up.
    await bot.say(SOCIAL_WORKER, "/flags")
    await bot.press(SOCIAL_WORKER, "#1 C03 ›")
    (history,) = await bot.press(SOCIAL_WORKER, "📜 History")
    lines = history.text.splitlines()
    assert len(lines) <= 15 and "raised by Siu Fong" in lines[lines.index("History:") + 1]
    assert any(line.startswith("… ") and "more steps" in line for line in lines)


async def test_nobody_reachable_tells_the_supporter_at_once(bot, cast):
    async with bot.services.sessions() as session:
        for telegram_id in (SOCIAL_WORKER, BACKUP, ADMIN):
            await people.deactivate(
                session, await people.person_by_telegram_id(session, telegram_id), bot.clock()
            )
        await session.commit()
    sent = await raise_flag(bot)
    assert "Please call your centre now." in sent[0].text
    assert len(await flags(bot)) == 1  # the flag is still recorded for when someone returns


async def test_close_needs_an_outcome_and_tells_the_supporter(bot, cast):
    await raise_flag(bot)
    await bot.flush()
    await bot.press(SOCIAL_WORKER, "✅ I'm on it")
    await bot.press(SOCIAL_WORKER, "🗂 Close with outcome")
    replies = await bot.say(SOCIAL_WORKER, "   ")
    assert replies[0].text.startswith("Please type a short outcome note")
    await bot.say(SOCIAL_WORKER, "Called her; safety plan agreed with the family doctor.")
    (flag,) = await flags(bot)
    assert flag.status == "closed" and flag.outcome.startswith("Called her")
    await bot.flush()
    last = bot.sandbox.last_bot_message(SUPPORTER).text
    assert "has been closed by Ms Chan" in last and "safety plan" not in last
    assert await events(bot, flag.id) == ["created", "alerted", "acknowledged", "closed"]


async def test_flags_list_and_history_for_the_unit_only(bot, cast):
    await raise_flag(bot)
    (listing,) = [
        m for m in await bot.say(SOCIAL_WORKER, "/flags") if m.text.startswith("Open concerns")
    ]
    assert listing.text.splitlines()[1:] == [
        "#1 C03",
        "   Needs action today · 0 min ago · nobody has taken it",
    ]
    card = await bot.press(SOCIAL_WORKER, "#1 C03 ›")
    assert card[0].text.startswith("#1 C03 · Risk of suicide or self-harm")
    history = await bot.press(SOCIAL_WORKER, "📜 History")
    assert "raised by Siu Fong" in history[0].text and "alert sent to Ms Chan" in history[0].text
    assert (await bot.say(SUPPORTER, "/flags"))[0].text == "Sorry, this part is for social workers."


async def test_risk_answers_offer_the_flag_flow(bot, cast):
    await bot.say(SUPPORTER, "佢話唔想活")
    replies = await bot.press(SUPPORTER, "⚠️ Tell my social worker")
    assert replies[-1].text.startswith("Risk of suicide or self-harm. How urgent is it?")


async def test_a_bounced_alert_climbs_at_once(bot, cast):
    bot.sandbox.block_user(SOCIAL_WORKER)
    await raise_flag(bot)
    await bot.flush()  # 403: the worker is unreachable, the flag's timer fires now
    await bot.tick()
    await bot.flush()
    assert alerts_to(bot, BACKUP)


async def test_old_descriptions_are_purged_but_the_audit_stays(bot, cast):
    await raise_flag(bot)
    await bot.flush()
    await bot.press(SOCIAL_WORKER, "✅ I'm on it")
    await bot.press(SOCIAL_WORKER, "🗂 Close with outcome")
    await bot.say(SOCIAL_WORKER, "Handled.")
    bot.clock.advance(days=181)
    await bot.tick()
    (flag,) = await flags(bot)
    assert flag.description is None and flag.description_purged_at is not None
    assert len(await events(bot, flag.id)) == 4


async def test_a_restart_mid_timer_still_escalates(bot, cast, settings, clock, library, catalogs):
    await raise_flag(bot)
    await bot.flush()
    from tests.harness import start_harness

    clock.advance(seconds=601)  # the deadline passes while the bot is down
    async with start_harness(settings, clock, library, catalogs) as again:
        for telegram_id, name in (
            (SOCIAL_WORKER, "Ms Chan"),
            (BACKUP, "Mr Ho"),
            (SUPPORTER, "Siu Fong"),
        ):
            again.sandbox.add_user(telegram_id, name)
        await again.tick()  # the first tick after start fires the missed timeout
        await again.flush()
        assert any("#1" in m.text for m in again.sandbox.bot_messages(BACKUP))


async def test_alerts_survive_injected_telegram_faults(bot, cast):
    await bot.app.bot_data["dispatcher"].stop()  # send only when this test says so
    await bot.say(SUPPORTER, "/flag")
    await bot.press(SUPPORTER, "Medical emergency")
    await bot.press(SUPPORTER, "Needs action today")
    await bot.say(SUPPORTER, "C03")
    await bot.press(SUPPORTER, "Skip")
    # The next sendMessage calls (the alert) fail: twice a 502, then a timeout.
    bot.sandbox.faults.queue("sendMessage", "server_error", count=2)
    bot.sandbox.faults.queue("sendMessage", "timeout", count=1)
    await bot.press(SUPPORTER, "📨 Send")
    for _ in range(6):
        await bot.flush()
        if alerts_to(bot, SOCIAL_WORKER):
            break
        bot.clock.advance(seconds=60)  # past the retry backoff
    assert bot.sandbox.stats.faults_injected == 3
    assert len(alerts_to(bot, SOCIAL_WORKER)) == 1


@pytest.mark.skipif(
    "postgresql" not in __import__("os").environ.get("TUNGHANG_TEST_DATABASE_URL", ""),
    reason="needs PostgreSQL: two processes claiming the same flag timers",
)
async def test_two_instances_alert_each_level_once(bot, cast, settings, clock, library, catalogs):
    import asyncio

    from tests.harness import start_harness

    await raise_flag(bot)
    async with start_harness(settings, clock, library, catalogs) as other:
        for _ in range(3):
            clock.advance(seconds=601)
            await asyncio.gather(bot.tick(), other.tick())
        async with bot.services.sessions() as session:
            rounds = [
                e.detail["level"]
                for e in await session.scalars(
                    select(FlagEvent).where(FlagEvent.kind.in_(["alerted", "escalated"]))
                )
            ]
    assert len(rounds) == 4  # the first alert + one escalation per deadline, never two


# --- alerts that don't pile up ---------------------------------------------------------


async def test_reminders_replace_the_alert_during_a_long_visit(bot, cast):
    async with bot.services.sessions() as session:
        unit = await session.get(Unit, cast.unit.id)
        unit.alert_repeats = 5  # Ms Chan is reminded five times before the supervisor
        await session.commit()
    await raise_flag(bot)
    for _ in range(5):  # a 55-minute visit: a reminder every 10 minutes
        bot.clock.advance(seconds=601)
        await bot.tick()
        await bot.flush()
    live = alerts_to(bot, SOCIAL_WORKER)
    every = [
        m
        for m in bot.sandbox.bot_messages(SOCIAL_WORKER, include_deleted=True)
        if "#1" in (m.text or "") and "✅ I'm on it" in m.button_labels
    ]
    assert len(every) == 6 and len(live) == 1  # six alerts sent, one left in her chat
    assert live[0].text.startswith("🔁 Reminder: not yet acknowledged #1")
    await bot.press(SOCIAL_WORKER, "✅ I'm on it")
    assert bot.sandbox.messages(SOCIAL_WORKER)[-1].text.startswith("✅ You took concern #1 C03")


async def test_danger_now_reaches_the_backup_in_minutes(bot, cast):
    await raise_flag(bot, urgency="🚨 Danger now")
    bot.clock.advance(seconds=181)
    await bot.tick()
    await bot.flush()
    assert alerts_to(bot, BACKUP), "danger now should climb after 3 minutes"


async def test_needs_action_today_waits_the_units_longer_timeout(bot, cast):
    await raise_flag(bot)
    bot.clock.advance(seconds=181)
    await bot.tick()
    await bot.flush()
    assert alerts_to(bot, BACKUP) == []
    bot.clock.advance(seconds=420)
    await bot.tick()
    await bot.flush()
    assert alerts_to(bot, BACKUP)


async def test_unit_set_takes_per_urgency_timeouts(bot, cast):
    import asyncio
    import json
    import os
    import subprocess
    import sys

    env = {**os.environ, "DATABASE_URL": bot.services.settings.database_url}

    def unit_set(*args: str) -> subprocess.CompletedProcess:
        command = [sys.executable, "-m", "bot", "admin", "unit-set", str(cast.unit.id), *args]
        return subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)

    done = await asyncio.to_thread(
        unit_set, "--ack-timeout-now", "120", "--overdue-after-today", "24", "--json"
    )
    assert done.returncode == 0, done.stderr
    shown = json.loads(done.stdout)
    assert shown["ack_timeout_now_seconds"] == 120 and shown["ack_timeout_today_seconds"] == 600
    assert shown["overdue_after_hours"] == {"now": 24, "today": 24, "can_wait": 168}
    refused = await asyncio.to_thread(unit_set, "--ack-timeout-now", "5")
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert "--ack-timeout-now must be 30-3600 seconds" in refused.stderr + refused.stdout
    await raise_flag(bot, urgency="🚨 Danger now")
    bot.clock.advance(seconds=121)  # the unit's 2 minutes, not the default 3
    await bot.tick()
    await bot.flush()
    assert alerts_to(bot, BACKUP)


async def test_away_hands_new_alerts_to_the_backup_and_tells_supporters(bot, cast):
    (reply,) = await bot.say(SOCIAL_WORKER, "/away until 2026-12-04")
    assert reply.text == (
        "🌴 You are away until Fri 4 Dec. New concerns from your supporters go to Mr Ho "
        "meanwhile; I've told your supporters (1). Send /away off when you are back."
    )
    await bot.flush()
    assert bot.sandbox.last_bot_message(SUPPORTER).text == (
        "Ms Chan is away until Fri 4 Dec. Meanwhile, concerns you raise go to Mr Ho. "
        "If anyone is in danger, call 999."
    )
    await bot.say(SUPPORTER, "/flag")
    await bot.press(SUPPORTER, "Client unreachable")
    await bot.press(SUPPORTER, "Needs action today")
    await bot.say(SUPPORTER, "C03")
    (review,) = await bot.press(SUPPORTER, "Skip")
    assert "It goes to Mr Ho." in review.text  # the review names who will really be alerted
    sent = await bot.press(SUPPORTER, "📨 Send")
    assert sent[0].text.startswith("Sent to Mr Ho (concern #1).")
    await bot.flush()
    (alert,) = alerts_to(bot, BACKUP)
    assert "It comes to you because Ms Chan is away until Fri 4 Dec." in alert.text
    assert alerts_to(bot, SOCIAL_WORKER) == []
    # Back: concerns come to her again, and her supporters hear it.
    (back,) = await bot.say(SOCIAL_WORKER, "/away off")
    assert back.text.startswith("Welcome back")
    await bot.flush()
    assert bot.sandbox.last_bot_message(SUPPORTER).text == (
        "Ms Chan is back: concerns you raise go to Ms Chan again."
    )


@pytest.mark.parametrize(
    ("typed", "answer"),
    [
        ("/away until 2026-11-20", "That date has already passed"),
        ("/away until 2026-02-30", "I couldn't read that date."),
        ("/away next week", "I couldn't read that date."),
        ("/away until 2027-12-01", "That is more than six months ahead"),
    ],
)
async def test_away_with_a_bad_date_changes_nothing(bot, cast, typed, answer):
    from storage.escalation_models import StaffAway

    (reply,) = await bot.say(SOCIAL_WORKER, typed)
    assert reply.text.startswith(answer) and reply.text.endswith("Nothing was changed.")
    await bot.flush()
    async with bot.services.sessions() as session:
        assert list(await session.scalars(select(StaffAway))) == []
    assert not any("away" in (m.text or "") for m in bot.sandbox.bot_messages(SUPPORTER))


async def test_away_in_cantonese(bot, cast):
    async with bot.services.sessions() as session:
        for telegram_id in (SOCIAL_WORKER, SUPPORTER):
            (await people.person_by_telegram_id(session, telegram_id)).language = "yue"
        await session.commit()
    (reply,) = await bot.say(SOCIAL_WORKER, "/away until 2026-12-04")
    assert reply.text.startswith("🌴 你放假放到")
    await bot.flush()
    assert "Mr Ho" in bot.sandbox.last_bot_message(SUPPORTER).text
    assert bot.sandbox.last_bot_message(SUPPORTER).text.startswith("Ms Chan 放假放到")


# --- a flag never goes nowhere ------------------------------------------------------------


async def _set(bot, telegram_id: int, **fields) -> None:
    # Straight to the row: how a person became inactive or unreachable is not the point here.
    async with bot.services.sessions() as session:
        person = await people.person_by_telegram_id(session, telegram_id)
        for name, value in fields.items():
            setattr(person, name, value)
        await session.commit()


async def _danger_now_up_to_review(bot, *, labels=None):
    labels = labels or {}
    await bot.say(SUPPORTER, "/flag")
    await bot.press(SUPPORTER, labels.get("category", "Medical emergency"))
    await bot.press(SUPPORTER, labels.get("urgency", "🚨 Danger now"))
    await bot.say(SUPPORTER, "C03")
    (review,) = await bot.press(SUPPORTER, labels.get("skip", "Skip"))
    return review


async def test_danger_now_after_the_social_worker_left_reaches_the_backup(bot, cast):
    await _set(bot, SOCIAL_WORKER, active=False)
    review = await _danger_now_up_to_review(bot)
    assert review.text.endswith("It goes to Mr Ho.")  # not "Ms Chan"
    sent = await bot.press(SUPPORTER, "📨 Send")
    assert sent[-1].text.startswith("Sent to Mr Ho (concern #1).")
    await bot.flush()
    (alert,) = alerts_to(bot, BACKUP)
    assert "It comes to you because Ms Chan cannot be reached." in alert.text
    assert alerts_to(bot, SOCIAL_WORKER) == []


async def test_with_no_backup_and_the_supervisor_gone_the_admins_are_alerted(bot, cast):
    lam = await register(
        bot.services, telegram_id=1003, name="Ms Lam", role=Role.SOCIAL_WORKER, unit_id=cast.unit.id
    )
    async with bot.services.sessions() as session:
        unit = await session.get(Unit, cast.unit.id)
        unit.backup_social_worker_id, unit.supervisor_id = None, lam.id
        await session.commit()
    await _set(bot, SOCIAL_WORKER, active=False)
    await _set(bot, 1003, unreachable_at=bot.clock())  # the supervisor blocked the bot
    async with bot.services.sessions() as session:
        supporter = await people.person_by_telegram_id(session, SUPPORTER)
        supporter.language = "yue"  # and the supporter reads it in Cantonese
        await session.commit()
    review = await _danger_now_up_to_review(
        bot, labels={"category": "醫療緊急情況", "urgency": "🚨 而家有危險", "skip": "跳過"}
    )
    assert review.text.endswith("會傳畀Dr Wong。")
    sent = await bot.press(SUPPORTER, "📨 傳送")
    assert sent[-1].text.startswith("已經傳咗畀Dr Wong（編號 #1）")
    await bot.flush()
    assert alerts_to(bot, ADMIN)


async def test_when_nobody_can_be_reached_the_review_says_call_the_centre(bot, cast):
    for telegram_id in (SOCIAL_WORKER, BACKUP, ADMIN):
        await _set(bot, telegram_id, active=False)
    review = await _danger_now_up_to_review(bot)
    assert "Nobody at the centre can get it through me right now" in review.text
    assert "It goes to" not in review.text
