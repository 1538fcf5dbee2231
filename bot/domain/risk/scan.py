"""Finding many patterns in a long text quickly: candidates by first character.

Python's regex engine skips ahead quickly only when every branch of an alternation starts
with a plain character. The concept patterns start with groups (`(時候|想|早啲)~落去…`), so a
single alternation of them tries every branch at every position: 80 ms for a 4,000-character
report. Here each pattern's possible first characters are read from its parsed form, one
character class finds the candidate positions, and only the patterns that can start with
that character are tried there — each small, each compiled once.

Two characters narrow it further (佢 starts a hundred patterns, 佢推 a few): each pattern's
possible first two characters are read the same way, and at a candidate the patterns tried
are those that can start with the two characters found there, or with its one character
when a pattern's second is not known. The patterns left out cannot match there, so the
first that matches is the same as before: what is found never changes.

English patterns start with few letters, and two say little ("th"): they are told apart by
up to four, through one regex that is a trie of those starts (`Dispatch._prefix_trie`).
`presence` does the same job for a single pattern whose first character the engine cannot
skip ahead by: it puts a class of the possible first characters in front.
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
_MAX_STARTS = 400  # more ways to start than this: only the first character is used
_TRIE_ROOT = 40  # patterns starting with at most this many characters: found by a trie
_TRIE_DEPTH = 4  # of their first four characters


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


def first_two(source: str) -> frozenset[str] | None:
    """Strings of one or two characters of which every match of `source` starts with one
    (one character where the second is not known), or None when not known."""
    return first_n(source, 2)


def first_n(source: str, length: int) -> frozenset[str] | None:
    """Strings of up to `length` characters of which every match of `source` starts with
    one (shorter where what follows is not known), or None when not known."""
    found, _ = _starts(_p.parse(source).data, length)
    return None if found is None or "" in found else frozenset(found)


def _starts(items: Sequence[tuple[Any, Any]], length: int) -> tuple[set[str] | None, bool]:
    """(the starts of a sequence's matches, cut to `length`; whether they are whole
    matches). None when too many or not known."""
    starts = {""}
    for op, av in items:
        if all(len(s) >= length for s in starts):
            return starts, False
        options, whole = _item_starts(op, av, length)
        if options is None:
            return starts, False  # what is known so far is a start
        starts = {s if len(s) >= length else (s + o)[:length] for s in starts for o in options}
        if len(starts) > _MAX_STARTS:
            return None, False
        if not whole:
            return starts, False
    return starts, True


def _item_starts(op: Any, av: Any, length: int) -> tuple[set[str] | None, bool]:
    if op is _c.LITERAL:
        return {chr(av)}, True
    if op is _c.IN:
        chars = _class(av)
        return (chars, True) if chars is not None and len(chars) <= _MAX_STARTS else (None, False)
    if op is _c.SUBPATTERN:
        return _starts(av[3].data, length)
    if op is _c.BRANCH:
        union: set[str] = set()
        every_whole = True
        for alternative in av[1]:
            found, whole = _starts(alternative.data, length)
            if found is None:
                return None, False
            union |= found
            every_whole = every_whole and whole
        return union, every_whole
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT):
        low, high, item = av
        found, whole = _starts(item.data, length)
        if found is None:
            return None, False
        if low == 0:
            found = found | {""}
        return found, whole and low <= 1 and high == 1
    if op in (_c.ASSERT, _c.ASSERT_NOT, _c.AT):
        return {""}, True  # zero-width: consumes nothing
    return None, False


def _skips_ahead(items: Sequence[tuple[Any, Any]]) -> bool:
    """Whether the engine can skip to a match's first character by itself (a literal, a
    class, or alternatives each starting with a literal, as re's compiler looks for)."""
    while items and items[0][0] is _c.SUBPATTERN:
        items = items[0][1][3].data
    if not items:
        return False
    op, av = items[0]
    if op in (_c.LITERAL, _c.IN):
        return True
    return op is _c.BRANCH and all(alt.data and alt.data[0][0] is _c.LITERAL for alt in av[1])


def presence(source: str) -> re.Pattern[str]:
    """A pattern that is found in a text exactly when `source` is, found sooner when the
    engine cannot skip ahead by `source`'s first character (a leading \\b or optional
    group makes it try every position): a class of the possible first characters leads,
    and `source` is tried only where one of them is."""
    firsts = first_characters(source)
    if firsts is None or _skips_ahead(_p.parse(source).data):
        return re.compile(source)
    chars = "".join(re.escape(ch) for ch in sorted(firsts))
    return re.compile(rf"[{chars}](?<=(?=(?:{source}))[\s\S])")


class Dispatch:
    """Patterns, each with a key, found by their first characters (see the module docstring)."""

    def __init__(self, patterns: Sequence[tuple[str, str]], prefix: str = "") -> None:
        """`patterns`: (key, regex source). `prefix`: prepended to each (e.g. a word start)."""
        entries: list[tuple[str, str, frozenset[str]]] = []
        anywhere: list[tuple[str, str]] = []
        for key, source in patterns:
            firsts = first_characters(source)
            if firsts is None:
                anywhere.append((key, source))
            else:
                entries.append((key, source, first_two(source) or firsts))
        self._anywhere = _compile(anywhere, prefix)
        self._by_start: dict[str, re.Pattern[str] | _Pending] | None = None
        if len({start[0] for *_, starts in entries for start in starts}) <= _TRIE_ROOT:
            self._prefix_trie(entries, prefix)
            return
        by_one: dict[str, set[int]] = defaultdict(set)
        by_two: dict[str, set[int]] = defaultdict(set)
        for i, (_, _, starts) in enumerate(entries):
            for start in starts:
                (by_one if len(start) == 1 else by_two)[start].add(i)
        # Two characters: the patterns starting with them, and those known by the first
        # alone; in the order given, which is the order of the alternation.
        groups = {two: sorted(found | by_one.get(two[0], set())) for two, found in by_two.items()}
        groups.update((one, sorted(found)) for one, found in by_one.items())
        self._groups: dict[str, re.Pattern[str] | _Pending] = {}
        for start, indices in groups.items():
            self._groups[start] = _Pending(
                self._groups, start, [entries[i][:2] for i in indices], prefix
            )
        # Candidates: a character some pattern can start with. A Latin letter counts only
        # where a word starts ("hurt" is tried at h, not at every letter of "the weather was
        # hot"), and a character that starts patterns only with certain second characters
        # (佢推, 佢打) only when a second character of that kind follows: the engine skips the
        # rest in C, where looking each one up in Python cost more than the matching.
        leading = "".join(sorted({start[0] for start in groups}))
        alone = "".join(sorted(start for start in groups if len(start) == 1))
        seconds = "".join(sorted({start[1] for start in groups if len(start) == 2}))
        checks = ([f"(?<=[{_class_of(alone)}])"] if alone else []) + (
            [f"(?=[{_class_of(seconds)}])"] if seconds else []
        )
        self._trigger = (
            re.compile(f"[{_class_of(leading)}](?<![a-z][a-z])(?:{'|'.join(checks)})")
            if leading
            else re.compile("(?!)")
        )

    def _prefix_trie(self, entries: list[tuple[str, str, frozenset[str]]], prefix: str) -> None:
        """English patterns: words start with few letters, so the first two say little
        ("th", "sh"), and nearly every word was a candidate. Here each pattern's first
        `_TRIE_DEPTH` characters are known where they can be; one regex (a trie of those
        starts, with few letters at each step) finds where some start is, in C, and names
        the longest start there. The patterns tried are those with a start that begins
        it — every one that can match there, in the order given."""
        starts_of = [first_n(source, _TRIE_DEPTH) or starts for _, source, starts in entries]
        every = set().union(*starts_of)
        by_start: dict[str, re.Pattern[str] | _Pending] = {}
        for longest in every:
            by_start[longest] = _Pending(
                by_start,
                longest,
                [
                    entry[:2]
                    for entry, starts in zip(entries, starts_of, strict=True)
                    if any(longest.startswith(start) for start in starts)
                ],
                prefix,
            )
        self._by_start = by_start
        leading = "".join(sorted({start[0] for start in every}))
        # After the candidate character: not inside a word, then the longest start there.
        self._trigger = (
            re.compile(f"[{_class_of(leading)}](?<![a-z][a-z])(?<=(?=({_trie(every)}))[\\s\\S])")
            if leading
            else re.compile("(?!)")
        )

    def finditer(self, text: str) -> Iterator[tuple[str, re.Match[str]]]:
        """(key, match) for every match starting at a candidate position, left to right;
        then the patterns that could start anywhere."""
        by_start = self._by_start
        if by_start is not None:  # the trie named the longest start at each candidate
            for candidate in self._trigger.finditer(text):
                found = by_start[candidate.group(1)].match(text, candidate.start())
                if found is not None:
                    yield found.lastgroup or "", found
            yield from self._anywhere_matches(text)
            return
        group_for = self._groups.get  # bound once: this loop runs at every candidate
        for candidate in self._trigger.finditer(text):
            at = candidate.start()
            group = group_for(text[at : at + 2]) or group_for(candidate.group())
            if group is None:
                continue  # no pattern starts with these characters
            found = group.match(text, at)
            if found is not None:
                yield found.lastgroup or "", found
        yield from self._anywhere_matches(text)

    def _anywhere_matches(self, text: str) -> Iterator[tuple[str, re.Match[str]]]:
        for keyed in self._anywhere:
            for found in keyed.finditer(text):
                yield found.lastgroup or "", found


def _trie(starts: set[str]) -> str:
    """A regex matching the longest of `starts` at a position (tried deepest first)."""
    branches: dict[str, set[str]] = defaultdict(set)
    for start in starts:
        if start:
            branches[start[0]].add(start[1:])
    alternatives = [re.escape(ch) + _trie(rest) for ch, rest in sorted(branches.items())]
    if "" in starts:
        alternatives.append("")  # a start ends here: stop when nothing longer fits
    return "(?:" + "|".join(alternatives) + ")" if branches else ""


def _class_of(chars: str) -> str:
    """The inside of a character class holding exactly `chars`."""
    return "".join(re.escape(ch) for ch in chars)


class _Pending:
    """The patterns for one start, compiled the first time text reaches them, then put in
    their table's place. Compiling all ~1,800 at import cost 0.5 s of every start (Python's
    regex parser is slow) for patterns most of which the first messages never reach."""

    __slots__ = ("items", "key", "prefix", "table")

    def __init__(
        self,
        table: dict[str, re.Pattern[str] | _Pending],
        key: str,
        items: Sequence[tuple[str, str]],
        prefix: str,
    ) -> None:
        self.table, self.key, self.items, self.prefix = table, key, items, prefix

    def match(self, text: str, pos: int) -> re.Match[str] | None:
        compiled = self.table[self.key] = _compile_one(self.items, self.prefix)
        return compiled.match(text, pos)


def _compile_one(items: Sequence[tuple[str, str]], prefix: str) -> re.Pattern[str]:
    """All the patterns that can start at one candidate, in one: a named group per key,
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
