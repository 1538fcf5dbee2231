"""Text preparation and numbers for the hours parser (bot.domain.hours): normalising
what was typed (width, case, the /log command, common slips) and reading numbers written
in digits, Chinese numerals or English words. Plain Python, no I/O."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from fractions import Fraction

# --------------------------------------------------------------------------- text prep

_LOG_COMMAND = re.compile(r"^\s*/log(?:@[a-z0-9_]+)?(?![a-z_])")
# NFKC would turn "1½" into "11⁄2", which reads as eleven halves; spell them out first.
_VULGAR_FRACTIONS = str.maketrans({"½": " 1/2", "¼": " 1/4", "¾": " 3/4"})


# Slips of the finger on words that matter: "yesterdy" must not become today, nor "visti"
# lose its kind of work. (word, how many slips allowed); only words of 4+ letters are fixed.
_TYPO_TARGETS = (
    ("yesterday", 2), ("visit", 1), ("visited", 1), ("phone", 1), ("training", 2),
    ("supervision", 2), ("monday", 1), ("tuesday", 2), ("wednesday", 2), ("thursday", 2),
    ("friday", 1), ("saturday", 2), ("sunday", 1), ("escort", 1), ("escorted", 1),
    ("hospital", 2), ("clinic", 1), ("minutes", 1),
)  # fmt: skip
_SHORT_TYPOS = {"cal": "call", "hom": "home", "hous": "hours", "hors": "hours", "hrss": "hrs"}
_WORD = re.compile(r"[a-z]+")
# 個種 / 個中 / 個鍾 for 個鐘 (same sound); not 一個中心, 中學, 中文, 中國, 中醫, 中年.
_ZH_HOUR_HOMOPHONE = re.compile(r"(?<=[個个粒])(\s*)[種中鍾](?![心學文國醫年間])")


def _slips(a: str, b: str, limit: int) -> int:
    """Edit distance with swaps (Damerau), giving up early beyond `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cost = min(cost, previous2[j - 2] + 1)
            current.append(cost)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


_KNOWN_WORDS = frozenset(word for word, _ in _TYPO_TARGETS)


def _fix_word(m: re.Match[str]) -> str:
    word = m[0]
    if word in _SHORT_TYPOS:
        return _SHORT_TYPOS[word]
    if len(word) < 4 or word in _KNOWN_WORDS:
        return word
    for target, limit in _TYPO_TARGETS:
        if 0 < _slips(word, target, limit) <= limit and word[0] == target[0]:
            return target
    return word


def _normalise(text: str) -> str:
    """Full-width to ASCII (NFKC), lower case, without a leading /log[@Bot] command, with
    common slips fixed ("yesterdy", "visti", "兩個種")."""
    text = unicodedata.normalize("NFKC", text.translate(_VULGAR_FRACTIONS)).casefold()
    text = _LOG_COMMAND.sub(" ", text, count=1)
    text = _ZH_HOUR_HOMOPHONE.sub(r"\1鐘", text)
    return _WORD.sub(_fix_word, text) if len(text) <= 2000 else text


# --------------------------------------------------------------------------- numbers

_ZH_DIGITS = {
    "零": 0, "〇": 0, "一": 1, "二": 2, "兩": 2, "两": 2, "三": 3, "四": 4,
    "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}  # fmt: skip
_ZH_NUMERAL_CHARS = "".join(_ZH_DIGITS) + "十百廿"
_ZH_VAGUE_CHARS = "幾几"  # "幾個鐘" = a few hours: matched so it can be rejected as ambiguous

_EN_ONES = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}  # fmt: skip
_EN_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60}


def _alternation(words: Iterable[str]) -> str:
    # Longest first, so "fourteen" is tried before "four".
    return "|".join(sorted(words, key=len, reverse=True))


_EN_SMALL = _alternation(w for w, v in _EN_ONES.items() if v < 10)
_EN_WORD_NUMBER = (
    rf"(?:(?:{_alternation(_EN_TENS)})(?:[\s-]+(?:{_EN_SMALL}))?"
    rf"|(?:{_alternation(_EN_ONES)}))(?![a-z])"
)
_ARABIC_NUMBER = r"(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+)"
_ZH_NUMBER = rf"[{_ZH_NUMERAL_CHARS}{_ZH_VAGUE_CHARS}]+"
# A number must not continue a word, code or number: the "03" of "C03", the "11" of
# "25/11", the "5" of "1,5h", or the "15" of "3點15分" (a clock time, not a duration).
_ARABIC_START = r"(?<![a-z0-9./:點点])(?<![0-9],)"
_ZH_START = rf"(?<![{_ZH_NUMERAL_CHARS}{_ZH_VAGUE_CHARS}點点])"


def _number(name: str, *, anchored: bool = True, signed: bool = True) -> str:
    """Regex for one number (Arabic, Chinese or English words) captured as ``name``.

    ``anchored=False`` is for the minutes that directly follow an hour unit ("1h30").
    """
    arabic_start, zh_start = (_ARABIC_START, _ZH_START) if anchored else ("", "")
    sign = "[-−]?" if signed else ""
    return (
        rf"(?P<{name}>{arabic_start}{sign}{_ARABIC_NUMBER}"
        rf"|{zh_start}{_ZH_NUMBER}"
        rf"|(?<![a-z]){_EN_WORD_NUMBER})"
    )


_ZH_NUMERAL_SHAPE = re.compile(
    r"(?P<hundreds>(?P<h>[一二兩两三四五六七八九])?百)?"
    r"(?P<zero>[零〇])?"
    r"(?:(?P<t>[一二兩两三四五六七八九])?(?P<ten>十)|(?P<twenty>廿))?"
    r"(?P<u>[零〇一二兩两三四五六七八九])?"
)
_MAX_DIGITS = 6  # beyond this any duration is too long; also keeps int() cheap


def _zh_value(text: str) -> int | None:
    """一百二十 → 120, 廿五 → 25, 百二 → 120. None for runs like 兩三 or 十幾 (vague)."""
    shape = _ZH_NUMERAL_SHAPE.fullmatch(text)
    if shape is None:
        return None
    hundreds = _ZH_DIGITS[shape["h"]] if shape["h"] else (1 if shape["hundreds"] else 0)
    if shape["ten"]:
        tens = _ZH_DIGITS[shape["t"]] if shape["t"] else 1
    else:
        tens = 2 if shape["twenty"] else 0
    units = _ZH_DIGITS[shape["u"]] if shape["u"] else 0
    if shape["hundreds"] and not (shape["ten"] or shape["twenty"] or shape["zero"]):
        units *= 10  # colloquial 百二 = 120 (120 would be 百零二 = 102 otherwise)
    return hundreds * 100 + tens * 10 + units


def _arabic_value(text: str) -> Fraction:
    whole, _, decimals = text.partition(".")
    whole = whole.lstrip("0")
    if len(whole) > _MAX_DIGITS:
        return Fraction(10**_MAX_DIGITS)
    decimals = decimals[:_MAX_DIGITS]
    value = Fraction(int(whole or "0"))
    if decimals:
        value += Fraction(int(decimals), 10 ** len(decimals))
    return value


def _en_value(text: str) -> int:
    total = 0
    for word in re.split(r"[\s-]+", text.strip()):
        total += _EN_TENS.get(word) or _EN_ONES[word]
    return total


def _value(text: str | None) -> Fraction | None:
    """The value of a number matched by ``_number``; None if it is vague (兩三, 幾)."""
    if text is None:
        return None
    text = text.strip()
    if text[0] in "-−":
        inner = _value(text[1:])
        return None if inner is None else -inner
    if text[0].isascii() and (text[0].isdigit() or text[0] == "."):
        return _arabic_value(text)
    if text[0] in _ZH_NUMERAL_CHARS or text[0] in _ZH_VAGUE_CHARS:
        zh = _zh_value(text)
        return None if zh is None else Fraction(zh)
    return Fraction(_en_value(text))
