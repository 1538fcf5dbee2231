"""Forged and replayed button data cannot act on anyone else's entries, flags or months.

Telegram clients can send any callback data (a modified client, or simply an old message),
so every button is checked like typed input. Each forged press below must get a kind
answer, must not trip the error handler, and must leave the database exactly as it was.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from bot.services import states
from storage.models import ChatState, ContactAttempt, Flag, HourEntry
from tests.harness import Harness
from tests.security.support import (
    ACTORS,
    APOLOGY,
    OWNER,
    PEER,
    SW_A,
    SW_B,
    World,
    build_world,
    diff,
    press_data,
    press_on,
    say,
    snapshot,
)

HUGE = "99999999999999999999"  # past every integer column on both databases


@pytest.fixture
async def world(bot: Harness) -> World:
    world = await build_world(bot)
    errors: list[BaseException] = []

    async def record(update: object, context) -> None:  # type: ignore[no-untyped-def]
        errors.append(context.error)

    bot.app.add_error_handler(record)
    world.extra["errors"] = errors
    world.extra["card"] = next(iter(bot.services.library.cards)).id
    return world


async def forged(
    bot: Harness, world: World, user_id: int, data: str, *, quiet: bool = False
) -> str:
    """Press forged `data`; assert nothing changed and nothing broke; return the answer.

    `quiet`: a silent answer (the button just stops spinning) is fine for pure junk."""
    before = await snapshot(bot)
    outcome = await press_data(bot, user_id, data)
    changed = diff(before, await snapshot(bot))
    errors = world.extra["errors"]
    assert not errors, f"{data!r}: the handler raised {[type(e).__name__ for e in errors]}"
    assert APOLOGY not in outcome.joined, f"{data!r}: the bot apologised for an error"
    assert not changed, f"{data!r} changed {changed}"
    assert quiet or outcome.texts, f"{data!r}: no answer at all"
    return outcome.joined


def _day(bot: Harness, days_ago: int = 0) -> str:
    local = bot.clock().astimezone(bot.services.settings.tz).date()
    return (local - dt.timedelta(days=days_ago)).strftime("%Y%m%d")


async def test_another_persons_entry_cannot_be_touched(bot: Harness, world: World) -> None:
    entry = world.entry_id
    for data in (
        f"hrs:e:{entry}",
        f"hrs:del:{entry}",
        f"hrs:rm:{entry}",
        f"hrs:up:{entry}:60:phone:{_day(bot)}",
    ):
        for who in (PEER, ACTORS["supporter_b"]):
            answer = await forged(bot, world, who, data)
            assert "That entry is no longer there." in answer, (data, answer)


async def test_forged_entry_payloads_save_nothing(bot: Harness, world: World) -> None:
    for data in (
        f"hrs:s:99999:visit:{_day(bot)}",  # too long
        f"hrs:s:0:visit:{_day(bot)}",  # nothing
        f"hrs:s:-30:visit:{_day(bot)}",
        f"hrs:s:60:dancing:{_day(bot)}",  # no such activity
        f"hrs:s:60:visit:{_day(bot, -1)}",  # tomorrow
        f"hrs:s:60:visit:{_day(bot, 400)}",  # long ago
        "hrs:s:60:visit:20261399",  # no such day
        "hrs:s:60",
        "hrs:ok:60:visit",
        f"hrs:d:{HUGE}",
        "hrs:d:abc",
        "hrs:a:60:visit:notaday",
        "hrs:m:2026-13",
        "hrs:m:9999-01",
        "hrs:nrc:91234567:door",  # a phone number as a "case code"
        "hrs:nrc:Chan Tai Man:door",
        "hrs:nrc:C03:carrier-pigeon",
        "hrs:",
        "hrs:zzz",
    ):
        await forged(bot, world, OWNER, data)
    async with bot.services.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(HourEntry)) == 1
        assert await session.scalar(select(func.count()).select_from(ContactAttempt)) == 0


async def test_another_units_flag_cannot_be_handled(bot: Harness, world: World) -> None:
    # Another unit's concern: said plainly, nothing changed (the database is compared whole).
    another_unit = "That concern belongs to another unit, so you can't act on it."
    for action in ("ack", "close", "contact", "view", "card", "note"):
        answer = await forged(bot, world, SW_B, f"flag:{action}:{world.flag_id}")
        assert another_unit in answer
        answer = await forged(bot, world, ACTORS["admin_b"], f"flag:{action}:{world.flag_id}")
        assert another_unit in answer
        answer = await forged(bot, world, SW_A, f"flag:{action}:{world.flag_b_id}")
        assert another_unit in answer
    for data in ("flag:ack:0", "flag:ack:-1", "flag:ack:x", "flag:ack:", "flag:view:1:2"):
        await forged(bot, world, SW_A, data)


async def test_team_buttons_only_reach_your_own_units_supporters(
    bot: Harness, world: World
) -> None:
    owner, month = world.ids["owner"], world.month
    for data in (f"team:ok:{owner}:{month}", f"team:re:{owner}:{month}"):
        answer = await forged(bot, world, SW_B, data)
        assert "Sorry, that button has expired." in answer
    # Inside the unit, only supporters' months can be approved, and only real months.
    for data in (
        f"team:ok:{world.ids['sw_a']}:{month}",
        f"team:ok:{world.ids['admin_a']}:{month}",
        f"team:ok:{world.ids['supporter_b']}:{month}",
        f"team:ok:{owner}:2026-13",
        f"team:ok:{owner}:{month}:extra",
        f"team:xx:{owner}:{month}",
        f"team:ok:abc:{month}",
    ):
        answer = await forged(bot, world, SW_A, data)
        assert "Sorry, that button has expired." in answer, (data, answer)


async def test_unit_policy_cannot_name_another_units_staff(bot: Harness, world: World) -> None:
    admin_a = ACTORS["admin_a"]
    for data in (
        f"unit:set:bk:{world.ids['sw_b']}",  # another unit's social worker
        f"unit:set:sv:{world.ids['admin_b']}",
        f"unit:set:bk:{world.ids['owner']}",  # a supporter
        f"unit:set:bk:{world.ids['deactivated']}",
    ):
        answer = await forged(bot, world, admin_a, data)
        assert "That person can't take this role." in answer, (data, answer)
    for data in ("unit:set:zz:1", "unit:set:bk:abc", "unit:pick:zz", "unit:"):
        await forged(bot, world, admin_a, data)


async def test_huge_and_odd_ids_are_not_found_not_errors(bot: Harness, world: World) -> None:
    cases = {
        OWNER: [f"hrs:rm:{HUGE}", f"hrs:e:{HUGE}", f"hrs:del:{HUGE}", "hrs:rm:-5"],
        SW_A: [f"flag:ack:{HUGE}", f"flag:view:{HUGE}", f"team:ok:{HUGE}:{world.month}"],
        ACTORS["admin_a"]: [f"unit:set:bk:{HUGE}", "unit:set:sv:-1"],
    }
    for user, items in cases.items():
        for data in items:
            await forged(bot, world, user, data)


async def test_a_forged_client_code_in_a_button_is_not_kept(bot: Harness, world: World) -> None:
    """'Tell my social worker' carries a case code; a name or number in it is dropped."""
    for bad in ("91234567", "A1234567", "Chan Tai Man", "陳大文先生"):
        before = await snapshot(bot)
        await press_data(bot, OWNER, f"flag:start:unreachable:{bad}")
        async with bot.services.sessions() as session:
            state = await session.get(ChatState, OWNER)
        assert state is not None and bad not in str(state.data), bad
        assert "client_code" not in state.data  # the flow will ask for it, kindly
        after = await snapshot(bot)
        assert [t for t in diff(before, after) if t != "chat_states"] == []
        assert not world.extra["errors"]
    # A real case code from the not-reached nudge is kept, so it isn't asked again.
    await press_data(bot, OWNER, "flag:start:unreachable:c03")
    async with bot.services.sessions() as session:
        state = await session.get(ChatState, OWNER)
    assert state is not None and state.data["client_code"] == "C03"
    assert state.data["step"] == "urgency"


async def test_replayed_send_raises_one_flag(bot: Harness, world: World) -> None:
    await say(bot, OWNER, "/flag")
    await press_data(bot, OWNER, "flag:cat:other")
    await press_data(bot, OWNER, "flag:urg:today")
    await say(bot, OWNER, "C21")
    review = await press_data(bot, OWNER, "flag:skip")
    assert "Please check, then send:" in review.joined
    message = bot.sandbox.last_bot_message(OWNER)
    assert message is not None
    await press_on(bot, OWNER, message.message_id, "flag:send")
    before = await snapshot(bot)
    again = await press_data(bot, OWNER, "flag:send")  # the old button, pressed again
    assert "That step has passed." in again.joined
    assert diff(before, await snapshot(bot)) == []
    async with bot.services.sessions() as session:
        codes = list(await session.scalars(select(Flag.client_code)))
    assert codes.count("C21") == 1
    assert not world.extra["errors"]


async def test_stale_flow_steps_are_refused_kindly(bot: Harness, world: World) -> None:
    for data in ("flag:urg:today", "flag:skip", "flag:send", "flag:cat:nonsense"):
        answer = await forged(bot, world, PEER, data)
        assert "That step has passed." in answer, (data, answer)
    # Mid-flow, a button from another step does nothing but say so.
    async with bot.services.sessions() as session:
        await states.put(session, PEER, "flag", {"step": "category"}, bot.clock())
        await session.commit()
    for data in ("flag:send", "flag:skip", "flag:urg:today", "flag:urg:sometime"):
        answer = await forged(bot, world, PEER, data)
        assert "That step has passed." in answer, (data, answer)


async def test_card_buttons_after_a_language_change_and_content_update(
    bot: Harness, world: World
) -> None:
    card = world.extra["card"]
    await say(bot, OWNER, "/language")
    await press_data(bot, OWNER, "lang:yue")
    shown = await press_data(bot, OWNER, f"lib:card:{card}:en")  # a button from before
    assert APOLOGY not in shown.joined and shown.texts
    for data in (
        "lib:card:no-such-card:en",
        f"lib:card:{card}:fr",
        "lib:fb:no-such-card:1",
        f"lib:fb:{card}:7",
        "lib:top:no-such-topic:0",
        f"lib:top:{card}:-1",
        "lib:cat:nope",
        "set:time:9999",
        "set:day:9",
        "set:day:x",
        "set:quiet:0000-9999",
        "set:nothing",
    ):
        await forged(bot, world, OWNER, data)
    await forged(bot, world, OWNER, "lang:fr", quiet=True)


async def test_staff_cannot_change_tip_settings(bot: Harness, world: World) -> None:
    for data in ("set:pause", "set:time:2100", "set:day:0", "set:quiet:2200-0700"):
        answer = await forged(bot, world, SW_A, data)
        assert "Sorry, this part is for peer supporters." in answer


async def test_delete_my_data_cannot_be_forged_or_replayed(bot: Harness, world: World) -> None:
    now = int(bot.clock().timestamp())
    stale = now - 3600
    answer = await forged(bot, world, ACTORS["stranger"], f"priv:del:yes:{now}")
    assert "Please ask your social worker for an invite link." in answer
    for data in (f"priv:del:yes:{stale}", f"priv:del:yes:{now + 3600}", "priv:del:yes:x", "priv:x"):
        answer = await forged(bot, world, OWNER, data)
        assert "That button has expired." in answer, (data, answer)
    # The real button erases only the presser's own data, once.
    done = await press_data(bot, PEER, f"priv:del:yes:{now}")
    assert "Your data has been deleted" in done.joined
    owner = await snapshot(bot)
    replay = await press_data(bot, PEER, f"priv:del:yes:{now}")
    assert "Please ask your social worker for an invite link." in replay.joined
    assert diff(owner, await snapshot(bot)) == []
    async with bot.services.sessions() as session:
        assert await session.get(HourEntry, world.entry_id) is not None  # the owner's, untouched


async def test_another_units_peer_question_and_tip(bot: Harness, world: World) -> None:
    """Peer wisdom (issue 8): unit A's question and tip are out of reach from unit B."""
    pm = pytest.importorskip("storage.peer_models")
    now = bot.clock()
    async with bot.services.sessions() as session:
        topic = next(iter(bot.services.library.topics))
        tip = pm.SharedTip(
            author_id=world.ids["owner"],
            unit_id=world.unit_a,
            topic=topic,
            text="Meet at the centre, not at home",
            status=pm.TipStatus.PENDING,
            created_at=now,
        )
        question = pm.PeerQuestion(
            asker_id=world.ids["owner"],
            unit_id=world.unit_a,
            text="How do I end a visit kindly?",
            status=pm.QuestionStatus.OPEN,
            created_at=now,
        )
        session.add_all([tip, question, pm.PeerMentor(person_id=world.ids["supporter_b"])])
        await session.commit()
    for action in ("ok", "edit", "ret"):
        answer = await forged(bot, world, SW_B, f"ptip:{action}:{tip.id}")
        assert "Sorry, that is not something you can open." in answer, answer
    for data in (f"peer:claim:{question.id}", f"peer:reply:{question.id}"):
        answer = await forged(bot, world, ACTORS["supporter_b"], data)
        assert "Sorry, that is not something you can open." in answer, (data, answer)
    answer = await forged(bot, world, SW_B, f"peer:dq:{question.id}")
    assert "How do I end a visit kindly?" not in answer


async def test_huge_ids_on_peer_buttons(bot: Harness, world: World) -> None:
    pytest.importorskip("storage.peer_models")
    for user, data in (
        (SW_A, f"ptip:ok:{HUGE}"),
        (ACTORS["supporter_b"], f"peer:claim:{HUGE}"),
        (SW_A, f"peer:dq:{HUGE}"),
    ):
        await forged(bot, world, user, data)
