"""How people are named in staff screens and exports: a stable number, a unique display."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable


def staff_number(person_id: int) -> str:
    """Stable for as long as the person exists; the same in chat, XLSX and CSV."""
    return f"TH-{person_id:04d}"


def unique_names(people: Iterable[tuple[int, str]]) -> dict[int, str]:
    """id → display name; two people called "May" become "May (TH-0012)" and "May (TH-0031)"."""
    pairs = list(people)
    counts = Counter(name.strip().casefold() for _, name in pairs)
    return {
        pid: name if counts[name.strip().casefold()] == 1 else f"{name} ({staff_number(pid)})"
        for pid, name in pairs
    }
