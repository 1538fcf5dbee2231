"""The labelled sets the detector and the answers are measured on, and the fifth of each
that is kept out of all tuning: chosen by a hash of the text, so that it never moves."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path
from typing import Protocol, TypeVar

ROOT = Path(__file__).resolve().parents[1]
RISK_DIR = ROOT / "tests" / "data" / "risk"  # the risk bank: one file per category
ANSWERS_DIR = ROOT / "tests" / "data" / "answers"  # questions*.yaml, no_card*.yaml


class _HasText(Protocol):
    @property
    def text(self) -> str: ...


_Item = TypeVar("_Item", bound=_HasText)


def kept_out(text: str) -> bool:
    """The fixed fifth kept out of tuning: decided by the text alone, so it never moves."""
    return int(hashlib.sha256(text.encode("utf-8")).hexdigest(), 16) % 5 == 0


def split(items: Iterable[_Item]) -> tuple[list[_Item], list[_Item]]:
    """(tuning, kept_out)."""
    tuning: list[_Item] = []
    held: list[_Item] = []
    for item in items:
        (held if kept_out(item.text) else tuning).append(item)
    return tuning, held
