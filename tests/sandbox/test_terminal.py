"""TerminalChat against a tiny echo bot polling the real HTTP server."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Awaitable, Callable

import pytest
from telegram.ext import Application

from bot.sandbox import BotApiSandbox, TerminalChat

AH_MEI = 1001
MR_CHAN = 1002
PERSONAS = {"Ah Mei": AH_MEI, "Mr Chan": MR_CHAN}
StartApp = Callable[..., Awaitable[Application]]


def chat(sandbox: BotApiSandbox, out: io.StringIO, **kw: float) -> TerminalChat:
    """A terminal chat as Ah Mei with quick settling."""
    return TerminalChat(sandbox, PERSONAS, "Ah Mei", out=out, settle_quiet=0.15, **kw)


async def test_script_transcript(
    sandbox: BotApiSandbox, start_app: StartApp, echo_handlers: list
) -> None:
    await start_app(*echo_handlers)
    out = io.StringIO()
    script = """
        # comments and blank lines are skipped

        /start
        hello
        [Yes]
        [log hours]
        [Nope]
        @Mr Chan
        hi
        3
        @Nobody
        \\[Yes]
    """
    transcript = await chat(sandbox, out).run_script(script.splitlines())
    assert transcript == (
        "👤 Ah Mei: /start\n"
        "🤖 Welcome!\n"
        "(menu: Refreshers · Log hours · Settings)\n"
        "👤 Ah Mei: hello\n"
        "🤖 You said: hello\n"
        "[1] Yes  [2] No\n"
        "👤 Ah Mei: [Yes]\n"
        "🤖 (edited) Picked: yes\n"
        "💬 Got yes\n"  # the button's answer, shown as Telegram's toast
        "👤 Ah Mei: Log hours\n"
        "🤖 You said: Log hours\n"
        "[1] Yes  [2] No\n"
        "⚠ no button labelled 'Nope' in Ah Mei's chat\n"
        "— now chatting as Mr Chan —\n"
        "👤 Mr Chan: hi\n"
        "🤖 You said: hi\n"
        "[1] Yes  [2] No\n"
        "👤 Mr Chan: 3\n"
        "🤖 You said: 3\n"
        "[1] Yes  [2] No\n"
        "⚠ unknown persona 'Nobody' (known: Ah Mei, Mr Chan)\n"
        "👤 Mr Chan: [Yes]\n"
        "🤖 You said: [Yes]\n"
        "[1] Yes  [2] No\n"
    )
    assert out.getvalue() == transcript
    assert sandbox.last_bot_message(AH_MEI).text == "You said: Log hours"


async def test_interactive_numbers_menu_and_quit(
    sandbox: BotApiSandbox, start_app: StartApp, echo_handlers: list
) -> None:
    await start_app(*echo_handlers)
    lines = iter(["/start", "hello", "2", "7", "/hide", "/quit", "never read"])
    prompts: list[str] = []

    def read(prompt: str) -> str:
        prompts.append(prompt)
        return next(lines)

    out = io.StringIO()
    await chat(sandbox, out).run_interactive(read)
    rendered = out.getvalue()
    assert "👤 Ah Mei: [No]\n🤖 (edited) Picked: no\n" in rendered
    assert "👤 Ah Mei: 7\n🤖 You said: 7\n" in rendered  # out of range: plain text
    assert rendered.endswith("👤 Ah Mei: /hide\n🤖 Menu hidden\n(menu hidden)\n")
    assert prompts == ["Ah Mei> "] * 6
    assert [answer.text for answer in sandbox.callback_answers] == ["Got no"]


async def test_interactive_shows_proactive_messages_and_other_chats(
    sandbox: BotApiSandbox, start_app: StartApp, echo_handlers: list
) -> None:
    app = await start_app(*echo_handlers)
    out = io.StringIO()
    terminal = chat(sandbox, out, watch_interval=0.05)
    steps = iter(["@Mr Chan", "", None])

    async def read(prompt: str) -> str:
        step = next(steps)
        if step is None:
            # While "the user is typing", the bot sends on its own to both personas.
            await app.bot.send_message(AH_MEI, "Alert: please check in")
            await app.bot.send_message(MR_CHAN, "Tip of the day")
            for _ in range(100):
                if "Tip of the day" in out.getvalue():
                    break
                await asyncio.sleep(0.05)
            raise EOFError
        return step

    await terminal.run_interactive(read)
    assert out.getvalue() == (
        "— now chatting as Mr Chan —\n🤖 → Ah Mei: Alert: please check in\n🤖 Tip of the day\n"
    )


async def test_unknown_current_persona_is_refused(sandbox: BotApiSandbox) -> None:
    with pytest.raises(ValueError):
        TerminalChat(sandbox, PERSONAS, "Nobody")


async def test_personas_are_created_and_documents_rendered(sandbox: BotApiSandbox) -> None:
    out = io.StringIO()
    TerminalChat(sandbox, {"Social Worker": 3001}, "Social Worker", out=out)
    assert sandbox.users[3001].first_name == "Social Worker"
    files = {"document": ("hours.csv", b"a,b\n")}
    await sandbox.call("sendDocument", {"chat_id": 3001, "caption": "Your hours"}, files)
    terminal = TerminalChat(sandbox, {"Social Worker": 3001}, "Social Worker", out=out)
    assert await terminal.run_script([]) == "🤖 📎 hours.csv (4 bytes) — Your hours\n"


async def test_wait_and_advance_lines(
    sandbox: BotApiSandbox, start_app: StartApp, echo_handlers: list
) -> None:
    await start_app(*echo_handlers)
    moved: list[float] = []
    flushed: list[int] = []

    async def advance(seconds: float) -> str:
        moved.append(seconds)
        return "clock moved"

    async def flush() -> None:
        flushed.append(1)

    plain = await chat(sandbox, io.StringIO()).run_script(["advance 10m", "wait 2m"])
    assert "⚠ advance needs a demo clock" in plain and "⚠ wait at most 60s" in plain
    hosted = chat(sandbox, io.StringIO(), advance=advance, flush=flush)  # type: ignore[arg-type]
    transcript = await hosted.run_script(["advance 10m", "advance 2h", "wait 1s", "hello"])
    assert moved == [600, 7200]
    assert "⏩ advance 10m — clock moved" in transcript and "⏳ wait 1s" in transcript
    assert "🤖 You said: hello" in transcript
    assert len(flushed) == 4  # the outbox is sent after every line, before the next
