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
