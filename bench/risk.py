"""Risk detection benchmark: how much it catches, how often it cries wolf, how fast it is.

    python bench/risk.py

Quality is measured on the labelled bank in tests/data/risk, on the fifth of it kept out of
all tuning (bot/risk_tools.py), per category and language, for the layered detector and
for the keyword list it replaced (bench/baselines/keyword_risk.py), in the same run. The
"unsure" column is how often the quiet "⚠️ I'm worried about safety" button would show.

Speed: p50/p95 of detect_risk on 4,000-character messages (a long visit report built from
the bank's everyday sentences, one version with a risky sentence in the middle), against
the keyword list and against `normalise` alone (the cost of reading the text once), and
per short message. Times are the calling thread's CPU time (`time.thread_time_ns`): the
machine is shared, and wall time there measures the other processes as much as this one.
"""

from __future__ import annotations

import importlib.util
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.domain.risk import detect_risk  # noqa: E402
from bot.domain.search import normalise  # noqa: E402
from bot.risk_tools import NONE, evaluate, format_table, load_bank, split  # noqa: E402

SEED = 20261207
LONG_CHARS = 4_000
RUNS = 300


def _keyword_detector() -> Callable[[str], object]:
    path = ROOT / "bench" / "baselines" / "keyword_risk.py"
    spec = importlib.util.spec_from_file_location("keyword_risk", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while decorating
    spec.loader.exec_module(module)
    return module.detect_risk  # type: ignore[no-any-return]


def baseline_table(examples, detect) -> str:  # type: ignore[no-untyped-def]
    """Detected share per category for the old keyword list (category: the first match)."""
    rows = ["| Category | n | Detected | Right category |", "|---|---|---|---|"]
    by_category: dict[str, list] = {}
    for example in examples:
        by_category.setdefault(example.category, []).append(example)
    for category, group in by_category.items():
        found = [detect(e.text) for e in group]
        hits = sum(1 for f in found if f is not None)
        right = sum(1 for f in found if f is not None and f.category == category)
        label = "false alarms" if category == NONE else "detected"
        right_text = "—" if category == NONE else f"{right / len(group):.1%}"
        share = hits / len(group)
        rows.append(f"| {category} | {len(group)} | {label} {share:.1%} | {right_text} |")
    return "\n".join(rows)


def long_messages(examples) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    """A 4,000-character everyday report, and the same with one risky sentence in the middle."""
    rng = random.Random(SEED)
    everyday = [e.text for e in examples if e.category == NONE and len(e.text) < 200]
    risky = [e.text for e in examples if e.category == "suicide" and len(e.text) < 80]
    rng.shuffle(everyday)
    parts: list[str] = []
    while sum(len(p) + 1 for p in parts) < LONG_CHARS:
        parts.append(everyday[len(parts) % len(everyday)])
    plain = "\n".join(parts)[:LONG_CHARS]
    middle = len(plain) // 2
    with_risk = (plain[:middle] + "\n" + rng.choice(risky) + "\n" + plain[middle:])[:LONG_CHARS]
    return plain, with_risk


def _percentiles(samples: list[int]) -> tuple[float, float]:
    """p50 and p95 of CPU times in nanoseconds, in milliseconds."""
    samples = sorted(samples)
    return statistics.median(samples) / 1e6, samples[int(0.95 * len(samples))] / 1e6


def cpu_times(fn: Callable[[str], object], text: str) -> list[int]:
    """CPU nanoseconds of each call."""
    samples = []
    for _ in range(RUNS):
        start = time.thread_time_ns()
        fn(text)
        samples.append(time.thread_time_ns() - start)
    return samples


def timing(fn: Callable[[str], object], text: str) -> tuple[float, float]:
    for _ in range(20):
        fn(text)
    return _percentiles(cpu_times(fn, text))


def main() -> None:
    bank = load_bank()
    tuning, kept_out = split(bank)
    print(f"Bank: {len(bank)} messages; tuning {len(tuning)}, kept out {len(kept_out)}.\n")
    print(format_table(evaluate(kept_out), "## Layered detector, kept-out fifth"))
    print()
    print("## Keyword list it replaced (baseline), same kept-out fifth\n")
    keywords = _keyword_detector()
    print(baseline_table(kept_out, keywords))
    print()
    tuning_table = evaluate(tuning)
    risk = [t for (c, lang), t in tuning_table.items() if c != NONE and lang == "all"]
    everyday = tuning_table[(NONE, "all")]
    print(
        f"For reference, the tuning part (seen in training, so optimistic): "
        f"{sum(t.detected for t in risk) / sum(t.total for t in risk):.1%} of risk detected, "
        f"{everyday.detected / everyday.total:.1%} false alarms.\n"
    )
    plain, with_risk = long_messages(bank)
    assert detect_risk(with_risk) is not None, "the risky sentence in the middle was missed"
    print(f"## Speed, {LONG_CHARS:,}-character messages, {RUNS} runs each (CPU ms)\n")
    print("| Text | detect_risk p50 | p95 | keyword list p50 | p95 | normalise p50 | p95 |")
    print("|---|---|---|---|---|---|---|")
    for name, text in (("everyday report", plain), ("risk in the middle", with_risk)):
        ours = timing(detect_risk, text)
        old = timing(keywords, text)
        base = timing(normalise, text)
        print(
            f"| {name} | {ours[0]:.2f} | {ours[1]:.2f} | {old[0]:.2f} | {old[1]:.2f} | "
            f"{base[0]:.2f} | {base[1]:.2f} |"
        )
    short = [e.text for e in bank if len(e.text) < 120][:400]
    samples = []
    for text in short:
        start = time.thread_time_ns()
        detect_risk(text)
        samples.append(time.thread_time_ns() - start)
    p50, p95 = _percentiles(samples)
    mean = sum(samples) / len(samples) / 1e6
    print(
        f"\nShort messages (< 120 characters, {len(short)} of them), CPU ms each: "
        f"mean {mean:.3f}, p50 {p50:.3f}, p95 {p95:.3f}."
    )


if __name__ == "__main__":
    main()
