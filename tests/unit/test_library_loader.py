"""Loading and validating content; every problem names the file, the card and the field."""

from __future__ import annotations

import copy
import datetime as dt
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.library import (
    ContentError,
    Library,
    bundled_content_dir,
    check_content,
    coverage_problems,
    load_library,
)

BUNDLED = bundled_content_dir()


def good_card(card_id: str = "grief-spouse-first-visit", **overrides: Any) -> dict[str, Any]:
    card: dict[str, Any] = {
        "id": card_id,
        "topics": ["grief.spouse_loss", "grief.dead_air"],
        "kind": "script",
        "en": {
            "title": "First visit after a client's husband or wife has died",
            "situation": "You are seeing a client for the first time since their spouse died.",
            "say": [
                "I heard about your husband. I'm here with you today.",
                "Would you like to tell me about him?",
            ],
            "avoid": [
                '"Be strong" — it brushes the pain aside.',
                "Talking about your own losses — keep the focus on them.",
            ],
            "keywords": ["widow", "passed away"],
        },
        "yue": {
            "title": "個案老伴過身後，第一次探佢",
            "situation": "個案嘅老公或者老婆過身之後，你第一次去探佢。",
            "say": ["「聽講你先生嘅事，今日我嚟陪下你。」", "「你想唔想講下佢？」"],
            "avoid": ["「你要堅強啲」——好似叫佢唔好傷心。", "講太多自己嘅經歷。"],
            "keywords": ["老伴", "過身"],
        },
        "reviewed_by": None,
        "last_reviewed": None,
    }
    card.update(overrides)
    return card


def risk_card(card_id: str = "risk-suicide-says-so", **overrides: Any) -> dict[str, Any]:
    card = good_card(card_id, topics=["risk.suicide"], resources=["samaritans"])
    card["en"]["title"] = "Client says they want to die"
    card["en"]["escalate"] = "Danger now: call 999. Then tell your social worker today."
    card["yue"]["title"] = "個案話想死"
    card["yue"]["escalate"] = "有即時危險就打 999，之後即日通知社工。"
    card.update(overrides)
    return card


def write_content(root: Path, files: dict[str, list[Any] | str]) -> Path:
    """A content directory with the real taxonomy and resources plus the given card files."""
    shutil.copy(BUNDLED / "topics.yaml", root / "topics.yaml")
    shutil.copy(BUNDLED / "resources.yaml", root / "resources.yaml")
    (root / "cards").mkdir(exist_ok=True)
    for name, cards in files.items():
        text = cards if isinstance(cards, str) else yaml.safe_dump(cards, allow_unicode=True)
        (root / "cards" / name).write_text(text, encoding="utf-8")
    return root


def problems_for(tmp_path: Path, *cards: dict[str, Any], name: str = "grief.yaml") -> list[str]:
    root = write_content(tmp_path, {name: list(cards)})
    with pytest.raises(ContentError) as info:
        load_library(root)
    return info.value.problems


def only_problem(tmp_path: Path, card: dict[str, Any]) -> str:
    problems = problems_for(tmp_path, card)
    assert len(problems) == 1, problems
    return problems[0]


# -- a good library ---------------------------------------------------------------


@pytest.fixture()
def library(tmp_path: Path) -> Library:
    cards = [
        good_card("grief-b-second"),
        good_card("grief-a-first"),
        good_card("grief-c-secondary", topics=["grief.dead_air", "grief.spouse_loss"]),
    ]
    root = write_content(tmp_path, {"b.yaml": [risk_card()], "a.yaml": cards})
    return load_library(root)


def test_good_content_loads(library: Library) -> None:
    assert [c.id for c in library.cards] == sorted(c.id for c in library.cards)
    card = library.card("grief-a-first")
    assert card is not None and card.source_file == "cards/a.yaml"
    assert card.yue.say[0].startswith("「")
    assert library.card("nope") is None
    assert [c.id for c in library.categories][:2] == ["role", "boundaries"]
    assert library.topics["risk.suicide"].safety_critical
    assert library.crisis_default[0] == "emergency"
    assert library.resources["samaritans"].number == "2896 0000"
    assert library.resources["samaritans"].last_checked == dt.date(2026, 11, 26)


def test_cards_for_topic_lists_primary_then_secondary(library: Library) -> None:
    ids = [c.id for c in library.cards_for_topic("grief.spouse_loss")]
    assert ids == ["grief-a-first", "grief-b-second", "grief-c-secondary"]
    assert library.cards_for_topic("admin.privacy") == ()


def test_resources_for_risk_cards_add_the_crisis_list_999_first(library: Library) -> None:
    risk = library.card("risk-suicide-says-so")
    assert risk is not None
    ids = [r.id for r in library.resources_for(risk)]
    assert ids[0] == "emergency"
    assert len(ids) == len(set(ids))
    assert "samaritans" in ids and set(library.crisis_default) <= set(ids)
    plain = library.card("grief-a-first")
    assert plain is not None and library.resources_for(plain) == ()


def test_search_puts_the_risk_card_first(library: Library) -> None:
    assert library.search("佢老公過身之後佢話想死")[0].id == "risk-suicide-says-so"
    # Even when the query shares no word with the card.
    assert library.search("燒炭", 1)[0].id == "risk-suicide-says-so"
    results = library.search_scored("passed away", 3)
    assert results and results[0][0].primary_topic.startswith("grief")
    assert library.search("widow", 0) == []


def test_valid_dates_and_reviewers(tmp_path: Path) -> None:
    card = good_card(reviewed_by="A. Social Worker", last_reviewed="2026-01-31")
    library = load_library(write_content(tmp_path, {"a.yaml": [card]}))
    loaded = library.cards[0]
    assert loaded.last_reviewed == dt.date(2026, 1, 31)
    assert loaded.reviewed_by == "A. Social Worker"


def test_999_is_allowed_in_card_text(tmp_path: Path) -> None:
    load_library(write_content(tmp_path, {"a.yaml": [risk_card()]}))


# -- validation: one rule at a time ---------------------------------------------


def test_risk_card_without_escalate(tmp_path: Path) -> None:
    card = risk_card("risk-suicide-plan")
    del card["yue"]["escalate"]
    problem = only_problem(tmp_path, card)
    assert problem == (
        "cards/grief.yaml: card 'risk-suicide-plan': yue.escalate is required on risk.* cards"
    )


def _broken(path: str, value: Any, card: dict[str, Any] | None = None) -> dict[str, Any]:
    """good_card() with one dotted field set (value None with '!del' deletes it)."""
    card = copy.deepcopy(card or good_card())
    *parents, leaf = path.split(".")
    target = card
    for key in parents:
        target = target[key]
    if value == "!del":
        del target[leaf]
    else:
        target[leaf] = value
    return card


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        ("colour", "red", "unknown key 'colour'"),
        ("en.tone", "warm", "en: unknown key 'tone'"),
        ("id", "Grief_Spouse", "id must be kebab-case"),
        ("topics", [], "topics must be a list of 1-3"),
        (
            "topics",
            [
                "grief.spouse_loss",
                "grief.dead_air",
                "grief.anniversaries",
                "grief.recent_bereavement",
            ],
            "topics must be a list of 1-3",
        ),
        ("topics", ["grief.spouse_loss", "grief.nope"], "unknown topic id 'grief.nope'"),
        ("topics", ["grief.spouse_loss", "grief.spouse_loss"], "listed twice"),
        ("kind", "essay", "kind must be one of"),
        ("yue", "!del", "yue is required"),
        ("en.title", "", "en.title is required"),
        ("yue.situation", "!del", "yue.situation is required"),
        ("en.say", ["Only one."], "en.say must have 2-4 items"),
        ("yue.say", ["一", "二", "三", "四", "五"], "yue.say must have 2-4 items"),
        ("en.avoid", ["a", "b", "c", "d"], "en.avoid must have 2-3 items"),
        ("yue.avoid", "唔好", "yue.avoid must be a list"),
        ("en.keywords", [], "en.keywords must have at least 1 items"),
        ("en.situation", "Call 2896 0000 if worried.", "en.situation contains a phone-like"),
        ("yue.situation", "打 ２８９６００００ 搵人傾", "yue.situation contains a phone-like"),
        ("en.title", "Client born in 1948", "en.title contains a phone-like"),
        ("resources", ["samaritans", "nowhere"], "unknown resource id 'nowhere'"),
        ("last_reviewed", "last spring", "last_reviewed must be a date"),
        ("reviewed_by", 42, "reviewed_by must be a name"),
        ("en.escalate", ["not", "text"], "en.escalate must be text"),
        ("en.asks", "what do I say to a widow", "en.asks must be a list of non-empty texts"),
        ("yue.asks", ["佢老公走咗點算", ""], "yue.asks must be a list of non-empty texts"),
        ("yue.asks", ["佢老公走咗點算", 42], "yue.asks must be a list of non-empty texts"),
        ("en.asks", [], "en.asks must have 1-12 items"),
        ("en.asks", ["She said call me on 9123 4567"], "en.asks[0] contains a phone-like"),
    ],
)
def test_each_rule_names_file_card_and_field(
    tmp_path: Path, path: str, value: Any, expected: str
) -> None:
    card = _broken(path, value)
    problem = only_problem(tmp_path, card)
    card_id = card["id"]
    assert problem.startswith(f"cards/grief.yaml: card '{card_id}': "), problem
    assert expected in problem


def test_phone_number_in_say_names_the_line(tmp_path: Path) -> None:
    card = _broken("en.say", ["Ring me on 9123 4567.", "Take care."])
    assert "en.say[0] contains a phone-like number" in only_problem(tmp_path, card)


def test_english_word_limit(tmp_path: Path) -> None:
    card = _broken("en.situation", "word " * 130)
    assert "en is " in only_problem(tmp_path, card)
    assert "max 130" in only_problem(tmp_path, card)


def test_cantonese_han_limit(tmp_path: Path) -> None:
    card = _broken("yue.situation", "傾" * 260)
    problem = only_problem(tmp_path, card)
    assert "yue is " in problem and "Han characters" in problem and "max 260" in problem


def test_duplicate_id_across_files(tmp_path: Path) -> None:
    root = write_content(tmp_path, {"a.yaml": [good_card()], "b.yaml": [good_card()]})
    with pytest.raises(ContentError) as info:
        load_library(root)
    assert info.value.problems == [
        "cards/b.yaml: card 'grief-spouse-first-visit': id is already used in cards/a.yaml"
    ]


def test_missing_id_is_named_by_position(tmp_path: Path) -> None:
    card = good_card()
    del card["id"]
    problems = problems_for(tmp_path, good_card("grief-ok"), card)
    assert problems == ["cards/grief.yaml: card '#2': id is required"]


def test_yaml_that_does_not_parse(tmp_path: Path) -> None:
    root = write_content(tmp_path, {"broken.yaml": "- id: x\n  topics: [a, b\n"})
    with pytest.raises(ContentError) as info:
        load_library(root)
    assert len(info.value.problems) == 1
    assert info.value.problems[0].startswith("cards/broken.yaml: YAML does not parse at line")


def test_card_file_must_be_a_list(tmp_path: Path) -> None:
    root = write_content(tmp_path, {"odd.yaml": "id: not-a-list\n"})
    with pytest.raises(ContentError) as info:
        load_library(root)
    assert info.value.problems == ["cards/odd.yaml: must be a YAML list of cards"]


def test_all_problems_are_reported_together(tmp_path: Path) -> None:
    bad_kind = good_card("grief-bad-kind", kind="essay")
    bad_topics = good_card("grief-bad-topics", topics=["nope.nope"])
    problems = problems_for(tmp_path, bad_kind, bad_topics, good_card("grief-fine"))
    assert len(problems) == 2
    assert "grief-bad-kind" in problems[0] and "grief-bad-topics" in problems[1]
    assert "2 content problem(s)" in str(ContentError(problems))


def test_resource_problems(tmp_path: Path) -> None:
    root = write_content(tmp_path, {"a.yaml": [good_card()]})
    doc = yaml.safe_load((root / "resources.yaml").read_text(encoding="utf-8"))
    del doc["resources"][0]["last_checked"]
    del doc["resources"][1]["number"]
    doc["resources"][2]["hours"] = {"en": "24 hours"}
    doc["resources"][3]["last_checked"] = "soon"
    doc["crisis_default"].append("ghost")
    (root / "resources.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True), "utf-8")
    with pytest.raises(ContentError) as info:
        load_library(root)
    problems = info.value.problems
    ids = [r["id"] for r in doc["resources"]]
    assert f"resources.yaml: resource '{ids[0]}': last_checked is required" in problems
    assert any(p.startswith(f"resources.yaml: resource '{ids[1]}': number") for p in problems)
    assert f"resources.yaml: resource '{ids[2]}': hours.yue is required" in problems
    assert any(f"'{ids[3]}': last_checked must be a date" in p for p in problems)
    assert "resources.yaml: crisis_default: unknown resource 'ghost'" in problems


def test_missing_files(tmp_path: Path) -> None:
    with pytest.raises(ContentError) as info:
        load_library(tmp_path)
    assert any(p.startswith("topics.yaml: cannot read") for p in info.value.problems)


def test_no_card_files(tmp_path: Path) -> None:
    root = write_content(tmp_path, {})
    with pytest.raises(ContentError) as info:
        load_library(root)
    assert info.value.problems == ["cards/: no card files found"]


# -- coverage and the CLI check ------------------------------------------------------


def test_coverage_counts_primary_topics(library: Library) -> None:
    problems = coverage_problems(library, min_per_topic=2)
    assert "topic grief.dead_air has 1 card as primary topic, needs 2" in problems
    assert "topic admin.privacy has 0 cards as primary topic, needs 2" in problems
    assert not any(p.startswith("topic grief.spouse_loss ") for p in problems)
    assert len(problems) == len(library.topics) - 1


def test_check_content_returns_validation_and_coverage_problems(tmp_path: Path) -> None:
    root = write_content(tmp_path, {"a.yaml": [good_card(), good_card("Bad_Id")]})
    problems = check_content(root)
    assert problems[0] == (
        "cards/a.yaml: card 'Bad_Id': id must be kebab-case "
        "(lower-case letters, digits and hyphens)"
    )
    assert any(p.startswith("topic ") for p in problems)


# -- the bundled content ---------------------------------------------------------------


def test_bundled_content_is_valid() -> None:
    library = load_library()
    assert library.cards
    assert load_library(None).cards == library.cards
    assert BUNDLED.name == "content" and (BUNDLED / "topics.yaml").is_file()
    for card in library.cards:
        assert all(t in library.topics for t in card.topics)


def test_bundled_content_check_reports_only_coverage_if_anything() -> None:
    assert all(p.startswith("topic ") for p in check_content())


def test_bundled_say_lines_follow_one_quote_rule_in_both_languages() -> None:
    """Words to say are quoted (「」 / "…"); a card's two languages agree (content/README.md)."""
    library = load_library()
    for card in library.cards:
        en = {'"' in line for line in card.en.say}
        yue = {"「" in line for line in card.yue.say}
        assert len(en) == 1 and en == yue, (card.id, card.en.say, card.yue.say)


def test_bundled_cards_that_point_to_numbers_below_show_numbers() -> None:
    library = load_library()
    for card in library.cards:
        text = " ".join([card.en.escalate or "", *card.en.say, *card.en.avoid])
        text_yue = " ".join([card.yue.escalate or "", *card.yue.say, *card.yue.avoid])
        if "below" in text or "下面" in text_yue:
            assert library.resources_for(card), card.id


def test_bundled_cards_point_only_to_cards_that_exist() -> None:
    """「個案話唔想再活落去」張卡: a card named in another card's text must be findable by title."""
    library = load_library()
    titles = {card.yue.title for card in library.cards}
    for card in library.cards:
        for named in re.findall(r"「([^」]+)」張卡", card.yue.escalate or ""):
            assert named in titles, (card.id, named)


def test_related_names_cards_offered_first(tmp_path: Path) -> None:
    lead = good_card("grief-a-first", related=["grief-c-other"])
    lead["en"]["keywords"] = ["widow", "mahjong"]
    cards = [
        lead,
        good_card("grief-b-second"),
        good_card("grief-c-other", topics=["grief.dead_air"]),
    ]
    library = load_library(write_content(tmp_path, {"a.yaml": cards}))
    assert library.card("grief-a-first").related == ("grief-c-other",)
    answer = library.answer("she wants to play mahjong")
    assert [c.id for c in answer.cards] == ["grief-a-first", "grief-c-other", "grief-b-second"]


def test_related_must_name_existing_cards(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, good_card(related=["no-such-card"]))
    assert "related" in problem and "no-such-card" in problem


def test_asks_are_optional_and_loaded_per_language(tmp_path: Path) -> None:
    card = good_card()
    card["en"]["asks"] = ["her husband died last month, what do I say"]
    card["yue"]["asks"] = ["婆婆成日喊掛住老公點算", "個 client 老公走咗"]
    library = load_library(write_content(tmp_path, {"grief.yaml": [card, good_card("grief-b")]}))
    assert library.card("grief-spouse-first-visit").en.asks == (
        "her husband died last month, what do I say",
    )
    assert library.card("grief-spouse-first-visit").yue.asks[1] == "個 client 老公走咗"
    assert library.card("grief-b").en.asks == ()
