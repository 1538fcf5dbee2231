"""Nearest example question: a query against each card's `asks:` (see index.py).

Cards carry, in each language, a few questions a supporter would type when the card is the
right answer. Matching the whole query against each of them, and keeping the best per card,
rewards a question worded like one of them as a whole — something the BM25F sum over fields,
where each term counts on its own, does not do.

Similarity is a cosine over term sets (binary: a term counts once however often it is
repeated), weighted by each term's idf among the asks themselves: the frame most questions
share ("個案叫我幫佢…", "what do I say when…") weighs little, the situation words much. It is
computed from an inverted index of the asks, so a query only touches the asks that share a term
with it.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Iterable, Mapping

from bot.domain.search.postings import Postings
from bot.domain.search.synonyms import term_weight
from bot.domain.search.text import tokenize


class AskIndex:
    """term → (ask numbers, term weight in that ask); ask number → card number and norm."""

    __slots__ = ("_card_of", "_idf", "_max_idf", "_norm", "_postings")

    def __init__(self, asks_per_card: Iterable[Iterable[str]]) -> None:
        card_of: list[int] = []
        term_sets: list[set[str]] = []
        for card_number, asks in enumerate(asks_per_card):
            for ask in asks:
                terms = set(tokenize(ask))
                if terms:
                    card_of.append(card_number)
                    term_sets.append(terms)
        df: dict[str, int] = {}
        for terms in term_sets:
            for term in terms:
                df[term] = df.get(term, 0) + 1
        n = len(term_sets)
        self._idf = {t: _idf(count, n) for t, count in df.items()}
        self._max_idf = _idf(1, n)  # a word no ask has weighs like the rarest one
        norm: list[float] = []
        ids: dict[str, list[int]] = {}
        weights: dict[str, list[float]] = {}
        for ask_number, terms in enumerate(term_sets):
            total = 0.0
            for term in terms:
                weight = term_weight(term) * self._idf[term]
                total += weight * weight
                ids.setdefault(term, []).append(ask_number)
                weights.setdefault(term, []).append(weight)
            norm.append(math.sqrt(total) or 1.0)
        self._card_of = array("I", card_of)
        self._norm = array("f", norm)
        # In shared arrays: a pair of arrays per term cost the bot 1.5 MiB (6,000 terms).
        self._postings = Postings((t, ids[t], weights[t]) for t in ids)

    def __len__(self) -> int:
        return len(self._card_of)

    def best(self, query: Mapping[str, float]) -> dict[int, float]:
        """card number → the cosine (0–1) of the query with that card's nearest ask.

        `query`: term → query weight (its term_weight, less for synonyms and typo fixes).
        """
        if not len(self._postings):
            return {}
        dots: dict[int, float] = {}
        get = dots.get
        q_total = 0.0
        for term, q_weight in query.items():
            q = q_weight * self._idf.get(term, self._max_idf)
            q_total += q * q
            postings = self._postings.get(term)
            if postings is None:
                continue
            for ask, weight in zip(*postings, strict=True):
                dots[ask] = get(ask, 0.0) + q * weight
        if not dots or q_total <= 0.0:
            return {}
        q_norm = math.sqrt(q_total)
        best: dict[int, float] = {}
        card_of, norm = self._card_of, self._norm
        for ask, dot in dots.items():
            card = card_of[ask]
            sim = dot / (norm[ask] * q_norm)
            if sim > best.get(card, 0.0):
                best[card] = sim
        return best


def _idf(df: int, n: int) -> float:
    return math.log(1.0 + (n - df + 0.5) / (df + 0.5))
