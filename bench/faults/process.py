"""The bot under trial: `python -m bot run` in a subprocess, and waiting on the sandbox."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import os
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bot.sandbox.state import BotApiSandbox

ROOT = Path(__file__).resolve().parents[2]  # the checkout: `python -m bot run` runs there

log = logging.getLogger("bench.faults")

TOKEN = "123456:SANDBOX-faults"
DB_DOWN = "Sorry, I can't reach my records right now."
SORRY = "Sorry, something went wrong on my side."
MONO_TO_WALL = time.time() - time.monotonic()


def mono(moment: dt.datetime) -> float:
    return moment.timestamp() - MONO_TO_WALL


# --------------------------------------------------------------------------- the bot process


class BotProcess:
    """`python -m bot run` against a sandbox server, with its log in a file."""

    def __init__(self, base_url: str, database_url: str, log_path: Path, **env: str) -> None:
        self.env = {
            **os.environ,
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_API_BASE_URL": base_url,
            "DATABASE_URL": database_url,
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
            **env,
        }
        self.log_path = log_path
        self.proc: asyncio.subprocess.Process | None = None
        self.started = 0.0

    async def start(self) -> None:
        with self.log_path.open("ab") as sink:
            self.started = time.monotonic()
            self.proc = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", "run", cwd=ROOT, env=self.env, stdout=sink,
                stderr=sink,
            )  # fmt: skip

    async def kill(self) -> None:
        """SIGKILL: no clean-up of any kind, as a power cut or the OOM killer."""
        if self.proc is not None and self.proc.returncode is None:
            self.proc.send_signal(signal.SIGKILL)
            await self.proc.wait()

    async def stop(self) -> None:
        """SIGTERM, as systemd would; SIGKILL if it does not stop in 15 s."""
        if self.proc is None or self.proc.returncode is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(self.proc.wait(), 15)
        except TimeoutError:
            await self.kill()

    def log_tail(self, chars: int = 3000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-chars:]
        except OSError:
            return ""


class NoUpdates:
    """A view of a sandbox that never hands out updates: for a second bot process that
    sends (ticks, dispatcher) but must not poll the same bot's updates."""

    def __init__(self, sandbox: BotApiSandbox) -> None:
        self._sandbox = sandbox
        self.sends = 0  # messages this process got through

    def __getattr__(self, name: str) -> Any:
        return getattr(self._sandbox, name)

    async def call(
        self, method: str, params: dict[str, Any], files: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        if method.lower() == "getupdates":
            await asyncio.sleep(min(float(params.get("timeout") or 0), 1.0))
            return {"ok": True, "result": []}
        answer = await self._sandbox.call(method, params, files)
        self.sends += method.lower() == "sendmessage" and bool(answer.get("ok"))
        return answer


def polls_since(sandbox: BotApiSandbox, moment: float) -> float | None:
    """When the bot first called getUpdates at or after `moment` (monotonic), if it has."""
    for call in sandbox.calls_to("getUpdates"):
        if call.time >= moment:
            return call.time
    return None


async def until(predicate: Callable[[], bool], within: float, step: float = 0.02) -> bool:
    deadline = time.monotonic() + within
    while not predicate():
        if time.monotonic() > deadline:
            return False
        await asyncio.sleep(step)
    return True
