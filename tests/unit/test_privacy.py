"""Tests for bot.domain.privacy: spotting HKID and Hong Kong phone numbers."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.privacy import IDENTIFIER_KINDS, find_identifiers, looks_sensitive

CASES: list[tuple[str, list[str]]] = [
    # HKID
    ("A123456(7)", ["hkid"]),
    ("a123456(7)", ["hkid"]),
    ("AB987654(3)", ["hkid"]),
    ("A123456(A)", ["hkid"]),
    ("A1234567", ["hkid"]),  # without brackets
    ("Ａ１２３４５６（７）", ["hkid"]),  # full-width
    ("佢身份證係 Z683365(5) 呀", ["hkid"]),
    ("A123456 (7)", ["hkid"]),
    ("hkid: k123456 7", []),  # check digit detached without brackets: not the HKID shape
    # phone
    ("91234567", ["phone"]),
    ("9123 4567", ["phone"]),
    ("9123-4567", ["phone"]),
    ("+852 9123 4567", ["phone"]),
    ("852-91234567", ["phone"]),
    ("+85291234567", ["phone"]),
    ("2389 2222", ["phone"]),  # landline
    ("call 6123 4567 tmr", ["phone"]),
    ("電話５１２３４５６７", ["phone"]),  # full-width
    ("打俾陳婆婆 3123 4567 問候", ["phone"]),
    # both
    ("A123456(7) 91234567", ["hkid", "phone"]),
    ("tel 91234567 id A123456(7)", ["hkid", "phone"]),
    # negatives
    ("", []),
    ("visit C03 1h30", []),
    ("25/11/2026 2h", []),
    ("琴日探訪2個鐘", []),
    ("1:30", []),
    ("1234 5678", []),  # HK numbers do not start with 1
    ("4123 4567", []),  # ... or 4
    ("912345678", []),  # nine digits
    ("9123456", []),  # seven digits
    ("9123  4567", []),  # two spaces: not a single separator
    ("ABC123456(7)", []),  # three letters
    ("A12345", []),
    ("room 1203, case C12", []),
    ("1852 1234", []),
]


@pytest.mark.parametrize(("text", "kinds"), CASES)
def test_find_identifiers(text: str, kinds: list[str]) -> None:
    assert find_identifiers(text) == kinds
    assert looks_sensitive(text) is bool(kinds)


def test_table_size() -> None:
    assert len(CASES) >= 20
    assert any(not kinds for _, kinds in CASES)


@given(st.text())
def test_arbitrary_text(text: str) -> None:
    kinds = find_identifiers(text)
    assert set(kinds) <= set(IDENTIFIER_KINDS)
    assert len(kinds) == len(set(kinds))
    assert looks_sensitive(text) is bool(kinds)


def test_long_input_is_fast() -> None:
    import time

    start = time.perf_counter()
    looks_sensitive("1" * 10_000 + "A" * 10_000)
    assert time.perf_counter() - start < 0.5
