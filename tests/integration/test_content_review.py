"""The clinical team's tools: the review pack, sign-off, and what use teaches."""

from __future__ import annotations

import asyncio
import datetime as dt
import re
from pathlib import Path

import pytest

from bot import cli
from bot.review_pack import CardUsage, render_review_pack
from bot.services.content_usage import card_usage
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
    assert "👍 3 · 👎 2 · shown 14 times" in _card_block(html, card.id)
    assert "👍 0 · 👎 0 · shown 0 times" in _card_block(html, library.cards[1].id)


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
    assert "👍 0 · 👎 1 · shown 2 times" in _card_block(out.read_text("utf-8"), card_id)


def test_review_pack_without_a_database(tmp_path: Path, capsys, library) -> None:
    out = tmp_path / "pack.html"
    assert cli.main(["content", "review-pack", "--no-db", "--out", str(out)]) == 0
    assert f"{len(library.cards)} cards written to {out}" in capsys.readouterr().out
    assert "left out (--no-db)" in out.read_text("utf-8")
