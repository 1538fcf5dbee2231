"""One decision for every typed message: risk, cards, small talk, or "I'm not sure".

The chat handler shows exactly what `Library.answer` decides (bot/library.py), so what
the evaluation measures is what people see. The order matters:

1. **risk** — the safety detector found risk: the fitting risk card leads.
2. **small_talk** — hi, thanks, ok, bye, "are you a robot": a warm word and the menu.
3. **not_sure** — the best card accounts for too little of the message (a calibrated
   coverage threshold, the same scale for Cantonese and English), or the message asks for
   something outside the role (weather, stocks, recipes, buses, TV) without a client in it:
   say so, and offer the two nearest topics, a senior supporter and the social worker.
4. **cards** — otherwise: the best card, and related cards from the same area.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.cards import Card
from bot.domain.risk import TOPIC_FOR_CATEGORY, RiskMatch

RISK = "risk"
CARDS = "cards"
SMALL_TALK = "small_talk"
NOT_SURE = "not_sure"
KINDS = (RISK, CARDS, SMALL_TALK, NOT_SURE)

# Below this share of the message accounted for by the best card, say "I'm not sure".
# Chosen on the labelled questions and no-card messages in tests/data/answers (the tuning
# part): see tests/unit/test_answers_bank.py and bench/answers.py for the figures.
# 0.10 keeps 99.7% of the tuning questions answered with cards (0.15: 97.2%, 0.20: 93.0%);
# out-of-scope requests are mostly caught by bot/domain/scope.py, which the score cannot see.
MIN_COVERAGE = 0.10
# For a message with no word of the work in it (bot/domain/scope.py): on the tuning part with
# the out-of-scope lexicon switched off, 0.6 still answered 350 of 358 questions with cards
# and turned 115 of 134 out-of-scope messages to "not sure" (0.3: 351 and 66; 0.8: 349, 126).
MIN_COVERAGE_OFF_WORK = 0.6
# When the runner-up from ANOTHER area of the library scores at least this share of the best
# card, the message reads two ways ("the daughter shouted at me": family conflict or visit
# safety?) and the runner-up is offered as "Or: …" before the related cards. Chosen on the
# blind batch questions_4.yaml before anything was tuned on it (recall@3 0.859 → 0.881 at
# 0.7, 0.890 at 0.6); kept-out part: recall@3 0.766 → 0.820, offered on 15% of answers.
ALTERNATIVE_SHARE = 0.7
# A card on one of the five kinds of risk, for a message the safety net found no risk in (and
# was not unsure about), keeps this share of its score: such a card leading a plain question
# ("a client gave me her gold ring", "my social worker wants me to take a seventh case")
# reads as an alarm without the safety block. Of 2,981 tuning questions only 2 without risk
# want such a card first. On the blind batch questions_18.yaml (ranker fitted without it):
# recall@1 0.864 at 1.0 and 0.8, 0.870 at 0.6 and 0.3.
QUIET_RISK_CARD_SHARE = 0.5


@dataclass(frozen=True, slots=True)
class Answer:
    kind: str  # one of KINDS
    cards: tuple[Card, ...] = ()  # best first; empty for small talk
    # Among `cards`, the other reading of the message (ALTERNATIVE_SHARE), if any.
    alternative: Card | None = None
    risk: RiskMatch | None = None
    small_talk: str | None = None  # bot/domain/smalltalk.py KINDS (greeting, thanks, …)
    topics: tuple[str, ...] = ()  # not sure: the nearest topic ids, best first
    unsure_about_safety: bool = False  # offer the quiet "I'm worried about safety" button
    coverage: float = 0.0


_RISK_TOPICS = frozenset(TOPIC_FOR_CATEGORY.values())


def quiet_risk_cards(results: list[tuple[Card, float]]) -> list[tuple[Card, float]]:
    """The cards on a kind of risk, for a message with none in it, lowered
    (QUIET_RISK_CARD_SHARE): a plain question is not answered with an alarm."""
    if not any(card.primary_topic in _RISK_TOPICS for card, _ in results):
        return results
    lowered = [
        (card, score * QUIET_RISK_CARD_SHARE if card.primary_topic in _RISK_TOPICS else score)
        for card, score in results
    ]
    lowered.sort(key=lambda pair: (-pair[1], pair[0].id))
    return lowered
