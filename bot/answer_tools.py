"""Developer tooling for `Library.answer`: the labelled questions and no-card messages.

    python bench/answers.py            # the tables, for the kept-out fifth and the tuning part
    python -m bot.answer_tools         # the same tables
    python -m bot.answer_tools --misses  # and the TUNING part's misses (never the kept-out's)

tests/data/answers/questions*.yaml hold questions as supporters type them, each with the
primary topics whose cards would rightly answer it; no_card*.yaml hold small talk and
out-of-scope messages that should get no card. The risk bank's small_talk.yaml is read too.
A fifth of each, by the same hash as the risk bank (bot/labelled.py), is kept out of all
tuning: the coverage threshold, the synonyms and the keywords.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bot.domain.answers import CARDS, NOT_SURE, RISK, SMALL_TALK
from bot.labelled import ANSWERS_DIR, RISK_DIR, split
from bot.library import Library


@dataclass(frozen=True, slots=True)
class Question:
    text: str
    lang: str
    topics: tuple[str, ...]
    risk: bool


@dataclass(frozen=True, slots=True)
class NoCard:
    text: str
    lang: str
    kind: str


# Every questions*.yaml and no_card*.yaml in the directory: a new batch is one new file (the
# risk model reads the same files, bot/risk_tools.py).
QUESTION_FILES = "questions*.yaml"
NO_CARD_FILES = "no_card*.yaml"


def load_questions(directory: Path = ANSWERS_DIR) -> list[Question]:
    questions = []
    for path in sorted(directory.glob(QUESTION_FILES)):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        questions += [
            Question(str(q["text"]), str(q["lang"]), tuple(q["topics"]), bool(q.get("risk")))
            for q in doc["questions"]
        ]
    return questions


def load_no_card(directory: Path = ANSWERS_DIR, risk_bank: Path | None = RISK_DIR) -> list[NoCard]:
    """The no-card messages, and the risk bank's small talk (None: without it)."""
    messages = []
    paths = sorted(directory.glob(NO_CARD_FILES))
    if risk_bank is not None:
        paths.append(risk_bank / "small_talk.yaml")
    for path in (p for p in paths if p.is_file()):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        messages += [
            NoCard(str(m["text"]), str(m.get("lang", "")), str(m.get("kind", "")))
            for m in doc["messages"]
        ]
    return messages


@dataclass
class Figures:
    """The figures issue 13 asks for, per language ("all" too)."""

    questions: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    at1: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    at3: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    with_cards: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    risk_questions: int = 0
    risk_answered_as_risk: int = 0
    no_card: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    no_card_right: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    no_card_with_card: int = 0
    no_card_with_risk: int = 0
    misses: list[tuple[str, str, str]] = field(default_factory=list)  # tuning diagnostics

    def share(self, num: dict[str, int], den: dict[str, int], lang: str = "all") -> float:
        return num[lang] / den[lang] if den[lang] else 0.0

    @property
    def card_precision(self) -> float:
        answered = self.with_cards["all"] + self.no_card_with_card
        return self.with_cards["all"] / answered if answered else 0.0

    @property
    def card_recall(self) -> float:
        return self.share(self.with_cards, self.questions)


def evaluate(library: Library, questions: Iterable[Question], no_card: Iterable[NoCard]) -> Figures:
    figures = Figures()
    for question in questions:
        answer = library.answer(question.text)
        if question.risk:
            figures.risk_questions += 1
            figures.risk_answered_as_risk += answer.kind == RISK
            continue
        topics = [card.primary_topic for card in answer.cards]
        for lang in (question.lang, "all"):
            figures.questions[lang] += 1
            figures.with_cards[lang] += answer.kind in (CARDS, RISK)
            figures.at1[lang] += bool(topics) and topics[0] in question.topics
            figures.at3[lang] += any(t in question.topics for t in topics[:3])
        if not topics or topics[0] not in question.topics:
            got = f"{answer.kind}:{topics[0] if topics else '-'}"
            figures.misses.append((question.text, "/".join(question.topics), got))
    for message in no_card:
        answer = library.answer(message.text)
        for lang in (message.lang, "all"):
            figures.no_card[lang] += 1
            figures.no_card_right[lang] += answer.kind in (SMALL_TALK, NOT_SURE)
        figures.no_card_with_card += answer.kind in (CARDS, RISK)
        figures.no_card_with_risk += answer.kind == RISK
        if answer.kind not in (SMALL_TALK, NOT_SURE):
            figures.misses.append((message.text, message.kind, answer.kind))
    return figures


def format_figures(figures: Figures, title: str) -> str:
    lines = [title, "", "| Language | Questions | recall@1 | recall@3 | answered with cards |",
             "|---|---|---|---|---|"]  # fmt: skip
    for lang in ("yue", "en", "mixed", "all"):
        n = figures.questions[lang]
        if not n:
            continue
        lines.append(
            f"| {lang} | {n} | {figures.share(figures.at1, figures.questions, lang):.3f} | "
            f"{figures.share(figures.at3, figures.questions, lang):.3f} | "
            f"{figures.share(figures.with_cards, figures.questions, lang):.1%} |"
        )
    lines += [
        "",
        f"Risk questions answered as risk: "
        f"{figures.risk_answered_as_risk}/{figures.risk_questions}.",
        f"Small talk and out-of-scope: {figures.no_card_right['all']}/{figures.no_card['all']} "
        f"({figures.share(figures.no_card_right, figures.no_card):.1%}) answered as small talk or "
        f"not sure; {figures.no_card_with_risk} with a risk block.",
        f"'Answer with a card': precision {figures.card_precision:.3f}, "
        f"recall {figures.card_recall:.3f}.",
    ]
    return "\n".join(lines)


def report(library: Library, misses: bool = False) -> str:
    """The tuning and kept-out tables; with `misses`, the tuning part's misses too."""
    tuning_q, held_q = split(load_questions())
    tuning_n, held_n = split(load_no_card())
    tuned = evaluate(library, tuning_q, tuning_n)
    held = evaluate(library, held_q, held_n)
    parts = [
        format_figures(held, "Kept out (never used for tuning)"),
        format_figures(tuned, "Tuning part"),
    ]
    if misses:
        parts.append("\n".join(["Tuning misses (text | wanted | got):"] + [
            f"  {text} | {wanted} | {got}" for text, wanted, got in tuned.misses
        ]))  # fmt: skip
    return "\n\n".join(parts)


def main(argv: list[str] | None = None) -> None:
    import argparse

    from bot.library import load_library

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--misses", action="store_true", help="list the tuning part's misses")
    args = parser.parse_args(argv)
    print(report(load_library(), misses=args.misses))


if __name__ == "__main__":
    main()
