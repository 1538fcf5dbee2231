"""The inverted index and BM25F ranking (see the package docstring)."""

from __future__ import annotations

import bisect
import heapq
import math
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass

from bot.domain.cards import Card, Topic
from bot.domain.search.asks import AskIndex
from bot.domain.search.postings import Postings
from bot.domain.search.situations import FAVOUR_SHARE, SITUATION_COVERAGE, topic_adjustments
from bot.domain.search.synonyms import (
    SYNONYM_WEIGHT,
    TYPO_WEIGHT,
    WORD_WEIGHT,
    Concept,
    SynonymTable,
    TypoCorrector,
    default_synonyms,
    term_weight,
)
from bot.domain.search.text import (
    STOP_CHARS,
    STOP_WORDS,
    han_terms,
    is_han,
    iter_runs,
    normalise,
    stem,
    tokenize,
)

# --------------------------------------------------------------------------
# The index
# --------------------------------------------------------------------------

# Field weights: the supporter's words (title, keywords, topic labels) count most.
FIELD_WEIGHTS = {
    "title": 3.0,
    "keywords": 3.0,
    "topic": 2.5,  # en + yue labels of the primary topic
    "topic2": 1.0,  # labels of secondary topics
    "situation": 1.5,
    "say": 1.0,
    "avoid": 0.4,
    "desc": 0.6,  # the primary topic's one-line description (English)
    "asks": 0.5,  # example questions a supporter might type (search-only)
}
# Length normalisation per field (BM25 'b'): none for the fixed-text topic fields.
FIELD_B = {
    "title": 0.5,
    "keywords": 0.5,
    "topic": 0.0,
    "topic2": 0.3,
    "situation": 0.75,
    "say": 0.75,
    "avoid": 0.75,
    "desc": 0.0,
    "asks": 0.3,
}
K1 = 1.2
LENGTH_SAMPLE = 500  # cards sampled to estimate average field lengths
TOPIC_BOOST = 0.5  # × the idf mass of query terms found in the primary topic label
# Nearest example question (asks.py): a card whose best ask has cosine `sim` with the query
# gains up to ASK_SHARE × the best card's score, rising from nothing at sim = ASK_MIN_SIM to
# the full share for a query worded exactly like the ask. Tuned on the tuning part of
# tests/data/answers (bench/answers.py): there it is flat from 0.25 to 2.0, since the keywords
# were written from those questions; it is kept small so it decides only near-ties.
ASK_SHARE = 0.25
ASK_MIN_SIM = 0.45
MIN_IDF = 0.4  # query terms in more than ~2/3 of the cards are skipped (see _prune)


def _card_fields(card: Card, topics: Mapping[str, Topic]) -> dict[tuple[str, str], list[str]]:
    """(field, language) → terms, for one card."""
    fields: dict[tuple[str, str], list[str]] = {}
    for lang in ("en", "yue"):
        text = card.text(lang)
        fields["title", lang] = tokenize(text.title)
        fields["situation", lang] = tokenize(text.situation)
        fields["say", lang] = [t for line in text.say for t in tokenize(line)]
        fields["avoid", lang] = [t for line in text.avoid for t in tokenize(line)]
        fields["keywords", lang] = [t for kw in text.keywords for t in tokenize(kw)]
        fields["asks", lang] = [t for ask in text.asks for t in tokenize(ask)]
        primary = topics.get(card.primary_topic)
        fields["topic", lang] = tokenize(primary.label(lang)) if primary else []
        fields["topic2", lang] = [
            t for tid in card.topics[1:] if tid in topics for t in tokenize(topics[tid].label(lang))
        ]
    primary = topics.get(card.primary_topic)
    fields["desc", "en"] = tokenize(primary.desc) if primary else []
    return fields


def card_terms(card: Card, topics: Mapping[str, Topic]) -> list[str]:
    """All of a card's terms in one bag (what a plain BM25 would index)."""
    return [t for terms in _card_fields(card, topics).values() for t in terms]


def _card_words(card: Card) -> Iterator[str]:
    """Surface English words of a card (the typo vocabulary)."""
    en = card.en
    for text in (en.title, en.situation, *en.say, *en.avoid, *en.keywords):
        for run, is_h in iter_runs(normalise(text)):
            if not is_h and run.isalpha():
                yield run


def _bm25_idf(df: int, n: int) -> float:
    return math.log(1.0 + (n - df + 0.5) / (df + 0.5))


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    """Weighted terms of a query, plus synonym concepts and typo fixes."""

    terms: dict[str, float]
    concepts: tuple[Concept, ...]
    corrections: dict[str, str]

    def all_terms(self) -> list[str]:
        """Every term the query can match, synonyms included (for other engines)."""
        extra = [t for c in self.concepts for member in c.members for t in member]
        return list(dict.fromkeys([*self.terms, *extra]))


class SearchIndex:
    """Inverted index: term → (card numbers, precomputed BM25F weights)."""

    __slots__ = (
        "_asks",
        "_cards",
        "_idf",
        "_max_idf",
        "_postings",
        "_primary",
        "_synonyms",
        "_topic_cards",
        "_topic_terms",
        "_typos",
    )

    _asks: AskIndex
    _cards: tuple[Card, ...]
    _idf: dict[str, float]
    _max_idf: float
    _postings: Postings
    _primary: tuple[str, ...]
    _synonyms: SynonymTable
    _topic_cards: dict[str, tuple[int, ...]]
    _topic_terms: dict[str, frozenset[str]]
    _typos: TypoCorrector

    def __init__(self) -> None:
        raise TypeError("use SearchIndex.build(cards, topics)")

    @classmethod
    def build(
        cls,
        cards: Iterable[Card],
        topics: Mapping[str, Topic] | Iterable[Topic],
        synonyms: SynonymTable | None = None,
    ) -> SearchIndex:
        topic_map = topics if isinstance(topics, Mapping) else {t.id: t for t in topics}
        self = object.__new__(cls)
        self._cards = tuple(sorted(cards, key=lambda c: c.id))  # index order = tie-break order
        self._synonyms = synonyms or default_synonyms()
        self._primary = tuple(c.primary_topic for c in self._cards)
        topic_cards: dict[str, list[int]] = {}
        for number, topic_id in enumerate(self._primary):
            topic_cards.setdefault(topic_id, []).append(number)
        self._topic_cards = {t: tuple(numbers) for t, numbers in topic_cards.items()}
        self._build_postings(topic_map)
        self._asks = AskIndex((*c.en.asks, *c.yue.asks) for c in self._cards)
        self._build_topic_terms(topic_map)
        self._build_typos(topic_map)
        return self

    # -- building ---------------------------------------------------------

    def _build_postings(self, topics: Mapping[str, Topic]) -> None:
        # Average field lengths need a first pass. A library of ordinary size
        # keeps its tokenised fields for the second pass; a large one estimates
        # the averages from an evenly spaced sample and re-tokenises while
        # streaming, so every card's tokens are never held in memory at once.
        n = len(self._cards)
        fields_of: Callable[[int], dict[tuple[str, str], list[str]]]
        if n <= LENGTH_SAMPLE:
            kept = [_card_fields(card, topics) for card in self._cards]
            avg_len = _average_lengths(kept)
            fields_of = kept.__getitem__
        else:
            sample = self._cards[:: n // LENGTH_SAMPLE]
            avg_len = _average_lengths(_card_fields(card, topics) for card in sample)

            def fields_of_sampled(number: int) -> dict[tuple[str, str], list[str]]:
                return _card_fields(self._cards[number], topics)

            fields_of = fields_of_sampled

        ids: dict[str, array] = {}
        tfs: dict[str, array] = {}
        for number in range(n):
            for term, tf in _fielded_tf(fields_of(number), avg_len).items():
                if term not in ids:
                    ids[term], tfs[term] = array("I"), array("f")
                ids[term].append(number)
                tfs[term].append(tf)
        self._idf = {term: _bm25_idf(len(postings), n) for term, postings in ids.items()}
        self._max_idf = _bm25_idf(1, n)  # a word no card has weighs like the rarest one
        idf_of = self._idf
        self._postings = Postings(
            (
                term,
                ids[term],
                (idf_of[term] * tf * (K1 + 1.0) / (tf + K1) for tf in tfs[term]),
            )
            for term in ids
        )

    def _build_topic_terms(self, topics: Mapping[str, Topic]) -> None:
        """term → topic ids whose label (either language) contains it."""
        topic_terms: dict[str, set[str]] = {}
        for topic in topics.values():
            for term in tokenize(topic.en) + tokenize(topic.yue):
                topic_terms.setdefault(term, set()).add(topic.id)
        self._topic_terms = {t: frozenset(ids) for t, ids in topic_terms.items()}

    def _build_typos(self, topics: Mapping[str, Topic]) -> None:
        counts: dict[str, int] = {}
        for card in self._cards:
            for word in set(_card_words(card)):
                counts[word] = counts.get(word, 0) + 1
        extra = list(self._synonyms.surface_words)
        for topic in topics.values():
            extra += [run for run, is_h in iter_runs(normalise(topic.en)) if not is_h]
        for word in extra:
            if word.isalpha():
                counts.setdefault(word, 1)
        self._typos = TypoCorrector(counts)

    # -- querying -----------------------------------------------------------

    @property
    def cards(self) -> tuple[Card, ...]:
        return self._cards

    @property
    def vocabulary_size(self) -> int:
        return len(self._postings)

    def parse(self, query: str) -> ParsedQuery:
        """Turn raw text into weighted terms: tokens, typo fixes, then synonyms."""
        norm = normalise(query)
        corrections: dict[str, str] = {}
        han_parts: list[str] = []
        surface: list[str] = []
        for run, is_h in iter_runs(norm):
            if is_h:
                han_parts.append(run)
            elif run:
                fixed = self._fix_typo(run)
                if fixed != run:
                    corrections[run] = fixed
                surface.append(fixed)
        terms: dict[str, float] = {}
        for run in han_parts:
            for term in han_terms(run):
                _add(terms, term, term_weight(term))
        fixed_words = set(corrections.values())
        for word in surface:
            if word not in STOP_WORDS:
                weight = TYPO_WEIGHT if word in fixed_words else WORD_WEIGHT
                _add(terms, stem(word), weight)
        stems = [stem(word) for word in surface]  # stop words kept: phrases need them
        concepts = self._synonyms.expand(" ".join(han_parts), stems, SYNONYM_WEIGHT)
        return ParsedQuery(terms=terms, concepts=tuple(concepts), corrections=corrections)

    def _fix_typo(self, word: str) -> str:
        if word in STOP_WORDS or stem(word) in self._postings or word in self._typos:
            return word
        return self._typos.correct(word) or word

    def query_terms(self, query: str) -> list[str]:
        """The plain term list of a query (used to feed other engines in benchmarks)."""
        return self.parse(query).all_terms()

    def search(
        self, query: str, limit: int = 3, *, primary_topic: str | None = None
    ) -> list[tuple[Card, float]]:
        """Best cards first, as (card, score); only cards sharing a term with the query."""
        return self.search_with_coverage(query, limit, primary_topic=primary_topic)[0]

    def search_with_coverage(
        self, query: str, limit: int = 3, *, primary_topic: str | None = None
    ) -> tuple[list[tuple[Card, float]], float]:
        """The results, and how much of the query the best card accounts for (0–1 or so).

        Coverage is the best score over the score a card would get if it held every query
        term at saturation — words the library has never seen count in full, so "今日天氣點"
        or "best stocks to buy" cover little even when one word matches a card. It is what
        "I'm not sure" is decided on (Library.answer), the same way in both languages.
        """
        if limit <= 0:
            return [], 0.0
        full = self.parse(query)
        parsed = self._prune(full)
        scores = self._accumulate(parsed.terms)
        for concept in parsed.concepts:
            self._add_concept(scores, concept, parsed.terms)
        self._boost_primary_topics(scores, parsed)
        self._boost_nearest_asks(scores, parsed)
        favoured = self._read_situation(scores, query)
        if primary_topic is not None:
            scores = {i: s for i, s in scores.items() if self._primary[i] == primary_topic}
        ranked = _top(scores, limit)
        if not ranked:
            return [], 0.0
        coverage = self._coverage(ranked[0][0], full)
        if self._primary[ranked[0][0]] in favoured:
            # The situation was recognised: the message is understood even if its words are not
            # the card's ("個案叫我幫佢搵老人院宿位" names no word of the welfare card).
            coverage = max(coverage, SITUATION_COVERAGE)
        return [(self._cards[i], score) for i, score in ranked], coverage

    def _coverage(self, number: int, parsed: ParsedQuery) -> float:
        """The idf-weighted share of the query that card `number` accounts for, itself or
        through a synonym group.

        English counts by word. Han counts by character: a character is covered when a
        bigram holding it matched, so the bigrams that straddle two words (伯老 in 個伯伯老婆)
        cost nothing, while a character the library has never seen counts in full.
        """
        matched: set[str] = set()
        for concept in parsed.concepts:
            if any(all(self._holds(number, t) for t in member) for member in concept.members):
                matched.update(concept.source)
        matched.update(t for t in parsed.terms if self._holds(number, t))
        covered_chars = {ch for t in matched if is_han(t) for ch in t}
        covered = total = 0.0
        chars = {ch for t in parsed.terms if is_han(t) for ch in t if ch not in STOP_CHARS}
        for ch in chars:
            weight = self._idf.get(ch, self._max_idf)
            if weight < MIN_IDF:
                continue  # in most cards: says nothing about this query
            total += weight
            covered += weight if ch in covered_chars else 0.0
        for term, q_weight in parsed.terms.items():
            if is_han(term):
                continue
            weight = q_weight * self._idf.get(term, self._max_idf)
            if weight < MIN_IDF:
                continue
            total += weight
            covered += weight if term in matched else 0.0
        return covered / total if total else 0.0

    def _holds(self, number: int, term: str) -> bool:
        postings = self._postings.get(term)
        if postings is None:
            return False
        numbers = postings[0]
        at = bisect.bisect_left(numbers, number)
        return at < len(numbers) and numbers[at] == number

    def _prune(self, parsed: ParsedQuery) -> ParsedQuery:
        """Drop terms found in most cards (kept if nothing else is left).

        They barely move the ranking, but in a large library their postings
        would dominate query time.
        """
        idf = self._idf
        terms = {t: w for t, w in parsed.terms.items() if idf.get(t, 0.0) >= MIN_IDF}
        concepts = []
        for concept in parsed.concepts:
            members = tuple(
                m for m in concept.members if any(idf.get(t, 0.0) >= MIN_IDF for t in m)
            )
            if members:
                concepts.append(Concept(concept.weight, members, concept.source))
        if not terms and not concepts:
            return parsed
        return ParsedQuery(terms, tuple(concepts), parsed.corrections)

    def _accumulate(self, terms: Mapping[str, float]) -> dict[int, float]:
        """Sum each term's postings, scaled by the term's query weight."""
        scores: dict[int, float] = {}
        get = scores.get
        for term, q_weight in terms.items():
            postings = self._postings.get(term)
            if postings is None:
                continue
            for number, weight in zip(*postings, strict=True):
                scores[number] = get(number, 0.0) + q_weight * weight
        return scores

    def _add_concept(
        self, scores: dict[int, float], concept: Concept, plain: Mapping[str, float]
    ) -> None:
        """Credit each card with its best-matching member of the synonym group.

        A member scores the mean over its terms (so a four-character phrase
        weighs like one English word); terms already in the query count once.
        """
        best: dict[int, float] = {}
        get_best = best.get
        for member in concept.members:
            share = concept.weight / len(member)
            fresh = {t: share * term_weight(t) for t in member if t not in plain}
            if len(fresh) == 1:  # the common case: skip the per-member dict
                [(term, q_weight)] = fresh.items()
                postings = self._postings.get(term)
                pairs: Iterable[tuple[int, float]]
                pairs = zip(*postings, strict=True) if postings else ()
            else:
                pairs = self._accumulate(fresh).items()
                q_weight = 1.0
            for number, weight in pairs:
                score = q_weight * weight
                if score > get_best(number, 0.0):
                    best[number] = score
        get = scores.get
        for number, score in best.items():
            scores[number] = get(number, 0.0) + score

    def _boost_primary_topics(self, scores: dict[int, float], parsed: ParsedQuery) -> None:
        """Small extra credit when the query names the card's primary topic."""
        weighted = list(parsed.terms.items()) + [
            (t, c.weight / len(m)) for c in parsed.concepts for m in c.members for t in m
        ]
        per_topic: dict[str, float] = {}
        for term, q_weight in weighted:
            gain = q_weight * self._idf.get(term, 0.0)
            for topic_id in self._topic_terms.get(term, ()):
                per_topic[topic_id] = per_topic.get(topic_id, 0.0) + gain
        if not per_topic:
            return
        primary = self._primary
        for number in scores:
            boost = per_topic.get(primary[number])
            if boost:
                scores[number] += TOPIC_BOOST * boost

    def _boost_nearest_asks(self, scores: dict[int, float], parsed: ParsedQuery) -> None:
        """Extra credit for the cards one of whose example questions the query resembles
        (ASK_SHARE, ASK_MIN_SIM)."""
        if not len(self._asks) or not scores:
            return
        query = dict(parsed.terms)
        for concept in parsed.concepts:
            for member in concept.members:
                share = concept.weight / len(member)
                for term in member:
                    _add(query, term, share * term_weight(term))
        nearest = self._asks.best(query)
        if not nearest:
            return
        per_sim = ASK_SHARE * max(scores.values()) / (1.0 - ASK_MIN_SIM)
        get = scores.get
        for number, sim in nearest.items():
            if sim > ASK_MIN_SIM:
                scores[number] = get(number, 0.0) + per_sim * (sim - ASK_MIN_SIM)

    def _read_situation(self, scores: dict[int, float], query: str) -> frozenset[str]:
        """Lift the topics the situation calls for, damp those it rules out (situations.py);
        the favoured topics."""
        favoured, damped = topic_adjustments(query, tuple(self._topic_cards))
        if not favoured and not damped:
            return favoured
        primary = self._primary
        for number in scores:
            factor = damped.get(primary[number])
            if factor is not None:
                scores[number] *= factor
        bonus = FAVOUR_SHARE * max(scores.values(), default=0.0)
        if bonus <= 0.0:
            return favoured
        for topic_id in favoured:
            for number in self._topic_cards.get(topic_id, ()):
                scores[number] = scores.get(number, 0.0) + bonus
        return favoured


def _top(scores: Mapping[int, float], limit: int) -> list[tuple[int, float]]:
    """The `limit` best (card number, score), ties broken by card number (= card id order)."""
    positive = [s for s in scores.values() if s > 0]
    if not positive:
        return []
    threshold = heapq.nlargest(limit, positive)[-1]
    best = [(i, s) for i, s in scores.items() if s >= threshold]
    best.sort(key=lambda pair: (-pair[1], pair[0]))
    return best[:limit]


def _add(terms: dict[str, float], term: str, weight: float) -> None:
    """Keep the strongest reason for a term; repeats do not stack."""
    if weight > terms.get(term, 0.0):
        terms[term] = weight


def _average_lengths(
    per_card: Iterable[Mapping[tuple[str, str], list[str]]],
) -> dict[tuple[str, str], float]:
    totals: dict[tuple[str, str], int] = {}
    n = 0
    for fields in per_card:
        n += 1
        for key, terms in fields.items():
            totals[key] = totals.get(key, 0) + len(terms)
    return {key: max(total / max(n, 1), 1.0) for key, total in totals.items()}


def _fielded_tf(
    fields: Mapping[tuple[str, str], list[str]], avg_len: Mapping[tuple[str, str], float]
) -> dict[str, float]:
    """BM25F pseudo term frequency: weighted, length-normalised counts summed over fields."""
    tf: dict[str, float] = {}
    for (name, lang), terms in fields.items():
        if not terms:
            continue
        b = FIELD_B[name]
        norm = 1.0 - b + b * len(terms) / avg_len[name, lang]
        unit = FIELD_WEIGHTS[name] / norm
        for term in terms:
            tf[term] = tf.get(term, 0.0) + unit
    return tf
