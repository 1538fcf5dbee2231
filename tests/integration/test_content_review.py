"""The clinical team's tools: the review pack, sign-off, and what use teaches."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import json
import re
import shutil
from html import escape
from pathlib import Path

import pytest
from sqlalchemy import select

from bot import cli
from bot.card_review import SignOffError, sign_off
from bot.checks import run_checks
from bot.library import load_library
from bot.review_pack import CardUsage, render_review_pack
from bot.services.content_usage import card_usage
from storage.content_models import UnansweredQuestion
from storage.models import Person
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
        # The questions the card is meant to answer, so a reviewer can say "not for that one".
        for ask in (*card.en.asks[:1], *card.yue.asks[:1]):
            assert escape(ask) in block
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
    card_id = "boundaries-phone-client-keeps-asking"
    await bot.say(SUPPORTER, "client keeps asking for my phone number")
    await bot.press(SUPPORTER, "🔁 睇中文")  # the same showing, in the other language
    await bot.press(SUPPORTER, "👎 冇用")
    menu_id = (await bot.say(SUPPORTER, "📚 Refreshers"))[0].message_id
    for label in (
        "Boundaries",
        "Giving out my phone number",
        "Client keeps asking for my phone number",
    ):
        await bot.press(SUPPORTER, label, message_id=menu_id)
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


# --- learning from use ---------------------------------------------------------------------


async def _stored(bot) -> list[UnansweredQuestion]:
    async with bot.services.sessions() as session:
        return list(
            await session.scalars(select(UnansweredQuestion).order_by(UnansweredQuestion.id))
        )


async def test_a_not_sure_question_is_kept_without_names_or_numbers(bot, cast):
    replies = await bot.say(
        SUPPORTER, "Peter wants to know the weather forecast, his number is 9123 4567"
    )
    assert any("not sure" in r.text.lower() for r in replies)
    await bot.say(SUPPORTER, "陳太問我聽日天氣點，佢個仔阿明 email 係 ming@example.com")
    stored = await _stored(bot)
    assert [(q.outcome, q.lang, q.text) for q in stored] == [
        ("not_sure", "en", "[NAME] wants to know the weather forecast, his number is [PHONE]"),
        ("not_sure", "en", "[NAME]問我聽日天氣點,佢個仔[NAME] email 係 [EMAIL]"),
    ]
    assert all(q.person_id == cast.supporter.id for q in stored)
    # A question that found its card is not kept.
    await bot.say(SUPPORTER, "client keeps asking for my phone number")
    assert len(await _stored(bot)) == 2


async def test_none_of_these_keeps_the_question_and_the_cards_offered(bot, cast):
    replies = await bot.say(SUPPORTER, "client Wong keeps asking for my phone number")
    offered = [r for r in replies if "None of these" in r.button_labels][-1]
    await bot.press(SUPPORTER, "None of these")
    await bot.press(SUPPORTER, "None of these", message_id=offered.message_id)  # twice: once
    stored = await _stored(bot)
    assert len(stored) == 1
    assert (stored[0].outcome, stored[0].text) == (
        "none_of_these",
        "client [NAME] keeps asking for my phone number",
    )
    assert stored[0].card_ids.split(",")[0] == "boundaries-phone-client-keeps-asking"


async def test_erasure_and_the_90_day_clean_up_remove_kept_questions(bot, cast):
    from bot.services import privacy

    await bot.say(SUPPORTER, "what is the share price of HSBC today")
    async with bot.services.sessions() as session:
        session.add(
            UnansweredQuestion(
                person_id=cast.supporter.id, outcome="not_sure", text="old", lang="en",
                card_ids="", created_at=bot.clock() - dt.timedelta(days=91),
            )
        )  # fmt: skip
        await session.commit()
        assert await privacy.purge_due(session, bot.clock()) >= 1
        await session.commit()
    assert [q.text for q in await _stored(bot)] == ["what is the share price of HSBC today"]
    # Their own copy shows it; deleting their data deletes it.
    replies = await bot.say(SUPPORTER, "/mydata")
    export = json.loads(next(r.document.data for r in replies if r.document is not None))
    assert export["questions_kept_for_the_clinical_team"][0]["ended_in"] == "not_sure"
    async with bot.services.sessions() as session:
        person = await session.get(Person, cast.supporter.id)
        erased = await privacy.erase(session, person, bot.clock(), bot.services.catalogs)
        await session.commit()
    assert erased.counts["unanswered_questions"] == 1
    assert await _stored(bot) == []


async def test_report_lists_disliked_cards_topics_asked_and_kept_questions(
    bot, cast, settings, monkeypatch, capsys
):
    # The report looks back from the real clock: move the bot's clock there.
    bot.clock.advance(seconds=(dt.datetime.now(dt.UTC) - bot.clock()).total_seconds())
    await bot.say(SUPPORTER, "client keeps asking for my phone number")
    await bot.press(SUPPORTER, "👎 Not helpful")
    await bot.say(SUPPORTER, "client keeps asking for my phone number")
    await bot.say(SUPPORTER, "Peter wants to know the weather forecast")
    await bot.say(SUPPORTER, "client Wong keeps asking for my phone number")
    await bot.press(SUPPORTER, "None of these")
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    assert await asyncio.to_thread(cli.main, ["content", "report", "--days", "7"]) == 0
    out = capsys.readouterr().out
    assert "Tung Hang content report: the last 7 days" in out
    assert re.search(r"👎 +1 +👍 +0 +boundaries-phone-client-keeps-asking", out)
    assert re.search(r" 3 +boundaries.phone_number +Giving out my phone number", out)
    assert "Questions that ended in 'not sure' (1) or 'None of these' (1)" in out
    assert re.search(r"not sure +en +\[NAME\] wants to know the weather forecast", out)
    assert re.search(r"none of these +en +client \[NAME\] keeps asking for my phone number", out)
    assert "Peter" not in out and "Wong" not in out
    assert await asyncio.to_thread(cli.main, ["content", "report", "--days", "91"]) == 1
    assert "--days must be between 1 and 90" in capsys.readouterr().err


def test_the_privacy_notice_tells_how_long_questions_are_kept(catalogs) -> None:
    from bot.services.content_usage import UNANSWERED_DAYS
    from bot.views.privacy import PRIVACY_PAGES, render_privacy_screen

    def every_screen(lang: str) -> str:
        return "\n".join(
            render_privacy_screen(
                catalogs.get(lang), page, days=180, state_days=7, sent_days=30, has_account=True
            )[0]
            for page in range(PRIVACY_PAGES)
        )

    english, cantonese = every_screen("en"), every_screen("yue")
    assert "Questions the refreshers couldn't answer" in english
    assert f"deleted after {UNANSWERED_DAYS} days" in english
    assert "溫習卡答唔到嘅問題" in cantonese and f"{UNANSWERED_DAYS} 日之後刪除" in cantonese
