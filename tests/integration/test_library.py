"""Refreshers in chat: browse by buttons, ask in free text, safety first."""

import pytest
from sqlalchemy import select

from storage.models import CardFeedback
from tests.seed import SUPPORTER, seed_cast


@pytest.fixture
async def cast(bot):
    return await seed_cast(bot.services, bot.sandbox)


async def test_menu_to_any_card_in_three_taps(bot, cast, library):
    """Menu button, then area, topic, card: every card is reachable in three taps."""
    replies = await bot.say(SUPPORTER, "📚 Refreshers")
    assert replies[0].text == "📚 Refreshers. Pick an area:"
    assert len(replies[0].button_labels) == len(library.categories)
    for card in library.cards[::9]:  # a spread of cards across every area
        topic = library.topics[card.primary_topic]
        category = next(c for c in library.categories if c.id == topic.category)
        listing = await bot.say(SUPPORTER, "📚 Refreshers")
        menu_id = listing[0].message_id
        await bot.press(SUPPORTER, category.en, message_id=menu_id)
        await bot.press(SUPPORTER, topic.en, message_id=menu_id)
        page = 0
        while card.en.title not in bot.sandbox.messages(SUPPORTER)[-1].button_labels:
            page += 1  # long topics page; the card is on a later page
            await bot.press(SUPPORTER, "More ▶", message_id=menu_id)
            assert page < 5
        shown = await bot.press(SUPPORTER, card.en.title, message_id=menu_id)
        assert shown[-1].text.startswith(card.en.title)


async def test_back_buttons_walk_up_the_tree(bot, cast):
    menu_id = (await bot.say(SUPPORTER, "📚 Refreshers"))[0].message_id
    await bot.press(SUPPORTER, "Grief and loss", message_id=menu_id)
    topics = await bot.press(SUPPORTER, "Client lost a husband or wife", message_id=menu_id)
    assert topics[-1].text == "Client lost a husband or wife: pick a card."
    back = await bot.press(SUPPORTER, "⬅ Back", message_id=menu_id)
    assert back[-1].text == "Grief and loss: pick a topic."
    back = await bot.press(SUPPORTER, "⬅ Back", message_id=menu_id)
    assert back[-1].text == "📚 Refreshers. Pick an area:"


async def test_card_language_toggle_does_not_change_the_setting(bot, cast, library):
    card = library.card("grief-spouse-first-visit")
    replies = await bot.say(SUPPORTER, "what do I say to a bereaved client")
    assert replies[-1].text.startswith(card.en.title)
    toggled = await bot.press(SUPPORTER, "🔁 睇中文")
    assert toggled[-1].text.startswith(card.yue.title)
    # The whole card switches, its buttons too (the toggle back names the other language).
    assert toggled[-1].button_labels == ["🔁 Show in English", "👍 有用", "👎 冇用", "⬅ 返回"]
    back = await bot.press(SUPPORTER, "🔁 Show in English")
    assert back[-1].text.startswith(card.en.title)
    assert back[-1].button_labels == ["🔁 睇中文", "👍 Helpful", "👎 Not helpful", "⬅ Back"]
    help_text = (await bot.say(SUPPORTER, "/help"))[0].text
    assert help_text.startswith("Here is what I can do:")


async def test_feedback_is_recorded_once_per_person_and_card(bot, cast):
    await bot.say(SUPPORTER, "client keeps asking for my phone number")
    card_id = "boundaries-phone-client-keeps-asking"
    await bot.press(SUPPORTER, "👍 Helpful")
    assert bot.sandbox.callback_answers[-1].text == "Thank you — noted."
    await bot.press(SUPPORTER, "👎 Not helpful")
    async with bot.services.sessions() as session:
        votes = (await session.scalars(select(CardFeedback))).all()
    assert [(v.card_id, v.helpful) for v in votes] == [(card_id, False)]


@pytest.mark.parametrize(
    ("question", "expected_card"),
    [
        ("what do I say to a bereaved client", "grief-spouse-first-visit"),
        ("個伯伯老婆走咗點同佢傾", "grief-spouse-first-visit"),
        ("client keeps asking for my phone number", "boundaries-phone-client-keeps-asking"),
    ],
)
async def test_ask_answers_with_the_best_card_and_two_more(
    bot, cast, library, question, expected_card
):
    replies = await bot.say(SUPPORTER, question)
    assert len(replies) == 1
    answer = replies[0]
    card = library.card(expected_card)
    assert answer.text.startswith(card.en.title)
    more = [label for label in answer.button_labels if label.startswith("➡ ")]
    assert len(more) == 2
    assert "None of these" in answer.button_labels


async def test_risk_puts_the_safety_message_and_card_first(bot, cast, library):
    replies = await bot.say(SUPPORTER, "佢話唔想活")
    safety, card = replies[0], replies[1]
    assert safety.text.startswith("If anyone is in danger right now, call 999 first.")
    assert "Ms Chan" in safety.text
    for number in ("2389 2222", "2382 0000", "18111"):
        assert number in safety.text
    best = next(c for c in library.cards if card.text.startswith(c.en.title))
    assert best.primary_topic == "risk.suicide"
    assert "999" in card.text and "⚠️ Tell my social worker" in card.button_labels


async def test_none_of_these_offers_topics_and_the_social_worker(bot, cast):
    await bot.say(SUPPORTER, "client keeps asking for my phone number")
    replies = await bot.press(SUPPORTER, "None of these")
    assert "Ms Chan, your social worker, can help too" in replies[0].text
    assert replies[1].text == "📚 Refreshers. Pick an area:"


async def test_ask_in_cantonese_answers_in_cantonese(bot, cast, library):
    await bot.say(SUPPORTER, "/language")
    await bot.press(SUPPORTER, "廣東話")
    replies = await bot.say(SUPPORTER, "婆婆想俾利是我")
    card = next(c for c in library.cards if replies[-1].text.startswith(c.yue.title))
    assert card.primary_topic == "boundaries.gifts"
    assert "👍 有用" in replies[-1].button_labels


async def test_identifiers_get_a_gentle_warning(bot, cast):
    replies = await bot.say(SUPPORTER, "A1234567 client keeps asking for my phone number")
    assert replies[0].text.startswith(
        "It looks like your message has an ID card or phone number in it."
    )
    assert len(replies) == 2  # the answer still comes


async def test_nonsense_gets_an_honest_not_sure_and_a_way_on(bot, cast):
    replies = await bot.say(SUPPORTER, "zzqxv")
    assert replies[0].text.startswith("I'm not sure I have a card for that.")
    assert "🙋 Ask a senior supporter" in replies[0].button_labels
    assert "💬 Contact my social worker" in replies[0].button_labels
    assert "📚 All topics" in replies[0].button_labels


async def test_stale_card_buttons_are_answered_kindly(bot, cast):
    await bot.say(SUPPORTER, "client keeps asking for my phone number")
    message = bot.sandbox.last_bot_message(SUPPORTER)
    # A button from an older version of the content, pointing at a card that is gone.
    message.inline_keyboard = [[{"text": "old", "callback_data": "lib:card:no-such-card:en"}]]
    await bot.act(
        SUPPORTER,
        lambda: bot.sandbox.press(SUPPORTER, message.message_id, "lib:card:no-such-card:en"),
    )
    assert bot.sandbox.callback_answers[-1].text == "Sorry, that card is no longer available."


def test_every_callback_fits_telegrams_64_bytes(library):
    longest = max(len(f"lib:card:{c.id}:yue".encode()) for c in library.cards)
    assert longest <= 64
    assert max(len(f"lib:top:{t}:99".encode()) for t in library.topics) <= 64


async def test_a_question_read_two_ways_offers_the_other_reading(bot, cast, library):
    """"The daughter shouted at me": a family member in conflict, or a visit turning unsafe?
    The best card leads; the runner-up from another area is offered as "Or: …"."""
    (answer,) = await bot.say(SUPPORTER, "the daughter shouted at me")
    other = [label for label in answer.button_labels if label.startswith("🔀 Or: ")]
    assert len(other) == 1
    lead = next(c for c in library.cards if answer.text.startswith(c.en.title))
    alternative = next(c for c in library.cards if other[0] == f"🔀 Or: {c.en.title}")
    assert library.topics[lead.primary_topic].category != library.topics[
        alternative.primary_topic
    ].category
    replies = await bot.press(SUPPORTER, other[0])
    assert replies[-1].text.startswith(alternative.en.title)
