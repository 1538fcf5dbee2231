"""The refresher-card library: load and validate the bundled content, then search it.

    from bot.library import load_library
    library = load_library()               # the repo's content/ directory
    library.search("個client成日WhatsApp我")  # best cards first; risk card first on risk words

Content lives in YAML (content/topics.yaml, content/resources.yaml,
content/cards/*.yaml). Every problem found is reported at once, each naming the
file, the card id and the field, so a card author can fix a file in one go.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import EllipsisType
from typing import Any, TypeGuard

import yaml

from bot.domain import smalltalk
from bot.domain.answers import (
    ALTERNATIVE_SHARE,
    CARDS,
    MIN_COVERAGE,
    MIN_COVERAGE_OFF_WORK,
    NOT_SURE,
    RISK,
    SMALL_TALK,
    Answer,
    quiet_risk_cards,
)
from bot.domain.cards import CARD_KINDS, LANGUAGES, Card, CardText, Category, Resource, Topic
from bot.domain.risk import CATEGORIES as RISK_CATEGORIES
from bot.domain.risk import RiskAssessment, RiskMatch, assess, detect_risk
from bot.domain.scope import about_the_bot, outside_the_role, speaks_of_the_work
from bot.domain.search import HAN_RANGES, SearchIndex
from bot.domain.search.ranker import TopicRanker, shipped_ranker

TOPICS_FILE = "topics.yaml"
RESOURCES_FILE = "resources.yaml"
CARDS_DIR = "cards"
EMERGENCY_RESOURCE = "emergency"
# A death by suicide told of: the client's loss, or the supporter's own client who died.
CLIENT_BEREAVED_BY_SUICIDE = "grief.suicide_loss"
SUPPORTER_LOST_A_CLIENT = "selfcare.client_died"

CARD_KEYS = frozenset(
    {"id", "topics", "kind", "en", "yue", "resources", "reviewed_by", "last_reviewed", "related"}
)
TEXT_KEYS = frozenset({"title", "situation", "say", "avoid", "escalate", "keywords", "asks"})
RESOURCE_KEYS = frozenset({"id", "number", "name", "hours", "source", "last_checked"})

MIN_TOPICS, MAX_TOPICS = 1, 3
SAY_RANGE = (2, 4)
AVOID_RANGE = (2, 3)
MIN_KEYWORDS = 1
ASKS_RANGE = (1, 12)  # optional; search-only example questions (4-8 is the aim)
MAX_EN_WORDS = 130
MAX_YUE_HAN = 260

_KEBAB_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_HAN_RE = re.compile(rf"[{HAN_RANGES}]")
# Numbers live in resources.yaml: no run of 4+ digits, nor a phone number split
# by spaces or hyphens (8+ digits), may appear in card text. "999" is allowed.
_PHONE_RE = re.compile(r"\d{4,}|\d(?:[ \-]?\d){7,}")


# The C-accelerated safe loader parses the cards ~5x faster when libyaml is present.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class ContentError(Exception):
    """The content failed validation; `.problems` lists every problem found."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        shown = "\n  ".join(self.problems[:20])
        more = f"\n  … and {len(self.problems) - 20} more" if len(self.problems) > 20 else ""
        super().__init__(f"{len(self.problems)} content problem(s):\n  {shown}{more}")


# --------------------------------------------------------------------------
# The library
# --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Library:
    """Validated cards, taxonomy and resources, with a ready search index."""

    cards: tuple[Card, ...]  # sorted by id
    topics: Mapping[str, Topic]
    categories: tuple[Category, ...]  # in file order
    resources: Mapping[str, Resource]
    crisis_default: tuple[str, ...]
    index: SearchIndex = field(repr=False, compare=False)
    by_id: Mapping[str, Card] = field(repr=False, compare=False)
    # risk category → the lines the safety block lists under 999 (resources.yaml crisis_lines)
    crisis_lines: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # the learned second opinion on the ranking (bot/domain/search/ranker.py), if any
    ranker: TopicRanker | None = field(default=None, repr=False, compare=False)

    @classmethod
    def build(
        cls,
        cards: Iterable[Card],
        topics: Mapping[str, Topic],
        categories: Iterable[Category],
        resources: Mapping[str, Resource],
        crisis_default: Iterable[str] = (),
        crisis_lines: Mapping[str, Iterable[str]] | None = None,
        ranker: TopicRanker | None = None,
    ) -> Library:
        ordered = tuple(sorted(cards, key=lambda c: c.id))
        return cls(
            cards=ordered,
            topics=dict(topics),
            categories=tuple(categories),
            resources=dict(resources),
            crisis_default=tuple(crisis_default),
            index=SearchIndex.build(ordered, topics),
            by_id={c.id: c for c in ordered},
            crisis_lines={k: tuple(v) for k, v in (crisis_lines or {}).items()},
            ranker=ranker,
        )

    def card(self, card_id: str) -> Card | None:
        return self.by_id.get(card_id)

    def cards_for_topic(self, topic_id: str) -> tuple[Card, ...]:
        """Cards whose primary topic is topic_id, then those listing it as secondary."""
        primary = [c for c in self.cards if c.primary_topic == topic_id]
        secondary = [c for c in self.cards if topic_id in c.topics[1:]]
        return tuple(primary + secondary)

    def resources_for(self, card: Card) -> tuple[Resource, ...]:
        """The card's own resources, plus the crisis list on risk cards; 999 first."""
        ids = list(card.resources)
        if card.is_safety_critical:
            ids += self.crisis_default
        ids = list(dict.fromkeys(i for i in ids if i in self.resources))
        if EMERGENCY_RESOURCE in ids:
            ids.remove(EMERGENCY_RESOURCE)
            ids.insert(0, EMERGENCY_RESOURCE)
        return tuple(self.resources[i] for i in ids)

    def hotlines_for(self, category: str | None) -> tuple[Resource, ...]:
        """The lines that fit a kind of risk (not 999, which the safety block names first);
        the default crisis lines for a category the file does not list."""
        ids = self.crisis_lines.get(category or "", None)
        if ids is None:
            ids = self.crisis_default
        return tuple(
            self.resources[i] for i in ids if i != EMERGENCY_RESOURCE and i in self.resources
        )

    def search_scored(
        self, query: str, limit: int = 3, *, risk: RiskMatch | EllipsisType | None = ...
    ) -> list[tuple[Card, float]]:
        """Best cards first with scores; on risk the matching risk card leads. `risk`: what
        the safety net already found in `query` (so it is not detected twice)."""
        if limit <= 0:
            return []
        results = self.index.search(query, limit)
        if risk is ...:
            risk = detect_risk(query)
        if risk is None:
            return results
        lead = self._risk_card(query, risk.topic_id)
        if lead is None:
            return results
        rest = [(card, score) for card, score in results if card.id != lead[0].id]
        return [lead, *rest][:limit]

    def search(
        self, query: str, limit: int = 3, *, risk: RiskMatch | EllipsisType | None = ...
    ) -> list[Card]:
        return [card for card, _ in self.search_scored(query, limit, risk=risk)]

    def answer(self, text: str, *, safety: RiskAssessment | None = None, more: int = 2) -> Answer:
        """What to say to a typed message (bot/domain/answers.py): risk, cards, small talk or
        not sure. `safety`: what the safety net already found in `text` (not assessed twice).
        `more`: how many related cards to offer after the best one."""
        safety = safety if safety is not None else assess(text)
        risk = safety.top
        # A death by suicide told of: grief, not itself risk; its card leads either way.
        grief = (
            self._bereavement_card(text, safety.a_client_died_by_suicide)
            if safety.told_of_a_suicide_death
            else None
        )
        if risk is not None:
            lead = self._risk_card(text, risk.topic_id)
            cards = (lead[0],) if lead else ()
            if grief is not None:
                # The block comes first all the same; the card speaks to what was asked.
                cards = (grief, *cards)
            return Answer(RISK, cards + self._related(cards, text, more), risk=risk)
        kind = smalltalk.classify(text) or (smalltalk.ABOUT_BOT if about_the_bot(text) else None)
        if kind is None and not outside_the_role(text):  # "今日天氣點呀" asks for the weather
            kind = smalltalk.loosely(text)
        if kind is not None:
            return Answer(SMALL_TALK, small_talk=kind)
        depth = self.ranker.depth if self.ranker is not None else 0
        results, coverage = self.index.search_with_coverage(text, limit=max(6, depth))
        unsure = safety.unsure
        enough = MIN_COVERAGE if speaks_of_the_work(text) else MIN_COVERAGE_OFF_WORK
        if grief is not None:
            top = results[0][1] if results else 1.0
            results = [(grief, top), *((c, score) for c, score in results if c.id != grief.id)]
        elif not results or coverage < enough or outside_the_role(text):
            opening = smalltalk.opening(text)
            if opening is not None:
                return Answer(SMALL_TALK, small_talk=opening, coverage=coverage)
            return Answer(
                NOT_SURE,
                topics=self._nearest_topics(results),
                unsure_about_safety=unsure,
                coverage=coverage,
            )
        if grief is None:
            results = self._rerank(text, results)
            if not unsure:
                results = quiet_risk_cards(results)
        results = results[:6]
        best = results[0][0]
        alternative = self._alternative(results) if more > 0 else None
        extra = (alternative,) if alternative is not None else ()
        related = self._related(
            (best,), text, more - len(extra), ranked=[c for c, _ in results[1:]]
        )
        return Answer(
            CARDS,
            (best, *extra, *related),
            alternative=alternative,
            unsure_about_safety=unsure,
            coverage=coverage,
        )

    def _alternative(self, results: list[tuple[Card, float]]) -> Card | None:
        """The best card from another area of the library scoring close to the best one."""
        best, top = results[0]
        area = self._area(best)
        for card, score in results[1:]:
            if score < ALTERNATIVE_SHARE * top:
                return None
            if self._area(card) != area:
                return card
        return None

    def _area(self, card: Card) -> str:
        topic = self.topics.get(card.primary_topic)
        return topic.category if topic else ""

    def _rerank(self, text: str, results: list[tuple[Card, float]]) -> list[tuple[Card, float]]:
        """The lexical best few, each lifted by the learned model's probability of its primary
        topic (bot/domain/search/ranker.py); the order is unchanged without a model."""
        ranker = self.ranker
        if ranker is None or ranker.weight <= 0.0 or len(results) < 2:
            return results
        top = results[: ranker.depth]
        probabilities = ranker.probabilities(text)
        lift = ranker.weight * top[0][1]
        rescored = [(c, s + lift * probabilities.get(c.primary_topic, 0.0)) for c, s in top]
        rescored.sort(key=lambda pair: (-pair[1], pair[0].id))
        return rescored + results[ranker.depth :]

    def _related(
        self, lead: tuple[Card, ...], text: str, count: int, ranked: list[Card] | None = None
    ) -> tuple[Card, ...]:
        """Up to `count` more cards: the lead card's own `related:` list first, then the
        search's next best in its own area, then the lead's topic — never a high scorer from an
        unrelated area (no crafts card under a suicide card)."""
        if not lead or count <= 0:
            return ()
        first = lead[0]
        area = self._area(first)
        if ranked is None:
            ranked = [c for c, _ in self.index.search(text, 8)]
        chosen = [c for c in map(self.by_id.get, first.related) if c is not None][:count]
        for card in [*ranked, *self.cards_for_topic(first.primary_topic)]:
            if len(chosen) >= count:
                break
            its = self.topics.get(card.primary_topic)
            if card.id == first.id or card in chosen or its is None or its.category != area:
                continue
            chosen.append(card)
            if len(chosen) == count:
                break
        return tuple(chosen)

    def _nearest_topics(self, results: list[tuple[Card, float]], count: int = 2) -> tuple[str, ...]:
        """The primary topics of the best few results, each once."""
        topics = dict.fromkeys(card.primary_topic for card, _ in results)
        return tuple(t for t in topics if t in self.topics)[:count]

    def _bereavement_card(self, query: str, a_client_died: bool) -> Card | None:
        """The card for a death by suicide: the client's loss, or the supporter's own client."""
        topic = SUPPORTER_LOST_A_CLIENT if a_client_died else CLIENT_BEREAVED_BY_SUICIDE
        best = self._best_of(query, (topic,))
        return best[0] if best else None

    def _risk_card(self, query: str, topic_id: str) -> tuple[Card, float] | None:
        """The best card for a risk topic, even if the query shares no word with it."""
        return self._best_of(query, (topic_id,), fallback="risk.when_to_escalate")

    def _best_of(
        self, query: str, topics: Sequence[str], *, fallback: str | None = None
    ) -> tuple[Card, float] | None:
        """The best-scoring card of these topics for the query; when none shares a word
        with it, the first topic's first card (else the fallback topic's)."""
        found = [
            hit for topic in topics for hit in self.index.search(query, 1, primary_topic=topic)
        ]
        if found:
            return max(found, key=lambda hit: hit[1])
        cards = self.cards_for_topic(topics[0]) or (
            self.cards_for_topic(fallback) if fallback else ()
        )
        return (cards[0], 0.0) if cards else None


# --------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------


def bundled_content_dir() -> Path:
    """The repo's top-level content/ directory (a namespace package when installed)."""
    spec = importlib.util.find_spec("content")
    if spec is not None and spec.submodule_search_locations:
        for location in spec.submodule_search_locations:
            path = Path(location)
            if (path / TOPICS_FILE).is_file():
                return path
    return Path(__file__).resolve().parents[1] / "content"


def load_library(path: str | Path | None = None) -> Library:
    """Load and validate the content directory; raise ContentError on any problem."""
    library, problems = _load(path)
    if problems or library is None:
        raise ContentError(problems)
    return library


def check_content(path: str | Path | None = None, min_per_topic: int = 2) -> list[str]:
    """Every problem in the content, including topics with too few cards."""
    return load_checked(path, min_per_topic)[1]


def load_checked(
    path: str | Path | None = None, min_per_topic: int = 2
) -> tuple[Library | None, list[str]]:
    """The library and every problem in the content (`check_content`); the library is
    fit to serve only when there is none."""
    library, problems = _load(path)
    if library is not None:
        problems += coverage_problems(library, min_per_topic)
    return library, problems


def coverage_problems(library: Library, min_per_topic: int = 2) -> list[str]:
    """Topics that are the primary topic of fewer than min_per_topic cards."""
    counts = {topic_id: 0 for topic_id in library.topics}
    for card in library.cards:
        if card.primary_topic in counts:
            counts[card.primary_topic] += 1
    return [
        f"topic {topic_id} has {n} card{'' if n == 1 else 's'} as primary topic, "
        f"needs {min_per_topic}"
        for topic_id, n in counts.items()
        if n < min_per_topic
    ]


def _load(path: str | Path | None) -> tuple[Library | None, list[str]]:
    root = Path(path) if path is not None else bundled_content_dir()
    problems: list[str] = []
    topic_doc = _read_yaml(root, TOPICS_FILE, problems)
    resource_doc = _read_yaml(root, RESOURCES_FILE, problems)
    if topic_doc is None or resource_doc is None:
        return None, problems
    categories, topics = _parse_topics(topic_doc, problems)
    resources, crisis_default = _parse_resources(resource_doc, problems)
    crisis_lines = _parse_crisis_lines(resource_doc, resources, problems)
    cards: list[Card] = []
    seen: dict[str, str] = {}
    card_files = sorted((root / CARDS_DIR).glob("*.yaml"))
    if not card_files:
        problems.append(f"{CARDS_DIR}/: no card files found")
    for card_file in card_files:
        name = card_file.relative_to(root).as_posix()
        known = len(problems)
        doc = _read_yaml(root, name, problems)
        if doc is None and len(problems) == known:
            problems.append(f"{name}: the file is empty (no cards)")
        if doc is not None:
            cards += _parse_card_file(name, doc, topics, resources, seen, problems)
    card_ids = {card.id for card in cards}
    for card in cards:
        for other in card.related:
            if other not in card_ids or other == card.id:
                problems.append(f"{card.source_file}: card {card.id}: related: no card {other!r}")
    library = Library.build(
        cards, topics, categories, resources, crisis_default, crisis_lines, shipped_ranker()
    )
    return library, problems


def _read_yaml(root: Path, name: str, problems: list[str]) -> Any:
    try:
        text = (root / name).read_text(encoding="utf-8")
    except OSError as exc:
        problems.append(f"{name}: cannot read ({exc.strerror or exc})")
        return None
    try:
        return yaml.load(text, Loader=_YAML_LOADER)
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        line = f" at line {where.line + 1}" if where is not None else ""
        problems.append(f"{name}: YAML does not parse{line}: {getattr(exc, 'problem', exc)}")
        return None


# -- topics -----------------------------------------------------------------


def _parse_topics(doc: Any, problems: list[str]) -> tuple[list[Category], dict[str, Topic]]:
    categories: list[Category] = []
    topics: dict[str, Topic] = {}
    raw_categories = doc.get("categories") if isinstance(doc, dict) else None
    if not isinstance(raw_categories, list):
        problems.append(f"{TOPICS_FILE}: 'categories' must be a list")
        return categories, topics
    for raw in raw_categories:
        if not isinstance(raw, dict) or not _is_text(raw.get("id")):
            problems.append(f"{TOPICS_FILE}: every category needs an id")
            continue
        cat_id = raw["id"]
        topic_ids = []
        for raw_topic in raw.get("topics") or []:
            topic = _parse_topic(cat_id, raw_topic, problems)
            if topic is None:
                continue
            if topic.id in topics:
                problems.append(f"{TOPICS_FILE}: topic '{topic.id}': duplicate id")
                continue
            topics[topic.id] = topic
            topic_ids.append(topic.id)
        for lang in LANGUAGES:
            if not _is_text(raw.get(lang)):
                problems.append(f"{TOPICS_FILE}: category '{cat_id}': {lang} label is required")
        categories.append(
            Category(cat_id, str(raw.get("en", "")), str(raw.get("yue", "")), tuple(topic_ids))
        )
    return categories, topics


def _parse_topic(cat_id: str, raw: Any, problems: list[str]) -> Topic | None:
    if not isinstance(raw, dict) or not _is_text(raw.get("id")):
        problems.append(f"{TOPICS_FILE}: category '{cat_id}': every topic needs an id")
        return None
    topic_id = raw["id"]
    for lang in LANGUAGES:
        if not _is_text(raw.get(lang)):
            problems.append(f"{TOPICS_FILE}: topic '{topic_id}': {lang} label is required")
    return Topic(
        id=topic_id,
        category=cat_id,
        en=str(raw.get("en", "")),
        yue=str(raw.get("yue", "")),
        desc=str(raw.get("desc", "") or ""),
        safety_critical=bool(raw.get("safety_critical", False)),
    )


# -- resources --------------------------------------------------------------


def _parse_resources(doc: Any, problems: list[str]) -> tuple[dict[str, Resource], list[str]]:
    resources: dict[str, Resource] = {}
    raw_list = doc.get("resources") if isinstance(doc, dict) else None
    if not isinstance(raw_list, list):
        problems.append(f"{RESOURCES_FILE}: 'resources' must be a list")
        return resources, []
    for raw in raw_list:
        resource = _parse_resource(raw, problems)
        if resource is None:
            continue
        if resource.id in resources:
            problems.append(f"{RESOURCES_FILE}: resource '{resource.id}': duplicate id")
        resources[resource.id] = resource
    crisis_default = doc.get("crisis_default") or []
    if not isinstance(crisis_default, list):
        problems.append(f"{RESOURCES_FILE}: crisis_default must be a list of resource ids")
        crisis_default = []
    for rid in crisis_default:
        if rid not in resources:
            problems.append(f"{RESOURCES_FILE}: crisis_default: unknown resource '{rid}'")
    return resources, [str(r) for r in crisis_default]


def _parse_crisis_lines(
    doc: Any, resources: Mapping[str, Resource], problems: list[str]
) -> dict[str, list[str]]:
    raw = doc.get("crisis_lines") if isinstance(doc, dict) else None
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        problems.append(f"{RESOURCES_FILE}: crisis_lines must map a risk category to resource ids")
        return {}
    lines: dict[str, list[str]] = {}
    for category, ids in raw.items():
        if category not in RISK_CATEGORIES:
            problems.append(f"{RESOURCES_FILE}: crisis_lines: unknown risk category '{category}'")
            continue
        if not isinstance(ids, list):
            problems.append(f"{RESOURCES_FILE}: crisis_lines.{category} must be a list")
            continue
        for rid in ids:
            if rid not in resources:
                problems.append(
                    f"{RESOURCES_FILE}: crisis_lines.{category}: unknown resource '{rid}'"
                )
        lines[str(category)] = [str(r) for r in ids if r in resources]
    return lines


def _parse_resource(raw: Any, problems: list[str]) -> Resource | None:
    if not isinstance(raw, dict) or not _is_text(raw.get("id")):
        problems.append(f"{RESOURCES_FILE}: every resource needs an id")
        return None
    where = f"{RESOURCES_FILE}: resource '{raw['id']}'"
    for key in sorted(set(raw) - RESOURCE_KEYS):
        problems.append(f"{where}: unknown key '{key}'")
    if not _is_text(raw.get("number")):
        problems.append(f"{where}: number is required (as a quoted string)")
    for key in ("name", "hours"):
        value = raw.get(key)
        for lang in LANGUAGES:
            if not (isinstance(value, dict) and _is_text(value.get(lang))):
                problems.append(f"{where}: {key}.{lang} is required")
    checked = raw.get("last_checked")
    if "last_checked" not in raw:
        problems.append(f"{where}: last_checked is required")
    elif checked is not None and _as_date(checked) is None:
        problems.append(f"{where}: last_checked must be a date (YYYY-MM-DD)")
    raw_name, raw_hours = raw.get("name"), raw.get("hours")
    name = raw_name if isinstance(raw_name, dict) else {}
    hours = raw_hours if isinstance(raw_hours, dict) else {}
    return Resource(
        id=raw["id"],
        number=str(raw.get("number", "")),
        name_en=str(name.get("en", "")),
        name_yue=str(name.get("yue", "")),
        hours_en=str(hours.get("en", "")),
        hours_yue=str(hours.get("yue", "")),
        source=str(raw.get("source", "") or ""),
        last_checked=_as_date(checked),
    )


# -- cards ------------------------------------------------------------------


@dataclass(slots=True)
class _CardCheck:
    """Collects problems for one card, prefixed with its file and id."""

    file: str
    card_id: str
    problems: list[str]
    ok: bool = True

    def add(self, message: str) -> None:
        self.problems.append(f"{self.file}: card '{self.card_id}': {message}")
        self.ok = False


def _parse_card_file(
    name: str,
    doc: Any,
    topics: Mapping[str, Topic],
    resources: Mapping[str, Resource],
    seen: dict[str, str],
    problems: list[str],
) -> list[Card]:
    if doc is None:
        return []
    if not isinstance(doc, list):
        problems.append(f"{name}: must be a YAML list of cards")
        return []
    cards = []
    for position, raw in enumerate(doc, start=1):
        card = _parse_card(name, position, raw, topics, resources, seen, problems)
        if card is not None:
            cards.append(card)
    return cards


def _parse_card(
    name: str,
    position: int,
    raw: Any,
    topics: Mapping[str, Topic],
    resources: Mapping[str, Resource],
    seen: dict[str, str],
    problems: list[str],
) -> Card | None:
    if not isinstance(raw, dict):
        problems.append(f"{name}: card #{position}: must be a mapping of fields")
        return None
    card_id = raw.get("id")
    check = _CardCheck(name, card_id if _is_text(card_id) else f"#{position}", problems)
    _check_id(check, card_id, seen)
    for key in sorted(set(raw) - CARD_KEYS, key=str):
        check.add(f"unknown key '{key}'")
    topic_ids = _check_topics(check, raw.get("topics"), topics)
    if raw.get("kind") not in CARD_KINDS:
        check.add(f"kind must be one of {', '.join(CARD_KINDS)} (got {raw.get('kind')!r})")
    risky = any(t.startswith("risk.") for t in topic_ids)
    texts = {lang: _check_text(check, lang, raw.get(lang), risky) for lang in LANGUAGES}
    resource_ids = _check_resources(check, raw.get("resources"), resources)
    reviewed_by = raw.get("reviewed_by")
    if reviewed_by is not None and not isinstance(reviewed_by, str):
        check.add("reviewed_by must be a name (text) or null")
    last_reviewed = raw.get("last_reviewed")
    if last_reviewed is not None and _as_date(last_reviewed) is None:
        check.add("last_reviewed must be a date (YYYY-MM-DD) or null")
    related = raw.get("related") or []
    if not isinstance(related, list) or not all(_is_text(r) for r in related):
        check.add("related must be a list of card ids")
        related = []
    # A card id that is not text has already failed the check; the test tells mypy so.
    if not check.ok or not _is_text(card_id) or texts["en"] is None or texts["yue"] is None:
        return None
    return Card(
        id=card_id,
        topics=tuple(topic_ids),
        kind=raw["kind"],
        en=texts["en"],
        yue=texts["yue"],
        resources=tuple(resource_ids),
        reviewed_by=reviewed_by,
        last_reviewed=_as_date(last_reviewed),
        source_file=name,
        related=tuple(str(r) for r in related),
    )


def _check_id(check: _CardCheck, card_id: Any, seen: dict[str, str]) -> None:
    if not _is_text(card_id):
        check.add("id is required")
        return
    if not _KEBAB_RE.match(card_id):
        check.add("id must be kebab-case (lower-case letters, digits and hyphens)")
    if card_id in seen:
        check.add(f"id is already used in {seen[card_id]}")
    else:
        seen[card_id] = check.file


def _check_topics(check: _CardCheck, raw: Any, topics: Mapping[str, Topic]) -> list[str]:
    if not isinstance(raw, list) or not MIN_TOPICS <= len(raw) <= MAX_TOPICS:
        check.add(f"topics must be a list of {MIN_TOPICS}-{MAX_TOPICS} topic ids, primary first")
        return [t for t in raw if isinstance(t, str)] if isinstance(raw, list) else []
    for topic_id in raw:
        if topic_id not in topics:
            check.add(f"topics: unknown topic id {topic_id!r}")
    if len(set(map(str, raw))) != len(raw):
        check.add("topics: the same topic is listed twice")
    return [str(t) for t in raw]


def _check_resources(check: _CardCheck, raw: Any, resources: Mapping[str, Resource]) -> list[str]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        check.add("resources must be a list of resource ids")
        return []
    for rid in raw:
        if rid not in resources:
            check.add(f"resources: unknown resource id {rid!r} (see {RESOURCES_FILE})")
    return [str(r) for r in raw]


def _check_text(check: _CardCheck, lang: str, raw: Any, risky: bool) -> CardText | None:
    if not isinstance(raw, dict):
        check.add(f"{lang} is required (title, situation, say, avoid, keywords)")
        return None
    for key in sorted(set(raw) - TEXT_KEYS, key=str):
        check.add(f"{lang}: unknown key '{key}'")
    for key in ("title", "situation"):
        if not _is_text(raw.get(key)):
            check.add(f"{lang}.{key} is required")
    say = _check_list(check, f"{lang}.say", raw.get("say"), *SAY_RANGE)
    avoid = _check_list(check, f"{lang}.avoid", raw.get("avoid"), *AVOID_RANGE)
    keywords = _check_list(check, f"{lang}.keywords", raw.get("keywords"), MIN_KEYWORDS, None)
    asks = [] if "asks" not in raw else _check_list(check, f"{lang}.asks", raw["asks"], *ASKS_RANGE)
    escalate = raw.get("escalate")
    if escalate is not None and not _is_text(escalate):
        check.add(f"{lang}.escalate must be text")
        escalate = None
    if risky and not escalate:
        check.add(f"{lang}.escalate is required on risk.* cards")
    text = CardText(
        title=str(raw.get("title") or ""),
        situation=str(raw.get("situation") or ""),
        say=tuple(say),
        avoid=tuple(avoid),
        escalate=escalate,
        keywords=tuple(keywords),
        asks=tuple(asks),
    )
    _check_body(check, lang, text)
    return text


def _check_list(check: _CardCheck, field: str, raw: Any, low: int, high: int | None) -> list[str]:
    if not isinstance(raw, list) or not all(_is_text(item) for item in raw):
        check.add(f"{field} must be a list of non-empty texts")
        return []
    if len(raw) < low or (high is not None and len(raw) > high):
        wanted = f"{low}-{high}" if high is not None else f"at least {low}"
        check.add(f"{field} must have {wanted} items (has {len(raw)})")
    return [str(item) for item in raw]


def _body(text: CardText) -> str:
    """The text shown on screen (keywords and asks are search-only)."""
    return " ".join([text.title, text.situation, *text.say, *text.avoid, text.escalate or ""])


def _check_body(check: _CardCheck, lang: str, text: CardText) -> None:
    for name, value in _text_fields(text):
        if _PHONE_RE.search(value):
            check.add(
                f"{lang}.{name} contains a phone-like number or 4+ digits; "
                f"name a resource id in resources: instead"
            )
    body = _body(text)
    if lang == "en":
        words = len(body.split())
        if words > MAX_EN_WORDS:
            check.add(
                f"en is {words} words over title+situation+say+avoid+escalate, max {MAX_EN_WORDS}"
            )
    else:
        han = len(_HAN_RE.findall(body))
        if han > MAX_YUE_HAN:
            check.add(
                f"yue is {han} Han characters over title+situation+say+avoid+escalate, "
                f"max {MAX_YUE_HAN}"
            )


def _text_fields(text: CardText) -> list[tuple[str, str]]:
    """(field, NFKC text) pairs: full-width digits count as digits too."""
    fields = [("title", text.title), ("situation", text.situation)]
    fields += [("escalate", text.escalate or "")]
    fields += [(f"say[{i}]", s) for i, s in enumerate(text.say)]
    fields += [(f"avoid[{i}]", s) for i, s in enumerate(text.avoid)]
    fields += [(f"keywords[{i}]", s) for i, s in enumerate(text.keywords)]
    fields += [(f"asks[{i}]", s) for i, s in enumerate(text.asks)]
    return [(name, unicodedata.normalize("NFKC", value)) for name, value in fields]


# -- helpers ----------------------------------------------------------------


def _is_text(value: Any) -> TypeGuard[str]:
    return isinstance(value, str) and bool(value.strip())


def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None
