"""Clinical sign-off: record it in the card YAML, and (TUNGHANG_REQUIRE_REVIEWED=1) serve only
signed-off cards.

`sign_off` edits only the `reviewed_by` and `last_reviewed` lines of the named cards, so the
authors' comments, order, quoting and line breaks stay as they wrote them (a YAML re-dump
would lose every comment). Each edited file is parsed again and compared with the original:
only those two fields of those cards may differ, or nothing is written.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from bot.domain.cards import Card, Category
from bot.library import CARDS_DIR, Library

SIGN_OFF_KEYS = ("reviewed_by", "last_reviewed")
_CARD_START = re.compile(r"^- id:\s*['\"]?([a-z0-9-]+)['\"]?\s*(?:#.*)?$")
_TOP_LEVEL = re.compile(r"^\S")
_FIELD = re.compile(r"^  (reviewed_by|last_reviewed):")
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class SignOffError(Exception):
    """Nothing was changed; the message says why, in one line."""


def is_signed_off(card: Card) -> bool:
    return bool(card.reviewed_by and card.reviewed_by.strip()) and card.last_reviewed is not None


def unreviewed(cards: Iterable[Card]) -> list[Card]:
    return [card for card in cards if not is_signed_off(card)]


def sign_off(content_dir: Path, card_ids: Iterable[str], by: str, day: dt.date) -> list[str]:
    """Record `by` and `day` on each card; returns the card ids signed, in the order given.
    Raises SignOffError (and changes nothing) on an unknown id or an unusable name."""
    name = " ".join(by.split())
    if not name:
        raise SignOffError("--by needs the reviewer's name")
    if len(name) > 120:
        raise SignOffError("--by is longer than 120 characters")
    wanted = list(dict.fromkeys(card_ids))
    files = sorted((content_dir / CARDS_DIR).glob("*.yaml"))
    texts = {path: path.read_text(encoding="utf-8") for path in files}
    where: dict[str, Path] = {}
    for path, text in texts.items():
        for line in text.splitlines():
            match = _CARD_START.match(line)
            if match:
                where.setdefault(match.group(1), path)
    unknown = [card_id for card_id in wanted if card_id not in where]
    if unknown:
        raise SignOffError(f"unknown card id(s): {', '.join(unknown)} — nothing was changed")
    edited: dict[Path, str] = {}
    for path in {where[card_id] for card_id in wanted}:
        ids = [card_id for card_id in wanted if where[card_id] == path]
        new_text = texts[path]
        for card_id in ids:
            new_text = _set_fields(new_text, card_id, name, day)
        _verify(path, texts[path], new_text, ids, name, day)
        edited[path] = new_text
    for path, new_text in edited.items():
        temporary = path.with_suffix(".yaml.tmp")
        temporary.write_text(new_text, encoding="utf-8")
        os.replace(temporary, path)
    return wanted


def _set_fields(text: str, card_id: str, name: str, day: dt.date) -> str:
    lines = text.splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if _card_id(line) == card_id)
    end = next((i for i in range(start + 1, len(lines)) if _TOP_LEVEL.match(lines[i])), len(lines))
    values = {"reviewed_by": json.dumps(name, ensure_ascii=False), "last_reviewed": day.isoformat()}
    block = lines[start:end]
    found: set[str] = set()
    out: list[str] = []
    skipping = False
    for line in block:
        if skipping and line.startswith("   ") and line.strip():
            continue  # the rest of an old multi-line value
        skipping = False
        field = _FIELD.match(line)
        if field:
            key = field.group(1)
            comment = _trailing_comment(line)
            out.append(f"  {key}: {values[key]}{comment}\n")
            found.add(key)
            skipping = True
            continue
        out.append(line)
    missing = [key for key in SIGN_OFF_KEYS if key not in found]
    if missing:
        # After the card's last line of content (before any blank lines and comments
        # that belong to the next card).
        last = max(
            i for i, line in enumerate(out) if line.strip() and not line.lstrip().startswith("#")
        )
        if not out[last].endswith("\n"):
            out[last] += "\n"
        out[last + 1 : last + 1] = [f"  {key}: {values[key]}\n" for key in missing]
    return "".join(lines[:start] + out + lines[end:])


def _card_id(line: str) -> str | None:
    match = _CARD_START.match(line.rstrip("\n"))
    return match.group(1) if match else None


def _trailing_comment(line: str) -> str:
    """A `# comment` after a plain value (null, a date) is kept; anything else is dropped."""
    value = line.split(":", 1)[1]
    match = re.match(r"^\s*[^'\"#\s]*\s+(#.*)$", value.rstrip("\n"))
    return f"  {match.group(1)}" if match else ""


def _verify(path: Path, before: str, after: str, ids: list[str], name: str, day: dt.date) -> None:
    try:
        old: Any = yaml.load(before, Loader=_YAML_LOADER)
        new: Any = yaml.load(after, Loader=_YAML_LOADER)
    except yaml.YAMLError as error:
        raise SignOffError(f"{path.name}: cannot edit this file safely ({error})") from error
    if not isinstance(old, list) or not isinstance(new, list) or len(old) != len(new):
        raise SignOffError(f"{path.name}: cannot edit this file safely; nothing was changed")
    for before_card, after_card in zip(old, new, strict=True):
        if isinstance(before_card, dict) and before_card.get("id") in ids:
            expected = dict(before_card, reviewed_by=name, last_reviewed=day)
            if after_card != expected:
                raise SignOffError(
                    f"{path.name}: card '{before_card.get('id')}' did not come out as expected; "
                    "nothing was changed"
                )
        elif after_card != before_card:
            raise SignOffError(f"{path.name}: the edit touched another card; nothing was changed")


def serve_only_reviewed(library: Library) -> Library:
    """The library the bot serves under TUNGHANG_REQUIRE_REVIEWED=1: signed-off cards, and
    every risk card whatever its review state — the risk card under the safety block must
    never vanish. Areas and topics left without cards are not offered for browsing."""
    cards = [card for card in library.cards if card.is_safety_critical or is_signed_off(card)]
    primary = {card.primary_topic for card in cards}
    categories = []
    for category in library.categories:
        topic_ids = tuple(t for t in category.topic_ids if t in primary)
        if topic_ids:
            categories.append(Category(category.id, category.en, category.yue, topic_ids))
    return Library.build(
        cards,
        library.topics,
        categories,
        library.resources,
        library.crisis_default,
        library.crisis_lines,
        library.ranker,
    )
