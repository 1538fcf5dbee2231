"""What `Library.answer` decides on the labelled questions and no-card messages.

    python bench/answers.py            # kept-out fifth, then the tuning part
    python bench/answers.py --misses   # and the tuning part's misses

The questions (tests/data/answers/questions*.yaml) carry the primary topics whose cards would
rightly answer them; the no-card messages (no_card*.yaml, and the risk bank's small talk)
should get small talk or "I'm not sure". A fifth of each, by text hash, is never used to tune
anything (bot/answer_tools.py). The table is per language: recall@1 and @3 of the answered
cards, the share answered with cards, risk questions answered as risk, and the precision and
recall of "answer with a card". tests/unit/test_answers_bank.py fails below these figures.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.answer_tools import report  # noqa: E402
from bot.library import load_library  # noqa: E402


def main() -> None:
    started = time.perf_counter()
    library = load_library()
    print(report(library, misses="--misses" in sys.argv[1:]))
    print(f"\ntotal {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
