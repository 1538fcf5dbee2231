"""The real bot, its real polling loop and the CLI, against the local Bot API stand-in."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

# The demo runs on a SQLite file of its own and never touches the suite's database, so the
# PostgreSQL pass would only repeat it.
pytestmark = pytest.mark.skipif(
    bool(os.environ.get("TUNGHANG_TEST_DATABASE_URL", "").strip()),
    reason="uses its own SQLite database, not the suite's: the SQLite pass runs it",
)

SCRIPTS = Path(__file__).parent / "scripts"


def run_demo(script: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "bot", "demo", "--script", str(SCRIPTS / script)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def turns(transcript: str) -> list[tuple[str, str]]:
    """(user line, everything the bot said until the next user line)."""
    pairs: list[tuple[str, str]] = []
    for line in transcript.splitlines():
        if line.startswith("👤 "):
            pairs.append((line, ""))
        elif pairs:
            pairs[-1] = (pairs[-1][0], pairs[-1][1] + line + "\n")
    return pairs


def test_first_steps_in_both_languages():
    conversation = turns(run_demo("first-steps.txt"))
    said = [user.split(": ", 1)[1] for user, _ in conversation]
    assert said[1:] == [
        "[✅ English]", "/start", "/help", "/language", "[廣東話]", "/help", "/dance",
    ]  # fmt: skip
    replies = [reply for _, reply in conversation]
    assert "Welcome to Tung Hang, Siu Fong! 👋" in replies[0]
    assert "[1] 廣東話" in replies[0] and "[2] ✅ English" in replies[0]
    assert "想睇廣東話？請㩒下面「廣東話」。" in replies[0]
    assert "I'll speak English from now on" in replies[1] and "Ms Chan" in replies[1]
    assert "Welcome back, Siu Fong." in replies[2]
    assert "Here is what I can do:" in replies[3]
    assert "[1] English  [2] 廣東話" in replies[4]
    assert "由而家開始我會同你講廣東話" in replies[5]
    assert "我可以幫你做呢啲嘢" in replies[6] and "Here is what I can do" not in replies[6]
    assert "唔識呢個指令" in replies[7]


def test_refresher_questions_land_on_fitting_cards():
    conversation = turns(run_demo("ask.txt"))
    replies = {user.split(": ", 1)[1]: reply for user, reply in conversation}
    assert (
        "First visit since the client's husband or wife died"
        in replies["what do I say to a bereaved client"]
    )
    assert "老伴過咗身，第一次去探個案" in replies["個伯伯老婆走咗點同佢傾"]
    assert "phone number" in replies["client keeps asking for my phone number"].lower()
    risk = replies["佢話唔想活"]
    assert risk.index("999") < risk.index("💬")  # the way to a human comes before any card


def test_button_answers_show_as_toasts():
    conversation = turns(run_demo("toasts.txt"))
    said, reply = conversation[-1]
    assert said == "👤 you: [👍 Helpful]"
    assert "💬 Thank you — noted." in reply


def test_advancing_the_demo_clock_brings_the_daily_tip():
    transcript = run_demo("daily-tip.txt")
    before, after = transcript.split("⏩ advance 2d — demo clock now ", 1)
    assert "Today's refresher" not in before
    assert "🤖 🌱 Today's refresher" in after  # to the supporter, on the day after joining
    assert "👍 Helpful" in after


def test_the_acknowledgement_ladder_climbs_with_the_demo_clock():
    transcript = run_demo("ack-ladder.txt")
    sent, first, second = transcript.split("⏩ advance 10m")
    assert "🤖 → sw: ⚠️ New concern #1" in sent and "→ backup" not in sent
    # Ten minutes unacknowledged: again to Ms Chan, now also to her backup; Siu Fong is told.
    assert "🤖 → backup: 🔁 Reminder: not yet acknowledged #1" in first
    assert "🤖 → sw: 🔁 Reminder: not yet acknowledged #1" in first
    assert "so I've also sent it to Ms Chan, Mr Ho" in first
    taken = second.split("👤 backup: [✅ I'm on it]", 1)[1]
    assert "🤖 → sw: (edited) ✅ Concern #1 C03 · Needs action today was taken by Mr Ho" in taken
    assert "🤖 → you: 👀 Your concern #1 about C03 has been seen by Mr Ho" in taken
    assert "💬 Thank you — it's yours." in taken  # the toast


def test_an_untaken_peer_question_times_out_with_the_demo_clock():
    transcript = run_demo("peer-timeout.txt")
    before, after = transcript.split("⏩ advance 2h", 1)
    assert "🤖 → mentor: 🙋 A question from a fellow supporter" in before
    assert "⏳ wait 1s" in before and "no senior supporter was free" not in before
    assert "Sorry — no senior supporter was free to take your question" in after
    assert "[1] 💬 Contact my social worker" in after
