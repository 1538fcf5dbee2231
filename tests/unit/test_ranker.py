"""The learned second opinion on the ranking (bot/domain/search/ranker.py, bot/ranker_tools.py).

No model is shipped today: on 5-fold cross-validation over the tuning questions it did not
beat the lexical ranking (bench/README.md, Answers). These tests keep the trainer and the
rerank honest for when one is: a model fitted on the cards alone reads a paraphrase that is
in no card's text, the rerank never turns a no-card message into cards, and a shipped model
must have been trained on the current cards and tuning questions.
"""

from __future__ import annotations

import dataclasses

import pytest

from bot import ranker_tools
from bot.answer_tools import load_no_card, load_questions, split
from bot.domain.answers import CARDS
from bot.domain.search.ranker import TopicRanker
from bot.library import Library, load_library


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library()


@pytest.fixture(scope="module")
def cards_only(library: Library) -> TopicRanker:
    """A model fitted on the cards' asks, titles and keywords only (fewer epochs: quick)."""
    labels = sorted({card.primary_topic for card in library.cards})
    saved = ranker_tools.EPOCHS
    ranker_tools.EPOCHS = 8
    try:
        model = ranker_tools.fit(ranker_tools._rows(library, [], labels), labels)
    finally:
        ranker_tools.EPOCHS = saved
    return TopicRanker.from_json({**model, "weight": 2.0, "depth": 10})


def test_a_paraphrase_in_no_card_finds_its_topic(library: Library, cards_only: TopicRanker):
    paraphrase = "阿伯話佢老婆走咗之後食唔落飯"
    texts = [text for text, _ in ranker_tools.card_texts(library)]
    assert not any(paraphrase in text for text in texts)
    probabilities = cards_only.probabilities(paraphrase)
    assert max(probabilities, key=probabilities.__getitem__) == "grief.spouse_loss"
    english = "she keeps giving me red packets and I don't know how to refuse"
    probabilities = cards_only.probabilities(english)
    assert max(probabilities, key=probabilities.__getitem__) == "boundaries.gifts"


def test_the_rerank_never_turns_small_talk_into_cards(library: Library, cards_only: TopicRanker):
    tuning, _ = split(load_no_card())
    with_model = dataclasses.replace(library, ranker=cards_only)
    for message in tuning[:120]:
        before, after = library.answer(message.text), with_model.answer(message.text)
        assert after.kind == before.kind, message.text
        assert (after.kind == CARDS) == (before.kind == CARDS)


def test_the_rerank_keeps_the_best_cards_it_chooses_among(
    library: Library, cards_only: TopicRanker
):
    with_model = dataclasses.replace(library, ranker=cards_only)
    text = "阿伯話佢老婆走咗之後好孤獨"
    lexical, _ = library.index.search_with_coverage(text, limit=10)
    answer = with_model.answer(text)
    assert answer.kind == CARDS
    assert answer.cards[0] in [card for card, _ in lexical]


def test_a_shipped_model_was_trained_on_the_current_cards_and_questions(library: Library):
    tuning, _ = split(load_questions())
    ranker = TopicRanker.load()
    assert load_library().ranker is not None  # the bot ranks with it
    assert ranker.trained_on["digest"] == ranker_tools.training_digest(library, tuning), (
        "cards or tuning questions changed: python -m bot.ranker_tools train"
    )


def test_the_packed_file_ranks_as_the_model_it_was_packed_from(cards_only: TopicRanker):
    unpacked = TopicRanker.from_json(cards_only.to_json())
    for text in ("阿伯話佢老婆走咗之後食唔落飯", "she keeps giving me red packets", "hi"):
        before, after = cards_only.probabilities(text), unpacked.probabilities(text)
        assert before.keys() == after.keys()
        assert all(abs(before[t] - after[t]) < 1e-5 for t in before)  # float32 on disk
