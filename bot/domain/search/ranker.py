"""A learned second opinion on the ranking: which topic a question is about.

The lexical ranking (index.py) scores words the cards share with the question; a supporter's
free wording often shares few. This model is a softmax regression over the primary topics
(content/topics.yaml), on the risk model's features (bot/domain/risk/model.py: Han character
uni/bi/trigrams, English stems and word pairs, ideas), trained by
`python -m bot.ranker_tools train` on every card's asks, keywords and titles and on the
tuning part of the labelled questions, and shipped as `ranker.json` beside this file — only
when cross-validation shows it helps. It did not (2026-12-07: recall@1 out of fold 0.877
lexical alone, at best 0.874 with the model; bench/README.md), so no file is shipped and
`shipped_ranker()` is None: the lexical ranking alone.

With a model, `Library.answer` reranks the lexical best few: each card gains `weight` × the
best lexical score × the model's probability of the card's primary topic (weight and depth
chosen by the cross-validation). Whether a message gets cards at all is still decided on the
lexical ranking alone, so small talk and "not sure" never change.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.domain.risk.model import features
from bot.domain.search.text import normalise

RANKER_FILE = Path(__file__).with_name("ranker.json")


def ranker_features(text: str) -> set[str]:
    """The model's features of raw text (normalised as the search normalises it)."""
    return features(normalise(text))


@dataclass(frozen=True, slots=True)
class TopicRanker:
    topics: tuple[str, ...]
    bias: tuple[float, ...]
    # feature → ((topic number, weight), ...): only the weights that were not pruned
    weights: Mapping[str, tuple[tuple[int, float], ...]] = field(repr=False)
    weight: float  # share of the best lexical score a probability of 1 adds
    depth: int  # how many of the lexical best are reranked
    trained_on: Mapping[str, Any] = field(default_factory=dict, repr=False)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> TopicRanker:
        return cls(
            topics=tuple(data["topics"]),
            bias=tuple(float(b) for b in data["bias"]),
            weights={
                f: tuple((int(k), float(w)) for k, w in pairs)
                for f, pairs in data["weights"].items()
            },
            weight=float(data["weight"]),
            depth=int(data["depth"]),
            trained_on=dict(data.get("trained_on", {})),
        )

    @classmethod
    def load(cls, path: Path = RANKER_FILE) -> TopicRanker:
        return cls.from_json(json.loads(path.read_text(encoding="utf-8")))

    def probabilities(self, text: str) -> dict[str, float]:
        """topic id → probability (softmax over the topics) for raw text."""
        return self.probabilities_of(ranker_features(text))

    def probabilities_of(self, found: Iterable[str]) -> dict[str, float]:
        found = list(found)
        z = list(self.bias)
        if found:
            scale = 1.0 / math.sqrt(len(found))  # as in training: each feature counts 1/√n
            get = self.weights.get
            for feature in found:
                for k, w in get(feature, ()):
                    z[k] += w * scale
        top = max(z)
        exps = [math.exp(v - top) for v in z]
        total = sum(exps)
        return {t: e / total for t, e in zip(self.topics, exps, strict=True)}


@functools.cache
def shipped_ranker() -> TopicRanker | None:
    """The shipped model, loaded once (None when the file is missing)."""
    return TopicRanker.load() if RANKER_FILE.is_file() else None
