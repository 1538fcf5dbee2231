"""The risk detector on its own labelled bank (tests/data/risk, tests/data/answers).

The kept-out fifth was never used to tune anything (bot/risk_tools.py). The floors below are
what the detector measures on it today, a little under, so that a change that makes it
worse fails here; bench/README.md has the full per-category, per-language table.
"""

from __future__ import annotations

import json

import pytest

from bot.domain.risk.model import MODEL_FILE
from bot.risk_tools import NONE, bank_digest, evaluate, load_bank, split

# Kept-out figures measured when the shipped model was trained (bench/risk.py), floored.
# Rounds 10-12 and 16-23 (written blind, mostly indirect: English suicide, depression as the
# supporter sees it, preparation asked about as a practical question; look-alikes that state a
# risk and then explain it) made the kept-out fifth harder.
MIN_RECALL = 0.80  # of risk messages detected: 0.808 measured (the goal, 0.97, is not reached)
MAX_FALSE_ALARMS = 0.03  # of everyday messages raising the alarm: 54 of 2,544 (2.1%) measured
MIN_RIGHT_CATEGORY = 0.74  # of risk messages named in the right category: 0.747 measured
MAX_UNSURE_SHARE = 0.10  # of everyday messages carrying the quiet safety button


@pytest.fixture(scope="module")
def bank():  # type: ignore[no-untyped-def]
    return split(load_bank())


@pytest.fixture(scope="module")
def kept_out_table(bank):  # type: ignore[no-untyped-def]
    return evaluate(bank[1])


def test_the_shipped_model_was_trained_on_this_bank(bank) -> None:  # type: ignore[no-untyped-def]
    """Labels changed without `python -m bot.risk_tools train` would ship a stale model."""
    trained_on = json.loads(MODEL_FILE.read_text(encoding="utf-8"))["trained_on"]
    assert trained_on["digest"] == bank_digest(bank[0])


def test_the_kept_out_part_is_a_fifth_and_never_in_tuning(bank) -> None:  # type: ignore[no-untyped-def]
    tuning, kept_out = bank
    assert not {e.text for e in tuning} & {e.text for e in kept_out}
    share = len(kept_out) / (len(tuning) + len(kept_out))
    assert 0.15 < share < 0.25


def test_kept_out_recall_and_false_alarms(kept_out_table) -> None:  # type: ignore[no-untyped-def]
    risk = [t for (c, lang), t in kept_out_table.items() if c != NONE and lang == "all"]
    detected = sum(t.detected for t in risk) / sum(t.total for t in risk)
    right = sum(t.right_category for t in risk) / sum(t.total for t in risk)
    everyday = kept_out_table[(NONE, "all")]
    assert detected >= MIN_RECALL
    assert right >= MIN_RIGHT_CATEGORY
    assert everyday.detected / everyday.total <= MAX_FALSE_ALARMS
    assert everyday.unsure / everyday.total <= MAX_UNSURE_SHARE


@pytest.mark.parametrize("lang", ["yue", "en", "mixed"])
def test_every_language_is_served(kept_out_table, lang) -> None:  # type: ignore[no-untyped-def]
    """No language left far behind: each detects at least 70% of its risk messages."""
    risk = [t for (c, lg), t in kept_out_table.items() if c != NONE and lg == lang]
    assert sum(t.detected for t in risk) / sum(t.total for t in risk) >= 0.70
