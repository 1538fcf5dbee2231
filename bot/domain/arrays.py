"""Numbers shipped inside JSON as base64 arrays (the risk model, the topic ranker).

Parsed as JSON lists, a model's hundreds of thousands of numbers cost tens of MiB of memory
at start-up; as `array` bytes they cost what they hold.
"""

from __future__ import annotations

import base64
from array import array
from typing import Any


def encode(values: array[Any]) -> str:
    return base64.b64encode(values.tobytes()).decode("ascii")


def decode(typecode: str, text: str) -> array[Any]:
    values = array(typecode)
    values.frombytes(base64.b64decode(text))
    return values


def encode_words(words: list[str]) -> str:
    """Short strings (none holding a newline) as one base64 text of their UTF-8."""
    return base64.b64encode("\n".join(words).encode("utf-8")).decode("ascii")


def decode_words(text: str) -> list[bytes]:
    """What `encode_words` packed, as UTF-8 bytes: a bytes key costs half what a str of the
    same Chinese characters does, and there are a hundred thousand of them."""
    return base64.b64decode(text).split(b"\n") if text else []
