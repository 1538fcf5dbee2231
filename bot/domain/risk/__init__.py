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
   and an act in one sentence), grouped by category (`lexicon.py`, `lexicon_en.py`).
4. **A second stage** scores the message against a labelled bank of risk and everyday
   sentences (a small linear model over character n-grams and words, trained by
   `python -m bot.risk_tools train` and shipped as `model.json`), sentence by sentence, so a
   paraphrase of a known kind is still caught, also in the middle of a long report.

A false alarm costs a tap; a miss can cost a life. So a message is risk when either layer
says so, and a message the model is unsure about, that speaks of a client and distress,
is marked `unsure`: the caller offers a quiet "I'm worried about safety" button.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from bot.domain.risk import lexicon, lexicon_en
from bot.domain.risk.lexicon import (
    ELDER_ABUSE,
    MEDICAL_EMERGENCY,
    SELF_HARM,
    SEVERE_DEPRESSION,
    SUICIDE,
    Rule,
)
from bot.domain.risk.model import Scored, Scorer
from bot.domain.risk.scan import Dispatch, presence
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
    "risk_feature_index",
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
    # a death by suicide told of (grief, blanked before the layers read the text)
    told_of_a_suicide_death: bool = False
    # …and the one who died was the supporter's own client (their grief, not the client's)
    a_client_died_by_suicide: bool = False

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
_HAN_THEN_LATIN_RE = re.compile(rf"([{HAN_RANGES}])(?=[a-z0-9])")
_LATIN_THEN_HAN_RE = re.compile(rf"([a-z0-9])(?=[{HAN_RANGES}])")
# Runs of white space become one space; a lone space (most of them) is left as it is,
# which spares the engine a replacement per word.
_SPACES_RE = re.compile(r"\s(?:(?<=[^ ])\s*|\s+)")
_EN_SENTENCE_RE = re.compile(r"[.!?;\n\r。！？；]+")
_LATIN_RE = re.compile("[a-z]")  # a text without any has no English to read


# A suicide that has already happened, told of someone else: 「佢個仔早排跳樓走咗」, "her
# brother killed himself last week". Grief is not itself risk (RISK_LANGUAGE.md), so these
# words are blanked before the layers read the text: the rest of the message is still read
# ("…佢話想跟佢去" is risk). The answer leads with the card for a death by suicide and offers
# the quiet safety button. Only with someone named before the act, or 係…走嘅: 「不如跳樓死咗算」
# is a wish, not a death.
_TOLD_KIN = (
    "仔|女|老公|老婆|先生|太太|丈夫|孫|哥|姐|弟|妹|朋友|老友|個案|case|client|c ?[0-9]{1,3}|"
    "伯|婆|叔|姨|爸|媽|爺|嫲|佬|同鄉|鄰居|街坊|cousin"
)
_TOLD_WHEN = (
    "早排|早.年|上個?(?:禮拜|星期|月)|舊年|上年|去年|前年|.年前|十幾年前|幾十年前|.個?月前|琴日|尋日|"
    "前日|早幾日|之前"
)
_TOLD_EN_WHO = (
    f"{lexicon_en.KIN_EN}|nephew|niece|grandson|granddaughter|cousin|uncle|aunt|friend|client|"
    "neighbou?r"
)
# (了 is folded to 咗 before this runs: 自己了結 is read as 自己咗結.)
_TOLD_SUICIDE_DEATH_RE = re.compile(
    rf"(?:{_TOLD_KIN}) ?(?:{_TOLD_WHEN})? ?(?:係|都係)? ?(?:自己)?(?:自殺|跳樓|燒炭|吊頸|跳海|"
    r"自己咗結|咗結自己)"
    r"(?:走|死|過身|去世|離世)?(?:咗|嘅|㗎)|係 ?(?:自殺|跳樓|燒炭|吊頸)走(?:嘅|㗎|咗)|"
    # Mixed: 「個老友上個月 suicide 咗」.
    rf"(?:{_TOLD_KIN}) ?(?:{_TOLD_WHEN})? ?suicide ?(?:走|死)?咗|"
    rf"\b(?:{_TOLD_EN_WHO})s?(?:'s)? (?:had )?(?:killed (?:himself|herself|themselves)|took "
    r"(?:his|her|their) own life|died by suicide|committed suicide|"
    # Hong Kong English tells the past in the present: "husband kill himself 2 years ago".
    r"(?:kill|hang|hanged|hung) (?:himself|herself)(?: \w+){0,3} (?:ago|last (?:week|month|year))|"
    r"jump(?:ed)? "
    r"(?:from|off) (?:the |a |his |her )?(?:building|roof|window|bridge)(?: \w+){0,3}? "
    r"(?:ago|last (?:week|month|year)))|lost (?:her|his|their) \w+ to suicide|"
    r"\bwho (?:had )?(?:died by suicide|killed (?:himself|herself)|took (?:his|her) own life)|"
    r"\b(?:it|that) was (?:a )?suicide"
)

# Who died, when it was the supporter's own client: "one of my clients died by suicide".
_CLIENT_RE = re.compile("client|個案|case|c ?[0-9]")
_TOLD_HINT_RE = re.compile("自殺|跳樓|燒炭|吊頸|跳海|咗結|kill|own life|suicide|jump|hang|hung")


def _space_after(match: re.Match[str]) -> str:
    return match.group(1) + " "  # a function: quicker than a template for re to expand


@dataclass(frozen=True, slots=True)
class TextViews:
    """One normalised text, seen the ways the layers need it."""

    normalised: str
    compact: str  # Han rules: no spaces or punctuation, "|" at sentence ends
    words: str  # English rules: lower case, single spaces, punctuation kept
    told_of_a_suicide_death: bool = False  # blanked out of the views above
    a_client_died_by_suicide: bool = False  # the one who died was the supporter's client

    @classmethod
    def of(cls, text: str) -> TextViews:
        norm, deaths = normalise(text), []
        if _TOLD_HINT_RE.search(norm):  # the full pattern costs 0.4 ms on 4,000 characters
            deaths = [m.group(0) for m in _TOLD_SUICIDE_DEATH_RE.finditer(norm)]
            if deaths:
                norm = _TOLD_SUICIDE_DEATH_RE.sub(" ", norm)
        marked = _SENTENCE_END_RE.sub("|", norm)
        compact = _COMPACT_DROP_RE.sub("", marked)
        spaced = _LATIN_THEN_HAN_RE.sub(_space_after, _HAN_THEN_LATIN_RE.sub(_space_after, norm))
        words = _SPACES_RE.sub(" ", spaced).strip()
        client = any(_CLIENT_RE.match(death) for death in deaths)
        return cls(norm, compact, words, bool(deaths), client)


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


class _Rules:
    """Every category's rules in one script: single patterns found together by first
    character (scan.Dispatch), two-part rules sentence by sentence, vetoes per category."""

    def __init__(
        self,
        rules: dict[str, tuple[Rule, ...]],
        masks: tuple[str, ...],
        vetoes: dict[str, str],
        source: Callable[[str], str],
        boundary: str,
        prefix: str = "",
    ) -> None:
        self._singles = Dispatch(
            [(c, source(r)) for c in PRIORITY for r in rules[c] if isinstance(r, str)], prefix
        )
        self._pairs = {
            c: tuple(
                tuple(re.compile(source(part)) for part in r)
                for r in rules[c]
                if not isinstance(r, str)
            )
            for c in PRIORITY
        }
        # Whether a part is anywhere in the text, asked of every two-part rule.
        self._presence = {
            part: presence(part.pattern)
            for pairs in self._pairs.values()
            for rule in pairs
            for part in rule
        }
        self._masks = Dispatch([("mask", source(m)) for m in masks], prefix)
        self._vetoes = {c: re.compile(source(v)) for c, v in vetoes.items()}
        self._boundary = re.compile(boundary)

    def mask(self, text: str) -> str:
        """The text with every idiom that sounds like risk and is not blanked out."""
        spans = sorted((m.start(), m.end()) for _, m in self._masks.finditer(text))
        if not spans:
            return text
        pieces, at = [], 0
        for start, end in spans:
            if start < at:
                continue  # inside a span already blanked
            pieces += [text[at:start], _MASK]
            at = end
        pieces.append(text[at:])
        return "".join(pieces)

    def find(self, text: str, wanted: set[str]) -> dict[str, str]:
        """category → the words that matched, for the categories in `wanted`."""
        found: dict[str, str] = {}
        ends: list[int] | None = None  # where sentences end, found when a veto needs them
        for category, match in self._singles.finditer(text):
            if category in found or category not in wanted:
                continue
            veto = self._vetoes.get(category)
            if veto is not None:
                if ends is None:
                    ends = [m.start() for m in self._boundary.finditer(text)]
                if veto.search(_sentence(text, ends, match.start(), match.end())):
                    continue
            found[category] = match.group(0)
            if len(found) == len(wanted):
                return found
        sentences: list[str] | None = None
        for category in wanted - found.keys():
            for parts in self._pairs[category]:
                present = self._presence
                if not all(present[p].search(text) for p in parts):
                    continue  # cheap: both parts must be somewhere before any sentence is
                sentences = sentences if sentences is not None else self._boundary.split(text)
                veto = self._vetoes.get(category)
                for sentence in sentences:
                    # The act (last part) is rarer than the actor: look for it first.
                    if not all(present[p].search(sentence) for p in reversed(parts)):
                        continue
                    if veto is None or not veto.search(sentence):
                        hits = [p.search(sentence) for p in parts]
                        found[category] = " … ".join(h.group(0) for h in hits if h)
                        break
                if category in found:
                    break
        return found


def _sentence(text: str, ends: list[int], start: int, end: int) -> str:
    """The sentence holding text[start:end] (`ends`: where sentences end)."""
    before = bisect.bisect_left(ends, start)
    after = bisect.bisect_left(ends, end)
    return text[
        ends[before - 1] + 1 if before else 0 : ends[after] if after < len(ends) else len(text)
    ]


_HAN = _Rules(lexicon.HAN_RULES, lexicon.HAN_MASKS, lexicon.HAN_VETOES, _han_source, r"\|")
# English words start after a non-letter.
_EN = _Rules(
    lexicon_en.EN_RULES,
    lexicon_en.EN_MASKS,
    lexicon_en.EN_VETOES,
    _en_source,
    _EN_SENTENCE_RE.pattern,
    r"(?<![a-z])",
)
_MASK = "#"


# A fall or a bruise by itself, in a report that says a doctor has seen it and found it fine
# ("照咗X光冇骨折", "checked at A&E and sent home"), is background however far from it the
# report says so: the words are read again as blanks (a head injury, "can't get up", a son who
# pushed her still count).
_BARE_INJURY_RE = re.compile(
    "跌親|跌低|跌倒|跌咗一跤|跌咗一交|仆親|仆低|絆親|絆低|滑親|滑倒|滑低|跣親|有瘀|瘀傷|瘀青|瘀|"
    r"\b(?:fell|fall|falls|falling|fallen|slipped|tripped|bruis(?:e|es|ed|ing))\b"
)
_SEEN_BY_A_DOCTOR_RE = re.compile(
    r"冇骨折|無骨折|no fracture|nothing broken|not broken|x-?ray ?(?:was |is )?(?:fine|clear|ok|"
    r"normal|冇事)|x光冇事|照咗x光|discharged|sent (?:her |him )?home|睇咗(?:醫生|doctor|gp)|"
    r"醫生話冇事|打咗石膏|physio|物理治療|復康|recovered|好返晒|已經好返|(?:saw|seen|checked by) "
    r"(?:the |his |her |a )?(?:doctor|gp)|see doctor (?:\w+ ){0,3}already|doctor (?:said|say|says) "
    r"(?:it'?s |its )?(?:fine|ok|normal|nothing)|已經冇事|而家冇事|醫生話唔使擔心|已經散(?:咗|晒)|"
    r"\bhealed\b|\bfaded\b|walk(?:s|ing)? (?:ok|fine|normal) (?:already|now)"
)


def _rule_matches(views: TextViews) -> list[RiskMatch]:
    wanted = set(PRIORITY)
    han = _HAN.mask(views.compact)
    en = _EN.mask(views.words) if _LATIN_RE.search(views.words) else ""  # none to read
    found = _HAN.find(han, wanted)
    if len(found) < len(wanted) and en:
        found.update(_EN.find(en, wanted - found.keys()))
    for category in (MEDICAL_EMERGENCY, ELDER_ABUSE):
        phrase = found.get(category)
        if (
            phrase
            and _BARE_INJURY_RE.fullmatch(phrase)
            and _SEEN_BY_A_DOCTOR_RE.search(views.normalised)
        ):
            del found[category]
            found.update(
                _HAN.find(_BARE_INJURY_RE.sub(_MASK, han), {category})
                or _EN.find(_BARE_INJURY_RE.sub(_MASK, en), {category})
            )
    return [RiskMatch(c, TOPIC_FOR_CATEGORY[c], found[c]) for c in PRIORITY if c in found]


# --------------------------------------------------------------------------------------------
# Putting the layers together
# --------------------------------------------------------------------------------------------

_SCORER = Scorer.load()


def risk_feature_index() -> Mapping[bytes, int]:
    """The shipped model's features (UTF-8) → row: the topic ranker reads its own model
    through it rather than keep a second index of the same n-grams."""
    return _SCORER.index


MODEL_MIN_CHARS = 6  # letters, digits and Han characters
# From a sentence on, the model names the kind of risk (`_lead_with`); a short phrase
# ("佢話冇意思再活", "she fell and hurt herself") is named by the patterns, which were
# written for exactly such phrases. Chosen on the blind rounds' tuning parts: from 30
# characters the model still names 219 of 244 (round 8) and 177 of 206 (round 9) right,
# the patterns 190 and 154; below it, the patterns' short phrases are surer.
MODEL_NAMES_KIND_CHARS = 30


# Suicide, self-harm and severe depression share the 24-hour mental-health lines.
_MENTAL_HEALTH = frozenset({SUICIDE, SELF_HARM, SEVERE_DEPRESSION})


def assess(text: str) -> RiskAssessment:
    """Everything the detector finds in `text`, at any length."""
    views = TextViews.of(text or "")
    matches = _rule_matches(views)
    scored = _SCORER.score(views.normalised)
    # The model adds a risk the patterns missed, but not on a few characters (瞓唔着 is not
    # a risk), and names the kind from a sentence on.
    least = MODEL_MIN_CHARS if not matches else MODEL_NAMES_KIND_CHARS
    if scored.risky and len(views.compact) >= least:
        matches = _lead_with(scored, matches)
    unsure = not matches and (scored.unsure or views.told_of_a_suicide_death)
    return RiskAssessment(
        tuple(matches),
        scored.probability,
        unsure,
        views.told_of_a_suicide_death,
        views.a_client_died_by_suicide,
    )


def _lead_with(scored: Scored, matches: list[RiskMatch]) -> list[RiskMatch]:
    """The model's kind of risk first. On messages written blind (rounds 8 and 9 of the bank,
    before the model saw them) the model named the kind right 89-91% of the time, the
    patterns' order 75-78% ("asked if she'd thought of dying, she said no, but she hasn't
    eaten for days" matches a suicide pattern and is severe depression). Except that a
    mental-health pattern keeps the mental-health lines: the model may reorder suicide,
    self-harm and depression, never turn them into abuse or an emergency."""
    named = scored.category
    if matches and (
        matches[0].category == named
        or (matches[0].category in _MENTAL_HEALTH and named not in _MENTAL_HEALTH)
    ):
        return matches
    lead = next((m for m in matches if m.category == named), None)
    if lead is None:
        lead = RiskMatch(named, TOPIC_FOR_CATEGORY[named], scored.sentence)
    return [lead, *(m for m in matches if m is not lead)]


def detect_all(text: str) -> list[RiskMatch]:
    """Every risk category the text suggests: the one the detector judges it to be first,
    then the others, most urgent first."""
    return list(assess(text).matches)


def detect_risk(text: str) -> RiskMatch | None:
    """The risk the text suggests (see `detect_all`), or None."""
    return assess(text).top
