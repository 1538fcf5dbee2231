"""PDPO: /privacy says what is kept, why, how long and who sees it, in both languages;
/mydata gives a person their own data as a file and can delete it — the unit keeps what
payroll and safety need, everything else goes, and the person can rejoin with an invite.
Identifiers typed anywhere get a gentle warning and are never stored."""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib
import json

from sqlalchemy import ForeignKey, func, select

from bot.delivery import outbox
from bot.delivery.lanes import Lane
from bot.services import feedback, people, states
from bot.services import hours as hours_service
from bot.services import privacy as service
from bot.views.privacy import PRIVACY_PAGES
from storage.delivery_models import OutboxMessage, OutboxStatus, TipSent
from storage.models import (
    Base,
    CardFeedback,
    ChatState,
    ContactAttempt,
    Flag,
    FlagEvent,
    HourEntry,
    MonthApproval,
    Person,
    Preferences,
    Role,
)
from tests.harness import Harness
from tests.security.support import (
    FLAG_WORDS,
    OWNER,
    PEER,
    SW_A,
    World,
    build_world,
    press_data,
    say,
    snapshot,
)
from tests.seed import STRANGER


async def _fill_in(bot: Harness, world: World) -> None:
    """Give the owner something of everything: feedback, tips, a flow, queued messages…"""
    now = bot.clock()
    card = next(iter(bot.services.library.cards)).id
    async with bot.services.sessions() as session:
        owner = await session.get(Person, world.ids["owner"])
        assert owner is not None
        await feedback.record(session, owner.id, card, True, now)
        session.add(TipSent(person_id=owner.id, day=now.date(), seq=1, card_id=card, reason="new"))
        await hours_service.record_not_reached(
            session, owner, client_code="C09", channel="door", now=now
        )
        await hours_service.approve_month(
            session, await session.get(Person, world.ids["sw_a"]), owner.id, world.month, now
        )
        await states.put(session, OWNER, "flag", {"step": "description", "x": "half"}, now)
        await outbox.enqueue(
            session,
            dedupe_key=f"later:{owner.id}",
            chat_id=OWNER,
            person_id=owner.id,
            lane=Lane.TIP,
            kind="tip",
            text="a tip for tomorrow",
            due_at=now + dt.timedelta(days=1),
        )
        await session.commit()


async def _count(bot: Harness, model, *where) -> int:  # type: ignore[no-untyped-def]
    async with bot.services.sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(model).where(*where)))


async def _all_screens(bot: Harness, user_id: int, lang: str) -> list[str]:
    """/privacy, then every "More ›" screen, as the person would read them."""
    screens = [(await say(bot, user_id, "/privacy")).joined]
    for page in range(1, PRIVACY_PAGES):
        screens.append((await press_data(bot, user_id, f"priv:page:{page}:{lang}")).joined)
    return screens


async def test_privacy_notice_comes_in_short_screens(bot: Harness) -> None:
    world = await build_world(bot)
    assert world
    screens = await _all_screens(bot, OWNER, "en")
    notice = "\n".join(screens)
    for words in (
        "payroll records",
        "deleted 180 days after the concern is closed",
        "after 7 days",
        "blanked 30 days after sending",
        "social workers and admins see them",
        "Only you see them.",
        "/mydata",
        "never write a client's name",
    ):
        assert words in notice, words
    for screen in screens:  # an older reader's phone: no wall of text
        assert len(screen.splitlines()) <= 15, screen
    assert "More ›" in bot.sandbox.last_bot_message(OWNER).button_labels or screens[-1]
    # It is offered from /help.
    assert "/privacy" in (await say(bot, OWNER, "/help")).joined


async def test_privacy_before_joining_in_either_language_without_mydata(bot: Harness) -> None:
    await build_world(bot)
    first = await say(bot, STRANGER, "/privacy")
    assert "What Tung Hang keeps about you" in first.joined
    assert "廣東話" in bot.sandbox.last_bot_message(STRANGER).button_labels
    yue = (await press_data(bot, STRANGER, "priv:page:0:yue")).joined
    assert "「同行」會記低你啲乜嘢" in yue
    screens = await _all_screens(bot, STRANGER, "yue")
    assert "180 日" in "\n".join(screens[1:])
    for screen in screens:
        assert len(screen.splitlines()) <= 15, screen
    # Nothing to fetch for someone the bot does not know: /mydata is not offered.
    assert "/mydata" not in "\n".join(screens)
    assert "Once you join" in (await press_data(bot, STRANGER, "priv:page:3:en")).joined


async def test_after_deletion_privacy_no_longer_points_to_mydata(bot: Harness) -> None:
    await build_world(bot)
    stamp = int(bot.clock().timestamp())
    await press_data(bot, OWNER, f"priv:del:yes:{stamp}")
    screens = await _all_screens(bot, OWNER, "en")
    assert "/mydata" not in "\n".join(screens)
    assert "📄 Get my data" not in bot.sandbox.last_bot_message(OWNER).button_labels


async def test_mydata_starts_with_a_readable_summary_in_local_time(bot: Harness) -> None:
    world = await build_world(bot)
    await _fill_in(bot, world)
    outcome = await say(bot, OWNER, "/mydata")
    (summary,) = [text for text in outcome.texts if "What Tung Hang keeps" in text]
    local = bot.clock().astimezone(bot.services.settings.tz)
    assert local.strftime("%H:%M") in summary and "Hong Kong time" in summary
    for words in ("Siu Fong", "supporter", "Ms Chan", "Hour entries: 1", "1 h 30 min", "C09"):
        if words == "C09":
            assert "Clients you couldn't reach: 1" in summary
        else:
            assert words in summary, words
    assert "Concerns you reported: 1" in summary and "Risk of suicide" in summary
    for internal in ("hour_entries", "suicide_self_harm", "telegram_user_id", "T0", "+00:00"):
        assert internal not in summary, internal
    assert len(outcome.documents) == 1  # and the file for computers
    # In Cantonese for a Cantonese speaker.
    async with bot.services.sessions() as session:
        owner = await session.get(Person, world.ids["owner"])
        owner.language = "yue"
        await session.commit()
    summary = (await say(bot, OWNER, "/mydata")).texts[0]
    assert "香港時間" in summary and "時數紀錄：1 項" in summary and "Siu Fong" in summary
    assert "2026年" in summary
    assert "Hour entries" not in summary


async def test_mydata_sends_their_own_data_as_a_readable_json_file(bot: Harness) -> None:
    world = await build_world(bot)
    await _fill_in(bot, world)
    outcome = await say(bot, OWNER, "/mydata")
    (document,) = outcome.documents
    text = document.decode("utf-8")
    assert "九龍中心" in text  # readable Cantonese, not \\u escapes
    data = json.loads(text)
    assert data["you"]["name"] == "Siu Fong" and data["you"]["telegram_user_id"] == OWNER
    assert [e["minutes"] for e in data["hour_entries"]] == [90]
    assert data["months_approved"][0]["approved_by"] == "Ms Chan"
    assert data["clients_not_reached"][0]["client_code"] == "C09"
    (concern,) = data["concerns_you_raised"]
    assert concern["what_you_wrote"] == FLAG_WORDS and concern["history"]
    assert data["card_feedback"][0]["helpful"] is True
    assert data["daily_tips_sent"] and data["unfinished_step"]["flow"] == "flag"
    assert {m["kind"] for m in data["messages_from_the_bot"]} >= {"tip"}
    assert "outcome" not in json.dumps(concern)  # the unit's notes about a client are not theirs
    # Nobody else's data: not the other supporter's, not the other unit's.
    for other in ("Ah Kuen", "Ah Wing", "ZB9", "words from the island"):
        assert other not in text
    assert "🗑 Delete my data…" in bot.sandbox.last_bot_message(OWNER).button_labels


async def test_delete_my_data_keeps_payroll_and_purges_the_rest(bot: Harness) -> None:
    world = await build_world(bot)
    await _fill_in(bot, world)
    pid = world.ids["owner"]
    await bot.flush()
    async with bot.services.sessions() as session:  # the alert to Ms Chan went out
        sent_alerts = list(
            await session.scalars(
                select(OutboxMessage).where(
                    OutboxMessage.dedupe_key.like(f"flag:{world.flag_id}:%")
                )
            )
        )
    assert sent_alerts and all(FLAG_WORDS in m.text for m in sent_alerts)
    # Before: the owner has something in every purged table.
    for model, column in (
        (Preferences, Preferences.person_id),
        (CardFeedback, CardFeedback.person_id),
        (TipSent, TipSent.person_id),
        (ContactAttempt, ContactAttempt.person_id),
    ):
        assert await _count(bot, model, column == pid) == 1, model
    assert await _count(bot, ChatState, ChatState.telegram_user_id == OWNER) == 1

    await say(bot, OWNER, "/mydata")
    confirm = await press_data(bot, OWNER, "priv:del")
    said = confirm.joined
    assert "Your centre keeps what payroll needs: your hour entries and approved months" in said
    assert "without your words" in said and "ask your social worker for a new invite link" in said
    yes = next(
        data
        for label, data in bot.sandbox.last_bot_message(OWNER).buttons[0]
        if label == "🗑 Yes, delete my data"
    )
    done = await press_data(bot, OWNER, yes)
    assert "Your data has been deleted" in done.joined

    # Kept: payroll and the audit trail.
    assert await _count(bot, HourEntry, HourEntry.person_id == pid) == 1
    assert await _count(bot, MonthApproval, MonthApproval.person_id == pid) == 1
    assert await _count(bot, FlagEvent, FlagEvent.flag_id == world.flag_id) >= 2
    async with bot.services.sessions() as session:
        flag = await session.get(Flag, world.flag_id)
        assert flag is not None and flag.client_code == "QA7" and flag.description is None
        assert flag.description_purged_at is not None
        person = await session.get(Person, pid)
        assert person is not None and not person.active
        assert person.display_name == "Siu Fong"  # the name on the payroll record
        assert person.telegram_user_id != OWNER and person.telegram_username is None
        copies = list(
            await session.scalars(
                select(OutboxMessage.text).where(
                    OutboxMessage.dedupe_key.like(f"flag:{world.flag_id}:%")
                )
            )
        )
        assert copies and all(FLAG_WORDS not in t for t in copies)
        theirs = list(
            await session.scalars(select(OutboxMessage).where(OutboxMessage.person_id == pid))
        )
        assert all(m.status != OutboxStatus.PENDING and m.text == "" for m in theirs)
    # Purged: everything else.
    for model, column in (
        (Preferences, Preferences.person_id),
        (CardFeedback, CardFeedback.person_id),
        (TipSent, TipSent.person_id),
        (ContactAttempt, ContactAttempt.person_id),
    ):
        assert await _count(bot, model, column == pid) == 0, model
    assert await _count(bot, ChatState, ChatState.telegram_user_id == OWNER) == 0
    # Other people's data is untouched.
    assert await _count(bot, Flag, Flag.id == world.flag_b_id, Flag.description.is_not(None)) == 1
    # No more tips; they are a stranger to the bot now, and can rejoin with a new invite.
    bot.clock.advance(days=2)
    await bot.tick()
    await bot.flush()
    assert await _count(bot, TipSent, TipSent.person_id == pid) == 0
    assert "ask your social worker for an invite link" in (await say(bot, OWNER, "/help")).joined
    async with bot.services.sessions() as session:
        invite = await people.create_invite(
            session,
            role=Role.SUPPORTER,
            unit_id=world.unit_a,
            social_worker_id=world.ids["sw_a"],
            now=bot.clock(),
            days_valid=14,
        )
        await session.commit()
    welcome = (await say(bot, OWNER, f"/start {invite.code}")).joined
    assert "Welcome to Tung Hang" in welcome
    async with bot.services.sessions() as session:
        again = await session.scalar(select(Person).where(Person.telegram_user_id == OWNER))
        assert again is not None and again.id != pid and again.active


async def test_staff_and_deactivated_people_can_get_and_delete_their_data(bot: Harness) -> None:
    world = await build_world(bot)
    former = world.ids["deactivated"]
    outcome = await say(bot, 2003, "/mydata")
    assert json.loads(outcome.documents[0])["you"]["active"] is False
    stamp = int(bot.clock().timestamp())
    assert (
        "Your data has been deleted"
        in (await press_data(bot, 2003, f"priv:del:yes:{stamp}")).joined
    )
    assert (await snapshot(bot))["people"]
    async with bot.services.sessions() as session:
        person = await session.get(Person, former)
        assert person is not None and person.telegram_user_id < 0
    staff = await say(bot, SW_A, "/mydata")
    data = json.loads(staff.documents[0])
    assert data["as_staff"]["concern_actions"] == [] and data["you"]["role"] == "social_worker"
    confirm = await press_data(bot, SW_A, "priv:del")
    assert "approvals you gave and concerns you handled" in confirm.joined


async def test_every_table_about_people_has_a_retention_rule() -> None:
    """A new table that refers to a person must say what erasure does to it."""
    with contextlib.suppress(ImportError):  # every model module the migrations know
        importlib.import_module("storage.peer_models")
    about_people = set()
    for table in Base.metadata.sorted_tables:
        refs_person = any(
            isinstance(fk, ForeignKey) and fk.column.table.name == "people"
            for column in table.columns
            for fk in column.foreign_keys
        )
        if refs_person or "telegram_user_id" in table.columns or table.name == "people":
            about_people.add(table.name)
    missing = sorted(about_people - service.RETENTION.keys())
    assert not missing, f"tables with no retention rule in bot/services/privacy.py: {missing}"
    known = {t.name for t in Base.metadata.sorted_tables}
    assert not sorted(service.RETENTION.keys() - known), "rules for tables that do not exist"


async def test_the_tick_forgets_abandoned_flows_and_old_sent_texts(bot: Harness) -> None:
    world = await build_world(bot)
    now = bot.clock()
    async with bot.services.sessions() as session:
        await states.put(session, OWNER, "flag", {"step": "description"}, now)
        await states.put(session, PEER, "flag", {"step": "code"}, now + dt.timedelta(days=6))
        await outbox.enqueue(
            session,
            dedupe_key="future",
            chat_id=OWNER,
            person_id=world.ids["owner"],
            lane=Lane.TIP,
            kind="tip",
            text="still owed",
            due_at=now + dt.timedelta(days=40),
        )
        await session.commit()
    bot.clock.advance(days=7, minutes=1)
    await bot.tick()
    async with bot.services.sessions() as session:
        assert await session.get(ChatState, OWNER) is None  # a week untouched
        assert await session.get(ChatState, PEER) is not None  # a day old
    bot.clock.advance(days=30)
    await bot.tick()
    async with bot.services.sessions() as session:
        rows = list(await session.scalars(select(OutboxMessage)))
    cutoff = bot.clock() - dt.timedelta(days=service.SENT_TEXT_DAYS)
    old = [m for m in rows if m.status == OutboxStatus.SENT and m.sent_at < cutoff]
    recent = [m for m in rows if m.status == OutboxStatus.SENT and m.sent_at >= cutoff]
    assert old and all(m.text == "" for m in old)  # the first alerts, a month on
    assert recent and all(m.text for m in recent)  # what was sent this month stays
    assert [m.text for m in rows if m.dedupe_key == "future"] == ["still owed"]


SENSITIVE = ["A123456(7)", "9123 4567", "+852 6123 4567", "Ｚ６８３３９６（Ａ）"]
WARNING = "It looks like your message has an ID card or phone number in it."


async def test_identifiers_get_a_gentle_warning_and_are_never_stored(bot: Harness) -> None:
    world = await build_world(bot)
    for number in SENSITIVE:
        # Free text / search
        assert WARNING in (await say(bot, OWNER, f"what if she gives me {number}")).joined
        # /log and typed hours (in and out of the flow)
        assert WARNING in (await say(bot, OWNER, f"/log 2h visit {number}")).joined
        await press_data(bot, OWNER, "hrs:d:other")
        assert WARNING in (await say(bot, OWNER, f"1h phone {number}")).joined
        await say(bot, OWNER, "/cancel")
        # Settings: a typed time
        await press_data(bot, OWNER, "set:time:type")
        assert WARNING in (await say(bot, OWNER, number)).joined
        await say(bot, OWNER, "/cancel")
        # The flag flow: case code and description both refuse it kindly
        await say(bot, OWNER, "/flag")
        await press_data(bot, OWNER, "flag:cat:other")
        await press_data(bot, OWNER, "flag:urg:today")
        refusal = (await say(bot, OWNER, number)).joined
        assert "no full names, ID numbers or phone numbers" in refusal
        await say(bot, OWNER, "C03")
        refusal = (await say(bot, OWNER, f"the son said call {number}")).joined
        assert "That seems to contain an ID card or phone number." in refusal
        await say(bot, OWNER, "/cancel")
        # Not reached: the case code
        await press_data(bot, OWNER, "hrs:nr")
        assert "no full names or phone numbers" in (await say(bot, OWNER, number)).joined
        await say(bot, OWNER, "/cancel")
        # A social worker's outcome note
        await press_data(bot, SW_A, f"flag:close:{world.flag_id}")
        refusal = (await say(bot, SW_A, f"phoned {number}")).joined
        assert "That seems to contain an ID card or phone number." in refusal
        await say(bot, SW_A, "/cancel")
    await bot.flush()
    dump = json.dumps(await snapshot(bot), ensure_ascii=False, default=str)
    digits = [n for n in SENSITIVE] + ["91234567", "61234567", "A1234567", "Z683396"]
    assert not [n for n in digits if n in dump]
