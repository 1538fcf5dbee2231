"""The manager's report for a quarter (issue 18.7): one workbook with four answers and charts;
the same from `tunghang report` and `tunghang admin export` on the command line."""

import asyncio
import csv
import datetime as dt
import io
import os
import subprocess
import sys

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from storage.delivery_models import TipSent
from storage.models import CardFeedback, Flag, MonthApproval
from storage.peer_models import PeerQuestion, SharedTip
from tests.integration.test_exports import quarter_of_hours
from tests.seed import SOCIAL_WORKER, seed_cast

UTC = dt.UTC
CLIENT = "C77"  # a client code: never in the report


@pytest.fixture
async def cast(bot):
    return await seed_cast(bot.services, bot.sandbox)


def at(day: int, month: int, hour: int = 2, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, minute, tzinfo=UTC)


async def seed_quarter(bot, cast):
    may_1, _, total = await quarter_of_hours(bot, cast)
    cards = [card.id for card in bot.services.library.cards[:2]]
    async with bot.services.sessions() as session:
        concerns = [
            # (category, urgency, raised, minutes to acknowledge, hours to close)
            ("suicide_self_harm", "now", at(5, 10), 4, 30),
            ("low_mood", "today", at(10, 10), 15, 100),
            ("other", "can_wait", at(2, 11, 3), 60 * 20, None),
            ("abuse_neglect", "now", at(20, 9), 2, 5),  # September: not in Q4
        ]
        for category, urgency, raised, ack, close in concerns:
            session.add(
                Flag(
                    supporter_id=cast.supporter.id,
                    unit_id=cast.unit.id,
                    category=category,
                    urgency=urgency,
                    client_code=CLIENT,
                    description="Mrs Wong fell at home",
                    status="closed" if close else "acknowledged",
                    policy={},
                    created_at=raised,
                    acknowledged_at=raised + dt.timedelta(minutes=ack),
                    acknowledged_by_id=cast.worker.id,
                    closed_at=raised + dt.timedelta(hours=close) if close else None,
                )
            )
        for seq, (person, card, day) in enumerate(
            [(cast.supporter, cards[0], 5), (may_1, cards[0], 6), (may_1, cards[1], 7)], 1
        ):
            session.add(
                TipSent(
                    person_id=person.id,
                    day=dt.date(2026, 10, day),
                    seq=seq,
                    card_id=card,
                    reason="new",
                    created_at=at(day, 10),
                )
            )
        session.add(
            CardFeedback(
                person_id=cast.supporter.id, card_id=cards[0], helpful=True, updated_at=at(5, 10)
            )
        )
        session.add(
            CardFeedback(person_id=may_1.id, card_id=cards[0], helpful=False, updated_at=at(6, 10))
        )
        session.add(
            PeerQuestion(
                asker_id=cast.supporter.id,
                unit_id=cast.unit.id,
                text="How do I answer when Mrs Wong cries?",
                status="answered",
                created_at=at(12, 10),
                claimed_by_id=may_1.id,
                answer="Sit with her a while.",
                answered_at=at(12, 10, 8),
            )
        )
        session.add(
            SharedTip(
                author_id=may_1.id,
                unit_id=cast.unit.id,
                topic="grief",
                text="Bring a photo album.",
                status="approved",
                created_at=at(13, 10),
            )
        )
        await session.commit()
    return total, cards


def sheet_rows(workbook, title):
    return [tuple(r) for r in workbook[title].values]


def everything(workbook, *titles) -> str:
    return " ".join(str(cell) for title in titles for row in workbook[title].values for cell in row)


async def test_a_quarter_report_answers_the_managers_four_questions(bot, cast):
    total, cards = await seed_quarter(bot, cast)
    replies = await bot.say(SOCIAL_WORKER, "/report 2026-Q4")
    assert replies[0].document.filename == "report-2026-Q4.xlsx"
    assert (
        replies[0].caption == "Q4 2026 (1 Oct – 31 Dec 2026): 9 h 53 min of hours, 3 concerns."
    )
    workbook = load_workbook(io.BytesIO(replies[0].document.data))
    assert workbook.sheetnames == [
        "Hours",
        "Hours by month",
        "Concerns",
        "Refreshers",
        "Peer activity",
        "About",
        "Charts",
    ]
    # 1. Hours: the payroll summary, grand total to the minute; and by month for the chart.
    hours = sheet_rows(workbook, "Hours")
    grand = next(r for r in hours if r[1] == "Grand total")
    assert grand[hours[0].index("Total minutes")] == total
    assert sheet_rows(workbook, "Hours by month")[1:] == [
        ("2026-10", 7.02),
        ("2026-11", 2.87),
        ("2026-12", 0),
    ]
    # 2. Concerns: counts by category and urgency, response times against target.
    concerns = sheet_rows(workbook, "Concerns")
    by_category = {r[0]: r[1:5] for r in concerns[1:9] if r and r[0]}
    assert by_category["Risk of suicide or self-harm"] == (1, 0, 0, 1)
    assert by_category["Abuse or neglect of an older person"] == (0, 0, 0, 0)  # September
    assert by_category["Total"] == (1, 1, 1, 3)
    times_at = next(i for i, r in enumerate(concerns) if r and r[0] == "Urgency")
    times = {r[0]: dict(zip(concerns[times_at], r, strict=False)) for r in concerns[times_at + 1 :]}
    danger = times["🚨 Danger now"]
    assert danger["Median minutes to acknowledge"] == 4
    # The targets the alerts climb by and /flags marks overdue by: danger now 3 min to take,
    # a day to close; needs action today 10 min and two days.
    assert (danger["Target to acknowledge"], danger["Acknowledged within target"]) == ("3 min", 0)
    assert (danger["Closed"], danger["Target to close, days"]) == (1, 1)
    assert danger["Closed within target"] == 0  # 30 hours
    today = times["Needs action today"]
    assert (today["Median minutes to acknowledge"], today["Acknowledged within target"]) == (15, 0)
    assert today["Median hours to close"] == 100 and today["Closed within target"] == 0
    later = times["Can wait a day or two"]
    assert later["Target to acknowledge"] == "next working day"
    assert later["Acknowledged within target"] == 1 and later["Closed"] == 0
    # 3. Refreshers: cards shown and 👍/👎 per card and per topic.
    refreshers = sheet_rows(workbook, "Refreshers")
    assert refreshers[0] == ("Card", "Topic", "Shown as daily tip", "👍", "👎")
    first = next(r for r in refreshers if r[0] == cards[0])
    assert first[2:] == (2, 1, 1)
    assert any(r and r[0] == "Topic" for r in refreshers)
    # 4. Peer activity, in numbers.
    peer = dict(sheet_rows(workbook, "Peer activity")[1:])
    assert peer["Questions asked to fellow supporters"] == 1
    assert peer["Median hours to an answer"] == 6
    assert peer["Tips approved"] == 1
    # Nobody is named outside the hours sheet; no client code or words anywhere.
    private = everything(workbook, "Concerns", "Refreshers", "Peer activity", "About")
    for secret in ("Siu Fong", "May", "Mrs Wong", CLIENT, "photo album", "Sit with her"):
        assert secret not in private, secret
    assert CLIENT not in everything(workbook, *workbook.sheetnames[:-1])
    # The chart sheet: hours by month and response times.
    charts = workbook["Charts"]._charts
    assert len(charts) == 2


async def test_report_in_cantonese(bot, cast):
    await seed_quarter(bot, cast)
    async with bot.services.sessions() as session:
        from bot.services import people

        (await people.person_by_telegram_id(session, SOCIAL_WORKER)).language = "yue"
        await session.commit()
    replies = await bot.say(SOCIAL_WORKER, "/report 2026-Q4")
    workbook = load_workbook(io.BytesIO(replies[0].document.data))
    assert workbook.sheetnames[:3] == ["小時", "每月時數", "通報"]


async def _tunghang(bot, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": bot.services.settings.database_url}
    return await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "bot", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


async def test_the_command_line_exports_and_reports(bot, cast, tmp_path):
    total, _ = await seed_quarter(bot, cast)
    done = await _tunghang(bot, "admin", "export", "2026-Q4", "--out", str(tmp_path), "--json")
    assert done.returncode == 0, done.stderr
    assert f'"total_minutes": {total}' in done.stdout
    summary = (tmp_path / "hours-2026-Q4-summary.csv").read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(summary, newline="")))
    assert rows[-1][1] == "Grand total" and str(total) in rows[-1]
    assert (tmp_path / "hours-2026-Q4.xlsx").exists()
    out = tmp_path / "q4.xlsx"
    done = await _tunghang(
        bot, "report", "--from", "2026-10-01", "--to", "2026-12-31", "--out", str(out)
    )
    assert done.returncode == 0, done.stderr
    assert "3 concerns" in done.stdout
    assert load_workbook(out).sheetnames[-1] == "Charts"
    # Bad periods: one clear line, exit 1, nothing written or changed.
    async with bot.services.sessions() as session:
        before = await session.scalar(select(func.count()).select_from(MonthApproval))
    for args in (
        ("admin", "export", "2026-13", "--out", str(tmp_path / "bad")),
        ("admin", "export", "2026-Q5", "--out", str(tmp_path / "bad")),
        ("report", "--from", "2026-12-31", "--to", "2026-10-01", "--out", str(tmp_path / "b.xlsx")),
    ):
        done = await _tunghang(bot, *args)
        assert done.returncode == 1, (args, done.stderr)
        assert "Traceback" not in done.stderr
        assert "Nothing was changed." in done.stderr
    assert not (tmp_path / "bad").exists() and not (tmp_path / "b.xlsx").exists()
    async with bot.services.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(MonthApproval)) == before
