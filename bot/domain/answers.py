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

import re
from dataclasses import dataclass

from bot.domain.cards import Card
from bot.domain.risk import RiskMatch
from bot.domain.search import normalise

RISK = "risk"
CARDS = "cards"
SMALL_TALK = "small_talk"
NOT_SURE = "not_sure"
KINDS = (RISK, CARDS, SMALL_TALK, NOT_SURE)

# Below this share of the message accounted for by the best card, say "I'm not sure".
# Chosen on the labelled questions and no-card messages in tests/data/answers (the tuning
# part): see tests/unit/test_answers_bank.py and bench/answers.py for the figures.
MIN_COVERAGE = 0.5


@dataclass(frozen=True, slots=True)
class Answer:
    kind: str  # one of KINDS
    cards: tuple[Card, ...] = ()  # best first; empty for small talk
    risk: RiskMatch | None = None
    small_talk: str | None = None  # greeting, thanks, goodbye, ack, about_bot, emoji_laughter
    topics: tuple[str, ...] = ()  # not sure: the nearest topic ids, best first
    unsure_about_safety: bool = False  # offer the quiet "I'm worried about safety" button
    coverage: float = 0.0


# Asking for information the role does not cover. Only decisive when the message does not
# also speak of a client or a visit ("typhoon signal 8 — do I still visit?" is in scope).
_OUT_OF_SCOPE = re.compile(
    normalise(
        "天氣點|天氣如何|幾多度|會唔會落雨|落唔落雨|天文台|氣溫|股票|股價|恒指|恒生指數|買咩股|"
        "點整|食譜|點煮|點去|搭咩車|搭邊架|巴士|小巴|港鐵|地鐵|幾點有車|翡翠台|電視劇|煲劇|"
        "賽馬|跑馬|馬經|六合彩|邊度買|平餸|減價|電話費|上網費|八達通增值|功課|"
        r"\bweather\b|forecast|temperature|will it rain|\bstocks?\b|share price|hang seng|"
        r"\brecipe|how (?:do i|to) cook|\bbus\b|\bmtr\b|minibus|how (?:do i|to) get to|"
        r"\btvb\b|\bdrama\b|horse racing|mark six|lottery|where (?:can i|to) buy|discount|"
        r"phone bill|homework"
    )
)
_ROLE = re.compile(
    normalise(
        "婆婆|伯伯|阿婆|阿伯|個案|老友記|探訪|探佢|社工|支援者|義工|佢話|client|visit|"
        "social worker|supporter|volunteer|\\bshe\\b|\\bhe\\b|\\bher\\b|\\bhim\\b|mrs|mr "
    )
)


def outside_the_role(text: str) -> bool:
    """An information request the refreshers do not answer, with no client in sight."""
    norm = normalise(text or "")
    return bool(_OUT_OF_SCOPE.search(norm)) and not _ROLE.search(norm)
