"""A learned second opinion on the ranking: which topic a question is about.

The lexical ranking (index.py) scores words the cards share with the question; a supporter's
free wording often shares few. This model is a softmax regression over the primary topics
(content/topics.yaml), on the risk model's features (bot/domain/risk/model.py: Han character
uni/bi/trigrams, English stems and word pairs, ideas), trained by
`python -m bot.ranker_tools train` on every card's asks, keywords and titles and on the
tuning part of the labelled questions, and shipped as `ranker.json` beside this file. On a
batch of questions written blind and answered by a model that never saw them, it lifted
recall@1 from 0.858 to 0.892 (bot/ranker_tools.py says how weight and depth were chosen).

With a model, `Library.answer` reranks the lexical best few: each card gains `weight` × the
best lexical score × the model's probability of the card's primary topic (weight and depth
chosen on that blind batch). Whether a message gets cards at all is still decided on the
lexical ranking alone, so small talk and "not sure" never change.
"""

from __future__ import annotations

import functools
import itertools
import json
import math
from array import array
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from bot.domain.arrays import decode, decode_words, encode, encode_words
from bot.domain.risk import risk_feature_index
from bot.domain.risk.model import features
from bot.domain.search.text import normalise

RANKER_FILE = Path(__file__).with_name("ranker.json")


def ranker_features(text: str) -> set[str]:
    """The model's features of raw text (normalised as the search normalises it)."""
    return features(normalise(text))


class TopicRanker:
    """The model, held compactly: 13,000 features × 54 topics as Python tuples took 58 MiB;
    three flat arrays (each feature's topic numbers and weights, found by offsets) take 2.

    The shipped model finds its features through the risk model's index (`load`): 95% of
    them are the same character n-grams and words, and a second index of 23,000 keys cost
    the bot 2.9 MiB. Its own few others sit in a small index of their own."""

    __slots__ = (
        "_extra",
        "_ids",
        "_offsets",
        "_shared",
        "_values",
        "bias",
        "depth",
        "topics",
        "trained_on",
        "weight",
    )

    def __init__(
        self,
        topics: tuple[str, ...],
        bias: tuple[float, ...],
        weights: Mapping[str, Iterable[tuple[int, float]]],
        weight: float,
        depth: int,
        trained_on: Mapping[str, Any] | None = None,
    ) -> None:
        """`weights`: feature → (topic number, weight) pairs (the weights not pruned)."""
        self.topics, self.bias, self.weight, self.depth = topics, bias, weight, depth
        self.trained_on = dict(trained_on or {})
        # feature (its UTF-8) → its row in `_offsets`: here every feature is in `_extra`;
        # a loaded model finds most in `_shared` (another model's index) instead.
        self._shared: Mapping[bytes, int] = {}
        self._extra: dict[bytes, int] = {}
        self._offsets = array("I", [0])
        self._ids = array("B")
        self._values = array("f")
        for feature, pairs in weights.items():
            self._extra[feature.encode()] = len(self._extra)
            for k, w in pairs:
                self._ids.append(int(k))
                self._values.append(float(w))
            self._offsets.append(len(self._ids))

    @classmethod
    def from_json(
        cls, data: Mapping[str, Any], shared: Mapping[bytes, int] | None = None
    ) -> TopicRanker:
        """From what training fits (feature → [[topic number, weight], …]) or the packed file.
        `shared`: an index (feature → row from 1) to find the packed model's features by."""
        if "packed" in data:
            return cls._unpack(data, shared)
        return cls(
            tuple(data["topics"]),
            tuple(float(b) for b in data["bias"]),
            data["weights"],
            float(data["weight"]),
            int(data["depth"]),
            data.get("trained_on"),
        )

    def to_json(self) -> dict[str, Any]:
        """The shipped form: the three arrays as base64 (a JSON list of 260,000 pairs
        cost 40 MiB to parse). Only for a model that holds its own index (trained)."""
        if self._shared:
            raise ValueError("a ranker loaded on a shared index cannot be packed again")
        return {
            "topics": list(self.topics),
            "bias": list(self.bias),
            "weight": self.weight,
            "depth": self.depth,
            "trained_on": self.trained_on,
            "packed": {
                "features": encode_words([f.decode() for f in self._extra]),
                "offsets": encode(self._offsets),
                "ids": encode(self._ids),
                "values": encode(self._values),
            },
        }

    @classmethod
    def _unpack(cls, data: Mapping[str, Any], shared: Mapping[bytes, int] | None) -> TopicRanker:
        ranker = cls(
            tuple(data["topics"]),
            tuple(float(b) for b in data["bias"]),
            {},
            float(data["weight"]),
            int(data["depth"]),
            data.get("trained_on"),
        )
        packed = data["packed"]
        features = decode_words(packed["features"])
        offsets = decode("I", packed["offsets"])
        ids, values = decode("B", packed["ids"]), decode("f", packed["values"])
        if not shared:
            ranker._extra = dict(zip(features, itertools.count()))
            ranker._offsets, ranker._ids, ranker._values = offsets, ids, values
            return ranker
        # Runs laid out by the shared index's rows (0 and the rows this model lacks: empty),
        # then this model's own features after them.
        rows = len(shared) + 1
        extra = [f for f in features if f not in shared]
        ranker._extra = dict(zip(extra, itertools.count(rows)))
        run_of = {
            shared.get(f) or ranker._extra[f]: (offsets[k], offsets[k + 1])
            for k, f in enumerate(features)
        }
        lengths = array("I", bytes(4 * (rows + len(extra))))
        for row, (start, end) in run_of.items():
            lengths[row] = end - start
        ranker._offsets = array("I", itertools.accumulate(lengths, initial=0))
        ranker._ids, ranker._values = array("B"), array("f")
        for row in sorted(run_of):
            start, end = run_of[row]
            ranker._ids.extend(ids[start:end])
            ranker._values.extend(values[start:end])
        ranker._shared = shared
        return ranker

    @classmethod
    def load(
        cls, path: Path = RANKER_FILE, shared: Mapping[bytes, int] | None = None
    ) -> TopicRanker:
        return cls.from_json(json.loads(path.read_text(encoding="utf-8")), shared)

    def probabilities(self, text: str) -> dict[str, float]:
        """topic id → probability (softmax over the topics) for raw text."""
        return self.probabilities_of(ranker_features(text))

    def probabilities_of(self, found: Iterable[str]) -> dict[str, float]:
        found = list(found)
        shared, extra = self._shared.get, self._extra.get
        rows = [r for key in map(str.encode, found) if (r := shared(key) or extra(key)) is not None]
        z = list(self.bias)
        if rows:
            scale = 1.0 / math.sqrt(len(found))  # as in training: each feature counts 1/√n
            offsets, ids, values = self._offsets, self._ids, self._values
            for i in rows:
                for j in range(offsets[i], offsets[i + 1]):
                    z[ids[j]] += values[j] * scale
        top = max(z)
        exps = [math.exp(v - top) for v in z]
        total = sum(exps)
        return {t: e / total for t, e in zip(self.topics, exps, strict=True)}


@functools.cache
def shipped_ranker() -> TopicRanker | None:
    """The shipped model, loaded once (None when the file is missing)."""
    return TopicRanker.load(shared=risk_feature_index()) if RANKER_FILE.is_file() else None
