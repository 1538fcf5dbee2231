"""Spot client identifiers in free text before anything is stored or echoed.

Plain Python. Detects Hong Kong identity card numbers and Hong Kong phone numbers;
names are NOT detected here. Detection leans towards caution: an 8-digit number that
looks like a HK phone number is reported even if it was meant as something else.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "IDENTIFIER_KINDS",
    "clean_typed",
    "find_identifiers",
    "is_client_code",
    "looks_sensitive",
    "normalise_client_code",
]

IDENTIFIER_KINDS = ("hkid", "phone")

# HKID: one or two letters, six digits, check digit 0-9 or A, brackets optional
# ("A123456(7)", "ab1234567", also "A123456 (7)"). Not part of a longer word or number.
_HKID = re.compile(r"(?<![a-z0-9])[a-z]{1,2}[0-9]{6}(?:\s?\([0-9a]\)?|[0-9a])(?![0-9])")
# HK phone: 8 digits starting 2,3,5,6,7,8,9; one space or hyphen allowed in the middle.
# Not part of a longer number, except right after the 852 country code ("+85291234567").
_HK_PHONE = re.compile(r"(?:(?<![0-9])|(?<=852))[235-9][0-9]{3}[ -]?[0-9]{4}(?![0-9])")

_DETECTORS = (("hkid", _HKID), ("phone", _HK_PHONE))


def _normalise(text: str) -> str:
    # NFKC turns full-width "Ａ１２３４５６（７）" into ASCII; casefold for the HKID letters.
    return unicodedata.normalize("NFKC", text).casefold()


def find_identifiers(text: str) -> list[str]:
    """The kinds of identifier found, in IDENTIFIER_KINDS order, each at most once."""
    normalised = _normalise(text)
    return [kind for kind, regex in _DETECTORS if regex.search(normalised)]


def looks_sensitive(text: str) -> bool:
    """True if the text contains an HKID number or a HK phone number."""
    return bool(find_identifiers(text))


# A client reference we may store: a case code or initials ("C03", "CMY", "c-12"),
# optionally with a form of address but no surname ("C婆婆", "L伯伯"). Anything with
# spaces or Chinese characters beyond the form of address may be a name: refused.
_FORMS_OF_ADDRESS = ("婆婆", "伯伯", "公公", "太", "生", "姐", "姨", "叔", "嬸")
_CLIENT_CODE = re.compile(r"^[a-z0-9][a-z0-9-]{0,9}(?:" + "|".join(_FORMS_OF_ADDRESS) + r")?$")


def is_client_code(text: str) -> bool:
    """True for a case code or initials that identify nobody outside the centre."""
    candidate = _normalise(text).strip()
    return bool(_CLIENT_CODE.match(candidate)) and not looks_sensitive(candidate)


def normalise_client_code(text: str) -> str:
    """Store codes one way: upper-case letters, as typed otherwise ("c03" -> "C03")."""
    return unicodedata.normalize("NFKC", text).strip().upper()


def clean_typed(text: str) -> str:
    """Typed text as it may be stored: control characters (NUL, which PostgreSQL text
    cannot hold, and the like) removed, line breaks and tabs kept, ends stripped."""
    return "".join(c for c in text if c in "\n\t" or unicodedata.category(c) != "Cc").strip()
