"""SandboxServer over real HTTP: a polling PTB Application, raw clients, webhook mode."""

from __future__ import annotations

import asyncio
import json
import socket
import sys
import time
from collections.abc import Awaitable, Callable

import httpx
import pytest
from telegram import Bot, Update
from telegram.error import RetryAfter, TimedOut
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)
from telegram.request import HTTPXRequest

from bot.sandbox import BotApiSandbox, SandboxServer

AH_MEI = 1001
MENU = [["Refreshers", "Log hours"], ["Settings"]]  # what conftest's /start shows
StartApp = Callable[..., Awaitable[Application]]
REPORT = "時數 report.csv".encode()
CSV = "date,hours\n2026-05-01,3\n同行,1\n".encode()


async def _send_report(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/report uploads a CSV (multipart)."""
    await update.effective_message.reply_document(CSV, filename="hours.csv", caption="Hours")


async def _polite(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Reply, honouring one 429 the way the outbox will."""
    try:
        await update.effective_message.reply_text("ok")
    except RetryAfter as flood:
        await asyncio.sleep(flood.retry_after.total_seconds())
        await update.effective_message.reply_text("ok")


async def test_echo_press_and_menu_over_polling(
    sandbox: BotApiSandbox, start_app: StartApp, echo_handlers: list
) -> None:
    await start_app(*echo_handlers)
    sandbox.send_text(AH_MEI, "/start")
    sandbox.send_text(AH_MEI, "hello")
    assert await sandbox.settle(quiet=0.2)
    welcome, echo = sandbox.bot_messages(AH_MEI)
    assert welcome.reply_keyboard == MENU and echo.text == "You said: hello"
    assert echo.buttons == [[("Yes", "yes"), ("No", "no")]]
    sandbox.press_label(AH_MEI, "no")
    assert await sandbox.settle(quiet=0.2)
    assert [answer.text for answer in sandbox.callback_answers] == ["Got no"]
    assert sandbox.last_bot_message(AH_MEI).text == "Picked: no"
    sandbox.send_sticker(AH_MEI)
    assert await sandbox.settle(quiet=0.2)
    assert sandbox.last_bot_message(AH_MEI).text == "I can only read text"
    assert sandbox.pending_updates == []


async def test_document_upload_is_multipart_with_exact_bytes(
    sandbox: BotApiSandbox, server: SandboxServer, start_app: StartApp
) -> None:
    app = await start_app(CommandHandler("report", _send_report))
    sandbox.send_text(AH_MEI, "/report")
    assert await sandbox.settle(quiet=0.2)
    message = sandbox.last_bot_message(AH_MEI)
    assert message.document == ("hours.csv", CSV) and message.caption == "Hours"
    # The bot can fetch it back through /file/bot<token>/<path>.
    file = await app.bot.get_file(sandbox.last_bot_message(AH_MEI).file_id)
    assert file.file_path.startswith(f"{server.base_url}/file/bot")
    assert bytes(await file.download_as_bytearray()) == CSV


async def test_retry_after_is_honoured(sandbox: BotApiSandbox, start_app: StartApp) -> None:
    await start_app(MessageHandler(filters.TEXT, _polite))
    sandbox.faults.queue("sendMessage", "retry_after", retry_after=1)
    sandbox.send_text(AH_MEI, "hi")
    assert await sandbox.settle(quiet=0.2, timeout=5)
    refused, sent = sandbox.calls_to("sendMessage")
    assert refused.status == 429 and sent.ok and sent.time - refused.time >= 1.0
    assert [m.text for m in sandbox.bot_messages(AH_MEI)] == ["ok"]


async def test_parameter_encodings(sandbox: BotApiSandbox, server: SandboxServer) -> None:
    api = f"{server.base_url}/bot{sandbox.token}"
    markup = json.dumps({"inline_keyboard": [[{"text": "A", "callback_data": "a"}]]})
    async with httpx.AsyncClient() as client:
        query = await client.get(f"{api}/sendMessage", params={"chat_id": AH_MEI, "text": "q"})
        form = await client.post(
            f"{api}/sendMessage", data={"chat_id": str(AH_MEI), "text": "f", "reply_markup": markup}
        )
        body = await client.post(
            f"{api}/sendMessage",
            json={"chat_id": AH_MEI, "text": "j", "reply_markup": json.loads(markup)},
        )
        multipart = await client.post(
            f"{api}/sendDocument",
            data={"chat_id": str(AH_MEI)},
            files={"document": ("r.csv", CSV, "text/csv")},
        )
        wrong_token = await client.get(f"{server.base_url}/bot123456:NOPE/getMe")
        bad_token = await client.get(f"{server.base_url}/botnope/getMe")
        no_method = await client.post(f"{api}/sendTelepathy")
        elsewhere = await client.get(f"{server.base_url}/favicon.ico")
        empty = await client.post(f"{api}/sendMessage", data={"chat_id": str(AH_MEI)})
    assert [r.status_code for r in (query, form, body, multipart)] == [200] * 4
    assert [m.text for m in sandbox.bot_messages(AH_MEI)][:3] == ["q", "f", "j"]
    assert sandbox.bot_messages(AH_MEI)[1].buttons == sandbox.bot_messages(AH_MEI)[2].buttons
    assert sandbox.last_bot_message(AH_MEI).document == ("r.csv", CSV)
    assert (wrong_token.status_code, bad_token.status_code) == (401, 404)
    assert no_method.status_code == 404 and elsewhere.status_code == 404
    assert empty.status_code == 400
    assert empty.json()["description"] == "Bad Request: message text is empty"


async def test_non_ascii_upload_filename(sandbox: BotApiSandbox, server: SandboxServer) -> None:
    async with Bot(sandbox.token, base_url=server.api_url) as bot:
        await bot.send_document(AH_MEI, CSV, filename=REPORT.decode())
    assert sandbox.last_bot_message(AH_MEI).document == (REPORT.decode(), CSV)


async def test_timeout_fault_holds_the_request(
    sandbox: BotApiSandbox, server: SandboxServer
) -> None:
    request = HTTPXRequest(read_timeout=0.3)
    async with Bot(sandbox.token, base_url=server.api_url, request=request) as bot:
        sandbox.faults.queue("sendMessage", "timeout", delay=5)
        started = time.monotonic()
        with pytest.raises(TimedOut):
            await bot.send_message(AH_MEI, "lost")
        assert time.monotonic() - started < 2
        assert (await bot.send_message(AH_MEI, "next")).text == "next"
    assert [m.text for m in sandbox.bot_messages(AH_MEI)] == ["next"]


async def test_control_api(
    sandbox: BotApiSandbox, server: SandboxServer, start_app: StartApp, echo_handlers: list
) -> None:
    await start_app(*echo_handlers)
    control = f"{server.base_url}/control"
    async with httpx.AsyncClient(timeout=10) as client:

        async def post(action: str, **body: object) -> object:
            response = await client.post(f"{control}/{action}", json=body)
            assert response.status_code == 200, response.text
            return response.json()["result"]

        await post("add_user", user_id=2001, first_name="Social Worker")
        assert isinstance(await post("send_text", user_id=2001, text="hello"), int)
        assert await post("settle", quiet=0.2) is True
        await post("press_label", user_id=2001, label="Yes")
        assert await post("settle", quiet=0.2) is True
        messages = (await client.get(f"{control}/messages", params={"chat_id": 2001})).json()
        texts = [m["text"] for m in messages["result"]]
        assert texts == ["hello", "Picked: yes"]
        await post("faults", method="sendMessage", kind="blocked")
        await post("send_text", user_id=2001, text="again")
        assert await post("settle", quiet=0.2) is True
        state = (await client.get(f"{control}/state")).json()["result"]
        assert state["stats"]["faults_injected"] == 1 and 2001 in state["users"]
        calls = (await client.get(f"{control}/calls", params={"method": "sendMessage"})).json()
        assert calls["result"][-1]["status"] == 403
        unknown = await client.post(f"{control}/send_text", json={"user_id": 9, "text": "x"})
        missing = await client.post(f"{control}/nothing")
    assert unknown.status_code == 400 and "unknown user" in unknown.json()["error"]
    assert missing.status_code == 404


def _free_port() -> int:
    """A port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def test_webhook_mode_end_to_end(
    sandbox: BotApiSandbox, server: SandboxServer, echo_handlers: list
) -> None:
    port = _free_port()
    app = ApplicationBuilder().token(sandbox.token).base_url(server.api_url).build()
    app.add_handlers(echo_handlers)
    async with app:
        await app.start()
        await app.updater.start_webhook(
            listen="127.0.0.1",
            port=port,
            url_path="hook",
            webhook_url=f"http://127.0.0.1:{port}/hook",
            secret_token="s3cret",
        )
        try:
            assert sandbox.webhook is not None and sandbox.webhook.secret_token == "s3cret"
            sandbox.send_text(AH_MEI, "via webhook")
            assert await sandbox.settle(quiet=0.2)
            assert sandbox.last_bot_message(AH_MEI).text == "You said: via webhook"
            # A wrong secret is refused by PTB; Telegram-style, the sandbox keeps retrying.
            sandbox.set_webhook(f"http://127.0.0.1:{port}/hook", "wrong")
            sandbox.send_text(AH_MEI, "refused")
            assert await sandbox.settle(quiet=0.1, timeout=0.5) is False
            info = await app.bot.get_webhook_info()
            assert "403" in (info.last_error_message or "") and info.pending_update_count == 1
        finally:
            await app.updater.stop()
            await app.stop()
    await sandbox.aclose()


async def test_module_runs_a_standalone_server() -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.sandbox",
        "--user",
        "1001:Ah Mei:yue",
        stdout=asyncio.subprocess.PIPE,
    )
    try:
        line = (await asyncio.wait_for(process.stdout.readline(), 10)).decode()
        base_url = line.rsplit(" ", 1)[-1].strip()
        async with httpx.AsyncClient() as client:
            state = (await client.get(f"{base_url}/control/state")).json()
        assert state["result"]["users"] == [1001]
    finally:
        process.terminate()
        await process.wait()
        assert process.returncode == 0
