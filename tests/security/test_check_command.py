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
        ]
        assert results[4].detail == f"@TungHangBot via 127.0.0.1:{server.port}"
        assert any(call.method == "getMe" for call in sandbox.calls)
        # The same through the command line, as a script would run it.
        code, out, err = await _cli(env)
        assert code == EXIT_OK, out + err
        lines = out.strip().splitlines()
        assert len(lines) == 5 and all(line.startswith("OK") for line in lines), out
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
    telegram = results[-1]
    assert telegram.status == "FAIL" and telegram.detail.startswith("cannot reach 127.0.0.1")
    assert code == EXIT_FAILED
    results, _ = await run_checks({"DATABASE_URL": "sqlite+aiosqlite:///:memory:"})
    assert results[-1].status == "SKIP"


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
