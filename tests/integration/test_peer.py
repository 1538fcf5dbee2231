"""Ask a senior supporter: opt-in mentors, anonymity, the claim race, answers, thanks, one
follow-up, timeouts, the cross-unit rule, safety and privacy, and the staff view."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import subprocess
import sys
from dataclasses import dataclass

import pytest
import yaml
from sqlalchemy import select

from bot.services import peer as peer_service
from bot.services import people
from storage.models import ChatState, Person, Role, Unit
from storage.peer_models import PeerDraftCard, PeerEvent, PeerQuestion
from tests.harness import start_harness
from tests.seed import SOCIAL_WORKER, SUPPORTER, add_unit, register, seed_cast

KAM = 2002  # a senior supporter (mentor) in the asker's unit
LIN = 2003  # another mentor in the same unit
HO = 2004  # a supporter who is not a mentor
LEE = 6001  # a mentor in another unit
OTHER_WORKER = 4001

CLI = (sys.executable, "-m", "bot")
QUESTION = "C03 hardly talks during visits. How do you keep a quiet client talking?"


@dataclass
class PeerCast:
    unit: Unit
    other_unit: Unit
    worker: Person
    asker: Person
    kam: Person
    lin: Person
    ho: Person
    lee: Person


async def make_mentor(bot, person: Person) -> None:
    async with bot.services.sessions() as session:
        fresh = await session.get(Person, person.id)
        await peer_service.set_mentor(session, fresh, True, fresh, bot.clock())
        await session.commit()


async def set_cross_unit(bot, unit_id: int, on: bool) -> None:
    async with bot.services.sessions() as session:
        await peer_service.set_cross_unit(session, unit_id, on, bot.clock())
        await session.commit()


async def seed_peers(bot) -> PeerCast:
    """Ms Chan's unit: Siu Fong (asks), Ah Kam and Ah Lin (mentors), Ah Ho (not a mentor);
    another unit with its own social worker and a mentor, Mr Lee."""
    cast = await seed_cast(bot.services, bot.sandbox)
    other = await add_unit(bot.services, "Tsuen Wan Centre")
    other_worker = await register(
        bot.services,
        telegram_id=OTHER_WORKER,
        name="Ms Wong",
        role=Role.SOCIAL_WORKER,
        unit_id=other.id,
    )
    made = {}
    for telegram_id, name, unit, worker in (
        (KAM, "Ah Kam", cast.unit, cast.worker),
        (LIN, "Ah Lin", cast.unit, cast.worker),
        (HO, "Ah Ho", cast.unit, cast.worker),
        (LEE, "Mr Lee", other, other_worker),
    ):
        bot.sandbox.add_user(telegram_id, name, language_code="en")
        made[telegram_id] = await register(
            bot.services,
            telegram_id=telegram_id,
            name=name,
            role=Role.SUPPORTER,
            unit_id=unit.id,
            social_worker_id=worker.id,
        )
    bot.sandbox.add_user(OTHER_WORKER, "Ms Wong", language_code="en")
    for telegram_id in (KAM, LIN, LEE):
        await make_mentor(bot, made[telegram_id])
    return PeerCast(
        cast.unit, other, cast.worker, cast.supporter, made[KAM], made[LIN], made[HO], made[LEE]
    )


@pytest.fixture
async def cast(bot):
    return await seed_peers(bot)


async def questions(bot) -> list[PeerQuestion]:
    async with bot.services.sessions() as session:
        return list(await session.scalars(select(PeerQuestion).order_by(PeerQuestion.id)))


async def chat_state(bot, telegram_id: int) -> ChatState | None:
    async with bot.services.sessions() as session:
        return await session.get(ChatState, telegram_id)


def question_messages(bot, chat_id: int) -> list:
    return [m for m in bot.sandbox.bot_messages(chat_id) if "🙋 I'll answer" in m.button_labels]


async def ask(bot, text: str = QUESTION, *, show_name: bool = False) -> list:
    await bot.say(SUPPORTER, "/askpeer")
    await bot.say(SUPPORTER, text)
    label = "📨 Send with my name (Siu Fong)" if show_name else "📨 Send without my name"
    replies = await bot.press(SUPPORTER, label)
    await bot.flush()
    return replies


async def forge(bot, user_id: int, message, data: str) -> None:
    """Press button data the user was never shown (checked like typed input)."""
    message.inline_keyboard = [[{"text": "x", "callback_data": data}]]
    bot.sandbox.press(user_id, message.message_id, data)
    await bot.deliver()


async def claim_and_answer(bot, mentor: int, answer: str) -> None:
    await bot.press(mentor, "🙋 I'll answer")
    await bot.say(mentor, answer)
    await bot.press(mentor, "📨 Send answer")
    await bot.flush()


# --------------------------------------------------------------------------- asking


async def test_the_question_goes_to_the_units_mentors_only_after_review(bot, cast):
    (menu,) = await bot.say(SUPPORTER, "🤝 Peers")
    assert menu.text.startswith("🤝 Fellow supporters")
    assert menu.button_labels == [
        "🙋 Ask a senior supporter",
        "💡 Share a tip",
        "🧭 I'll answer questions too",
    ]
    (prompt,) = await bot.press(SUPPORTER, "🙋 Ask a senior supporter")
    assert prompt.text.startswith("🙋 What would you like to ask a senior supporter?")
    (review,) = await bot.say(SUPPORTER, QUESTION)
    assert review.text.splitlines()[:3] == ["Please check your question:", "", QUESTION]
    assert "It goes to the senior supporters of your centre." in review.text
    assert review.button_labels == [
        "📨 Send without my name",
        "📨 Send with my name (Siu Fong)",
        "✏️ Write it again",
        "✖ Cancel",
    ]
    assert await questions(bot) == []  # nothing is stored before Send
    (sent,) = await bot.press(SUPPORTER, "📨 Send without my name")
    assert sent.text == (
        "📨 Sent. I'll pass the answer on to you here. "
        "If nobody can take it within 2 h, I'll let you know."
    )
    await bot.flush()
    for mentor in (KAM, LIN):
        (message,) = question_messages(bot, mentor)
        assert message.text.splitlines()[:3] == [
            "🙋 A question from a fellow supporter in your centre:",
            "",
            QUESTION,
        ]
        assert "Siu Fong" not in message.text  # anonymous unless they chose otherwise
    assert question_messages(bot, HO) == []  # not a mentor: never asked
    assert question_messages(bot, LEE) == []  # another unit, which is not allowed by default
    assert question_messages(bot, SUPPORTER) == []
    (question,) = await questions(bot)
    assert (question.status, question.asker_name, question.text) == ("open", None, QUESTION)
    assert await chat_state(bot, SUPPORTER) is None


async def test_the_asker_may_show_their_first_name(bot, cast):
    await ask(bot, show_name=True)
    (message,) = question_messages(bot, KAM)
    assert message.text.startswith(
        "🙋 A question from Siu Fong, a fellow supporter in your centre:"
    )
    (question,) = await questions(bot)
    assert question.asker_name == "Siu Fong"


async def test_two_mentors_press_at_once_and_the_first_wins(bot, cast):
    await ask(bot)
    (kam_copy,) = question_messages(bot, KAM)
    (lin_copy,) = question_messages(bot, LIN)
    # Both tap "I'll answer" before either tap is processed.
    bot.sandbox.press(LIN, lin_copy.message_id, "peer:claim:1")
    bot.sandbox.press(KAM, kam_copy.message_id, "peer:claim:1")
    await bot.deliver()
    (question,) = await questions(bot)
    assert question.status == "claimed" and question.claimed_by_id == cast.lin.id
    assert bot.sandbox.callback_answers[-1].text == (
        "Another senior supporter is already answering this one. Thank you!"
    )
    kam_now = bot.sandbox.messages(KAM)[-1]
    assert kam_now.text.startswith("🙋 This question was taken by another senior supporter.")
    assert "Ah Lin" not in kam_now.text and kam_now.button_labels == []
    lin_now = bot.sandbox.messages(LIN)[-1]
    assert lin_now.text.splitlines()[0] == f"“{QUESTION}”"
    assert "Please type your answer below" in lin_now.text
    assert (await chat_state(bot, LIN)).flow == "peer.answer"
    assert await chat_state(bot, KAM) is None
    await bot.flush()
    assert bot.last(SUPPORTER).text == "✍️ A senior supporter is answering your question now."
    async with bot.services.sessions() as session:
        kinds = list(
            await session.scalars(
                select(PeerEvent.kind).where(PeerEvent.subject == "question").order_by(PeerEvent.id)
            )
        )
    assert kinds == ["asked", "claimed"]


async def test_the_answer_is_relayed_with_thanks_and_exactly_one_follow_up(bot, cast):
    await ask(bot)
    await bot.press(KAM, "🙋 I'll answer")
    (review,) = await bot.say(KAM, "Ask about their old job, and let silences be.")
    assert review.text.startswith("Your answer:") and review.button_labels == [
        "📨 Send answer",
        "✏️ Write it again",
        "✖ Not now",
    ]
    (sent,) = await bot.press(KAM, "📨 Send answer")
    assert sent.text.startswith("🙏 Thank you — your answer was sent.")
    await bot.flush()
    answer = bot.last(SUPPORTER)
    assert answer.text.splitlines() == [
        "💬 A senior supporter answered your question.",
        "",
        f"You asked: “{QUESTION}”",
        "",
        "Ask about their old job, and let silences be.",
    ]
    assert answer.button_labels == ["🙏 Thank them", "↩ Ask a follow-up"]
    assert "Ah Kam" not in answer.text

    await bot.press(SUPPORTER, "🙏 Thank them", message_id=answer.message_id)
    assert bot.sandbox.callback_answers[-1].text == "Thank you — I've passed it on. 🙏"
    assert bot.sandbox.messages(SUPPORTER)[-1].button_labels == ["↩ Ask a follow-up"]
    await bot.flush()
    assert bot.last(KAM).text.startswith("🙏 The supporter who asked “C03 hardly talks")

    (prompt,) = await bot.press(SUPPORTER, "↩ Ask a follow-up", message_id=answer.message_id)
    assert prompt.text.startswith("↩ What would you like to ask as a follow-up?")
    (review,) = await bot.say(SUPPORTER, "And if they still say nothing?")
    assert "It goes to the senior supporter who answered you." in review.text
    (sent,) = await bot.press(SUPPORTER, "📨 Send without my name")
    assert sent.text.startswith("📨 Sent to the senior supporter who answered you.")
    await bot.flush()
    follow_up = bot.last(KAM)
    assert follow_up.text.startswith("↩ A follow-up from the supporter you answered:")
    assert "Follow-up: And if they still say nothing?" in follow_up.text
    assert not any("Follow-up" in (m.text or "") for m in bot.sandbox.bot_messages(LIN))
    await bot.press(KAM, "✍️ Reply")
    await bot.say(KAM, "Sit together and have tea; company is enough.")
    await bot.press(KAM, "📨 Send answer")
    await bot.flush()
    reply = bot.last(SUPPORTER)
    assert reply.text.startswith("💬 The senior supporter replied to your follow-up.")
    assert reply.button_labels == ["🙏 Thank them"]  # no second follow-up
    # The original answer's ↩ is used up; so is any follow-up of a follow-up.
    for data in ("peer:fu:1", "peer:fu:2"):
        await forge(bot, SUPPORTER, answer, data)
        assert bot.sandbox.callback_answers[-1].text.startswith(
            "You have already asked your one follow-up on this question."
        )
    first, second = await questions(bot)
    assert (first.status, second.status, second.parent_id) == ("answered", "answered", 1)
    assert first.thanked_at is not None and second.claimed_by_id == cast.kam.id


async def test_a_follow_up_goes_to_all_mentors_when_the_answerer_stepped_down(bot, cast):
    await ask(bot)
    await claim_and_answer(bot, KAM, "Try talking about old photos.")
    await bot.say(KAM, "🤝 Peers")
    await bot.press(KAM, "🧭 Stop answering questions")
    await bot.press(SUPPORTER, "↩ Ask a follow-up")
    await bot.say(SUPPORTER, "What if they have no photos?")
    await bot.press(SUPPORTER, "📨 Send without my name")
    await bot.flush()
    (copy,) = [m for m in question_messages(bot, LIN) if "Follow-up:" in m.text]
    assert (
        "Earlier question:" in copy.text
        and "Earlier answer: “Try talking about old photos.”" in copy.text
    )
    assert not [m for m in question_messages(bot, KAM) if "Follow-up:" in m.text]


# --------------------------------------------------------------------------- safety and privacy


async def test_a_risk_question_shows_the_safety_block_and_the_flag_flow_first(bot, cast):
    await bot.say(SUPPORTER, "/askpeer")
    replies = await bot.say(SUPPORTER, "She told me she wants to die. What should I say?")
    assert replies[0].text.startswith("If anyone is in danger right now, call 999 first.")
    assert "2389 2222" in replies[0].text and "Ms Chan" in replies[0].text
    assert replies[1].text.startswith("This sounds like someone's safety may be at risk.")
    assert "I haven't sent your question." in replies[1].text
    assert replies[1].button_labels == ["⚠️ Tell my social worker"]
    assert len(replies) == 2
    assert await questions(bot) == []
    assert await chat_state(bot, SUPPORTER) is None
    await bot.flush()
    assert question_messages(bot, KAM) == [] and question_messages(bot, LIN) == []
    flow = await bot.press(SUPPORTER, "⚠️ Tell my social worker")
    assert flow[-1].text.startswith("Risk of suicide or self-harm. How urgent is it?")


@pytest.mark.parametrize(
    "text", ["Her son's number is 9123 4567, should I call?", "Her ID is A123456(7)"]
)
async def test_ids_and_phone_numbers_are_refused_and_nothing_is_kept(bot, cast, text):
    await bot.say(SUPPORTER, "/askpeer")
    (refusal,) = await bot.say(SUPPORTER, text)
    assert refusal.text.startswith(
        "It looks like your message has an ID card or phone number in it. I haven't kept it."
    )
    state = await chat_state(bot, SUPPORTER)
    assert state.flow == "peer.ask" and text not in str(state.data)
    assert "9123" not in str(state.data) and "A123456" not in str(state.data)
    assert await questions(bot) == []
    # They can simply try again.
    (review,) = await bot.say(SUPPORTER, QUESTION)
    assert review.text.startswith("Please check your question:")


async def test_something_like_a_full_name_is_warned_about(bot, cast):
    await bot.say(SUPPORTER, "/askpeer")
    (warning,) = await bot.say(SUPPORTER, "陳大文成日唔出聲，點算？")
    assert warning.text.startswith("This may include someone's name (“陳大文”).")
    assert warning.button_labels == ["✏️ Write it again", "✅ It's not a client's name"]
    (prompt,) = await bot.press(SUPPORTER, "✏️ Write it again")
    assert prompt.text.startswith("🙋 What would you like to ask a senior supporter?")
    assert "陳大文" not in str((await chat_state(bot, SUPPORTER)).data)
    (warning,) = await bot.say(SUPPORTER, "Mary Wong from church visits her too. Is that OK?")
    assert "(“Mary Wong”)" in warning.text
    (review,) = await bot.press(SUPPORTER, "✅ It's not a client's name")
    assert review.text.startswith("Please check your question:")


async def test_too_long_questions_are_refused(bot, cast):
    await bot.say(SUPPORTER, "/askpeer")
    (refusal,) = await bot.say(SUPPORTER, "word " * 120)
    assert refusal.text.startswith("That's a bit long — please keep it under 500 characters.")


# --------------------------------------------------------------------------- who is asked


async def test_opt_in_rules(bot, cast):
    # Ah Ho opts in from the menu; Ah Lin opts out; Ah Kam is deactivated; Siu Fong (the
    # asker) is a mentor too but never gets her own question.
    await bot.say(HO, "🤝 Peers")
    (changed,) = [
        m
        for m in await bot.press(HO, "🧭 I'll answer questions too")
        if m.text.startswith("🧭 Thank you!")
    ]
    assert "without their names" in changed.text
    await bot.say(LIN, "🤝 Peers")
    await bot.press(LIN, "🧭 Stop answering questions")
    await make_mentor(bot, cast.asker)
    async with bot.services.sessions() as session:
        await people.deactivate(session, await session.get(Person, cast.kam.id), bot.clock())
        await session.commit()
    await ask(bot)
    assert len(question_messages(bot, HO)) == 1
    assert question_messages(bot, LIN) == [] and question_messages(bot, KAM) == []
    assert question_messages(bot, SUPPORTER) == []
    async with bot.services.sessions() as session:
        audit = list(
            await session.scalars(
                select(PeerEvent.kind).where(PeerEvent.subject == "mentor").order_by(PeerEvent.id)
            )
        )
    assert audit[-3:] == ["on", "off", "on"]  # Ah Ho on, Ah Lin off, Siu Fong on


async def test_unreachable_mentors_are_not_asked(bot, cast):
    async with bot.services.sessions() as session:
        kam = await session.get(Person, cast.kam.id)
        kam.unreachable_at = bot.clock()
        await session.commit()
    await ask(bot)
    assert question_messages(bot, KAM) == [] and len(question_messages(bot, LIN)) == 1


async def test_with_no_mentor_free_the_social_worker_is_offered(bot, cast):
    for mentor in (KAM, LIN):
        await bot.say(mentor, "🤝 Peers")
        await bot.press(mentor, "🧭 Stop answering questions")
    (reply,) = await bot.say(SUPPORTER, "/askpeer")
    assert reply.text.startswith("There is no senior supporter free to answer just now.")
    assert "Ms Chan, your social worker" in reply.text
    (contact,) = await bot.press(SUPPORTER, "💬 Contact my social worker")
    assert contact.text.startswith("You can message Ms Chan directly, or call your centre.")
    assert contact.buttons == [[("💬 Message Ms Chan", None)]]  # a link to her chat
    assert await chat_state(bot, SUPPORTER) is None


async def test_only_mentors_the_question_was_sent_to_may_claim_it(bot, cast):
    await ask(bot)
    (menu,) = await bot.say(HO, "🤝 Peers")
    await forge(bot, HO, menu, "peer:claim:1")
    assert bot.sandbox.callback_answers[-1].text == "Sorry, that is not something you can open."
    (question,) = await questions(bot)
    assert question.status == "open"


# --------------------------------------------------------------------------- timers


async def test_unclaimed_questions_time_out_kindly(bot, cast):
    await ask(bot)
    bot.clock.advance(minutes=119)
    await bot.tick()
    await bot.flush()
    assert (await questions(bot))[0].status == "open"
    bot.clock.advance(minutes=2)
    await bot.tick()
    await bot.flush()
    told = bot.last(SUPPORTER)
    assert told.text.startswith("Sorry — no senior supporter was free to take your question")
    assert "Ms Chan is glad to help" in told.text
    assert told.button_labels == ["💬 Contact my social worker"]
    (question,) = await questions(bot)
    assert question.status == "expired" and question.asker_told_at is not None
    # A mentor who taps later is thanked; the question stays closed.
    await bot.press(KAM, "🙋 I'll answer")
    assert bot.sandbox.callback_answers[-1].text == (
        "This question has closed. Thank you for being ready to help."
    )
    assert (await questions(bot))[0].claimed_by_id is None
    # Told once only.
    before = len(bot.sandbox.bot_messages(SUPPORTER))
    bot.clock.advance(hours=3)
    await bot.tick()
    await bot.flush()
    assert len(bot.sandbox.bot_messages(SUPPORTER)) == before


async def test_the_timeout_is_configurable(bot, cast, settings, clock, library, catalogs):
    import dataclasses

    quick = dataclasses.replace(settings, peer_timeout_minutes=30)
    async with start_harness(quick, clock, library, catalogs) as other:
        for telegram_id in (SUPPORTER, KAM, LIN):
            other.sandbox.add_user(telegram_id, str(telegram_id))
        await ask(other)
        assert "within 30 min" in other.sandbox.messages(SUPPORTER)[-1].text
        other.clock.advance(minutes=31)
        await other.tick()
        await other.flush()
        assert other.last(SUPPORTER).text.startswith("Sorry — no senior supporter was free")


async def test_a_claimed_question_left_unanswered_offers_the_social_worker_too(bot, cast):
    await ask(bot)
    await bot.press(KAM, "🙋 I'll answer")
    bot.clock.advance(hours=24, minutes=1)
    await bot.tick()
    await bot.flush()
    assert bot.last(SUPPORTER).text.startswith("The senior supporter who took your question")
    assert (await questions(bot))[0].status == "claimed"
    # A late answer still reaches the asker.
    await bot.say(KAM, "Sorry I'm late: try asking about their garden.")
    await bot.press(KAM, "📨 Send answer")
    await bot.flush()
    assert bot.last(SUPPORTER).text.startswith("💬 A senior supporter answered your question.")


async def test_other_units_are_asked_later_only_if_both_units_allow_it(bot, cast):
    await set_cross_unit(bot, cast.unit.id, True)
    await bot.say(SUPPORTER, "/askpeer")
    (review,) = await bot.say(SUPPORTER, QUESTION)
    assert "and to those of other centres if nobody here is free" in review.text
    await bot.press(SUPPORTER, "📨 Send without my name")
    await bot.flush()
    assert question_messages(bot, LEE) == []
    bot.clock.advance(minutes=61)
    await bot.tick()
    await bot.flush()
    assert question_messages(bot, LEE) == []  # Mr Lee's unit has not agreed to share
    await set_cross_unit(bot, cast.other_unit.id, True)
    await ask(bot, "How do you end a visit gently?")
    bot.clock.advance(minutes=59)
    await bot.tick()
    await bot.flush()
    assert question_messages(bot, LEE) == []  # not yet: half the timeout
    bot.clock.advance(minutes=2)
    await bot.tick()
    await bot.flush()
    (copy,) = question_messages(bot, LEE)
    assert copy.text.startswith("🙋 A question from a fellow supporter at Kowloon Centre:")
    # Mr Lee may claim and answer it like anyone else.
    await claim_and_answer(bot, LEE, "Say when you will come again.")
    assert bot.last(SUPPORTER).text.startswith("💬 A senior supporter answered your question.")


async def test_without_own_mentors_other_units_are_asked_at_once(bot, cast):
    await set_cross_unit(bot, cast.unit.id, True)
    await set_cross_unit(bot, cast.other_unit.id, True)
    for mentor in (KAM, LIN):
        await bot.say(mentor, "🤝 Peers")
        await bot.press(mentor, "🧭 Stop answering questions")
    await ask(bot)
    assert len(question_messages(bot, LEE)) == 1


async def test_an_unfinished_question_survives_a_restart(
    bot, cast, settings, clock, library, catalogs
):
    await bot.say(SUPPORTER, "/askpeer")
    async with start_harness(settings, clock, library, catalogs) as again:
        again.sandbox.add_user(SUPPORTER, "Siu Fong")
        (review,) = await again.say(SUPPORTER, QUESTION)
        assert review.text.startswith("Please check your question:")


# --------------------------------------------------------------------------- staff


async def test_social_workers_read_their_units_questions_and_make_a_draft_card(bot, cast):
    await ask(bot)
    await claim_and_answer(bot, KAM, "Ask about their old job, and let silences be.")
    replies = await bot.say(SOCIAL_WORKER, "🤝 Peers")
    (home,) = replies  # one screen; the questions are a button away
    assert home.text.splitlines() == [
        "🤝 Peer support in Kowloon Centre",
        "",
        "🧭 Senior supporters answering questions: Ah Kam, Ah Lin",
        "💡 Tips waiting for review: 0",
        "📝 Draft cards for the clinical team: 0",
        "",
        "❓ Questions of the last 180 days: 1, 1 answered.",
    ]
    assert home.button_labels == [
        "❓ Read the questions and answers",
        "🧭 Choose senior supporters",
    ]
    (listing,) = await bot.press(SOCIAL_WORKER, "❓ Read the questions and answers")
    assert listing.text.splitlines()[2:] == [
        "#1 · Thu 26 Nov · answered",
        "C03 hardly talks during visits. How do you keep a quiet client talking…",
    ]
    (item,) = await bot.press(SOCIAL_WORKER, "#1 C03 hardly talks during visi…")
    assert item.text.splitlines()[1:] == [
        f"Q (anonymous): {QUESTION}",
        "A (Ah Kam): Ask about their old job, and let silences be.",
    ]
    assert item.button_labels == ["📝 Make a draft card", "⬅ Back"]  # read-only otherwise
    (areas,) = await bot.press(SOCIAL_WORKER, "📝 Make a draft card")
    assert "Conversation skills" in areas.button_labels
    await bot.press(SOCIAL_WORKER, "Conversation skills")
    (saved,) = await bot.press(SOCIAL_WORKER, "Handling silence")
    assert saved.text.startswith("📝 Draft card saved from question #1 (Handling silence)")
    async with bot.services.sessions() as session:
        (draft,) = list(await session.scalars(select(PeerDraftCard)))
    assert (draft.question_id, draft.topic, draft.created_by_id) == (
        1,
        "conversation.silence",
        cast.worker.id,
    )
    # The draft cards as a file, from the chat: no command line needed.
    (sent,) = await bot.press(SOCIAL_WORKER, "📤 Send me the draft cards as a file")
    filename, data = sent.document
    assert filename == "tunghang-shared-cards-2026-11-26.yaml"
    (card,) = yaml.safe_load(data.decode("utf-8"))
    assert card["id"] == "shared-answer-1" and card["topics"] == ["conversation.silence"]
    assert sent.caption.startswith("📤 Cards from fellow supporters: 1, as YAML")
    # Another unit's social worker sees none of it, even by pressing the button's data.
    replies = await bot.say(OTHER_WORKER, "/peer")
    assert "No peer questions in the last 180 days." in replies[0].text and len(replies) == 1
    for data in ("peer:draft:1", "peer:qv:1", "peer:dtop:1:conversation.silence"):
        await forge(bot, OTHER_WORKER, replies[0], data)
        assert bot.sandbox.callback_answers[-1].text == "Sorry, that is not something you can open."
    (nothing,) = await forge_and_collect(bot, OTHER_WORKER, replies[0], "peer:dfile")
    assert nothing.text == "There are no draft cards or approved tips yet."
    # Supporters can't open the staff view's buttons.
    await forge(bot, SUPPORTER, bot.sandbox.bot_messages(SUPPORTER)[-1], "peer:draft:1")
    assert bot.last(SUPPORTER).text == "Sorry, this part is for social workers."


async def forge_and_collect(bot, user_id: int, message, data: str) -> list:
    seq = bot.sandbox.last_event_seq
    await forge(bot, user_id, message, data)
    return bot._changed_since(user_id, seq)


async def _asked_days_ago(bot, cast, days: int, text: str, answer: str | None) -> PeerQuestion:
    async with bot.services.sessions() as session:
        asked = bot.clock() - dt.timedelta(days=days)
        question = PeerQuestion(
            asker_id=cast.asker.id,
            unit_id=cast.unit.id,
            text=text,
            asker_name="Siu Fong",
            status="answered" if answer else "expired",
            created_at=asked,
            claimed_by_id=cast.kam.id if answer else None,
            answer=answer,
            answered_at=asked + dt.timedelta(hours=1) if answer else None,
        )
        session.add(question)
        await session.commit()
        return question


async def test_answers_stay_for_drafting_as_long_as_the_unit_keeps_them(bot, cast):
    """Last month's answers can still become draft cards: 180 days by default."""
    old = await _asked_days_ago(bot, cast, 100, "How do I end a visit gently?", "Say when.")
    await _asked_days_ago(bot, cast, 200, "Too old to keep?", "Yes.")
    (home,) = await bot.say(SOCIAL_WORKER, "/peer")
    assert "❓ Questions of the last 180 days: 1, 1 answered." in home.text
    await bot.press(SOCIAL_WORKER, "❓ Read the questions and answers")
    (item,) = await bot.press(SOCIAL_WORKER, "#1 How do I end a visit gently?")
    assert "Q (Siu Fong): How do I end a visit gently?" in item.text
    await bot.press(SOCIAL_WORKER, "📝 Make a draft card")
    await bot.press(SOCIAL_WORKER, "Conversation skills")
    (saved,) = await bot.press(SOCIAL_WORKER, "Listening well")
    assert saved.text.startswith(f"📝 Draft card saved from question #{old.id}")
    # A question past the unit's days has its words blanked by the tick, except one a
    # draft card was made from (the clinical team still needs it).
    bot.clock.advance(days=81)
    await bot.tick()
    async with bot.services.sessions() as session:
        rows = {q.id: q for q in await session.scalars(select(PeerQuestion))}
    assert rows[old.id].text == "How do I end a visit gently?"
    too_old = next(q for q in rows.values() if q.id != old.id)
    assert (too_old.text, too_old.answer, too_old.asker_name) == ("", "", None)
    (home,) = await bot.say(SOCIAL_WORKER, "/peer")
    assert "No peer questions in the last 180 days." in home.text  # #1 is 181 days old now
    # The unit may keep them longer (or shorter): a unit setting.
    result = await _unit_set(bot, cast, "--peer-question-days", "365")
    assert json.loads(result.stdout)["peer_question_days"] == 365
    (home,) = await bot.say(SOCIAL_WORKER, "/peer")
    assert "❓ Questions of the last 365 days: 1, 1 answered." in home.text


@pytest.mark.parametrize("days", ["6", "731", "abc"])
async def test_question_days_out_of_range_are_refused_and_change_nothing(bot, cast, days):
    result = await _unit_set(bot, cast, "--peer-question-days", days, check=False)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    async with bot.services.sessions() as session:
        assert await peer_service.question_days(session, cast.unit.id) == 180


async def _unit_set(bot, cast, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": bot.services.settings.database_url}
    result = await asyncio.to_thread(
        subprocess.run,
        [*CLI, "admin", "unit-set", str(cast.unit.id), *args, "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if check:
        assert result.returncode == 0, result.stderr
    return result


async def test_the_question_list_fits_a_phone_screen_in_both_languages(bot, cast):
    for number in range(12):
        await _asked_days_ago(bot, cast, number + 1, f"Question number {number} " * 8, "Yes.")
    for lang in ("en", "yue"):
        async with bot.services.sessions() as session:
            worker = await session.get(Person, cast.worker.id)
            worker.language = lang
            await session.commit()
        (home,) = await bot.say(SOCIAL_WORKER, "/peer")
        home_text = home.text  # the message is edited in place below
        assert len(home_text.splitlines()) <= 15
        seen: list[str] = []
        (page,) = await bot.press(SOCIAL_WORKER, home.button_labels[0])
        for _ in range(3):
            assert len(page.text.splitlines()) <= 15
            seen += [line for line in page.text.splitlines() if line.startswith("#")]
            more = [label for label in page.button_labels if label in ("More ▶", "下一頁 ▶")]
            if not more:
                break
            (page,) = await bot.press(SOCIAL_WORKER, more[0])
        assert len(seen) == 12 and seen[0].startswith("#1 ·")  # newest first
    assert home_text.splitlines()[0] == "🤝 九龍中心嘅朋輩互助"


async def test_social_workers_choose_mentors_and_the_supporter_is_told(bot, cast):
    await bot.say(SOCIAL_WORKER, "/peer")
    (choice,) = await bot.press(SOCIAL_WORKER, "🧭 Choose senior supporters")
    assert choice.button_labels == ["▫️ Ah Ho", "✅ Ah Kam", "✅ Ah Lin", "▫️ Siu Fong", "⬅ Back"]
    (choice,) = await bot.press(SOCIAL_WORKER, "▫️ Ah Ho")
    assert "✅ Ah Ho" in choice.button_labels
    await bot.flush()
    assert bot.last(HO).text.startswith("🧭 Ms Chan has asked you to be a senior supporter")
    async with bot.services.sessions() as session:
        event = await session.scalar(
            select(PeerEvent).where(PeerEvent.subject == "mentor").order_by(PeerEvent.id.desc())
        )
    assert (event.kind, event.subject_id, event.actor_id) == ("on", cast.ho.id, cast.worker.id)
    await ask(bot)
    assert len(question_messages(bot, HO)) == 1


async def test_the_peers_menu_button_is_on_the_main_menu(bot, cast):
    replies = await bot.say(SUPPORTER, "/help")
    assert ["⚠️ Tell my social worker", "🤝 Peers"] in replies[-1].reply_keyboard


async def test_a_mentor_may_answer_later(bot, cast):
    await ask(bot)
    (claimed,) = await bot.press(KAM, "🙋 I'll answer")
    assert claimed.button_labels == ["✍️ Type my answer"]
    await bot.say(KAM, "Let me think about it.")
    (later,) = await bot.press(KAM, "✖ Not now")
    assert later.text.startswith("OK — nothing was sent.")
    assert await chat_state(bot, KAM) is None
    # Meanwhile, what Ah Kam types is an ordinary question for the refreshers.
    replies = await bot.say(KAM, "what do I say to a bereaved client")
    assert "💬 You could say:" in replies[0].text
    await bot.press(KAM, "✍️ Type my answer", message_id=claimed.message_id)
    await bot.say(KAM, "Ask about the old days; let silences be.")
    await bot.press(KAM, "📨 Send answer")
    await bot.flush()
    assert bot.last(SUPPORTER).text.endswith("Ask about the old days; let silences be.")
    await bot.press(KAM, "✍️ Type my answer", message_id=claimed.message_id)
    assert bot.sandbox.callback_answers[-1].text == (
        "You have already answered this one. Thank you!"
    )


async def test_a_question_left_half_done_does_not_swallow_later_text(bot, cast):
    await bot.say(SUPPORTER, "/askpeer")
    bot.clock.advance(minutes=31)
    replies = await bot.say(SUPPORTER, "what do I say to a bereaved client")
    assert "💬 You could say:" in replies[0].text  # a refresher, not a peer question
    assert await chat_state(bot, SUPPORTER) is None


async def test_staff_and_supporter_commands_explain_who_they_are_for(bot, cast):
    (reply,) = await bot.say(SOCIAL_WORKER, "/askpeer")
    assert reply.text.startswith("Asking senior supporters and sharing tips are for supporters.")
    (menu,) = await bot.say(SUPPORTER, "/peer")
    assert menu.text.startswith("🤝 Fellow supporters")


async def test_the_admin_command_line_sets_the_cross_unit_rule(bot, cast):
    env = {**os.environ, "DATABASE_URL": bot.services.settings.database_url}
    result = await asyncio.to_thread(
        subprocess.run,
        [*CLI, "admin", "unit-set", str(cast.unit.id), "--peer-cross-unit", "yes", "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["peer_cross_unit"] is True
    async with bot.services.sessions() as session:
        assert await peer_service.cross_unit(session, cast.unit.id)
        assert not await peer_service.cross_unit(session, cast.other_unit.id)


async def test_each_person_reads_it_in_their_own_language(bot, cast):
    async with bot.services.sessions() as session:
        (await session.get(Person, cast.asker.id)).language = "yue"
        await session.commit()
    (menu,) = await bot.say(SUPPORTER, "🤝 朋輩互助")
    assert menu.button_labels[:2] == ["🙋 問師兄師姐", "💡 分享心得"]
    await bot.press(SUPPORTER, "🙋 問師兄師姐")
    (review,) = await bot.say(SUPPORTER, "C伯成日唔出聲，點樣可以同佢傾多啲？")
    assert review.text.startswith("請睇清楚你條問題：")
    await bot.press(SUPPORTER, "📨 唔顯示名傳出")
    await bot.flush()
    (copy,) = question_messages(bot, KAM)
    assert copy.text.startswith("🙋 A question from a fellow supporter in your centre:")
    await claim_and_answer(bot, KAM, "Ask about his old job.")
    answer = bot.last(SUPPORTER)
    assert answer.text.splitlines()[:3] == [
        "💬 有位師兄師姐答咗你條問題。",
        "",
        "你問：「C伯成日唔出聲，點樣可以同佢傾多啲？」",
    ]
    assert answer.button_labels == ["🙏 多謝佢", "↩ 追問一次"]
