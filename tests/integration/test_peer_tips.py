"""Share what worked: write, pick a topic, review by the social worker (approve, edit,
return), the unit's daily-tip rotation, "your tip helped", audit, and the YAML export."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import subprocess
import sys
from zoneinfo import ZoneInfo

import pytest
import yaml
from sqlalchemy import select

from bot.domain.peer import shared_card_id
from bot.services import feedback
from storage.delivery_models import TipSent
from storage.models import CardFeedback
from storage.peer_models import PeerEvent, SharedTip
from tests.integration.test_peer import (
    HO,
    KAM,
    LEE,
    OTHER_WORKER,
    ask,
    claim_and_answer,
    seed_peers,
)
from tests.seed import SOCIAL_WORKER, SUPPORTER

HK = ZoneInfo("Asia/Hong_Kong")
TIP = "When C07 went quiet, I asked about her old photos and she talked for an hour."


def hk(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 11, day, hour, minute, tzinfo=HK).astimezone(dt.UTC)


@pytest.fixture
async def cast(bot):
    return await seed_peers(bot)


async def tips(bot) -> list[SharedTip]:
    async with bot.services.sessions() as session:
        return list(await session.scalars(select(SharedTip).order_by(SharedTip.id)))


async def share(bot, text: str = TIP, *, credit: bool = True) -> None:
    await bot.say(SUPPORTER, "/sharetip")
    await bot.say(SUPPORTER, text)
    await bot.press(SUPPORTER, "Conversation skills")
    await bot.press(SUPPORTER, "Handling silence")
    await bot.press(
        SUPPORTER, "📨 Send with my name (Siu Fong)" if credit else "📨 Send without my name"
    )
    await bot.flush()


def reviews(bot, chat_id: int) -> list:
    return [
        m for m in bot.sandbox.bot_messages(chat_id) if (m.text or "").startswith("💡 A tip to")
    ]


async def test_share_a_tip_in_a_few_taps_and_the_social_worker_approves_it(bot, cast):
    (menu,) = await bot.say(SUPPORTER, "🤝 Peers")
    (prompt,) = await bot.press(SUPPORTER, "💡 Share a tip", message_id=menu.message_id)
    assert prompt.text.startswith("💡 Share what worked for you.")
    (areas,) = await bot.say(SUPPORTER, TIP)
    assert areas.text == "Which area is it about?"
    assert "Conversation skills" in areas.button_labels
    assert "Risk and safety" not in areas.button_labels  # safety advice comes from reviewed cards
    (topics,) = await bot.press(SUPPORTER, "Conversation skills")
    assert topics.text == "Conversation skills: which topic?"
    (review,) = await bot.press(SUPPORTER, "Handling silence")
    assert review.text.splitlines()[:5] == [
        "Please check your tip:",
        "",
        TIP,
        "",
        "Topic: Handling silence",
    ]
    assert "Ms Chan will look at it first." in review.text
    assert review.button_labels == [
        "📨 Send with my name (Siu Fong)",
        "📨 Send without my name",
        "✏️ Write it again",
        "✖ Cancel",
    ]
    assert await tips(bot) == []
    (sent,) = await bot.press(SUPPORTER, "📨 Send with my name (Siu Fong)")
    assert (
        sent.text
        == "💡 Thank you for sharing! I've sent it to Ms Chan. I'll let you know what they say."
    )
    await bot.flush()
    (request,) = reviews(bot, SOCIAL_WORKER)
    assert request.text.splitlines()[:3] == [
        "💡 A tip to review (#1) from Siu Fong — Handling silence:",
        "",
        TIP,
    ]
    assert "with their first name (Siu Fong)" in request.text
    assert request.button_labels == ["✅ Approve", "✏️ Edit, then approve", "↩ Return with a note"]
    assert reviews(bot, OTHER_WORKER) == []
    await bot.press(SOCIAL_WORKER, "✅ Approve")
    assert bot.sandbox.callback_answers[-1].text == "Approved — thank you."
    assert bot.sandbox.messages(SOCIAL_WORKER)[-1].text.startswith(
        "✅ You approved tip #1. It is now part of your unit's daily tips."
    )
    await bot.flush()
    assert bot.last(SUPPORTER).text.startswith(
        "🌱 Ms Chan approved your tip about “Handling silence”."
    )
    (tip,) = await tips(bot)
    assert (tip.status, tip.reviewed_by_id, tip.credit_name, tip.topic) == (
        "approved",
        cast.worker.id,
        "Siu Fong",
        "conversation.silence",
    )
    async with bot.services.sessions() as session:
        audit = list(
            await session.execute(
                select(PeerEvent.kind, PeerEvent.actor_id)
                .where(PeerEvent.subject == "tip")
                .order_by(PeerEvent.id)
            )
        )
    assert audit == [("shared", cast.asker.id), ("approved", cast.worker.id)]
    # A second tap (or a second social worker) changes nothing.
    request.inline_keyboard = [[{"text": "✅ Approve", "callback_data": "ptip:ok:1"}]]
    await bot.press(SOCIAL_WORKER, "✅ Approve", message_id=request.message_id)
    assert bot.sandbox.callback_answers[-1].text == "This tip was already reviewed by Ms Chan."


async def test_the_social_worker_may_edit_before_approving(bot, cast):
    await share(bot)
    await bot.press(SOCIAL_WORKER, "✏️ Edit, then approve")
    prompt = bot.last(SOCIAL_WORKER)
    assert prompt.text.startswith("Type tip #1 as it should appear.")
    (refusal,) = await bot.say(SOCIAL_WORKER, "Call her on 9123 4567 first.")
    assert refusal.text.startswith("It looks like your message has an ID card or phone number")
    edited = "When a client goes quiet, ask about old photos: many open up."
    replies = await bot.say(SOCIAL_WORKER, edited)
    assert replies[0].text == "✅ Approved tip #1 with your edits. The author has been told."
    (tip,) = await tips(bot)
    assert (tip.status, tip.text, tip.original_text) == ("approved", edited, TIP)
    await bot.flush()
    told = bot.last(SUPPORTER).text
    assert "They made a few small edits:" in told and edited in told


async def test_the_social_worker_may_return_it_with_a_kind_note(bot, cast):
    await share(bot, credit=False)
    (request,) = reviews(bot, SOCIAL_WORKER)
    assert "without their name" in request.text
    await bot.press(SOCIAL_WORKER, "↩ Return with a note")
    assert bot.last(SOCIAL_WORKER).text.startswith(
        "Type a short, kind note for Siu Fong about tip #1."
    )
    (empty,) = await bot.say(SOCIAL_WORKER, "   ")
    assert empty.text == "Please type a short note for the author."
    note = "Lovely idea! Could you say what you asked first? Then I'll approve it."
    done = (await bot.say(SOCIAL_WORKER, note))[0]
    assert done.text == "↩ Returned tip #1 to Siu Fong with your note."
    (request_now,) = [
        m for m in bot.sandbox.messages(SOCIAL_WORKER) if m.message_id == request.message_id
    ]
    assert request_now.text.startswith("↩ You returned tip #1 with a note.")
    await bot.flush()
    told = bot.last(SUPPORTER).text
    assert told.startswith(
        "Ms Chan looked at your tip about “Handling silence” and has a note for you:"
    )
    assert note in told and TIP in told
    (tip,) = await tips(bot)
    assert (tip.status, tip.review_note, tip.reviewed_by_id) == ("returned", note, cast.worker.id)
    async with bot.services.sessions() as session:
        kinds = list(
            await session.scalars(select(PeerEvent.kind).where(PeerEvent.subject == "tip"))
        )
    assert kinds == ["shared", "returned"]


async def test_pending_tips_show_in_the_staff_view(bot, cast):
    await share(bot)
    replies = await bot.say(SOCIAL_WORKER, "/peer")
    assert "💡 Tips waiting for review: 1" in replies[0].text
    assert replies[-1].text.startswith("💡 A tip to review (#1) from Siu Fong")
    assert replies[-1].button_labels == [
        "✅ Approve",
        "✏️ Edit, then approve",
        "↩ Return with a note",
    ]


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        (
            "Her daughter's phone is 6123 4567, call her.",
            "It looks like your message has an ID card",
        ),
        ("x" * 501, "That's a bit long — please keep it under 500 characters."),
    ],
)
async def test_tips_with_numbers_or_too_long_are_refused(bot, cast, text, answer):
    await bot.say(SUPPORTER, "/sharetip")
    (reply,) = await bot.say(SUPPORTER, text)
    assert reply.text.startswith(answer)
    async with bot.services.sessions() as session:
        from storage.models import ChatState

        state = await session.get(ChatState, SUPPORTER)
    assert "6123" not in str(state.data) and "xxxx" not in str(state.data)


async def test_a_tip_with_risk_words_shows_the_safety_block_first(bot, cast):
    await bot.say(SUPPORTER, "/sharetip")
    replies = await bot.say(
        SUPPORTER, "When a client said she wanted to die, I stayed and called the social worker."
    )
    assert replies[0].text.startswith("If anyone is in danger right now, call 999 first.")
    assert replies[1].button_labels == ["⚠️ Tell my social worker"]
    assert replies[2].text == "Which area is it about?"  # a story of what worked may go on


async def test_a_name_in_a_tip_is_warned_about(bot, cast):
    await bot.say(SUPPORTER, "/sharetip")
    (warning,) = await bot.say(SUPPORTER, "Chan Tai Man likes chess, so I brought a board.")
    assert warning.text.startswith("This may include someone's name (“Chan Tai Man”).")
    (areas,) = await bot.press(SUPPORTER, "✅ It's not a client's name")
    assert areas.text == "Which area is it about?"


async def approve_first_tip(bot) -> None:
    await bot.press(SOCIAL_WORKER, "✅ Approve")
    await bot.flush()


async def only_shared_tips_for(bot, person_id: int) -> None:
    """Mark every library card 👎 for this person, so the only card left is a shared tip."""
    async with bot.services.sessions() as session:
        for card in bot.services.library.cards:
            await feedback.record(session, person_id, card.id, False, bot.clock())
        await session.commit()


async def test_approved_tips_join_the_units_daily_tips(bot, cast):
    await share(bot)
    await approve_first_tip(bot)
    for person in (cast.ho, cast.asker, cast.lee):
        await only_shared_tips_for(bot, person.id)
    await bot.tick()  # gives everyone their first tip time: tomorrow 09:30
    bot.clock.now = hk(27, 9, 30)
    await bot.tick()
    await bot.flush()
    tip = bot.last(HO)
    assert tip.text.splitlines()[:4] == [
        "💡 From a fellow supporter, Siu Fong",
        "Handling silence",
        "",
        TIP,
    ]
    assert tip.button_labels == ["👍 Helpful", "👎 Not helpful", "📚 More on this topic"]
    async with bot.services.sessions() as session:
        sent = list(await session.scalars(select(TipSent).where(TipSent.person_id == cast.ho.id)))
    assert [s.card_id for s in sent] == [shared_card_id(1)]
    # Not to the author (it is her own), not to another unit.
    assert not [
        m
        for m in bot.sandbox.bot_messages(SUPPORTER)
        if "From a fellow supporter" in (m.text or "")
    ]
    assert not [
        m for m in bot.sandbox.bot_messages(LEE) if "From a fellow supporter" in (m.text or "")
    ]


async def test_an_anonymous_tip_is_credited_without_a_name(bot, cast):
    await share(bot, credit=False)
    await approve_first_tip(bot)
    await only_shared_tips_for(bot, cast.ho.id)
    await bot.tick()  # gives everyone their first tip time: tomorrow 09:30
    bot.clock.now = hk(27, 9, 30)
    await bot.tick()
    await bot.flush()
    assert bot.last(HO).text.splitlines()[0] == "💡 From a fellow supporter"


async def test_the_author_hears_once_a_day_when_their_tip_helped(bot, cast):
    await share(bot)
    await approve_first_tip(bot)
    for person in (cast.ho, cast.kam, cast.asker):
        await only_shared_tips_for(bot, person.id)
    await bot.tick()  # gives everyone their first tip time: tomorrow 09:30
    bot.clock.now = hk(27, 9, 30)
    await bot.tick()
    await bot.flush()
    for person in (HO, KAM):
        await bot.press(person, "👍 Helpful")
        assert bot.sandbox.callback_answers[-1].text == "Thank you — noted."
    await bot.press(HO, "👍 Helpful")  # the same vote again counts once
    (tip,) = await tips(bot)
    assert (tip.helpful_count, tip.thanks_pending) == (2, 2)
    async with bot.services.sessions() as session:
        vote = await session.get(CardFeedback, (cast.ho.id, shared_card_id(1)))
    assert vote.helpful is True
    before = len(bot.sandbox.bot_messages(SUPPORTER))
    bot.clock.now = hk(27, 18, 59)
    await bot.tick()
    await bot.flush()
    assert len(bot.sandbox.bot_messages(SUPPORTER)) == before  # batched: not yet
    bot.clock.now = hk(27, 19, 0)
    await bot.tick()
    await bot.flush()
    helped = bot.last(SUPPORTER).text
    assert helped.startswith(
        "🙏 Fellow supporters found your tip about “Handling silence” helpful:"
    )
    assert "👍 2 since I last told you, 👍 2 in all" in helped
    assert "Ah Ho" not in helped and "Ah Kam" not in helped  # no names, no ranking
    bot.clock.now = hk(28, 19, 0)
    await bot.tick()
    await bot.flush()
    assert bot.last(SUPPORTER).text == helped  # nothing new, nothing sent


async def test_votes_on_tips_of_another_unit_are_ignored(bot, cast):
    await share(bot)
    await approve_first_tip(bot)
    (menu,) = await bot.say(LEE, "/help")
    menu.inline_keyboard = [[{"text": "x", "callback_data": "ptip:fb:1:1"}]]
    bot.sandbox.press(LEE, menu.message_id, "ptip:fb:1:1")
    await bot.deliver()
    (tip,) = await tips(bot)
    assert tip.helpful_count == 0


async def test_export_shared_writes_draft_cards_for_the_clinical_team(bot, cast, tmp_path):
    await share(bot, "我同C婆婆一齊睇舊相，佢講咗成個鐘。")
    await approve_first_tip(bot)
    await share(bot, "A pending tip is not exported.")
    # A good answer that a social worker turned into a draft card.
    await ask(bot, "How do I end a visit gently?")
    await claim_and_answer(bot, KAM, "Say when you will come again, then stand up slowly.")
    await bot.say(SOCIAL_WORKER, "/peer")
    await bot.press(SOCIAL_WORKER, "❓ Read the questions and answers")
    await bot.press(SOCIAL_WORKER, "#1 How do I end a visit gently?")
    await bot.press(SOCIAL_WORKER, "📝 Make a draft card")
    await bot.press(SOCIAL_WORKER, "Conversation skills")
    await bot.press(SOCIAL_WORKER, "Listening well")
    out = tmp_path / "shared.yaml"
    assert await export(bot, "--out", str(out)) == 0
    text = out.read_text(encoding="utf-8")
    assert "# From a fellow supporter: shared tip #1 (Kowloon Centre), approved by Ms Chan" in text
    assert "# From a fellow supporter's answer to question #1" in text
    cards = yaml.safe_load(text)
    assert [c["id"] for c in cards] == ["shared-tip-1", "shared-answer-1"]
    tip_card, answer_card = cards
    assert tip_card["topics"] == ["conversation.silence"] and tip_card["kind"] == "tip"
    assert tip_card["yue"]["say"] == ["我同C婆婆一齊睇舊相，佢講咗成個鐘。"]
    assert tip_card["yue"]["situation"] == "師兄師姐分享嘅心得。"
    assert tip_card["en"]["situation"] == "A tip from a fellow supporter."
    assert tip_card["reviewed_by"] is None and tip_card["last_reviewed"] is None
    assert answer_card["topics"] == ["conversation.active_listening"]
    assert answer_card["en"]["situation"] == "How do I end a visit gently?"
    assert answer_card["en"]["say"] == ["Say when you will come again, then stand up slowly."]
    assert "Siu Fong" not in text  # no supporter names travel into the manual
    # --unit limits the export to one unit.
    assert await export(bot, "--unit", str(cast.other_unit.id), "--out", str(out)) == 0
    assert yaml.safe_load(out.read_text(encoding="utf-8")) is None


async def export(bot, *args: str) -> int:
    """`tunghang content export-shared …` in a process of its own, on the test database."""
    env = {**os.environ, "DATABASE_URL": bot.services.settings.database_url}
    result = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "bot", "content", "export-shared", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.returncode
