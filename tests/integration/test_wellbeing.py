"""The supporter's own wellbeing: the weekly check-in (opt-in), the gentle note after two hard
weeks, the offer to tell the social worker (only on yes), /wellbeing, the monthly note."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from storage.models import HourEntry, Preferences
from storage.peer_models import MeaningNote, PeerEvent, WellbeingAnswer, WellbeingSettings
from tests.seed import SOCIAL_WORKER, SUPPORTER, register, seed_cast

HK = ZoneInfo("Asia/Hong_Kong")
OTHER = 2009


def hk(month: int, day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, minute, tzinfo=HK).astimezone(dt.UTC)


@pytest.fixture
async def cast(bot):
    cast = await seed_cast(bot.services, bot.sandbox)
    # Daily tips would share the chat (one outbox message a second per chat): keep them
    # out of the way, they are not what these tests are about.
    async with bot.services.sessions() as session:
        prefs = await session.get(Preferences, cast.supporter.id)
        prefs.tips_paused = True
        await session.commit()
    return cast


def checkins(bot, chat_id: int = SUPPORTER) -> list:
    return [
        m
        for m in bot.sandbox.bot_messages(chat_id)
        if (m.text or "").startswith("🌿 How are you doing this week?")
    ]


async def run_at(bot, when: dt.datetime) -> None:
    bot.clock.now = when
    await bot.tick()
    await bot.flush()


async def turn_on(bot) -> None:
    home = (await bot.say(SUPPORTER, "/settings"))[0]
    await bot.press(SUPPORTER, "🌿 Weekly check-in", message_id=home.message_id)
    await bot.press(SUPPORTER, "✅ Turn on", message_id=home.message_id)


async def answer_week(bot, when: dt.datetime, face: str) -> list:
    await run_at(bot, when)
    return await bot.press(SUPPORTER, face, message_id=checkins(bot)[-1].message_id)


async def wellbeing(bot, person_id: int) -> WellbeingSettings | None:
    async with bot.services.sessions() as session:
        return await session.get(WellbeingSettings, person_id)


async def test_off_by_default_so_never_asked(bot, cast):
    (home,) = await bot.say(SUPPORTER, "/settings")
    assert "🌿 Weekly check-in: off" in home.text.splitlines()
    for day in (29, 30):
        await run_at(bot, hk(11, day, 19, 0))
    await run_at(bot, hk(12, 6, 19, 0))
    assert checkins(bot) == []
    assert await wellbeing(bot, cast.supporter.id) is None


async def test_turned_on_in_settings_with_day_and_time(bot, cast):
    home = (await bot.say(SUPPORTER, "/settings"))[0]
    (screen,) = await bot.press(SUPPORTER, "🌿 Weekly check-in", message_id=home.message_id)
    assert screen.text.startswith("🌿 Weekly check-in: a short “How are you doing this week?”")
    assert "Now: off" in screen.text
    assert screen.button_labels == [
        "✅ Turn on",
        "📅 Day: Sun",
        "🕘 Time: 19:00",
        "📝 Monthly note: turn off",
        "⬅ Back",
    ]
    (screen,) = await bot.press(SUPPORTER, "✅ Turn on", message_id=home.message_id)
    assert "Now: Sun 19:00" in screen.text and screen.button_labels[0] == "⏸ Turn off"
    assert (await wellbeing(bot, cast.supporter.id)).next_at == hk(11, 29, 19, 0)
    (days,) = await bot.press(SUPPORTER, "📅 Day: Sun", message_id=home.message_id)
    assert days.text == "Which day would you like the check-in?" and "✅ Sun" in days.button_labels
    await bot.press(SUPPORTER, "Wed", message_id=home.message_id)
    await bot.press(SUPPORTER, "🕘 Time: 19:00", message_id=home.message_id)
    (screen,) = await bot.press(SUPPORTER, "20:00", message_id=home.message_id)
    assert "Now: Wed 20:00" in screen.text
    assert (await wellbeing(bot, cast.supporter.id)).next_at == hk(12, 2, 20, 0)
    (home_again,) = await bot.press(SUPPORTER, "⬅ Back", message_id=home.message_id)
    assert "🌿 Weekly check-in: Wed 20:00" in home_again.text


async def test_the_check_in_comes_once_a_week_and_the_answer_is_kept(bot, cast):
    await turn_on(bot)
    await run_at(bot, hk(11, 29, 18, 59))
    assert checkins(bot) == []
    await run_at(bot, hk(11, 29, 19, 0))
    (checkin,) = checkins(bot)
    assert checkin.text.splitlines() == [
        "🌿 How are you doing this week?",
        "",
        "Tap a face. Only you see your answers.",
    ]
    assert checkin.button_labels == ["😢", "🙁", "😐", "🙂", "😄"]
    (answered,) = await bot.press(SUPPORTER, "🙂")
    assert answered.text.splitlines() == [
        "🌿 How are you doing this week? 🙂",
        "",
        "Thank you for telling me. Look after yourself this week too.",
    ]
    assert answered.button_labels == []
    await run_at(bot, hk(11, 29, 19, 30))
    assert len(checkins(bot)) == 1  # once a week
    async with bot.services.sessions() as session:
        (row,) = list(await session.scalars(select(WellbeingAnswer)))
    assert (row.week, row.face) == (dt.date(2026, 11, 23), 4)
    await run_at(bot, hk(12, 6, 19, 0))
    assert len(checkins(bot)) == 2
    await bot.flush()
    assert bot.sandbox.bot_messages(SOCIAL_WORKER) == []  # the social worker sees nothing


async def test_turned_off_again_means_never_asked(bot, cast):
    home = (await bot.say(SUPPORTER, "/settings"))[0]
    await bot.press(SUPPORTER, "🌿 Weekly check-in", message_id=home.message_id)
    await bot.press(SUPPORTER, "✅ Turn on", message_id=home.message_id)
    await bot.press(SUPPORTER, "⏸ Turn off", message_id=home.message_id)
    await run_at(bot, hk(11, 29, 19, 0))
    assert checkins(bot) == []
    assert (await wellbeing(bot, cast.supporter.id)).next_at is None


async def test_two_low_weeks_bring_a_gentle_note_and_an_offer_but_nothing_is_sent(bot, cast):
    await turn_on(bot)
    first = await answer_week(bot, hk(11, 29, 19, 0), "🙁")
    assert len(first) == 1  # one low week: just thanks
    replies = await answer_week(bot, hk(12, 6, 19, 0), "😢")
    assert replies[0].text.startswith("🌿 How are you doing this week? 😢")
    assert replies[1].text.startswith("Two hard weeks in a row is a lot to carry.")
    cards = replies[2:-1]
    assert len(cards) == 2 and all("💬 You could say:" in c.text for c in cards)
    offer = replies[-1]
    assert offer.text == (
        "Would you like me to let Ms Chan know you'd welcome a chat? "
        "Nothing is sent unless you say yes."
    )
    assert offer.button_labels == [
        "💬 Yes, let Ms Chan know",
        "💬 Yes, and share my recent answers",
        "No, thank you",
    ]
    await bot.flush()
    assert bot.sandbox.bot_messages(SOCIAL_WORKER) == []  # never automatic
    (no,) = await bot.press(SUPPORTER, "No, thank you")
    assert no.text.startswith("That's fine.")
    await bot.flush()
    assert bot.sandbox.bot_messages(SOCIAL_WORKER) == []


async def test_yes_tells_the_social_worker_without_the_answers(bot, cast):
    await turn_on(bot)
    await answer_week(bot, hk(11, 29, 19, 0), "🙁")
    await answer_week(bot, hk(12, 6, 19, 0), "🙁")
    (done,) = await bot.press(SUPPORTER, "💬 Yes, let Ms Chan know")
    assert done.text.startswith("Done — I've let Ms Chan know you'd welcome a chat.")
    await bot.flush()
    (message,) = bot.sandbox.bot_messages(SOCIAL_WORKER)
    assert message.text == (
        "🌿 Siu Fong would welcome a chat with you sometime soon. "
        "They asked me to tell you after their weekly wellbeing check-in."
    )
    assert "🙁" not in message.text
    assert message.button_labels == ["💬 Contact Siu Fong"]
    (contact,) = await bot.press(SOCIAL_WORKER, "💬 Contact Siu Fong")
    assert contact.text == "Contact Siu Fong:"
    async with bot.services.sessions() as session:
        event = await session.scalar(select(PeerEvent).where(PeerEvent.subject == "wellbeing"))
    assert (event.kind, event.detail) == ("chat_requested", {"shared_answers": False})


async def test_the_supporter_may_share_their_answers(bot, cast):
    await turn_on(bot)
    await answer_week(bot, hk(11, 29, 19, 0), "😢")
    await answer_week(bot, hk(12, 6, 19, 0), "🙁")
    await bot.press(SUPPORTER, "💬 Yes, and share my recent answers")
    await bot.flush()
    (message,) = bot.sandbox.bot_messages(SOCIAL_WORKER)
    assert message.text.splitlines()[2:] == [
        "They chose to share their recent answers:",
        "Mon 30 Nov: 🙁",
        "Mon 23 Nov: 😢",
    ]


@pytest.mark.parametrize("faces", [["🙁", "🙂", "🙁"], ["😐", "😢"], ["🙂", "😄"]])
async def test_no_note_without_two_low_answers_in_a_row(bot, cast, faces):
    await turn_on(bot)
    for week, face in enumerate(faces):
        replies = await answer_week(bot, hk(11, 29, 19, 0) + dt.timedelta(weeks=week), face)
        assert len(replies) == 1


async def test_wellbeing_shows_only_their_own_answers_and_can_delete_them(bot, cast):
    (empty,) = await bot.say(SUPPORTER, "/wellbeing")
    assert "No answers yet." in empty.text and empty.button_labels == ["⚙️ Check-in settings"]
    await turn_on(bot)
    await answer_week(bot, hk(11, 29, 19, 0), "🙂")
    await answer_week(bot, hk(12, 6, 19, 0), "😐")
    (mine,) = await bot.say(SUPPORTER, "/wellbeing")
    assert mine.text.splitlines() == [
        "🌿 Your weekly check-ins (only you can see these):",
        "",
        "Week of Mon 30 Nov: 😐",
        "Week of Mon 23 Nov: 🙂",
        "",
        "🌿 Weekly check-in: Sun 19:00",
    ]
    (worker_view,) = await bot.say(SOCIAL_WORKER, "/wellbeing")
    assert worker_view.text == "Weekly check-ins are for supporters."
    (confirm,) = await bot.press(SUPPORTER, "🗑 Delete my answers")
    assert confirm.text == "Delete all your check-in answers? This can't be undone."
    (done,) = await bot.press(SUPPORTER, "🗑 Yes, delete them")
    assert done.text == "Done — your check-in answers are deleted."
    async with bot.services.sessions() as session:
        assert list(await session.scalars(select(WellbeingAnswer))) == []


# --------------------------------------------------------------------------- monthly note


async def log_minutes(bot, person_id: int, day: dt.date, minutes: int) -> None:
    async with bot.services.sessions() as session:
        session.add(
            HourEntry(
                person_id=person_id,
                day=day,
                minutes=minutes,
                activity="visit",
                created_at=bot.clock(),
                updated_at=bot.clock(),
            )
        )
        await session.commit()


async def test_the_monthly_note_says_what_they_gave_once(bot, cast):
    await log_minutes(bot, cast.supporter.id, dt.date(2026, 11, 20), 90)
    await log_minutes(bot, cast.supporter.id, dt.date(2026, 11, 25), 60)
    await run_at(bot, hk(12, 1, 9, 59))
    assert not [m for m in bot.sandbox.bot_messages(SUPPORTER) if "Looking back" in (m.text or "")]
    await run_at(bot, hk(12, 1, 10, 0))
    notes = [m for m in bot.sandbox.bot_messages(SUPPORTER) if "Looking back" in (m.text or "")]
    assert len(notes) == 1
    assert notes[0].text.splitlines() == [
        "🌱 Looking back on 11/2026: thank you for what you gave.",
        "",
        "• Time with clients and the team you recorded: 2 h 30 min",
        "",
        "Every visit and every kind word counts. Thank you for walking alongside others.",
    ]
    for text in ("target", "planned", "16"):
        assert text not in notes[0].text  # contribution, never a target
    await run_at(bot, hk(12, 2, 10, 0))
    assert (
        len([m for m in bot.sandbox.bot_messages(SUPPORTER) if "Looking back" in (m.text or "")])
        == 1
    )


async def test_no_note_when_there_is_nothing_to_say_or_it_is_turned_off(bot, cast):
    other = await register(
        bot.services,
        telegram_id=OTHER,
        name="Ah Wai",
        role="supporter",
        unit_id=cast.unit.id,
        social_worker_id=cast.worker.id,
    )
    bot.sandbox.add_user(OTHER, "Ah Wai")
    await log_minutes(bot, other.id, dt.date(2026, 11, 20), 60)
    home = (await bot.say(OTHER, "/settings"))[0]
    await bot.press(OTHER, "🌿 Weekly check-in", message_id=home.message_id)
    (screen,) = await bot.press(OTHER, "📝 Monthly note: turn off", message_id=home.message_id)
    assert "📝 Monthly note of what you gave: turned off" in screen.text
    await run_at(bot, hk(12, 1, 10, 0))
    for chat in (SUPPORTER, OTHER):
        assert not [m for m in bot.sandbox.bot_messages(chat) if "Looking back" in (m.text or "")]
    async with bot.services.sessions() as session:
        rows = {(n.person_id, n.sent) for n in await session.scalars(select(MeaningNote))}
    assert rows == {(cast.supporter.id, False), (other.id, False)}


async def test_forged_wellbeing_buttons_are_refused_and_the_chat_request_goes_once(bot, cast):
    from tests.security.support import press_data

    await turn_on(bot)
    await answer_week(bot, hk(11, 29, 19, 0), "🙁")
    await answer_week(bot, hk(12, 6, 19, 0), "😢")  # this week: Mon 30 Nov
    refused = "This button is out of date. Send /wellbeing to see your check-ins."
    for data in ("wb:a:99991231:3", "wb:a:00010101:3", "wb:a:20261130:9", "wb:a:20261130:0"):
        assert refused in (await press_data(bot, SUPPORTER, data)).joined, data
    async with bot.services.sessions() as session:
        answers = list(await session.scalars(select(WellbeingAnswer)))
    assert sorted((a.week.isoformat(), a.face) for a in answers) == [
        ("2026-11-23", 2),
        ("2026-11-30", 1),
    ]
    # A modified client asks for a chat "for" many weeks: the social worker hears once.
    for week in ("20261130", "20261123", "20261116", "20260105", "20261207"):
        await press_data(bot, SUPPORTER, f"wb:tell:{week}:1")
    await bot.flush()
    assert len(bot.sandbox.bot_messages(SOCIAL_WORKER)) == 1
