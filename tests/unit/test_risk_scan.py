"""The fast paths of the risk detector find exactly what the plain ways would.

`scan.Dispatch` tries at each position only the patterns that can start with the characters
there (English ones: with the first four), and `scan.presence` looks for a two-part rule's
part behind its possible first characters. A pattern or a text the shortcut gets
wrong would silently miss a risk, so it is checked against the slow, obvious way on the
bank's own messages and on long reports made of them.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator

import pytest

from bot.domain.risk import (
    _EN,
    _HAN,
    PRIORITY,
    TextViews,
    _en_source,
    _han_source,
    lexicon,
    lexicon_en,
)
from bot.domain.risk.scan import Dispatch, first_n, first_two
from bot.risk_tools import load_bank


def _texts() -> list[str]:
    bank = [e.text for e in load_bank()]
    rng = random.Random(12)
    longs = ["\n".join(rng.sample(bank, 30)) for _ in range(4)]
    longs += ["".join(rng.sample(bank, 30)) for _ in range(2)]
    return bank + longs


TEXTS = _texts()
VIEWS = [TextViews.of(t) for t in TEXTS]
SAMPLE = VIEWS[::10]  # a tenth of them: enough to see a start read wrongly


def _patterns(rules: dict, masks: tuple, source) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    singles = [(c, source(r)) for c in PRIORITY for r in rules[c] if isinstance(r, str)]
    return singles + [("mask", source(m)) for m in masks]


def _plainly(
    patterns: list[tuple[str, str]], prefix: str, text: str
) -> Iterator[tuple[str, tuple[int, int]]]:
    """One alternation of every pattern, in order, tried at every position where a word or
    a Han character starts: slow and obviously right."""
    by_key: dict[str, list[str]] = {}
    for key, source in patterns:
        by_key.setdefault(key, []).append(source)
    alternation = re.compile(
        prefix
        + "(?:"
        + "|".join(f"(?P<{k}>" + "|".join(f"(?:{s})" for s in v) + ")" for k, v in by_key.items())
        + ")"
    )
    for at in range(len(text)):
        if "a" <= text[at] <= "z" and at and "a" <= text[at - 1] <= "z":
            continue  # a Latin pattern starts only where a word does
        found = alternation.match(text, at)
        if found is not None:
            yield found.lastgroup or "", found.span()


@pytest.mark.parametrize(
    ("rules", "masks", "source", "prefix", "view"),
    [
        (lexicon.HAN_RULES, lexicon.HAN_MASKS, _han_source, "", "compact"),
        (lexicon_en.EN_RULES, lexicon_en.EN_MASKS, _en_source, r"(?<![a-z])", "words"),
    ],
    ids=["han", "en"],
)
def test_dispatch_finds_what_one_alternation_finds(rules, masks, source, prefix, view) -> None:  # type: ignore[no-untyped-def]
    for part in (_patterns(rules, (), source), _patterns({c: () for c in PRIORITY}, masks, source)):
        dispatch = Dispatch(part, prefix)
        for views in VIEWS:
            text = getattr(views, view)
            fast = [(key, found.span()) for key, found in dispatch.finditer(text)]
            assert fast == list(_plainly(part, prefix, text)), text


def test_first_characters_are_read_soundly() -> None:
    """Every match of a pattern starts with one of the starts read from it."""
    assert first_two("想(快啲|早啲)?(去)?死") == frozenset({"想快", "想早", "想去", "想死"})
    assert first_two("a?b") == frozenset({"ab", "b"})
    assert first_two("(ab|c)+d") == frozenset({"ab", "c"})
    assert first_two("[^|]{0,4}死") is None
    for rules, masks, source, view in (
        (lexicon.HAN_RULES, lexicon.HAN_MASKS, _han_source, "compact"),
        (lexicon_en.EN_RULES, lexicon_en.EN_MASKS, _en_source, "words"),
    ):
        for _, pattern in _patterns(rules, masks, source):
            for starts in (first_two(pattern), first_n(pattern, 4)):
                if starts is None:
                    continue
                compiled = re.compile(pattern)
                for views in SAMPLE:
                    for found in compiled.finditer(getattr(views, view)):
                        assert any(found.group().startswith(s) for s in starts), pattern


def test_presence_finds_a_part_exactly_when_the_part_is_there() -> None:
    for rules, mask, view in ((_HAN, _HAN.mask, "compact"), (_EN, _EN.mask, "words")):
        presence = rules._presence
        assert any(quick is not part for part, quick in presence.items())  # some are rewritten
        for views in VIEWS:
            text = mask(getattr(views, view))
            for part, quick in presence.items():
                assert (quick.search(text) is None) == (part.search(text) is None), part.pattern
