"""The clinical team's tools: the review pack, sign-off, and what use teaches."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from bot import cli
from bot.card_review import SignOffError, sign_off
from bot.checks import run_checks
from bot.library import load_library
from bot.review_pack import CardUsage, render_review_pack
from bot.services.content_usage import card_usage
from tests.harness import start_harness
from tests.seed import SUPPORTER, seed_cast

HKT = dt.timezone(dt.timedelta(hours=8))


@pytest.fixture
async def cast(bot):
    return await seed_cast(bot.services, bot.sandbox)


def _card_block(html: str, card_id: str) -> str:
    start = html.index(f'id="{card_id}"')
    return html[start : html.index("</article>", start)]


def test_the_pack_has_every_card_in_both_languages_with_its_lines(library) -> None:
    html = render_review_pack(library, None, dt.datetime(2026, 12, 7, 11, 0, tzinfo=HKT))
    assert html.count("<article ") == len(library.cards)
    for card in library.cards:
        block = _card_block(html, card.id)
        # Titles side by side; the situation in both languages (as escaped HTML).
        assert card.en.title.replace('"', "&quot;").replace("'", "&#x27;") in block
        assert card.yue.title.replace('"', "&quot;") in block
        for resource in library.resources_for(card):
            assert f"<b>{resource.number}</b>" in block
        assert "Notes 備註" in block and "☐ Approved" in block
        assert "not available" in block  # no database: figures are not faked as 0
    suicide = next(c for c in library.cards if c.primary_topic == "risk.suicide")
    block = _card_block(html, suicide.id)
    assert "RISK" in block and "Escalate 轉介" in block and "<b>999</b>" in block
    # A page break before every area, and one sign-off box per area plus the final one.
    areas = len(re.findall(r'<section class="area">', html))
    assert areas == len({library.topics[c.primary_topic].category for c in library.cards})
    assert html.count('class="signoff"') == areas + 1
    assert "break-before: page" in html and "@page { size: A4" in html


def test_the_pack_prints_votes_and_showings(library) -> None:
    card = library.cards[0]
    usage = {card.id: CardUsage(helpful=3, not_helpful=2, shown=14)}
    html = render_review_pack(library, usage, dt.datetime(2026, 12, 7, 11, 0, tzinfo=HKT))
    assert "Helpful 有用 3 · Not helpful 冇用 2 · shown 14 times" in _card_block(html, card.id)
    other = _card_block(html, library.cards[1].id)
    assert "Helpful 有用 0 · Not helpful 冇用 0 · shown 0 times" in other


async def test_votes_and_showings_come_from_real_use(bot, cast, settings, tmp_path, monkeypatch):
    """Ask a question, open it again from the buttons, vote 👎: the pack says so."""
    await bot.say(SUPPORTER, "client keeps asking for my phone number")
    await bot.press(SUPPORTER, "🔁 睇中文")
    await bot.press(SUPPORTER, "👎 冇用")
    card_id = "boundaries-phone-client-keeps-asking"
    async with bot.services.sessions() as session:
        usage = await card_usage(session)
    assert usage[card_id] == CardUsage(helpful=0, not_helpful=1, shown=2)

    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    out = tmp_path / "pack.html"
    # The CLI runs its own event loop: run it beside the bot's, as an operator would.
    assert await asyncio.to_thread(cli.main, ["content", "review-pack", "--out", str(out)]) == 0
    block = _card_block(out.read_text("utf-8"), card_id)
    assert "Helpful 有用 0 · Not helpful 冇用 1 · shown 2 times" in block


def test_review_pack_without_a_database(tmp_path: Path, capsys, library) -> None:
    out = tmp_path / "pack.html"
    assert cli.main(["content", "review-pack", "--no-db", "--out", str(out)]) == 0
    assert f"{len(library.cards)} cards written to {out}" in capsys.readouterr().out
    assert "left out (--no-db)" in out.read_text("utf-8")


# --- sign-off ------------------------------------------------------------------------------


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    from bot.library import bundled_content_dir

    copy = tmp_path / "content"
    shutil.copytree(bundled_content_dir(), copy)
    return copy


def _snapshot(root: Path) -> dict[str, str]:
    return {p.name: p.read_text("utf-8") for p in sorted((root / "cards").glob("*.yaml"))}


def test_sign_off_edits_only_those_two_lines_and_the_card_loads_signed(content_copy, capsys):
    before = _snapshot(content_copy)
    code = cli.main(
        [
            "content", "sign-off", "role-introduce-first-visit", "risk-suicide-pills-or-plan",
            "--by", "Dr Wong, clinical psychologist", "--date", "2026-12-07",
            "--path", str(content_copy),
        ]
    )  # fmt: skip
    assert code == 0
    assert "signed off 2 card(s) by Dr Wong, clinical psychologist on 2026-12-07" in (
        capsys.readouterr().out
    )
    after = _snapshot(content_copy)
    changed = {
        name: [
            (old, new)
            for old, new in zip(before[name].splitlines(), after[name].splitlines(), strict=True)
            if old != new
        ]
        for name in before
    }
    expected = [
        ("  reviewed_by: null", '  reviewed_by: "Dr Wong, clinical psychologist"'),
        ("  last_reviewed: null", "  last_reviewed: 2026-12-07"),
    ]
    assert changed["role_boundaries.yaml"] == expected
    assert changed["risk_resources.yaml"] == expected
    assert not changed["grief_conversation_engagement.yaml"]
    assert after["role_boundaries.yaml"].startswith("# Role and boundaries cards")  # comments kept
    card = load_library(content_copy).card("role-introduce-first-visit")
    assert card.reviewed_by == "Dr Wong, clinical psychologist"
    assert card.last_reviewed == dt.date(2026, 12, 7)


def test_sign_off_adds_the_lines_when_a_card_has_none(content_copy):
    path = content_copy / "cards" / "role_boundaries.yaml"
    text = path.read_text("utf-8")
    first = text.index("  reviewed_by: null\n  last_reviewed: null\n")
    path.write_text(
        text[:first] + text[first + len("  reviewed_by: null\n  last_reviewed: null\n") :]
    )
    sign_off(content_copy, ["role-introduce-first-visit"], "Ms Lam", dt.date(2026, 12, 1))
    card = load_library(content_copy).card("role-introduce-first-visit")
    assert (card.reviewed_by, card.last_reviewed) == ("Ms Lam", dt.date(2026, 12, 1))


def test_an_unknown_card_changes_nothing(content_copy, capsys):
    before = _snapshot(content_copy)
    code = cli.main(
        ["content", "sign-off", "role-introduce-first-visit", "no-such-card", "--by", "Dr Wong",
         "--path", str(content_copy)]
    )  # fmt: skip
    assert code == 1
    err = capsys.readouterr().err
    assert err == "error: unknown card id(s): no-such-card — nothing was changed\n"
    assert _snapshot(content_copy) == before
    with pytest.raises(SignOffError):
        sign_off(content_copy, ["role-introduce-first-visit"], "   ", dt.date(2026, 12, 1))
    assert _snapshot(content_copy) == before


async def test_check_counts_cards_not_yet_signed_off(content_copy, database_url):
    sign_off(content_copy, ["role-introduce-first-visit"], "Dr Wong", dt.date(2026, 12, 1))
    total = len(load_library(content_copy).cards)
    results, _ = await run_checks(
        {"DATABASE_URL": database_url, "TUNGHANG_REQUIRE_REVIEWED": "1"}, content=content_copy,
        wait=1,
    )  # fmt: skip
    content = next(r for r in results if r.name == "content")
    risk = sum(1 for c in load_library(content_copy).cards if c.is_safety_critical)
    assert f"{total - 1} not yet signed off" in content.detail
    assert f"TUNGHANG_REQUIRE_REVIEWED=1 serves {1 + risk} (risk cards always)" in content.detail


async def test_only_signed_off_cards_are_served_but_risk_cards_always(
    content_copy, settings, clock, catalogs
):
    phone = "boundaries-phone-client-keeps-asking"
    sign_off(content_copy, [phone], "Dr Wong", dt.date(2026, 12, 1))
    strict = dataclasses.replace(settings, require_reviewed=True)
    async with start_harness(strict, clock, load_library(content_copy), catalogs) as bot:
        await seed_cast(bot.services, bot.sandbox)
        served = bot.services.library
        assert {c.id for c in served.cards if not c.is_safety_critical} == {phone}
        replies = await bot.say(SUPPORTER, "client keeps asking for my phone number")
        assert replies[-1].text.startswith(served.card(phone).en.title)
        # An unsigned card's question no longer gets that card …
        replies = await bot.say(SUPPORTER, "what do I say to a bereaved client")
        assert not any(r.text.startswith("First visit after") for r in replies)
        # … but a risk message still gets its (unsigned) risk card under the safety block.
        replies = await bot.say(SUPPORTER, "my client said he wants to kill himself")
        risk_titles = {c.en.title for c in served.cards if c.is_safety_critical}
        assert any(r.text.split("\n")[0] in risk_titles for r in replies)
        # Browsing offers only areas that still have cards.
        menu = await bot.say(SUPPORTER, "📚 Refreshers")
        assert len(menu[0].button_labels) == len(served.categories) < 10
