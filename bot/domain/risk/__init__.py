"""Does this message suggest that someone may be at risk? (BRIEF.md §5, RISK_LANGUAGE.md)

    from bot.domain.risk import detect_risk
    detect_risk("個伯伯話做人冇癮")   # RiskMatch(category="suicide", …)

Older Hong Kong clients rarely say 自殺, and supporters retell what they heard in their own
words, so detection is built in layers, each catching what the one before cannot:

1. **Normalisation**, shared with search: width, case, typing habits (系/係, 既/嘅),
   simplified and Mandarin characters, zero-width and control characters.
2. **Masks**: idioms that sound like risk and are not (熱到死, 打邊爐, "killing me") are
   blanked out first, so no later layer sees them (`lexicon.py`).
3. **Concept patterns**: ideas with gaps, negation and tense, in both scripts (想…死,
   唔想…做人, joining the dead, being a burden, means with intent, farewell acts, an actor
   and an act in one sentence), grouped by category (`lexicon.py`).
4. **A second stage** scores the message against a labelled bank of risk and everyday
   sentences (a small linear model over character n-grams and words, trained by
   `python -m bot.risk_tools train` and shipped as `model.json`), sentence by sentence, so a
   paraphrase of a known kind is still caught, also in the middle of a long report.

A false alarm costs a tap; a miss can cost a life. So a message is risk when either layer
says so, and a message the model is unsure about, that speaks of a client and distress,
is marked `unsure`: the caller offers a quiet "I'm worried about safety" button.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.domain.risk import lexicon
from bot.domain.risk.lexicon import (
    ELDER_ABUSE,
    MEDICAL_EMERGENCY,
    SELF_HARM,
    SEVERE_DEPRESSION,
    SUICIDE,
    Rule,
)
from bot.domain.risk.model import Scorer
from bot.domain.search import HAN_RANGES, normalise

__all__ = [
    "CATEGORIES",
    "ELDER_ABUSE",
    "MEDICAL_EMERGENCY",
    "PRIORITY",
    "SELF_HARM",
    "SEVERE_DEPRESSION",
    "SUICIDE",
    "TOPIC_FOR_CATEGORY",
    "RiskAssessment",
    "RiskMatch",
    "TextViews",
    "assess",
    "detect_all",
    "detect_risk",
]

TOPIC_FOR_CATEGORY = {
    SUICIDE: "risk.suicide",
    SELF_HARM: "risk.self_harm",
    ELDER_ABUSE: "risk.elder_abuse",
    MEDICAL_EMERGENCY: "risk.medical_emergency",
    SEVERE_DEPRESSION: "risk.severe_depression",
}
# When several categories apply, the most urgent comes first ("she fell and said she wants to
# die" is about suicide first; "she fell and hurt herself" is an emergency, not self-harm).
PRIORITY = (SUICIDE, MEDICAL_EMERGENCY, SELF_HARM, ELDER_ABUSE, SEVERE_DEPRESSION)
CATEGORIES = frozenset(PRIORITY)


@dataclass(frozen=True, slots=True)
class RiskMatch:
    category: str
    topic_id: str
    # The words that matched, for tests and for a reader of the code. It is the person's own
    # text: never log it.
    phrase: str


@dataclass(frozen=True, slots=True)
class RiskAssessment:
    """Everything the detector found in one message."""

    matches: tuple[RiskMatch, ...]  # most urgent first; empty when nothing suggests risk
    score: float  # the second stage's probability for the riskiest sentence (0–1)
    unsure: bool  # no match, but close: a client, distress and a middling score

    @property
    def top(self) -> RiskMatch | None:
        return self.matches[0] if self.matches else None


# --------------------------------------------------------------------------------------------
# Views of the text
# --------------------------------------------------------------------------------------------

_SENTENCE_END = "。！？!?\n\r；;…"
_SENTENCE_END_RE = re.compile(f"[{_SENTENCE_END}]+")
# Han view: everything that is not a letter, digit or Han character goes, sentence ends stay.
_COMPACT_DROP_RE = re.compile(r"[^\w|]+|_")
# "婆婆fall低咗": spaces between scripts, so English words stand alone.
_SCRIPT_EDGE_RE = re.compile(rf"([{HAN_RANGES}])([a-z0-9])|([a-z0-9])([{HAN_RANGES}])")
_SPACES_RE = re.compile(r"\s+")
_EN_SENTENCE_RE = re.compile(r"[.!?;\n\r。！？；]+")


def _edge(match: re.Match[str]) -> str:
    return f"{match[1]} {match[2]}" if match[1] else f"{match[3]} {match[4]}"


@dataclass(frozen=True, slots=True)
class TextViews:
    """One normalised text, seen the ways the layers need it."""

    normalised: str
    compact: str  # Han rules: no spaces or punctuation, "|" at sentence ends
    words: str  # English rules: lower case, single spaces, punctuation kept

    @classmethod
    def of(cls, text: str) -> TextViews:
        norm = normalise(text)
        marked = _SENTENCE_END_RE.sub("|", norm)
        compact = _COMPACT_DROP_RE.sub("", marked)
        words = _SPACES_RE.sub(" ", _SCRIPT_EDGE_RE.sub(_edge, norm)).strip()
        return cls(norm, compact, words)


# --------------------------------------------------------------------------------------------
# Rules
# --------------------------------------------------------------------------------------------


def _han_source(pattern: str) -> str:
    if re.search(r"\\[A-Z]", pattern):  # normalise() would fold \S into \s
        raise ValueError(f"upper-case escape in a Han risk pattern: {pattern!r}")
    folded = normalise(pattern)
    return folded.replace("~~", "[^|]{0,10}").replace("~", "[^|]{0,4}")


def _en_source(pattern: str) -> str:
    return pattern.replace("~", r"(?:\S+ ){0,3}")


@dataclass(frozen=True, slots=True)
class _Category:
    """One category's rules in one script: single patterns joined, pairs kept apart."""

    single: re.Pattern[str] | None
    pairs: tuple[tuple[re.Pattern[str], ...], ...]
    veto: re.Pattern[str] | None  # a match whose sentence says this is dropped
    boundary: re.Pattern[str]  # where a sentence ends in this view

    @classmethod
    def build(
        cls,
        rules: tuple[Rule, ...],
        source,
        veto: str | None,
        boundary: str,
        prefix: str = "",  # type: ignore[no-untyped-def]
    ) -> _Category:
        singles = [source(r) for r in rules if isinstance(r, str)]
        pairs = tuple(
            tuple(re.compile(source(part)) for part in rule)
            for rule in rules
            if not isinstance(rule, str)
        )
        single = re.compile(prefix + "(?:" + "|".join(f"(?:{s})" for s in singles) + ")")
        return cls(
            single if singles else None,
            pairs,
            re.compile(source(veto)) if veto else None,
            re.compile(boundary),
        )

    def find(self, text: str, sentences: list[str]) -> str | None:
        if self.single is not None:
            for found in self.single.finditer(text):
                if not self._vetoed(self._sentence_of(text, found.start(), found.end())):
                    return found.group(0)
        for parts in self.pairs:
            if not parts[0].search(text):
                continue  # cheap: the first part is rarer than a sentence split
            for sentence in sentences:
                hits = [p.search(sentence) for p in parts]
                if all(hits) and not self._vetoed(sentence):
                    return " … ".join(h.group(0) for h in hits if h)
        return None

    def _sentence_of(self, text: str, start: int, end: int) -> str:
        if self.veto is None:
            return ""
        before = [m.end() for m in self.boundary.finditer(text, 0, start)]
        after = self.boundary.search(text, end)
        return text[before[-1] if before else 0 : after.start() if after else len(text)]

    def _vetoed(self, sentence: str) -> bool:
        return self.veto is not None and self.veto.search(sentence) is not None


_HAN = {
    c: _Category.build(lexicon.HAN_RULES[c], _han_source, lexicon.HAN_VETOES.get(c), r"\|")
    for c in PRIORITY
}
# English words start after a non-letter; checking that first lets the regex engine skip fast.
_EN = {
    c: _Category.build(
        lexicon.EN_RULES[c],
        _en_source,
        lexicon.EN_VETOES.get(c),
        _EN_SENTENCE_RE.pattern,
        r"(?<![a-z])",
    )
    for c in PRIORITY
}
_HAN_MASK = re.compile("|".join(f"(?:{_han_source(m)})" for m in lexicon.HAN_MASKS))
_EN_MASK = re.compile(
    r"(?<![a-z])(?:" + "|".join(f"(?:{_en_source(m)})" for m in lexicon.EN_MASKS) + ")"
)
_MASK = "#"


def _rule_matches(views: TextViews) -> list[RiskMatch]:
    compact = _HAN_MASK.sub(_MASK, views.compact)
    words = _EN_MASK.sub(_MASK, views.words)
    han_sentences = compact.split("|")
    en_sentences = _EN_SENTENCE_RE.split(words)
    has_latin = any("a" <= ch <= "z" for ch in words)
    matches = []
    for category in PRIORITY:
        phrase = _HAN[category].find(compact, han_sentences)
        if phrase is None and has_latin:
            phrase = _EN[category].find(words, en_sentences)
        if phrase is not None:
            matches.append(RiskMatch(category, TOPIC_FOR_CATEGORY[category], phrase))
    return matches


# --------------------------------------------------------------------------------------------
# Putting the layers together
# --------------------------------------------------------------------------------------------

_SCORER = Scorer.load()
MODEL_MIN_CHARS = 6  # letters, digits and Han characters


def assess(text: str) -> RiskAssessment:
    """Everything the detector finds in `text`, at any length."""
    views = TextViews.of(text or "")
    matches = _rule_matches(views)
    scored = _SCORER.score(views.normalised)
    # The patterns name the kind of risk more surely than the model: its category counts
    # only when no pattern matched, and never on a few characters (瞓唔着 is not a risk).
    if scored.risky and not matches and len(views.compact) >= MODEL_MIN_CHARS:
        matches.append(
            RiskMatch(scored.category, TOPIC_FOR_CATEGORY[scored.category], scored.sentence)
        )
    unsure = not matches and scored.unsure
    return RiskAssessment(tuple(matches), scored.probability, unsure)


def detect_all(text: str) -> list[RiskMatch]:
    """Every risk category the text suggests, most urgent first."""
    return list(assess(text).matches)


def detect_risk(text: str) -> RiskMatch | None:
    """The most urgent risk the text suggests, or None."""
    return assess(text).top
