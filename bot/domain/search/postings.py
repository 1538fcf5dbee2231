"""Inverted-index postings kept compactly, shared by the card index and the ask index."""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Sequence


class Postings:
    """term → (card numbers, BM25F weights), every term's run in two shared arrays.

    A tuple of two arrays per term cost the library ~3 MiB of the bot's memory (17,000
    terms); a term's offset into shared arrays, and views of its run, cost a fraction."""

    __slots__ = ("_at", "_ids", "_starts", "_weights")

    def __init__(self, runs: Iterable[tuple[str, Iterable[int], Iterable[float]]]) -> None:
        at: dict[str, int] = {}
        starts, ids, weights = array("I", [0]), array("I"), array("f")
        for term, numbers, term_weights in runs:
            at[term] = len(at)
            ids.extend(numbers)
            weights.extend(term_weights)
            starts.append(len(ids))
        self._at, self._starts = at, starts
        self._ids, self._weights = memoryview(ids), memoryview(weights)

    def get(self, term: str) -> tuple[Sequence[int], Sequence[float]] | None:
        k = self._at.get(term)
        if k is None:
            return None
        start, end = self._starts[k], self._starts[k + 1]
        return self._ids[start:end], self._weights[start:end]

    def __contains__(self, term: str) -> bool:
        return term in self._at

    def __len__(self) -> int:
        return len(self._at)
