"""README's operator path, followed as a new operator would, from an empty database, against
the local stand-in for the Bot API: db upgrade → check → unit-add → invite the first admin
and two social workers → run (they join) → invites → unit-set backup and supervisor →
check says ready.

Every step is the real command line (`python -m bot …`, what `tunghang …` runs)."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
from pathlib import Path

import pytest

from bot.sandbox.server import SandboxServer
from bot.sandbox.state import BotApiSandbox

# This module runs the command line on SQLite files of its own and never touches the suite's
# database, so the PostgreSQL pass would only repeat it.
pytestmark = pytest.mark.skipif(
    bool(os.environ.get("TUNGHANG_TEST_DATABASE_URL", "").strip()),
    reason="uses its own SQLite databases, not the suite's: the SQLite pass runs it",
)

TOKEN = "123456:OPERATOR-path-token"
ROOT = Path(__file__).resolve().parents[2]
ADMIN_TG, WORKER_TG, BACKUP_TG = 7001, 7002, 7003


def _environ(extra: dict[str, str]) -> dict[str, str]:
    ours = ("TELEGRAM_", "WEBHOOK_", "TUNGHANG_", "DATABASE_URL", "LOG_LEVEL")
    return {**{k: v for k, v in os.environ.items() if not k.startswith(ours)}, **extra}


async def _tunghang(env: dict[str, str], *args: str) -> tuple[int, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        *args,
        cwd=ROOT,
        env=_environ(env),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    out, _ = await asyncio.wait_for(process.communicate(), 90)
    assert process.returncode is not None
    text = out.decode()
    assert "Traceback" not in text and TOKEN.split(":")[1] not in text, text
    return process.returncode, text


async def _until(condition, seconds: float = 40) -> None:  # type: ignore[no-untyped-def]
    deadline = asyncio.get_running_loop().time() + seconds
    while not condition():
        assert asyncio.get_running_loop().time() < deadline, "the bot did not answer in time"
        await asyncio.sleep(0.2)


async def test_readme_operator_path_from_an_empty_database(tmp_path: Path) -> None:
    sandbox = BotApiSandbox(token=TOKEN, bot_username="KowloonTungHangBot")
    sandbox.add_user(ADMIN_TG, "Dr Wong", language_code="en")
    sandbox.add_user(WORKER_TG, "Chan Mei Ling", language_code="zh-hk")
    sandbox.add_user(BACKUP_TG, "Ho Ka Wai", language_code="en")
    async with SandboxServer(sandbox) as server:
        env = {
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_API_BASE_URL": server.base_url,
            "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/tunghang.db",
            "TUNGHANG_TICK_SECONDS": "1",
        }
        code, out = await _tunghang(env, "db", "upgrade")
        assert code == 0, out
        code, out = await _tunghang(env, "check")
        assert code == 0, out
        assert "OK    telegram   @KowloonTungHangBot" in out
        assert "SKIP  people     no unit yet" in out

        code, out = await _tunghang(
            env,
            *("admin", "unit-add", "--name-en", "Kowloon Centre", "--name-yue", "九龍中心"),
            *("--district", "Sham Shui Po", "--planned-hours", "16", "--json"),
        )
        assert code == 0, out
        unit_id = json.loads(out)["unit_id"]
        code, out = await _tunghang(env, "check")
        assert code == 1 and "has no active admin" in out, out

        links = {}
        for key, role, name in (
            ("admin", "admin", "Dr Wong"),
            ("social_worker", "social_worker", "Ms Chan"),
            ("backup", "social_worker", "Mr Ho"),
        ):
            code, out = await _tunghang(
                env,
                *("admin", "invite", "--role", role, "--unit", str(unit_id), "--name", name),
                "--json",
            )
            assert code == 0, out
            links[key] = json.loads(out)["link"]
            assert links[key].startswith("https://t.me/KowloonTungHangBot?start=")

        bot = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "run",
            cwd=ROOT,
            env=_environ(env),
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )
        try:
            for user, key in (
                (ADMIN_TG, "admin"),
                (WORKER_TG, "social_worker"),
                (BACKUP_TG, "backup"),
            ):
                code_in_link = links[key].split("start=", 1)[1]
                sandbox.send_text(user, f"/start {code_in_link}")
                await _until(lambda user=user: bool(sandbox.bot_messages(user)))
            assert "Dr Wong" in (sandbox.bot_messages(ADMIN_TG)[0].text or "")
            # The social worker's Telegram says zh-hk: her welcome is in Cantonese.
            assert "歡迎" in (sandbox.bot_messages(WORKER_TG)[0].text or "")
        finally:
            bot.send_signal(signal.SIGINT)
            out, _ = await asyncio.wait_for(bot.communicate(), 60)
        log = out.decode()
        assert bot.returncode == 0, log
        assert "Traceback" not in log and "OPERATOR-path-token" not in log

        code, out = await _tunghang(env, "admin", "invites", "--json")
        assert code == 0, out
        assert sorted(i["status"] for i in json.loads(out)["invites"]) == ["used"] * 3
        code, out = await _tunghang(env, "check")
        assert code == 1 and "has no backup social worker" in out, out  # not live yet
        code, out = await _tunghang(env, "admin", "people", "--json")
        ids = {p["name"]: p["id"] for p in json.loads(out)["people"]}
        code, out = await _tunghang(
            env,
            *("admin", "unit-set", str(unit_id)),
            *("--backup", str(ids["Mr Ho"]), "--supervisor", str(ids["Dr Wong"])),
        )
        assert code == 0, out
        code, out = await _tunghang(env, "check")
        assert code == 0, out
        assert "OK    people     1 unit(s), each with an active admin and social worker" in out
    await sandbox.aclose()
