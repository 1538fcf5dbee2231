"""TerminalChat: chat with the bot in a terminal (or from a script) through the sandbox.

Input, one line at a time (same for interactive use and script files):
    plain text    sent as the current persona
    [Label]       press the inline button labelled so on the newest message showing it
                  (or tap that reply-keyboard button, which sends the label as text)
    3             interactive only: press button 3 of the last rendered list
    @name         chat as another persona from now on (names may contain spaces)
    \\text         send text literally (e.g. "\\3", "\\[x]", "\\@x", "\\#x")
    # comment     skipped, as are empty lines
    wait 3s       let real time pass (s, m), showing what the bot sends meanwhile
    advance 10m   move a demo clock on (s, m, h, d) when the host gives one (`tunghang demo`)
    /quit         leave interactive mode (so does end of input)
Output: "👤 <persona>: <text>" for user turns, "🤖 <text>" for bot messages with their inline
buttons numbered "[1] Label  [2] Label" (one row per line), "💬 <text>" for a toast (the
short note Telegram shows over the chat when a button is answered; "⚠ alert:" when it must
be dismissed), and "(menu: A · B · …)" when the reply keyboard changes.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import re
import sys
import threading
from collections.abc import Awaitable, Callable, Iterable
from typing import TextIO

from bot.sandbox.models import SandboxMessage
from bot.sandbox.state import AmbiguousLabel, BotApiSandbox

__all__ = ["TerminalChat"]

InputFn = Callable[[str], str] | Callable[[str], Awaitable[str]]

_BUTTON = re.compile(r"\[(.+)\]")
_TIME = re.compile(r"(wait|advance)\s+(\d{1,5})\s*(s|m|h|d)", re.IGNORECASE)
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
MAX_WAIT_SECONDS = 60
# Moves the host's clock on by so many seconds and runs what fell due; returns a line
# to show (e.g. the new time).
Advance = Callable[[float], Awaitable[str]]


class TerminalChat:
    """Render the sandbox chats as text and turn typed lines into user actions."""

    def __init__(
        self,
        sandbox: BotApiSandbox,
        personas: dict[str, int],
        current: str,
        out: TextIO = sys.stdout,
        *,
        settle_quiet: float = 0.3,
        settle_timeout: float = 10.0,
        watch_interval: float = 0.5,
        advance: Advance | None = None,
        flush: Callable[[], Awaitable[object]] | None = None,
    ) -> None:
        if current not in personas:
            raise ValueError(f"unknown persona {current!r}")
        self.sandbox = sandbox
        self.personas = dict(personas)
        self.current = current
        self.out = out
        self.settle_quiet = settle_quiet
        self.settle_timeout = settle_timeout
        self.watch_interval = watch_interval
        self._seen = 0
        self._menus: dict[int, list[list[str]] | None] = {}
        self._numbered: list[tuple[int, str, str]] = []  # (message_id, callback_data, label)
        self._transcript: list[str] = []
        self._advance = advance
        # Sends whatever the bot queued (its outbox) before the next line is played.
        self._flush = flush
        self._answers_seen = len(sandbox.callback_answers)
        for name, user_id in self.personas.items():
            if user_id not in sandbox.users:
                sandbox.add_user(user_id, name)

    @property
    def user_id(self) -> int:
        """The current persona's user (and private chat) id."""
        return self.personas[self.current]

    async def run_script(self, lines: Iterable[str]) -> str:
        """Play script lines in order; return (and print) the transcript."""
        start = len(self._transcript)
        self._render_new()
        for line in lines:
            await self.handle(line, interactive=False)
        return "".join(f"{line}\n" for line in self._transcript[start:])

    async def run_interactive(self, input_fn: InputFn) -> None:
        """Read lines from `input_fn(prompt)` until /quit or EOF, showing proactive messages."""
        self._render_new()
        while True:
            try:
                line = await self._read(input_fn)
            except EOFError:
                break
            if line.strip() == "/quit":
                break
            await self.handle(line, interactive=True)

    async def handle(self, line: str, *, interactive: bool = False) -> None:
        """Act on one input line, wait for the bot to settle, render what it sent."""
        text = line.strip()
        if not text or text.startswith("#"):
            return
        if text.startswith("@"):
            self._switch(text[1:].strip())
            return
        if timed := _TIME.fullmatch(text):
            await self._pass_time(timed.group(1).lower(), timed.group(2), timed.group(3).lower())
            return
        acted = await self._act(text, interactive)
        if acted:
            await self._settle_and_render()

    async def _act(self, text: str, interactive: bool) -> bool:
        """Send, press or tap; False (after printing why) if nothing was done."""
        try:
            if button := _BUTTON.fullmatch(text):
                self._press_label(button.group(1))
            elif interactive and text.isdigit() and 1 <= int(text) <= len(self._numbered):
                self._press_number(int(text))
            else:
                literal = text[1:] if text.startswith("\\") else text
                self._say(literal)
                self.sandbox.send_text(self.user_id, literal)
        except ValueError as error:
            self._error(str(error))
            return False
        return True

    def _press_label(self, label: str) -> None:
        """Inline button first, else a reply-keyboard button (sent as its label)."""
        try:
            message, chosen, data = self.sandbox.resolve_label(self.user_id, label)
        except AmbiguousLabel:
            raise
        except ValueError:
            self._tap(label)
            return
        self.sandbox.press(self.user_id, message.message_id, data)
        self._say(f"[{chosen}]")

    def _tap(self, label: str) -> None:
        """Tap a reply-keyboard button and echo the text Telegram sends for it."""
        try:
            self.sandbox.tap_reply_button(self.user_id, label)
        except AmbiguousLabel:
            raise
        except ValueError:
            raise ValueError(f"no button labelled {label!r} in {self.current}'s chat") from None
        self._say(self.sandbox.messages(self.user_id)[-1].text or label)

    def _press_number(self, number: int) -> None:
        """Press button `number` of the last rendered list."""
        message_id, data, label = self._numbered[number - 1]
        self.sandbox.press(self.user_id, message_id, data)
        self._say(f"[{label}]")

    def _switch(self, name: str) -> None:
        """Change persona."""
        match = next((p for p in self.personas if p.casefold() == name.casefold()), None)
        if match is None:
            known = ", ".join(self.personas)
            self._error(f"unknown persona {name!r} (known: {known})")
            return
        name = self.current = match
        self._numbered = []
        self._emit(f"— now chatting as {name} —")

    async def _pass_time(self, kind: str, amount: str, unit: str) -> None:
        """`wait 3s`: real time passes; `advance 10m`: the demo clock jumps and what fell
        due (tips, alert ladders, time-outs) is run and sent."""
        seconds = int(amount) * _UNIT_SECONDS[unit]
        if kind == "wait":
            if seconds > MAX_WAIT_SECONDS:
                self._error(f"wait at most {MAX_WAIT_SECONDS}s; use advance to skip ahead")
                return
            self._emit(f"⏳ wait {amount}{unit}")
            await asyncio.sleep(seconds)
        else:
            if self._advance is None:
                self._error("advance needs a demo clock (tunghang demo)")
                return
            self._emit(f"⏩ advance {amount}{unit} — " + await self._advance(seconds))
        await self._settle_and_render()

    async def _settle_and_render(self) -> None:
        """Wait for the bot to finish reacting and its outbox to be sent, then show what
        changed."""
        settled = await self.sandbox.settle(self.settle_quiet, self.settle_timeout)
        if self._flush is not None:
            await self._flush()
            settled = await self.sandbox.settle(self.settle_quiet, self.settle_timeout) and settled
        self._render_new()
        if not settled:
            self._error(f"the bot was still busy after {self.settle_timeout:g} s")

    async def _read(self, input_fn: InputFn) -> str:
        """Read a line without blocking the event loop, rendering proactive messages meanwhile."""
        prompt = f"{self.current}> "
        watcher = asyncio.create_task(self._watch())
        try:
            if inspect.iscoroutinefunction(input_fn):
                return await input_fn(prompt)
            # Not a coroutine function, so a plain reader (iscoroutinefunction does not narrow).
            return await _read_in_daemon_thread(input_fn, prompt)  # type: ignore[arg-type]
        finally:
            watcher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await watcher

    async def _watch(self) -> None:
        """While waiting for input, print what the bot sends on its own (tips, alerts)."""
        while True:
            await asyncio.sleep(self.watch_interval)
            if self.sandbox.last_event_seq > self._seen:
                await self.sandbox.settle(self.settle_quiet, self.settle_timeout)
                self._render_new()

    # ------------------------------------------------------------------ rendering

    def _render_new(self) -> None:
        """Print bot messages created or edited since the last render."""
        events = self.sandbox.events_since(self._seen)
        self._seen = self.sandbox.last_event_seq
        changed: dict[tuple[int, int], str] = {}
        for event in events:
            if event.kind in ("new", "edited"):
                key = (event.chat_id, event.message_id)
                changed[key] = "new" if changed.get(key) == "new" else event.kind
        for (chat_id, message_id), kind in changed.items():
            message = self._message(chat_id, message_id)
            if message is not None and message.from_bot and not message.deleted:
                self._render_message(message, edited=kind == "edited")
        self._render_toasts()

    def _render_toasts(self) -> None:
        """Button answers with text: Telegram shows them as a toast (or an alert)."""
        answers = self.sandbox.callback_answers
        for answer in answers[self._answers_seen :]:
            if answer.text:
                kind = "⚠ alert: " if answer.show_alert else ""
                self._emit(f"💬 {kind}{answer.text}")
        self._answers_seen = len(answers)

    def _message(self, chat_id: int, message_id: int) -> SandboxMessage | None:
        """A stored message by id."""
        for message in self.sandbox.messages(chat_id, include_deleted=True):
            if message.message_id == message_id:
                return message
        return None

    def _render_message(self, message: SandboxMessage, *, edited: bool) -> None:
        """One bot message: text, numbered buttons, menu change."""
        prefix = "🤖 " if message.chat_id == self.user_id else f"🤖 → {self._chat_name(message)}: "
        body = _body(message)
        self._emit(prefix + ("(edited) " if edited else "") + body.replace("\n", "\n   "))
        self._render_buttons(message)
        self._render_menu(message)

    def _render_buttons(self, message: SandboxMessage) -> None:
        """Rows of "[n] Label"; the current chat's list becomes the numbered list."""
        numbered: list[tuple[int, str, str]] = []
        for row in message.buttons:
            cells = []
            for label, data in row:
                if data is None:
                    cells.append(f"[↗] {label}")
                    continue
                numbered.append((message.message_id, data, label))
                cells.append(f"[{len(numbered)}] {label}")
            self._emit("  ".join(cells))
        if numbered and message.chat_id == self.user_id:
            self._numbered = numbered

    def _render_menu(self, message: SandboxMessage) -> None:
        """Show the reply keyboard only when it changes."""
        chat_id = message.chat_id
        if message.reply_keyboard is not None:
            if self._menus.get(chat_id) != message.reply_keyboard:
                labels = " · ".join(label for row in message.reply_keyboard for label in row)
                self._emit(f"(menu: {labels})")
            self._menus[chat_id] = message.reply_keyboard
        elif message.remove_keyboard and self._menus.get(chat_id) is not None:
            self._emit("(menu hidden)")
            self._menus[chat_id] = None

    def _chat_name(self, message: SandboxMessage) -> str:
        """Persona name (or group title) of a chat other than the current one."""
        for name, user_id in self.personas.items():
            if user_id == message.chat_id:
                return name
        chat = self.sandbox.chats.get(message.chat_id)
        return (chat.title if chat and chat.title else None) or str(message.chat_id)

    def _say(self, text: str) -> None:
        """Echo a user turn."""
        self._emit(f"👤 {self.current}: {text}")

    def _error(self, text: str) -> None:
        """A one-line problem report; the session continues."""
        self._emit(f"⚠ {text}")

    def _emit(self, line: str) -> None:
        """Print and keep for the transcript."""
        self._transcript.append(line)
        self.out.write(line + "\n")
        self.out.flush()


async def _read_in_daemon_thread(input_fn: Callable[[str], str], prompt: str) -> str:
    """Call a blocking reader in a daemon thread, awaiting its line."""
    # Not asyncio.to_thread: a pending input() there keeps the process alive after Ctrl-C.
    loop = asyncio.get_running_loop()
    future: asyncio.Future[str] = loop.create_future()

    def deliver(line: str | None, error: BaseException | None) -> None:
        if future.done():
            return
        if error is not None:
            future.set_exception(error)
        else:
            future.set_result(line or "")

    def work() -> None:
        line: str | None = None
        error: BaseException | None = None
        try:
            line = input_fn(prompt)
        except BaseException as exc:  # EOFError, KeyboardInterrupt: the loop re-raises them
            error = exc
        with contextlib.suppress(RuntimeError):  # the loop may be closed already
            loop.call_soon_threadsafe(deliver, line, error)

    threading.Thread(target=work, name="terminal-input", daemon=True).start()
    return await future


def _body(message: SandboxMessage) -> str:
    """What a bot message shows: text, or a file line with its caption."""
    if message.document is not None:
        size = len(message.document.data)
        head = f"📎 {message.document.filename} ({size} bytes)"
    elif message.photo is not None:
        head = f"🖼 {message.photo.filename}"
    else:
        return message.text or ""
    return f"{head} — {message.caption}" if message.caption else head
