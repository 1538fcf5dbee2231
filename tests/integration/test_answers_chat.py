"""What a supporter sees for typed messages that used to go wrong (issue 13): the situation,
not the shared words, picks the card; out-of-scope gets "not sure"; small talk gets no card."""

import pytest

from tests.seed import SUPPORTER, seed_cast


@pytest.fixture
async def cast(bot):
    return await seed_cast(bot.services, bot.sandbox)


def _card_shown(library, text):
    return next(c for c in library.cards if text.startswith(c.en.title))


async def test_a_daughter_who_shouted_gets_a_family_card_not_a_death(bot, cast, library):
    replies = await bot.say(SUPPORTER, "the daughter shouted at me")
    card = _card_shown(library, replies[-1].text)
    assert card.primary_topic in {"boundaries.family_contact", "engagement.visit_safety"}
    shown = [c for c in library.cards if f"➡ {c.en.title}" in replies[-1].button_labels]
    assert shown and not any(c.primary_topic.startswith("grief.") for c in shown)


async def test_whose_memory_it_is_decides_the_card(bot, cast, library):
    client = _card_shown(library, (await bot.say(SUPPORTER, "client forgets things"))[-1].text)
    mine = _card_shown(library, (await bot.say(SUPPORTER, "I've forgotten my training"))[-1].text)
    assert client.primary_topic == "engagement.memory_changes"
    assert mine.primary_topic == "teamwork.continuous_learning"


async def test_out_of_scope_gets_not_sure_and_no_hotlines(bot, cast):
    replies = await bot.say(SUPPORTER, "今日天氣點呀")
    assert len(replies) == 1
    assert replies[0].text.startswith("I'm not sure I have a card for that.")
    assert "999" not in replies[0].text
    assert "💬 Contact my social worker" in replies[0].button_labels


async def test_thanks_in_cantonese_gets_a_warm_word_not_a_card(bot, cast):
    replies = await bot.say(SUPPORTER, "收到，唔該晒🙏")
    assert len(replies) == 1
    assert replies[0].text.startswith("You're welcome")
    assert "999" not in replies[0].text and "👍 Helpful" not in replies[0].button_labels


async def test_a_hidden_character_does_not_hide_a_risk(bot, cast, library):
    replies = await bot.say(SUPPORTER, "佢話想\u200b自殺")
    assert replies[0].text.startswith("If anyone is in danger right now, call 999 first.")
    assert _card_shown(library, replies[1].text).primary_topic == "risk.suicide"
