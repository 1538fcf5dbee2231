"""Daily tips end to end: the tick finds who is due, the outbox delivers, buttons work."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from bot import jobs
from bot.delivery.dispatcher import Dispatcher
from bot.delivery.reachability import mark_reachable, mark_unreachable
from bot.domain.tips import RISK_EVERY, parse_hhmm
from bot.services import feedback, preferences
from bot.services import tips as tip_service
from storage.delivery_models import OutboxMessage, TipSent
from storage.models import CardFeedback, Person, Preferences
from tests.seed import SOCIAL_WORKER, SUPPORTER, register, seed_cast

HK = ZoneInfo("Asia/Hong_Kong")


def hk(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 11, day, hour, minute, tzinfo=HK).astimezone(dt.UTC)


@pytest.fixture
async def cast(bot):
    return await seed_cast(bot.services, bot.sandbox)


def dispatcher(bot) -> Dispatcher:
    return bot.app.bot_data["dispatcher"]


async def tick(bot, at: dt.datetime | None = None) -> int:
    """One tick at `at` (HK time helpers above), then let the dispatcher send."""
    if at is not None:
        bot.clock.now = at
    made = await jobs.run_due_work(bot.services, bot.app.bot_data["due_work"])
    await dispatcher(bot).drain()
    return made


def tips_to(bot, chat_id: int):
    return [m for m in bot.sandbox.bot_messages(chat_id) if "/settings" in (m.text or "")]


async def prefs_of(bot, person_id: int) -> Preferences:
    async with bot.services.sessions() as session:
        return await session.get(Preferences, person_id)


async def change(bot, person_id: int, fn, *args) -> None:
    """Apply a preferences-service change as /settings would."""
    async with bot.services.sessions() as session:
        person = await session.get(Person, person_id)
        prefs = await preferences.get_or_create(session, person, bot.clock())
        await fn(session, person, prefs, *args, bot.clock(), bot.services.settings.tz)
        await session.commit()


async def history(bot, person_id: int) -> list[TipSent]:
    async with bot.services.sessions() as session:
        rows = await session.scalars(
            select(TipSent).where(TipSent.person_id == person_id).order_by(TipSent.seq)
        )
        return list(rows)


async def test_a_new_supporter_gets_the_first_tip_the_next_morning(bot, cast):
    assert await tick(bot) == 0  # joined at 09:30 today: nothing today
    assert (await prefs_of(bot, cast.supporter.id)).next_tip_at == hk(27, 9, 30)
    assert await tick(bot, hk(27, 9, 29)) == 0
    assert await tick(bot, hk(27, 9, 30)) == 1
    assert len(tips_to(bot, SUPPORTER)) == 1
    assert bot.sandbox.bot_messages(SOCIAL_WORKER) == []  # tips are for supporters
    assert (await prefs_of(bot, cast.supporter.id)).next_tip_at == hk(28, 9, 30)
    (sent,) = await history(bot, cast.supporter.id)
    assert (sent.day, sent.seq, sent.reason) == (dt.date(2026, 11, 27), 1, "new")


async def test_the_tip_message_and_its_buttons(bot, cast, library):
    await tick(bot)
    await tick(bot, hk(27, 9, 30))
    (tip,) = tips_to(bot, SUPPORTER)
    (sent,) = await history(bot, cast.supporter.id)
    card = library.card(sent.card_id)
    # No language chosen: the bot's default, as in chat, with a button for the other one.
    assert tip.text.startswith("🌱 Today's refresher")
    assert card.en.title in tip.text and card.en.say[0] in tip.text
    assert tip.text.endswith("To change the time or pause these tips: /settings")
    assert tip.button_labels == [
        "👍 Helpful",
        "👎 Not helpful",
        "📚 More on this topic",
        "🔁 睇中文",
    ]
    await bot.press(SUPPORTER, "👍 Helpful", message_id=tip.message_id)
    async with bot.services.sessions() as session:
        vote = await session.get(CardFeedback, (cast.supporter.id, card.id))
        assert vote.helpful
    more = await bot.press(SUPPORTER, "📚 More on this topic", message_id=tip.message_id)
    topic = library.topics[card.primary_topic]
    assert more[-1].text == f"{topic.en}: pick a card."
    assert card.en.title in more[-1].button_labels


async def test_tips_come_in_the_language_the_person_chose(bot, cast):
    async with bot.services.sessions() as session:
        (await session.get(Person, cast.supporter.id)).language = "yue"
        await session.commit()
    await tick(bot)
    await tick(bot, hk(27, 9, 30))
    (tip,) = tips_to(bot, SUPPORTER)
    yue = bot.services.catalogs.get("yue")
    assert tip.text.startswith("🌱 今日溫習")
    assert tip.button_labels == [
        yue.gettext("👍 Helpful"),
        yue.gettext("👎 Not helpful"),
        "📚 同一主題嘅其他卡",
        "🔁 Show in English",
    ]


async def test_one_tip_per_day_however_often_the_tick_runs(bot, cast):
    await tick(bot)
    for minute in (30, 30, 31, 45):
        await tick(bot, hk(27, 9, minute))
    # A second dispatcher (another process) finds nothing left to send either.
    other = Dispatcher(
        bot.app.bot, bot.services.sessions, clock=bot.clock, catalogs=bot.services.catalogs
    )
    assert await other.drain() == 0
    assert len(tips_to(bot, SUPPORTER)) == 1
    # Moving the time later the same day does not bring a second tip today.
    await change(bot, cast.supporter.id, preferences.set_tip_time, parse_hhmm("12:30"))
    assert (await prefs_of(bot, cast.supporter.id)).next_tip_at == hk(28, 12, 30)
    await tick(bot, hk(27, 12, 30))
    assert len(tips_to(bot, SUPPORTER)) == 1
    async with bot.services.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(OutboxMessage)) == 1


async def test_a_late_tick_does_not_skip_the_tip(bot, cast):
    await tick(bot)
    assert await tick(bot, hk(27, 10, 15)) == 1  # 45 minutes late
    assert len(tips_to(bot, SUPPORTER)) == 1


async def test_after_downtime_one_catch_up_tip_not_one_per_missed_day(bot, cast):
    await tick(bot)
    assert await tick(bot, hk(30, 11, 0)) == 1  # Friday to Monday missed
    assert len(tips_to(bot, SUPPORTER)) == 1
    next_at = (await prefs_of(bot, cast.supporter.id)).next_tip_at
    assert next_at == hk(30, 9, 30) + dt.timedelta(days=1)


async def test_pause_and_resume(bot, cast):
    await tick(bot)
    await change(bot, cast.supporter.id, preferences.set_paused, True)
    assert (await prefs_of(bot, cast.supporter.id)).next_tip_at is None
    await tick(bot, hk(27, 9, 30))
    await tick(bot, hk(28, 9, 30))
    assert tips_to(bot, SUPPORTER) == []
    await change(bot, cast.supporter.id, preferences.set_paused, False)
    assert (await prefs_of(bot, cast.supporter.id)).next_tip_at == hk(29, 9, 30)
    await tick(bot, hk(29, 9, 30))
    assert len(tips_to(bot, SUPPORTER)) == 1


async def test_only_on_the_chosen_days(bot, cast):
    await tick(bot)
    for weekday in (4, 5, 6):  # Friday, Saturday, Sunday off
        await change(bot, cast.supporter.id, preferences.toggle_day, weekday)
    assert (await prefs_of(bot, cast.supporter.id)).next_tip_at == hk(30, 9, 30)  # Monday
    for day in (27, 28, 29):
        await tick(bot, hk(day, 9, 30))
    assert tips_to(bot, SUPPORTER) == []
    await tick(bot, hk(30, 9, 30))
    assert len(tips_to(bot, SUPPORTER)) == 1


async def test_quiet_hours_move_a_late_tip_to_the_morning(bot, cast):
    await tick(bot)
    await change(bot, cast.supporter.id, preferences.set_tip_time, parse_hhmm("22:30"))
    await change(bot, cast.supporter.id, preferences.set_quiet_hours, ("22:00", "07:00"))
    assert (await prefs_of(bot, cast.supporter.id)).next_tip_at == hk(27, 7, 0)
    await tick(bot, hk(26, 22, 30))
    assert tips_to(bot, SUPPORTER) == []
    await tick(bot, hk(27, 7, 0))
    assert len(tips_to(bot, SUPPORTER)) == 1


async def test_no_tips_for_someone_telegram_cannot_reach(bot, cast):
    await tick(bot)
    async with bot.services.sessions() as session:
        await mark_unreachable(session, cast.supporter.id, bot.clock(), bot.services.catalogs)
        await session.commit()
    await dispatcher(bot).drain()  # the social worker's notice
    await tick(bot, hk(27, 9, 30))
    assert tips_to(bot, SUPPORTER) == []
    assert (await prefs_of(bot, cast.supporter.id)).next_tip_at is None
    async with bot.services.sessions() as session:
        await mark_reachable(session, cast.supporter.id, bot.clock())
        await session.commit()
    await tick(bot)  # rescheduled: the next slot after now
    assert (await prefs_of(bot, cast.supporter.id)).next_tip_at == hk(28, 9, 30)


async def test_thumbs_down_cards_are_never_sent(bot, cast, library):
    keep = {library.cards[0].id, library.cards[1].id}
    async with bot.services.sessions() as session:
        for card in library.cards:
            if card.id not in keep:
                await feedback.record(session, cast.supporter.id, card.id, False, bot.clock())
        await session.commit()
    await dispatcher(bot).stop()  # the choice is what matters here
    for day in (26, 27, 28, 29):
        bot.clock.now = hk(day, 9, 30)
        await jobs.run_due_work(bot.services, bot.app.bot_data["due_work"])
    sent = await history(bot, cast.supporter.id)
    assert len(sent) == 3 and {row.card_id for row in sent} <= keep


async def test_a_safety_refresher_within_every_seven_tips(bot, cast, library):
    await dispatcher(bot).stop()  # the choice is what matters here, not eight sends a second apart
    for n in range(RISK_EVERY + 2):
        bot.clock.now = hk(26, 9, 30) + dt.timedelta(days=n)
        await jobs.run_due_work(bot.services, bot.app.bot_data["due_work"])
    sent = await history(bot, cast.supporter.id)
    assert len(sent) == RISK_EVERY + 1
    assert any(library.card(row.card_id).is_safety_critical for row in sent[:RISK_EVERY])
    assert len({row.card_id for row in sent}) == len(sent)  # no repeats


async def test_many_supporters_in_small_batches(bot, cast):
    for n in range(23):
        bot.sandbox.add_user(8000 + n, f"S{n}")
        await register(
            bot.services,
            telegram_id=8000 + n,
            name=f"S{n}",
            role="supporter",
            unit_id=cast.unit.id,
            social_worker_id=cast.worker.id,
        )
    await tick(bot)
    bot.clock.now = hk(27, 9, 30)
    made = await tip_service.schedule_due(
        bot.services.sessions,
        bot.services.library.cards,
        jobs._tip_renderer(bot.services),
        bot.services.settings.tz,
        bot.clock(),
        batch=5,
    )
    assert made == 24
    await dispatcher(bot).drain()
    assert all(len(tips_to(bot, 8000 + n)) == 1 for n in range(23))


async def test_the_tick_is_a_job_that_a_late_start_cannot_skip(bot):
    (job,) = bot.app.job_queue.get_jobs_by_name(jobs.TICK_JOB)
    assert job.job.misfire_grace_time is None and job.job.coalesce
    assert job.job.trigger.interval == dt.timedelta(seconds=bot.services.settings.tick_seconds)


async def test_a_helpful_tip_comes_back_on_the_fsrs_schedule(bot, cast):
    """👍 on the first tip; the tips after it go unpressed. FSRS (👍 = Good, unpressed
    review = Hard) says 2 days, then 23 (both held back to the 30-day rest), then 57."""
    await tick(bot)
    await tick(bot, hk(27, 9, 30))
    (tip,) = tips_to(bot, SUPPORTER)
    await bot.press(SUPPORTER, "👍 Helpful", message_id=tip.message_id)
    (first,) = await history(bot, cast.supporter.id)
    await dispatcher(bot).stop()  # the choice is what matters here
    for n in range(1, 120):
        bot.clock.now = hk(27, 9, 30) + dt.timedelta(days=n)
        await jobs.run_due_work(bot.services, bot.app.bot_data["due_work"])
    again = [row for row in await history(bot, cast.supporter.id) if row.card_id == first.card_id]
    assert [(row.day - first.day).days for row in again] == [0, 30, 60, 117]
    assert [row.reason for row in again] == ["new", *["review"] * 3]
