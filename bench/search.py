"""Search benchmark: our engine against rank_bm25 on the real and scaled-up libraries.

    python bench/search.py

Builds the real library, then synthetic libraries of 1,000 and 10,000 cards made
by recombining the real cards' texts (deterministic seed). For each it reports
query latency (p50/p95 over the labelled query set from
tests/unit/test_search_quality.py) and index memory (tracemalloc around the
build), for our SearchIndex and for rank_bm25.BM25Okapi fed the same tokeniser
output, so the comparison is of the engines, not the text handling.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import random
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rank_bm25 import BM25Okapi  # noqa: E402

from bot.domain.cards import Card, Topic  # noqa: E402
from bot.domain.search import SearchIndex, card_terms  # noqa: E402
from bot.library import load_library  # noqa: E402

SEED = 20261126
SCALES = (1_000, 10_000)
TOP_K = 3
REPEATS = {0: 5, 1_000: 3, 10_000: 1}  # passes over the query mix, fewer when slow
BM25_REPEATS = {0: 3, 1_000: 1, 10_000: 1}
MiB = 1024 * 1024

# Made-up keywords so the synthetic vocabulary grows with the library.
_SYLLABLES = ("ka", "lo", "mi", "tan", "su", "ren", "po", "chi", "wa", "dek")
_HAN_POOL = "街坊茶樓公園巴士街市長者中心花園社區鄰居早晨晚飯電視報紙"


def load_queries() -> list[str]:
    """The labelled queries, reused as a fixed, realistic query mix."""
    path = ROOT / "tests" / "unit" / "test_search_quality.py"
    spec = importlib.util.spec_from_file_location("search_quality_queries", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return [query for query, _ in module.ALL_QUERIES]


def synthetic_cards(real: Sequence[Card], n: int, seed: int = SEED) -> list[Card]:
    """n cards recombining fields of random real cards, with fresh ids and keywords."""
    rng = random.Random(seed)
    cards = []
    for number in range(n):
        base, other, third = rng.choice(real), rng.choice(real), rng.choice(real)
        fake_en = "".join(rng.choice(_SYLLABLES) for _ in range(3))
        fake_yue = "".join(rng.choice(_HAN_POOL) for _ in range(3))
        en = dataclasses.replace(
            base.en,
            situation=other.en.situation,
            say=third.en.say,
            keywords=(*rng.sample(base.en.keywords, min(4, len(base.en.keywords))), fake_en),
        )
        yue = dataclasses.replace(
            base.yue,
            situation=other.yue.situation,
            say=third.yue.say,
            keywords=(*rng.sample(base.yue.keywords, min(4, len(base.yue.keywords))), fake_yue),
        )
        cards.append(dataclasses.replace(base, id=f"synth-{number:05d}-{base.id}", en=en, yue=yue))
    return cards


def percentile(samples: Sequence[float], pct: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def time_queries(run: Callable[[str], object], queries: Sequence[str], repeats: int) -> list[float]:
    run(queries[0])  # warm caches
    samples = []
    for _ in range(repeats):
        for query in queries:
            start = time.perf_counter()
            run(query)
            samples.append((time.perf_counter() - start) * 1000)
    return samples


def traced(build: Callable[[], object]) -> tuple[object, float, float]:
    """(result, retained MiB, peak MiB) of a build under tracemalloc."""
    tracemalloc.start()
    try:
        result = build()
        current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return result, current / MiB, peak / MiB


class Bm25Engine:
    """rank_bm25 over the same terms our index sees (all fields, both languages)."""

    def __init__(self, corpus: list[list[str]]) -> None:
        self.bm25 = BM25Okapi(corpus)

    def search(self, terms: list[str]) -> list[int]:
        scores = self.bm25.get_scores(terms)
        return sorted(range(len(scores)), key=lambda i: (-scores[i], i))[:TOP_K]


def bench(label: str, cards: Sequence[Card], topics: dict[str, Topic], queries: list[str]) -> None:
    n = len(cards)
    start = time.perf_counter()
    index = SearchIndex.build(cards, topics)
    build_s = time.perf_counter() - start
    _, ours_mem, ours_peak = traced(lambda: SearchIndex.build(cards, topics))
    ours = time_queries(lambda q: index.search(q, TOP_K), queries, REPEATS.get(n, 1))

    corpus = [card_terms(card, topics) for card in cards]  # same tokeniser output
    query_terms = {q: index.query_terms(q) for q in queries}  # incl. synonym expansions
    start = time.perf_counter()
    Bm25Engine(corpus)
    bm25_build_s = time.perf_counter() - start
    engine, bm25_mem, bm25_peak = traced(lambda: Bm25Engine(corpus))
    assert isinstance(engine, Bm25Engine)
    theirs = time_queries(lambda q: engine.search(query_terms[q]), queries, BM25_REPEATS.get(n, 1))

    o50, o95 = statistics.median(ours), percentile(ours, 95)
    b50, b95 = statistics.median(theirs), percentile(theirs, 95)
    print(f"\n{label}: {n} cards, {index.vocabulary_size} terms, {len(queries)} queries")
    print(f"  {'':10} {'p50 ms':>8} {'p95 ms':>8} {'index MiB':>10} {'peak MiB':>9} {'build s':>8}")
    print(f"  {'ours':10} {o50:8.2f} {o95:8.2f} {ours_mem:10.1f} {ours_peak:9.1f} {build_s:8.2f}")
    print(
        f"  {'rank_bm25':10} {b50:8.2f} {b95:8.2f} {bm25_mem:10.1f} {bm25_peak:9.1f} "
        f"{bm25_build_s:8.2f}"
    )
    print(f"  {'ours/bm25':10} {o50 / b50:8.2f} {o95 / b95:8.2f} {ours_mem / bm25_mem:10.2f}")


def main() -> int:
    total = time.perf_counter()
    start = time.perf_counter()
    library = load_library()
    load_s = time.perf_counter() - start
    queries = load_queries()
    print(f"real library: {len(library.cards)} cards loaded and indexed in {load_s * 1000:.0f} ms")
    bench("real", library.cards, dict(library.topics), queries)
    for n in SCALES:
        bench(f"synthetic x{n}", synthetic_cards(library.cards, n), dict(library.topics), queries)
    print(f"\ntotal {time.perf_counter() - total:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
