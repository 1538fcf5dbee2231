"""The detector's second stage: a small linear model over character n-grams and words.

Trained by `python -m bot.risk_tools train` on the labelled bank in tests/data/risk (the four
fifths kept for tuning) and shipped as `model.json` beside this file. Two parts:

* `risk`: one weight per feature; a sentence's probability of being about risk is the
  logistic of the bias plus the weights of the features it contains;
* `category`: one weight per feature and category, to say which kind of risk when only the
  model noticed it.

A long message is scored sentence by sentence, and pair by pair (a client's words often
span two sentences): a worried report of 3,000 characters with one risky sentence in the
middle is as risky as that sentence alone.
"""

from __future__ import annotations

import itertools
import json
import math
import re
from array import array
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.domain.arrays import decode, decode_words, encode, encode_words
from bot.domain.risk.concepts import concept_features, concepts_in
from bot.domain.search import HAN_RANGES, STOP_CHARS, stem

MODEL_FILE = Path(__file__).with_name("model.json")

_SENTENCE_END_RE = re.compile(r"[。！？!?\n\r；;…]+|(?<!\d)\.(?!\d)")
_CLAUSE_END_RE = re.compile(r"[,，、]+")
LONG_SENTENCE_CHARS = 120  # a run-on sentence longer than this is scored clause by clause
_RUN_RE = re.compile(rf"([{HAN_RANGES}]+)|([a-z][a-z']*)")
# A whole message shorter than this is also scored as one piece (how the model was trained).
WHOLE_MESSAGE_CHARS = 300
# A message up to this long is held to `Scorer.threshold`, a longer one to `long_threshold`.
SHORT_MESSAGE_CHARS = LONG_SENTENCE_CHARS


def is_long_message(normalised: str) -> bool:
    """Whether a message is held to the longer messages' threshold."""
    return len(normalised) > SHORT_MESSAGE_CHARS


# Words that only carry the style of a message (a story, a question), not what it is about.
# Negations and pronouns stay: "don't want to live", "hurt herself".
_FILLER_TEXT = """
    a an the and or but so of to in on at for with about as by from is am are was were be
    been being it its this that these those there then than very just really also some ok okay
    hi hello la lah lor ar ah ga ge wor ma le gei d um oh
"""
_FILLER_WORDS = frozenset(_FILLER_TEXT.split())
_join = "".join
# Where each bigram and trigram of a Han run is, made once: slicing the run is quicker than
# joining characters (a longer run, rare, is cut up the slow way).
_LONGEST_RUN = 600
_BIGRAMS = [slice(i, i + 2) for i in range(_LONGEST_RUN)]
_TRIGRAMS = [slice(i, i + 3) for i in range(_LONGEST_RUN)]


def is_han_ngram(feature: str) -> bool:
    """Whether a feature made by `features` is two or three Han characters (the others are
    single characters, or carry a "w:"-style prefix)."""
    return len(feature) in (2, 3) and ":" not in feature


def features(sentence: str, concepts: set[str] | None = None) -> set[str]:
    """The features of one normalised sentence: Han characters (not the function ones),
    bigrams and trigrams; English stems and word pairs (a Han run also breaks a pair); the
    ideas it holds and their pairs (`concepts.py`; `concepts`: those already found in it)."""
    found: set[str] = set()
    previous = ""
    for han, latin in _RUN_RE.findall(sentence):
        if han:
            # map keeps the per-character work in C: a long report is thousands of them.
            found.update(set(han) - STOP_CHARS)
            if len(han) <= _LONGEST_RUN:
                gram = han.__getitem__
                found.update(map(gram, itertools.islice(_BIGRAMS, len(han) - 1)))
                found.update(map(gram, itertools.islice(_TRIGRAMS, max(len(han) - 2, 0))))
            else:
                found.update(map(_join, itertools.pairwise(han)))
                found.update(map(_join, zip(han, han[1:], han[2:], strict=False)))
            previous = ""
        else:
            word = latin.strip("'")
            if word in _FILLER_WORDS:
                continue
            word = stem(word)  # cached where it is defined
            found.add("w:" + word)
            if previous:
                found.add(f"w:{previous}_{word}")
            previous = word
    found |= concept_features(sentence, concepts)
    return found


def sentences(text: str) -> list[str]:
    """Sentences, and the clauses of run-on ones (voice-to-text rarely has a full stop)."""
    pieces = []
    for sentence in _SENTENCE_END_RE.split(text):
        if len(sentence) > LONG_SENTENCE_CHARS:
            pieces += _CLAUSE_END_RE.split(sentence)
        else:
            pieces.append(sentence)
    return [p for p in pieces if p.strip()]


@dataclass(frozen=True, slots=True)
class Scored:
    probability: float  # of the riskiest piece
    risky: bool
    unsure: bool
    category: str  # the model's best category for that piece (meaningful when risky)
    sentence: str  # that piece


@dataclass(frozen=True, slots=True)
class Scorer:
    bias: float
    # feature (its UTF-8) → its row (from 1; 0: a feature the model does not know) in
    # `weights`, one weight each, and in `category_rows`. One index shared by both: a dict of
    # floats and a second dict of rows cost the bot 9 MiB, one dict of str keys 6, of bytes
    # keys 3 less (bench/handlers.py: the bot's memory).
    index: Mapping[bytes, int]
    weights: array[float]  # row → its weight towards "risk" (row 0: 0.0)
    categories: tuple[str, ...]
    category_bias: tuple[float, ...]
    # row → its row in `category_matrix` (one weight per category, flat float32), or -1.
    category_rows: array[int]
    category_matrix: array[float]
    threshold: float  # probability at or above which a short message (or a piece of it) is risk
    # The same for a longer message: the riskiest of its many pieces is high by chance more
    # often, so it has its own threshold, chosen with the short one (bot/risk_tools.py).
    long_threshold: float
    unsure_threshold: float  # below `threshold`, at or above this: offer the quiet button

    @classmethod
    def load(cls, path: Path = MODEL_FILE) -> Scorer:
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls.from_json(data)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Scorer:
        """From what training fits, or from the shipped file (`pack`)."""
        packed = data["packed"] if "packed" in data else cls.pack(data)["packed"]
        risk, category = data["risk"], data["category"]
        weights, rows = array("f", [0.0]), array("i", [-1])
        weights.extend(decode("f", packed["weights"]))
        rows.extend(decode("i", packed["category_rows"]))
        return cls(
            bias=float(risk["bias"]),
            index=dict(zip(decode_words(packed["features"]), itertools.count(1))),
            weights=weights,
            categories=tuple(category["labels"]),
            category_bias=tuple(float(b) for b in category["bias"]),
            category_rows=rows,
            category_matrix=decode("f", packed["category_matrix"]),
            threshold=float(data["threshold"]),
            long_threshold=float(data.get("long_threshold", data["threshold"])),
            unsure_threshold=float(data["unsure_threshold"]),
        )

    def threshold_for(self, normalised: str) -> float:
        return self.long_threshold if is_long_message(normalised) else self.threshold

    def _rows(self, found: Iterable[str]) -> Iterator[int]:
        """The rows of the features the model knows (0 for the others), in C: a long report
        has thousands of features."""
        return map(self.index.get, map(str.encode, found), itertools.repeat(0))

    @staticmethod
    def pack(model: Mapping[str, Any]) -> dict[str, Any]:
        """The fitted model as shipped: its features as one base64 text and three base64
        arrays (its weight, its row of category weights or -1, the category weights).
        Importing the detector cost 58 MiB of memory with the model as JSON objects, 32 packed."""
        risk, category = dict(model["risk"]), dict(model["category"])
        binary, by_category = risk.pop("weights"), category.pop("weights")
        features = sorted(binary.keys() | by_category.keys())
        row_of = {f: i for i, f in enumerate(by_category)}
        packed = {
            "features": encode_words(features),
            "weights": encode(array("f", (binary.get(f, 0.0) for f in features))),
            "category_rows": encode(array("i", (row_of.get(f, -1) for f in features))),
            "category_matrix": encode(array("f", (w for ws in by_category.values() for w in ws))),
        }
        return {**model, "risk": risk, "category": category, "packed": packed}

    def logit(self, found: Collection[str]) -> float:
        """Each present feature counts 1/√n, so a long sentence is not risky by length."""
        if not found:
            return self.bias
        return self.bias + self._sum(found) / math.sqrt(len(found))

    def _sum(self, found: Iterable[str]) -> float:
        return sum(map(self.weights.__getitem__, self._rows(found)))

    def category(self, found: Iterable[str]) -> str:
        totals = list(self.category_bias)
        width, matrix, rows = len(totals), self.category_matrix, self.category_rows
        for row in map(rows.__getitem__, self._rows(found)):
            if row >= 0:
                start = row * width
                for i in range(width):
                    totals[i] += matrix[start + i]
        return self.categories[max(range(len(totals)), key=totals.__getitem__)]

    def score(self, normalised: str) -> Scored:
        """Score every sentence, every pair of neighbours and (when short) the whole text."""
        parts = sentences(normalised)
        if not parts:
            return Scored(0.0, False, False, self.categories[0], "")
        # Every sentence is read, in a long report too. Skipping those that named no idea
        # beyond the background ones (a person, a "not", a time) saved a tenth of the time on
        # a 4,000-character report, and missed 「佢話已經同長生店講好咗，嗰日我同佢一齊返去」
        # buried in one: the concept list cannot know every way of saying it.
        feats = [features(part, concepts_in(part)) for part in parts]
        sums = [self._sum(fs) for fs in feats]
        sizes = [len(fs) for fs in feats]
        best, span = max(
            (self.bias + sums[i] / math.sqrt(max(sizes[i], 1)), (i, i)) for i in range(len(parts))
        )
        for i in range(len(parts) - 1):  # two sentences together (shared features count twice)
            value = self.bias + (sums[i] + sums[i + 1]) / math.sqrt(max(sizes[i] + sizes[i + 1], 1))
            if value > best:
                best, span = value, (i, i + 1)
        whole: set[str] | None = None
        if len(parts) > 1 and len(normalised) <= WHOLE_MESSAGE_CHARS:
            whole = features(normalised)
            if (value := self.logit(whole)) > best:
                best, span = value, (0, len(parts) - 1)
        probability = 1.0 / (1.0 + math.exp(-max(min(best, 40.0), -40.0)))
        first, last = span
        piece_feats = (
            whole
            if whole is not None and span == (0, len(parts) - 1)
            else set().union(*feats[first : last + 1])
        )
        bar = self.threshold_for(normalised)
        return Scored(
            probability,
            probability >= bar,
            self.unsure_threshold <= probability < bar,
            self.category(piece_feats),
            " ".join(parts[first : last + 1]).strip(),
        )
