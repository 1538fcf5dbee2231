"""The webhook port under abuse, on loopback with raw sockets: strangers are refused at the
headers whatever size they announce, slow or idle connections are closed within seconds,
and idle connections cannot crowd out Telegram's update."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import re
import socket
import sys
import time
from pathlib import Path

import pytest

from bot.app import build_application
from bot.config import Settings
from bot.sandbox.server import SandboxServer
from bot.sandbox.state import BotApiSandbox
from bot.webhook_server import SECRET_HEADER, FrontDoorLimits, WebhookFrontDoor, front_door_for
from tests.seed import SUPPORTER, seed_cast

TOKEN = "123456:WEBHOOK-token"
SECRET = "s3cret_Front-Door"
PATH = "/tg/hook"
ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


def _headers(length: int, secret: str | None = None) -> bytes:
    lines = [
        f"POST {PATH} HTTP/1.1",
        "Host: 127.0.0.1",
        "Content-Type: application/json",
        f"Content-Length: {length}",
    ]
    if secret is not None:
        lines.append(f"{SECRET_HEADER}: {secret}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


async def _closed_within(reader: asyncio.StreamReader, seconds: float) -> bytes:
    """Everything the server sent until it closed the connection (fails if it didn't)."""
    data = b""
    async with asyncio.timeout(seconds):
        while chunk := await reader.read(65536):
            data += chunk
    return data


@pytest.fixture
async def door():
    queue: asyncio.Queue[object] = asyncio.Queue()
    limits = FrontDoorLimits(idle_seconds=1.0, body_seconds=1.0, max_connections=100)
    front = WebhookFrontDoor(
        bot=None, update_queue=queue, secret=SECRET, url_path=PATH, limits=limits
    )
    await front.start("127.0.0.1", 0)
    front.queue = queue  # type: ignore[attr-defined]
    yield front
    await front.stop()


async def test_a_stranger_announcing_50_mb_gets_403_at_once_and_memory_stays_flat():
    fifty_mb = 50 * 1024 * 1024
    chunk = b"x" * (1024 * 1024)
    process, port = await _door_in_a_child()

    async def attack() -> float:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        started = time.monotonic()
        writer.write(_headers(fifty_mb))
        await writer.drain()
        status_line = await asyncio.wait_for(reader.readline(), 1.0)
        elapsed = time.monotonic() - started
        assert status_line.startswith(b"HTTP/1.1 403"), status_line
        # The attacker goes on pushing its 50 MB; the door has hung up.
        try:
            for _ in range(50):
                writer.write(chunk)
                await writer.drain()
        except (ConnectionError, OSError):
            pass
        writer.close()
        return elapsed

    try:
        await attack()  # warm-up: first-use allocations are not growth
        before = _rss_kib(process.pid)
        times = [await attack() for _ in range(10)]
        times += await asyncio.gather(*(attack() for _ in range(10)))  # and ten at once
        after = _rss_kib(process.pid)
    finally:
        process.kill()
        await process.wait()
    print(f"403 after {max(times) * 1000:.1f} ms at most; door RSS {before} -> {after} KiB")
    assert max(times) < 1.0
    assert after - before < 2 * 1024, (before, after)  # 20 × 50 MB announced: < 2 MB grown


async def test_the_right_secret_with_a_body_too_big_gets_413_without_reading_it(door):
    reader, writer = await asyncio.open_connection("127.0.0.1", door.port)
    writer.write(_headers(2 * 1024 * 1024, SECRET))
    await writer.drain()
    answer = await _closed_within(reader, 2.0)
    assert answer.startswith(b"HTTP/1.1 413"), answer
    writer.close()


async def test_half_sent_requests_and_idle_connections_are_closed_within_seconds(door):
    started = time.monotonic()
    # Headers that never end, a body that never comes, and a connection that says nothing.
    slow_headers = await asyncio.open_connection("127.0.0.1", door.port)
    slow_headers[1].write(b"POST /tg/hook HTTP/1.1\r\nHost: 127.0.0.1\r\n")
    slow_body = await asyncio.open_connection("127.0.0.1", door.port)
    slow_body[1].write(_headers(1000, SECRET) + b'{"update_id": ')
    silent = await asyncio.open_connection("127.0.0.1", door.port)
    for reader, _ in (slow_headers, slow_body, silent):
        await _closed_within(reader, 5.0)
    elapsed = time.monotonic() - started
    print(f"half-sent and idle connections closed after {elapsed:.2f} s (limit 1 s)")
    assert elapsed < 5.0
    assert door.queue.empty()
    for _, writer in (slow_headers, slow_body, silent):
        writer.close()


async def test_a_valid_update_gets_through_while_100_idle_connections_are_open(
    database_url, library, catalogs
):
    sandbox = BotApiSandbox(token=TOKEN, bot_username="TungHangBot")
    port = _free_port()
    async with SandboxServer(sandbox) as server:
        settings = Settings.from_env(
            {
                "TELEGRAM_BOT_TOKEN": TOKEN,
                "DATABASE_URL": database_url,
                "TELEGRAM_API_BASE_URL": server.base_url,
                "TUNGHANG_MODE": "webhook",
                "WEBHOOK_URL": f"https://bot.example.org{PATH}",
                "WEBHOOK_SECRET": SECRET,
                "WEBHOOK_PORT": str(port),
            }
        )
        assert settings.listen_host == "127.0.0.1"  # behind the proxy unless told otherwise
        app = build_application(settings, library_=library, catalogs=catalogs, migrate=False)
        async with app:
            await app.post_init(app)  # type: ignore[misc]
            await app.start()
            door = front_door_for(app, settings)
            await door.start(settings.listen_host, port)
            idle: list[asyncio.StreamWriter] = []
            try:
                await seed_cast(app.bot_data["services"], sandbox)
                for _ in range(100):
                    _, writer = await asyncio.open_connection("127.0.0.1", port)
                    idle.append(writer)
                await asyncio.sleep(0.2)
                assert door.open_connections == 100
                # Now Telegram delivers an update, over a 101st connection.
                await app.bot.set_webhook(f"http://127.0.0.1:{port}{PATH}", secret_token=SECRET)
                started = time.monotonic()
                sandbox.send_text(SUPPORTER, "/help")
                assert await sandbox.settle(quiet=0.3)
                reply = sandbox.last_bot_message(SUPPORTER)
                assert reply is not None and "Here is what I can do:" in (reply.text or "")
                print(f"update answered in {time.monotonic() - started:.2f} s beside 100 idle")
                assert door.open_connections <= 100
            finally:
                for writer in idle:
                    writer.close()
                await door.stop()
                await app.stop()
                await app.post_stop(app)  # type: ignore[misc]
        await app.post_shutdown(app)  # type: ignore[misc]
    await sandbox.aclose()


async def test_an_unparseable_update_is_refused_400_and_logged_without_its_text(door, caplog):
    body = json.dumps({"update_id": "not a number", "message": {"text": "MY SECRET WORDS"}})
    reader, writer = await asyncio.open_connection("127.0.0.1", door.port)
    with caplog.at_level(logging.DEBUG):
        writer.write(_headers(len(body.encode()), SECRET) + body.encode())
        await writer.drain()
        status_line = await asyncio.wait_for(reader.readline(), 2.0)
    writer.close()
    assert status_line.startswith(b"HTTP/1.1 400"), status_line  # Telegram will retry
    assert door.queue.empty()
    assert "could not be parsed" in caplog.text
    assert "MY SECRET WORDS" not in caplog.text


def test_accept_failures_are_logged_once_with_a_count(caplog):
    # Out of descriptors: accept() fails until something closes.
    from bot.webhook_server import _BoundedHTTPServer

    server = _BoundedHTTPServer(lambda request: None, max_connections=4)
    with caplog.at_level(logging.WARNING, logger="bot.webhook_server"):
        for _ in range(5):  # flapping: 100 failures, a connection, 100 more…
            for _ in range(100):
                server._accept_failed(OSError(24, "Too many open files"))
            server._accepted_again()
    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == 2, lines
    assert "cannot accept" in lines[0] and "after 100 failed accept(s)" in lines[1]
    assert server._accept_failures == 400  # counted, for the next report


_CHILD = """
import asyncio, logging, resource, sys
from bot.webhook_server import FrontDoorLimits, WebhookFrontDoor
if int(sys.argv[2]):
    resource.setrlimit(resource.RLIMIT_NOFILE, (int(sys.argv[2]), int(sys.argv[2])))
logging.basicConfig(level=logging.INFO, stream=sys.stderr)
async def main():
    queue = asyncio.Queue()
    limits = FrontDoorLimits(idle_seconds=1.0, body_seconds=1.0, max_connections=500)
    door = WebhookFrontDoor(bot=None, update_queue=queue, secret=sys.argv[1],
                            url_path="/tg/hook", limits=limits)
    await door.start("127.0.0.1", 0)
    print(door.port, flush=True)
    await queue.get()
    print("update", flush=True)
asyncio.run(main())
"""


async def _door_in_a_child(descriptors: int = 0) -> tuple[asyncio.subprocess.Process, int]:
    """The door alone in its own process, so its memory and descriptors are its own."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        _CHILD,
        SECRET,
        str(descriptors),
        cwd=ROOT,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    assert process.stdout is not None
    return process, int(await asyncio.wait_for(process.stdout.readline(), 30))


async def test_out_of_descriptors_the_accept_loop_logs_once_and_recovers():
    # Descriptors limited to 64 and the connection cap set above it on purpose: accept()
    # fails with EMFILE, as with 148 idle sockets under a 128 limit.
    process, port = await _door_in_a_child(descriptors=64)
    assert process.stdout is not None and process.stderr is not None
    try:
        idle = [await asyncio.open_connection("127.0.0.1", port) for _ in range(100)]
        # EMFILE; the idle ones are closed after 1 s; accepting resumes on its own.
        lines = []
        while not any("accepting again" in line for line in lines):
            lines.append((await asyncio.wait_for(process.stderr.readline(), 20)).decode())
        body = json.dumps({"update_id": 1}).encode()
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(_headers(len(body), SECRET) + body)
        status = await asyncio.wait_for(reader.readline(), 20)
        assert status.startswith(b"HTTP/1.1 200"), status
        assert await asyncio.wait_for(process.stdout.readline(), 5) == b"update\n"
        for _, w in [*idle, (reader, writer)]:
            w.close()
        await asyncio.wait_for(process.wait(), 10)
        log = "".join(lines) + (await process.stderr.read()).decode()
    finally:
        if process.returncode is None:
            process.kill()
    print(f"accept-loop log: {len(log)} bytes\n{log}")
    assert log.count("cannot accept") == 1, log
    assert re.search(r"accepting again after \d+ failed accept", log), log
    assert "Traceback" not in log and len(log) < 2000
    assert "POST" not in log  # no access log to flood


async def test_tunghang_run_in_webhook_mode_serves_the_door_and_stops_cleanly(tmp_path):
    import signal

    from tests.seed import SUPPORTER as USER

    sandbox = BotApiSandbox(token=TOKEN, bot_username="TungHangBot")
    port = _free_port()
    async with SandboxServer(sandbox) as server:
        sandbox.add_user(USER, "Siu Fong", language_code="en")
        ours = ("TELEGRAM_", "WEBHOOK_", "TUNGHANG_", "DATABASE_URL", "LOG_LEVEL")
        env = {k: v for k, v in os.environ.items() if not k.startswith(ours)}
        env.update(
            {
                "TELEGRAM_BOT_TOKEN": TOKEN,
                "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}",
                "TELEGRAM_API_BASE_URL": server.base_url,
                "TUNGHANG_MODE": "webhook",
                "WEBHOOK_URL": f"https://bot.example.org{PATH}",
                "WEBHOOK_SECRET": SECRET,
                "WEBHOOK_PORT": str(port),
            }
        )
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", cwd=ROOT, env=env,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        try:
            for _ in range(300):  # it tells Telegram where to post once it listens
                if sandbox.webhook is not None:
                    break
                await asyncio.sleep(0.1)
            assert sandbox.webhook is not None
            assert sandbox.webhook.url == f"https://bot.example.org{PATH}"
            assert sandbox.webhook.secret_token == SECRET
            # Telegram's proxy would forward this; here it goes straight to the port.
            update = {
                "update_id": 7,
                "message": {
                    "message_id": 1,
                    "date": int(time.time()),
                    "chat": {"id": USER, "type": "private"},
                    "from": {"id": USER, "is_bot": False, "first_name": "Siu Fong"},
                    "text": "/start",
                    "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
                },
            }
            body = json.dumps(update).encode()
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(_headers(len(body), SECRET) + body)
            assert (await asyncio.wait_for(reader.readline(), 5)).startswith(b"HTTP/1.1 200")
            writer.close()
            for _ in range(100):
                if sandbox.bot_messages(USER):
                    break
                await asyncio.sleep(0.1)
            assert sandbox.bot_messages(USER), "the bot answered the update"
            stopping = time.monotonic()
            process.send_signal(signal.SIGTERM)
            _, err = await asyncio.wait_for(process.communicate(), 30)
            print(f"stopped {time.monotonic() - stopping:.1f} s after SIGTERM")
        finally:
            if process.returncode is None:
                process.kill()
    await sandbox.aclose()
    assert process.returncode == 0, err.decode()
    assert "Traceback" not in err.decode()
