"""SandboxRequest: a real telegram.Bot talking to the sandbox in process."""

from __future__ import annotations

import datetime as dt
import io
import time
from collections.abc import AsyncIterator

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import (
    BadRequest,
    Conflict,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TimedOut,
)
from telegram.ext import Application, ApplicationBuilder

from bot.sandbox import BotApiSandbox, SandboxRequest

AH_MEI = 1001


@pytest.fixture
async def bot(sandbox: BotApiSandbox) -> AsyncIterator[Bot]:
    """A PTB Bot whose every request goes to the sandbox."""
    bot = Bot(
        sandbox.token,
        request=SandboxRequest(sandbox),
        get_updates_request=SandboxRequest(sandbox),
    )
    async with bot:
        yield bot


async def test_get_me_and_send_message(bot: Bot, sandbox: BotApiSandbox) -> None:
    assert bot.username == "TungHangBot"
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Yes", callback_data="yes")]])
    message = await bot.send_message(
        AH_MEI, "<i>Hello</i>", parse_mode="HTML", reply_markup=keyboard
    )
    assert message.text == "Hello" and message.message_id == 1
    assert message.reply_markup.inline_keyboard[0][0].callback_data == "yes"
    assert sandbox.last_bot_message(AH_MEI).buttons == [[("Yes", "yes")]]


async def test_get_updates_round_trip(bot: Bot, sandbox: BotApiSandbox) -> None:
    sandbox.send_text(AH_MEI, "/start")
    updates = await bot.get_updates(timeout=0)
    assert updates[0].message.text == "/start"
    await bot.get_updates(offset=updates[-1].update_id + 1, timeout=0)
    assert sandbox.pending_updates == []


async def test_send_document_bytes_and_file_handle(bot: Bot, sandbox: BotApiSandbox) -> None:
    await bot.send_document(AH_MEI, b"a,b\n1,2\n", filename="hours.csv", caption="Export")
    assert sandbox.last_bot_message(AH_MEI).document == ("hours.csv", b"a,b\n1,2\n")
    handle = io.BytesIO(b"%PDF-1.4 sandbox")
    handle.name = "card.pdf"
    message = await bot.send_document(AH_MEI, handle)
    assert message.document.file_name == "card.pdf"
    assert sandbox.last_bot_message(AH_MEI).document.data == b"%PDF-1.4 sandbox"


async def test_send_photo_and_download(bot: Bot, sandbox: BotApiSandbox) -> None:
    message = await bot.send_photo(AH_MEI, b"\xff\xd8photo", filename="tip.jpg")
    file = await bot.get_file(message.photo[-1].file_id)
    assert bytes(await file.download_as_bytearray()) == b"\xff\xd8photo"


async def test_errors_map_to_ptb_exceptions(bot: Bot, sandbox: BotApiSandbox) -> None:
    sandbox.faults.queue("sendMessage", "retry_after", retry_after=3)
    with pytest.raises(RetryAfter) as flood:
        await bot.send_message(AH_MEI, "x")
    assert flood.value.retry_after == dt.timedelta(seconds=3)
    sandbox.faults.queue("sendMessage", "server_error")
    with pytest.raises(NetworkError, match="Bad Gateway"):
        await bot.send_message(AH_MEI, "x")
    sandbox.faults.queue("sendMessage", "blocked")
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(AH_MEI, "x")
    sandbox.faults.queue("sendMessage", "deactivated")
    with pytest.raises(Forbidden, match="user is deactivated"):
        await bot.send_message(AH_MEI, "x")
    with pytest.raises(BadRequest, match="Message text is empty"):
        await bot.send_message(AH_MEI, " ")
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message(4242, "x")


async def test_timeout_fault_raises_timed_out(bot: Bot, sandbox: BotApiSandbox) -> None:
    sandbox.faults.queue("sendMessage", "timeout")
    with pytest.raises(TimedOut):
        await bot.send_message(AH_MEI, "lost")
    sandbox.faults.queue("sendMessage", "timeout", applied=True)
    with pytest.raises(TimedOut):
        await bot.send_message(AH_MEI, "sent anyway")
    assert [m.text for m in sandbox.bot_messages(AH_MEI)] == ["sent anyway"]


async def test_not_modified_and_webhook_conflict(bot: Bot, sandbox: BotApiSandbox) -> None:
    message = await bot.send_message(AH_MEI, "same")
    with pytest.raises(BadRequest, match="Message is not modified"):
        await message.edit_text("same")
    await bot.set_webhook("http://127.0.0.1:9/hook")
    with pytest.raises(Conflict):
        await bot.get_updates(timeout=0)
    await bot.delete_webhook()


async def test_wrong_token(sandbox: BotApiSandbox) -> None:
    bot = Bot("123456:WRONG", request=SandboxRequest(sandbox))
    with pytest.raises(InvalidToken):
        await bot.initialize()
    await bot.shutdown()


async def test_latency_knob(sandbox: BotApiSandbox) -> None:
    bot = Bot(sandbox.token, request=SandboxRequest(sandbox, latency=0.05))
    async with bot:  # initialize calls getMe: one call
        started = time.monotonic()
        for _ in range(3):
            await bot.send_chat_action(AH_MEI, "typing")
        assert time.monotonic() - started >= 0.15
    assert sandbox.chat_actions(AH_MEI) == ["typing"] * 3


async def test_commands_round_trip(bot: Bot, sandbox: BotApiSandbox) -> None:
    await bot.set_my_commands([("start", "Start"), ("hours", "Log hours")], language_code="en")
    commands = await bot.get_my_commands(language_code="en")
    assert [c.command for c in commands] == ["start", "hours"]
    assert sandbox.commands[("default", "en")][1] == ("hours", "Log hours")


def in_process_app(sandbox: BotApiSandbox, echo_handlers: list) -> Application:
    """An Application whose bot talks to the sandbox without HTTP."""
    app = (
        ApplicationBuilder()
        .token(sandbox.token)
        .request(SandboxRequest(sandbox))
        .get_updates_request(SandboxRequest(sandbox))
        .build()
    )
    app.add_handlers(echo_handlers)
    return app


async def test_application_polls_in_process(sandbox: BotApiSandbox, echo_handlers: list) -> None:
    async with in_process_app(sandbox, echo_handlers) as app:
        await app.start()
        await app.updater.start_polling(poll_interval=0, timeout=1)
        try:
            sandbox.send_text(AH_MEI, "hello")
            assert await sandbox.settle(quiet=0.1)
            sandbox.press_label(AH_MEI, "Yes")
            assert await sandbox.settle(quiet=0.1)
        finally:
            await app.updater.stop()
            await app.stop()
    assert [m.text for m in sandbox.messages(AH_MEI)] == ["hello", "Picked: yes"]


async def test_process_update_style(sandbox: BotApiSandbox, echo_handlers: list) -> None:
    async with in_process_app(sandbox, echo_handlers) as app:
        sandbox.send_text(AH_MEI, "direct")
        for data in sandbox.take_updates():
            await app.process_update(Update.de_json(data, app.bot))
    assert sandbox.last_bot_message(AH_MEI).text == "You said: direct"
    assert sandbox.pending_updates == [] and await sandbox.settle(quiet=0)
