"""`tunghang run` refuses what it cannot run safely: content with problems (an empty card file
would silently drop every risk card), a second poller for the same bot (409), and an update
the library cannot parse is logged without its text."""

from __future__ import annotations

import asyncio
import logging
import os
import shutil
import sys
import time
from pathlib import Path

import httpx
import pytest

from bot import cli, library
from bot.cli_failures import EXIT_ANOTHER_POLLER as ANOTHER_POLLER_EXIT
from bot.sandbox.server import SandboxServer
from bot.sandbox.state import BotApiSandbox
from tests.security.test_logging_privacy import production_logging_at_debug

TOKEN = "123456:RUN-guard-token"
ROOT = Path(__file__).resolve().parents[2]


def _clean_environ() -> dict[str, str]:
    ours = ("TELEGRAM_", "WEBHOOK_", "TUNGHANG_", "DATABASE_URL", "LOG_LEVEL")
    return {k: v for k, v in os.environ.items() if not k.startswith(ours)}


def test_run_refuses_an_empty_card_file(tmp_path, monkeypatch, capsys):
    content = tmp_path / "content"
    shutil.copytree(library.bundled_content_dir(), content)
    (content / "cards" / "risk_resources.yaml").write_text("", encoding="utf-8")
    monkeypatch.setattr(library, "bundled_content_dir", lambda: content)
    for name in list(os.environ):
        if name.startswith(("TELEGRAM_", "WEBHOOK_", "TUNGHANG_", "DATABASE_URL")):
            monkeypatch.delenv(name)
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'never.db'}")
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    try:
        assert cli.main(["run"]) == 1  # refused (bot/cli_failures.py)
    finally:
        root.handlers[:], root.level = saved
    err = capsys.readouterr().err
    assert err.startswith("tunghang run: not starting:")
    assert "cards/risk_resources.yaml: the file is empty (no cards)" in err
    assert "tunghang content check" in err
    assert not (tmp_path / "never.db").exists()  # it stopped before touching anything


async def test_a_second_poller_stops_with_one_line(tmp_path):
    sandbox = BotApiSandbox(token=TOKEN, bot_username="TungHangBot")
    async with SandboxServer(sandbox) as server:
        env = {
            **_clean_environ(),
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}",
            "TELEGRAM_API_BASE_URL": server.base_url,
        }
        started = time.monotonic()
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "run",
            cwd=ROOT,
            env=env,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        # Another instance of this bot polls too: each new getUpdates ends the other's
        # with 409 Conflict, as Telegram does.
        other = asyncio.create_task(_poll_forever(f"{server.base_url}/bot{TOKEN}/getUpdates"))
        try:
            _, err = await asyncio.wait_for(process.communicate(), 60)
        finally:
            other.cancel()
            if process.returncode is None:
                process.kill()
        elapsed = time.monotonic() - started
    await sandbox.aclose()
    log = err.decode()
    print(f"second poller stopped after {elapsed:.1f} s:\n{log}")
    assert process.returncode == ANOTHER_POLLER_EXIT, log
    assert log.count("only one instance may poll") == 1, log
    assert "Traceback" not in log and TOKEN.split(":")[1] not in log


async def _poll_forever(url: str) -> None:
    async with httpx.AsyncClient(timeout=5) as client:
        while True:
            try:
                await client.post(url, json={"timeout": 1})
            except httpx.HTTPError:
                await asyncio.sleep(0.2)


@pytest.mark.parametrize("logger", ["telegram.Bot", "telegram.ext._utils.webhookhandler"])
def test_an_unparseable_update_is_logged_without_its_text(logger):
    update = [{"update_id": "x", "message": {"text": "MY PRIVATE WORDS"}}]
    with production_logging_at_debug() as stream:
        try:
            raise TypeError(f"bad field in {update!r}")
        except TypeError as error:
            logging.getLogger(logger).critical(
                "Error while parsing updates! Received data was %r", update, exc_info=error
            )
    logged = stream.getvalue()
    assert "an update could not be parsed (TypeError)" in logged
    assert "MY PRIVATE WORDS" not in logged
