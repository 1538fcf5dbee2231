"""Shape of the blind batch 5 (tests/data/answers/questions_5.yaml, no_card_5.yaml).

Checks only that the files load and are well formed: every topic id exists in
content/topics.yaml, languages and kinds are known, texts are distinct, risk questions carry
a risk.* topic and no no-card message holds a risk word. It does not run the bot on them.
"""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
ANSWERS = ROOT / "tests" / "data" / "answers"
LANGS = {"yue", "en", "mixed"}
KINDS = {"greeting", "thanks", "ack", "goodbye", "laughter", "about_bot", "chat", "out_of_scope"}
RISK_WORDS = (
    "死",
    "自殺",
    "跳樓",
    "燒炭",
    "𠝹手",
    "界手",
    "打佢",
    "呃錢",
    "跌親",
    "心口痛",
    "kill",
    "suicide",
    "die",
    "hurt",
    "abuse",
    "999",
)


def _topic_ids() -> set[str]:
    doc = yaml.safe_load((ROOT / "content" / "topics.yaml").read_text(encoding="utf-8"))
    return {t["id"] for c in doc["categories"] for t in c["topics"]}


def test_questions_5_is_well_formed() -> None:
    ids = _topic_ids()
    text = (ANSWERS / "questions_5.yaml").read_text(encoding="utf-8")
    questions = yaml.safe_load(text)["questions"]
    assert len(questions) >= 220
    assert len({q["text"] for q in questions}) == len(questions)
    for q in questions:
        assert q["lang"] in LANGS
        assert 1 <= len(q["topics"]) <= 2 and set(q["topics"]) <= ids
        assert isinstance(q["risk"], bool)
        if q["risk"]:
            assert q["topics"][0].startswith("risk.")
    by_lang = {lang: sum(q["lang"] == lang for q in questions) for lang in LANGS}
    assert by_lang["yue"] >= 90 and by_lang["en"] >= 90 and by_lang["mixed"] >= 50
    primaries = [q["topics"][0] for q in questions]
    assert all(primaries.count(t) >= 3 for t in ids)


def test_no_card_5_is_well_formed() -> None:
    messages = yaml.safe_load((ANSWERS / "no_card_5.yaml").read_text(encoding="utf-8"))["messages"]
    assert len(messages) == 100
    assert len({m["text"] for m in messages}) == len(messages)
    for m in messages:
        assert m["lang"] in LANGS and m["kind"] in KINDS
        assert not any(w in m["text"].lower() for w in RISK_WORDS)
