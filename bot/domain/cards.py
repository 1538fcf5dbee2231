"""Refresher cards and the topic taxonomy, as plain data (no YAML, no Telegram)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

LANGUAGES = ("en", "yue")
CARD_KINDS = ("starter", "script", "tip", "checklist", "guide")


@dataclass(frozen=True, slots=True)
class Topic:
    id: str
    category: str
    en: str
    yue: str
    desc: str = ""
    safety_critical: bool = False

    def label(self, lang: str) -> str:
        return self.yue if lang == "yue" else self.en


@dataclass(frozen=True, slots=True)
class Category:
    id: str
    en: str
    yue: str
    topic_ids: tuple[str, ...]

    def label(self, lang: str) -> str:
        return self.yue if lang == "yue" else self.en


@dataclass(frozen=True, slots=True)
class CardText:
    """One language's side of a card."""

    title: str
    situation: str
    say: tuple[str, ...]
    avoid: tuple[str, ...]
    escalate: str | None = None
    keywords: tuple[str, ...] = ()
    asks: tuple[str, ...] = ()  # questions a supporter might type when this card answers them


@dataclass(frozen=True, slots=True)
class Card:
    id: str
    topics: tuple[str, ...]
    kind: str
    en: CardText
    yue: CardText
    resources: tuple[str, ...] = ()
    reviewed_by: str | None = None
    last_reviewed: dt.date | None = None
    source_file: str = field(default="", compare=False)
    related: tuple[str, ...] = ()  # card ids offered as "related" before the same-area cards

    @property
    def primary_topic(self) -> str:
        return self.topics[0]

    @property
    def is_safety_critical(self) -> bool:
        return any(t.startswith("risk.") for t in self.topics)

    def text(self, lang: str) -> CardText:
        return self.yue if lang == "yue" else self.en


@dataclass(frozen=True, slots=True)
class Resource:
    """A hotline or emergency number; the only place numbers live."""

    id: str
    number: str
    name_en: str
    name_yue: str
    hours_en: str
    hours_yue: str
    source: str
    last_checked: dt.date | None

    def name(self, lang: str) -> str:
        return self.name_yue if lang == "yue" else self.name_en

    def hours(self, lang: str) -> str:
        return self.hours_yue if lang == "yue" else self.hours_en
