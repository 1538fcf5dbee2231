"""Finding many patterns in a long text quickly: candidates by first character.

Python's regex engine skips ahead quickly only when every branch of an alternation starts
with a plain character. The concept patterns start with groups (`(時候|想|早啲)~落去…`), so a
single alternation of them tries every branch at every position: 80 ms for a 4,000-character
report. Here each pattern's possible first characters are read from its parsed form, one
character class finds the candidate positions, and only the patterns that can start with
that character are tried there — each small, each compiled once.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # typeshed describes the parser only under its pre-3.11 names
    import sre_constants as _c
    import sre_parse as _p
else:  # Python 3.11+: the parser moved under re (importing the old names warns)
    from re import _constants as _c
    from re import _parser as _p

_MAX_RANGE = 128  # a class wider than this (\w, [^|]) gives no useful first character


def first_characters(source: str) -> frozenset[str] | None:
    """Every character a match of `source` can start with, or None when any can."""
    return _first(_p.parse(source).data)


def _first(items: Sequence[tuple[Any, Any]]) -> frozenset[str] | None:
    found: set[str] = set()
    for op, av in items:
        if op is _c.LITERAL:
            return frozenset(found | {chr(av)})
        if op is _c.IN:
            chars = _class(av)
            return None if chars is None else frozenset(found | chars)
        if op is _c.SUBPATTERN:
            inner = _first(av[3].data)
            return None if inner is None else frozenset(found | inner)
        if op is _c.BRANCH:
            for alternative in av[1]:
                inner = _first(alternative.data)
                if inner is None:
                    return None
                found |= inner
            return frozenset(found)
        if op in (_c.MAX_REPEAT, _c.MIN_REPEAT):
            low, _, item = av
            inner = _first(item.data)
            if inner is None:
                return None
            found |= inner
            if low > 0:
                return frozenset(found)
            continue  # optional: what follows may come first
        if op in (_c.ASSERT, _c.ASSERT_NOT, _c.AT):
            continue  # zero-width: look at what follows
        return None
    return None  # the pattern can match the empty string


def _class(items: Sequence[tuple[Any, Any]]) -> set[str] | None:
    chars: set[str] = set()
    for op, av in items:
        if op is _c.LITERAL:
            chars.add(chr(av))
        elif op is _c.RANGE and av[1] - av[0] <= _MAX_RANGE:
            chars.update(chr(c) for c in range(av[0], av[1] + 1))
        else:
            return None
    return chars


class Dispatch:
    """Patterns, each with a key, found by first character (see the module docstring)."""

    def __init__(self, patterns: Sequence[tuple[str, str]], prefix: str = "") -> None:
        """`patterns`: (key, regex source). `prefix`: prepended to each (e.g. a word start)."""
        by_char: dict[str, list[tuple[str, str]]] = defaultdict(list)
        anywhere: list[tuple[str, str]] = []
        for key, source in patterns:
            firsts = first_characters(source)
            if firsts is None:
                anywhere.append((key, source))
            else:
                for ch in firsts:
                    by_char[ch].append((key, source))
        self._by_char = {ch: _compile_one(items, prefix) for ch, items in by_char.items()}
        # A Latin letter is a candidate only where a word starts: "hurt" is tried at h, not
        # at every letter of "the weather was hot".
        latin = "".join(re.escape(ch) for ch in sorted(by_char) if "a" <= ch <= "z")
        other = "".join(re.escape(ch) for ch in sorted(by_char) if not "a" <= ch <= "z")
        parts = ([f"(?<![a-z])[{latin}]"] if latin else []) + ([f"[{other}]"] if other else [])
        self._trigger = re.compile("|".join(parts) or "(?!)")
        self._anywhere = _compile(anywhere, prefix)

    def finditer(self, text: str) -> Iterator[tuple[str, re.Match[str]]]:
        """(key, match) for every match starting at a candidate position, left to right;
        then the patterns that could start anywhere."""
        by_char = self._by_char
        for candidate in self._trigger.finditer(text):
            found = by_char[candidate.group()].match(text, candidate.start())
            if found is not None:
                yield found.lastgroup or "", found
        for keyed in self._anywhere:
            for found in keyed.finditer(text):
                yield found.lastgroup or "", found


def _compile_one(items: Sequence[tuple[str, str]], prefix: str) -> re.Pattern[str]:
    """All the patterns that can start with one character, in one: a named group per key,
    keys in the order given (the most urgent first), so one match per candidate."""
    by_key: dict[str, list[str]] = defaultdict(list)
    for key, source in items:
        by_key[key].append(source)
    branches = (
        f"(?P<{key}>" + "|".join(f"(?:{s})" for s in sources) + ")"
        for key, sources in by_key.items()
    )
    return re.compile(prefix + "(?:" + "|".join(branches) + ")")


def _compile(items: Sequence[tuple[str, str]], prefix: str) -> list[re.Pattern[str]]:
    """One pattern per key (named group = key), so a match tells whose it is."""
    by_key: dict[str, list[str]] = defaultdict(list)
    for key, source in items:
        by_key[key].append(source)
    return [
        re.compile(prefix + f"(?P<{key}>" + "|".join(f"(?:{s})" for s in sources) + ")")
        for key, sources in by_key.items()
    ]
