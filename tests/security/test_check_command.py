"""`tunghang check`: one line per check, exit 0 only when everything passes; Telegram is
reached through TELEGRAM_API_BASE_URL (here the HTTP sandbox). Nothing secret is printed."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

from bot.checks import EXIT_CONFIG, EXIT_FAILED, EXIT_OK, run_checks
from bot.sandbox.server import SandboxServer
from bot.sandbox.state import BotApiSandbox
from storage import db

TOKEN = "123456:CHECK-secret-part"
ROOT = Path(__file__).resolve().parents[2]


def _clean_environ() -> dict[str, str]:
    """This process's environment without any Tung Hang setting of its own."""
    ours = ("TELEGRAM_", "WEBHOOK_", "TUNGHANG_", "DATABASE_URL", "LOG_LEVEL")
    return {k: v for k, v in os.environ.items() if not k.startswith(ours)}


async def _cli(env: dict[str, str], *args: str) -> tuple[int, str, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "check",
        *args,
        cwd=ROOT,
        env={**_clean_environ(), **env},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


async def test_all_checks_pass_against_a_ready_deployment(database_url):
    sandbox = BotApiSandbox(token=TOKEN, bot_username="TungHangBot")
    async with SandboxServer(sandbox) as server:
        env = {
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "DATABASE_URL": database_url,
            "TELEGRAM_API_BASE_URL": server.base_url,
        }
        results, code = await run_checks(env, wait=5)
        assert code == EXIT_OK, [r.line() for r in results]
        assert [(r.name, r.status) for r in results] == [
            ("config", "OK"),
            ("database", "OK"),
            ("migrations", "OK"),
            ("content", "OK"),
            ("telegram", "OK"),
            ("people", "SKIP"),  # no unit yet: nothing to check
            ("escalation", "OK"),
        ]
        assert results[4].detail == f"@TungHangBot via 127.0.0.1:{server.port}"
        assert results[6].detail == "no units yet"
        assert any(call.method == "getMe" for call in sandbox.calls)
        # The same through the command line, as a script would run it.
        code, out, err = await _cli(env)
        assert code == EXIT_OK, out + err
        lines = out.strip().splitlines()
        assert len(lines) == 7 and all(line.startswith(("OK", "SKIP")) for line in lines), out
        assert "CHECK-secret-part" not in out + err
        code, out, _ = await _cli(env, "--json")
        assert code == EXIT_OK and '"ok": true' in out
        # A token Telegram refuses is a failed check (exit 1), and says what to do.
        code, out, err = await _cli({**env, "TELEGRAM_BOT_TOKEN": "123456:WRONG-token"})
        assert code == EXIT_FAILED, out
        assert "FAIL  telegram" in out and "rejected the bot token (401" in out
        assert "WRONG-token" not in out + err
    await sandbox.aclose()


async def test_unreachable_telegram_and_missing_token():
    async with SandboxServer(BotApiSandbox(token=TOKEN)) as server:
        gone = server.base_url
    # Nothing listens there any more.
    results, code = await run_checks(
        {
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_API_BASE_URL": gone,
            "DATABASE_URL": "sqlite+aiosqlite:///:memory:",
        },
        wait=2,
    )
    telegram = results[4]
    assert telegram.status == "FAIL" and telegram.detail.startswith("cannot reach 127.0.0.1")
    assert code == EXIT_FAILED
    results, _ = await run_checks({"DATABASE_URL": "sqlite+aiosqlite:///:memory:"})
    assert results[4].status == "SKIP"


async def test_an_old_or_missing_database_fails(tmp_path, migrated_template):
    missing = f"sqlite+aiosqlite:///{tmp_path}/nothing-here.db"
    results, code = await run_checks({"DATABASE_URL": missing})
    assert code == EXIT_FAILED
    assert results[1].status == "FAIL" and "tunghang db upgrade" in results[1].detail
    assert not (tmp_path / "nothing-here.db").exists()  # a check creates nothing
    old = f"sqlite+aiosqlite:///{tmp_path}/old.db"
    engine = db.create_engine(old)
    try:
        await db.upgrade(engine, "0002")
    finally:
        await engine.dispose()
    results, code = await run_checks({"DATABASE_URL": old})
    assert code == EXIT_FAILED
    assert results[2].status == "FAIL" and results[2].detail.startswith("at 0002, latest is")


async def test_bad_configuration_exits_2_and_checks_nothing_else():
    code, out, _ = await _cli(
        {"DATABASE_URL": "mysql://root:hunter2@db/x", "TUNGHANG_MODE": "webhook"}
    )
    assert code == EXIT_CONFIG
    assert out.splitlines()[0].startswith("FAIL  config")
    assert all(line.startswith("SKIP") for line in out.splitlines()[1:])
    assert "hunter2" not in out
    results, code = await run_checks({"TELEGRAM_BOT_TOKEN": "not a token"})
    assert code == EXIT_CONFIG and results[0].status == "FAIL"
    assert "not a token" not in results[0].detail


async def test_env_file_values_with_comments_spaces_or_quotes_are_refused():
    """systemd and docker keep an inline comment as part of the value: say so, show nothing."""
    base = {"DATABASE_URL": "sqlite+aiosqlite:///:memory:"}
    for name, value, why in (
        ("TELEGRAM_BOT_TOKEN", "123456:SECRET-part  # from BotFather", "contains '#'"),
        ("TUNGHANG_TIMEZONE", "Asia/Hong_Kong ", "contains a space"),
        ("TELEGRAM_BOT_USERNAME", '"TungHangBot"', "is wrapped in quotes"),
    ):
        code, out, err = await _cli({**base, name: value})
        assert code == EXIT_CONFIG, out
        first = out.splitlines()[0]
        assert first.startswith("FAIL  config") and f"{name} {why}" in first, first
        assert "comments on their own line" in first
        assert "SECRET-part" not in out + err and "TungHangBot" not in out
    results, code = await run_checks({**base, "TUNGHANG_TIMEZONE": "Asia/Hong_Kong"})
    assert results[0].status == "OK"


async def test_people_check_wants_an_admin_and_a_social_worker_per_unit(database_url):
    from bot.services import people

    engine = db.create_engine(database_url)
    try:
        async with db.session_factory(engine)() as session:
            unit = await people.add_unit(
                session,
                name_en="Kowloon Centre",
                name_yue="九龍中心",
                district="SSP",
                planned_hours=16,
            )
            await session.commit()
            unit_id = unit.id
    finally:
        await engine.dispose()
    results, code = await run_checks({"DATABASE_URL": database_url})
    people_line = next(r for r in results if r.name == "people")
    assert code == EXIT_FAILED and people_line.name == "people" and people_line.status == "FAIL"
    assert f"unit {unit_id} (Kowloon Centre) has no active admin" in people_line.detail
    assert "--role social_worker" in people_line.detail


def test_the_example_env_file_passes_its_own_rules():
    from bot.golive import env_problems

    lines = (ROOT / "tunghang.env.example").read_text().splitlines()
    values = dict(line.split("=", 1) for line in lines if line.strip() and not line.startswith("#"))
    assert "TELEGRAM_BOT_TOKEN" in values and env_problems(values) == []
    # And the rule would catch the old README's style of example.
    assert env_problems({"WEBHOOK_SECRET": "abc    # e.g. `openssl rand -hex 32`"})


async def test_check_warns_when_a_flag_could_go_nowhere(database_url):
    """Units without backup or supervisor, social workers the bot cannot reach: exit 1."""
    import datetime as dt

    from bot.services import people
    from storage.models import Role

    engine = db.create_engine(database_url)
    now = dt.datetime(2026, 11, 26, 1, 30, tzinfo=dt.UTC)
    try:
        async with db.session_factory(engine)() as session:
            unit = await people.add_unit(
                session,
                name_en="Kowloon Centre",
                name_yue="九龍中心",
                district="SSP",
                planned_hours=16,
            )
            joined = []
            for telegram_id, name, role in (
                (1, "Ms Chan", Role.SOCIAL_WORKER),
                (2, "Mr Ho", Role.SOCIAL_WORKER),
                (3, "Dr Wong", Role.ADMIN),
            ):
                invite = await people.create_invite(
                    session, role=role, unit_id=unit.id, now=now, days_valid=14
                )
                joined.append(
                    await people.redeem_invite(
                        session, invite.code, people.TelegramIdentity(telegram_id, name), now
                    )
                )
            await session.commit()
        results, code = await run_checks({"DATABASE_URL": database_url})
        escalation = results[6]
        assert code == EXIT_FAILED and escalation.status == "FAIL"
        assert "unit 1 (Kowloon Centre) has no backup social worker" in escalation.detail
        assert "has no supervisor" in escalation.detail
        async with db.session_factory(engine)() as session:
            await people.set_unit_policy(
                session, unit.id, backup_id=joined[1].id, supervisor_id=joined[2].id
            )
            await session.commit()
        results, code = await run_checks({"DATABASE_URL": database_url})
        assert results[6].status == "OK", results[6].detail
        assert results[6].detail.startswith("1 unit(s): backup and supervisor set")
        # Ms Chan blocks the bot; the backup is deactivated.
        async with db.session_factory(engine)() as session:
            chan = await session.get(type(joined[0]), joined[0].id)
            ho = await session.get(type(joined[1]), joined[1].id)
            chan.unreachable_at, ho.active = now, False
            await session.commit()
        results, code = await run_checks({"DATABASE_URL": database_url})
        assert code == EXIT_FAILED
        assert "backup social worker Mr Ho cannot be reached (deactivated)" in results[6].detail
        assert "social worker Ms Chan (person 1) cannot be reached (blocked the bot" in (
            results[6].detail
        )
    finally:
        await engine.dispose()
