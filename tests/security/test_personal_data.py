"""Erasure and retention reach every copy. One person's words (a unique marker) are put in
every place a user can type or be named — their concern, a half-typed step, a peer question
and the copy forwarded to a mentor, an answer they gave and its copy to the asker, a shared
tip and the copy sent for review, the wellbeing note to their social worker — then
/mydata → delete; every text column of every table is scanned afterwards."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from sqlalchemy import JSON, BigInteger, Integer, String, Text, select

from bot.delivery import outbox
from bot.delivery.lanes import Lane
from bot.services import personal_data, retention, states
from storage.delivery_models import OutboxMessage
from storage.models import Base, Flag, Person
from storage.peer_models import PeerQuestion, SharedTip, WellbeingAnswer
from tests.harness import Harness
from tests.security.support import (
    FLAG_WORDS,
    OWNER,
    OWNER_NAME,
    PEER,
    SW_A,
    build_world,
    press_data,
    say,
)

MARK = "ZqxMarker7"
USERNAME = "zqx_owner_handle"


def test_every_text_column_is_in_the_inventory() -> None:
    import storage.peer_models  # noqa: F401 - registers the peer tables

    missing = [
        f"{table.name}.{column.name}"
        for table in Base.metadata.sorted_tables
        for column in table.columns
        if isinstance(column.type, String | Text | JSON)
        and column.name not in personal_data.COLUMNS.get(table.name, {})
    ]
    assert not missing, f"say in bot/services/personal_data.COLUMNS what these hold: {missing}"


async def _scan(bot: Harness, needles: list[str], telegram_id: int) -> list[str]:
    """Every cell of every table holding a needle or the Telegram id, but payroll fields."""
    found: list[str] = []
    id_word = re.compile(rf"\b{telegram_id}\b")
    async with bot.services.sessions() as session:
        for table in Base.metadata.sorted_tables:
            kept = {
                name
                for name, what in personal_data.COLUMNS.get(table.name, {}).items()
                if what == personal_data.PAYROLL
            }
            for row in (await session.execute(select(table))).mappings():
                for column in table.columns:
                    value: Any = row[column.name]
                    if value is None or column.name in kept:
                        continue
                    if isinstance(column.type, Integer | BigInteger):
                        if value == telegram_id:
                            found.append(f"{table.name}.{column.name} = telegram id")
                        continue
                    text = str(value)
                    if any(n in text for n in needles) or id_word.search(text):
                        found.append(f"{table.name}.{column.name}: {text[:60]!r}")
    return found


async def _seed_everywhere(bot: Harness, ids: dict[str, int], unit_id: int) -> None:
    now = bot.clock()
    owner_id, peer_id, sw_id = ids["owner"], ids["peer"], ids["sw_a"]
    async with bot.services.sessions() as session:
        owner = await session.get(Person, owner_id)
        assert owner is not None
        owner.telegram_username = USERNAME
        await states.put(session, OWNER, "flag", {"description": f"half {MARK}"}, now)
        asked = PeerQuestion(
            asker_id=owner_id,
            unit_id=unit_id,
            text=f"my question {MARK}",
            asker_name=OWNER_NAME,
            status="answered",
            claimed_by_id=peer_id,
            answer="their answer",
        )
        answered = PeerQuestion(
            asker_id=peer_id,
            unit_id=unit_id,
            text="a question from Ah Kuen",
            status="answered",
            claimed_by_id=owner_id,
            answer=f"my answer {MARK}",
        )
        tip = SharedTip(
            author_id=owner_id,
            unit_id=unit_id,
            topic="conversation",
            text=f"my tip {MARK}",
            original_text=f"my first tip {MARK}",
            credit_name=OWNER_NAME,
        )
        session.add_all([asked, answered, tip])
        session.add(WellbeingAnswer(person_id=owner_id, week=now.date(), face=2))
        await session.flush()
        copies = [
            (f"peerq:{asked.id}:p{peer_id}", PEER, peer_id, f"Question: my question {MARK}"),
            (f"peerq:{answered.id}:answer", PEER, peer_id, f"Answer: my answer {MARK}"),
            (f"ptip:{tip.id}:review:p{sw_id}", SW_A, sw_id, f"{OWNER_NAME}: my tip {MARK}"),
            (f"wb:tell:{owner_id}:2026-01-05", SW_A, sw_id, f"{OWNER_NAME} would like a chat"),
            ("tip:someone:later", PEER, peer_id, f"Today's tip from a fellow: my tip {MARK}"),
        ]
        for key, chat, person_id, text in copies:
            await outbox.enqueue(
                session,
                dedupe_key=key,
                chat_id=chat,
                person_id=person_id,
                lane=Lane.REPLY,
                kind="peer_question",
                text=text,
                buttons=[[(f"Reply to {OWNER_NAME}", "x:1")]],
                due_at=now,
            )
        await session.commit()
    await bot.flush()  # they all go out, as they would have


async def test_erasure_leaves_no_trace_of_their_words_or_telegram_id(bot: Harness) -> None:
    world = await build_world(bot)
    await _seed_everywhere(bot, world.ids, world.unit_a)
    # The note to Ms Chan is older than the sent-text retention: its text is already blank,
    # but the message is still in her chat (and its button names the owner).
    async with bot.services.sessions() as session:
        old_note = await session.scalar(
            select(OutboxMessage).where(OutboxMessage.dedupe_key.startswith("wb:tell:"))
        )
        assert old_note is not None and old_note.telegram_message_id
        old_note.text = ""
        await session.commit()
    needles = [MARK, FLAG_WORDS, USERNAME, OWNER_NAME]
    before = await _scan(bot, needles, OWNER)
    assert len(before) >= 12, before  # the seeding reached every place
    alert = next(m for m in bot.sandbox.bot_messages(SW_A) if FLAG_WORDS in (m.text or ""))

    await say(bot, OWNER, "/mydata")
    await press_data(bot, OWNER, "priv:del")
    yes = next(
        data
        for label, data in bot.sandbox.last_bot_message(OWNER).buttons[0]
        if label == "🗑 Yes, delete my data"
    )
    assert "Your data has been deleted" in (await press_data(bot, OWNER, yes)).joined
    await bot.flush()

    left = await _scan(bot, needles, OWNER)
    assert not left, left
    # The alert in Ms Chan's chat now says why it is empty.
    edited = next(m for m in bot.sandbox.bot_messages(SW_A) if m.message_id == alert.message_id)
    assert edited.text == "(removed at the person's request)"
    # The concern is still open: "I'm on it" stays; the button with her name goes.
    assert edited.button_labels == ["✅ I'm on it"]
    note = next(
        m for m in bot.sandbox.bot_messages(SW_A) if m.message_id == old_note.telegram_message_id
    )
    assert note.text == "(removed at the person's request)" and note.button_labels == []
    # The payroll record keeps the name README lists.
    async with bot.services.sessions() as session:
        person = await session.get(Person, world.ids["owner"])
        assert person is not None and person.display_name == OWNER_NAME


async def test_the_concern_description_purge_reaches_the_alert_copies(bot: Harness) -> None:
    world = await build_world(bot)
    await bot.flush()  # the alert quoting the description went out
    now = bot.clock()
    async with bot.services.sessions() as session:
        flag = await session.get(Flag, world.flag_id)
        assert flag is not None
        flag.status, flag.closed_at = "closed", now
        await session.commit()
        copies = await session.scalars(
            select(OutboxMessage.text).where(OutboxMessage.text.contains(FLAG_WORDS))
        )
        assert list(copies)
    days = bot.services.settings.flag_description_days
    # Within the sent-text retention (30 days) when the description retention is shorter.
    async with bot.services.sessions() as session:
        await retention.run_retention(
            session, now + dt.timedelta(days=days + 1), bot.services.settings
        )
        await session.commit()
    async with bot.services.sessions() as session:
        flag = await session.get(Flag, world.flag_id)
        assert flag is not None and flag.description is None
        other = await session.get(Flag, world.flag_b_id)
        assert other is not None and other.description is not None  # still open: kept
    left = [f for f in await _scan(bot, [FLAG_WORDS], -1) if "flags.description" not in f]
    assert not left, left
