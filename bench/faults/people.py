"""Simulated people acting through the sandbox, waiting for what the bot tells them."""

from __future__ import annotations

import asyncio
import contextlib
import random
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bench.faults.process import until
from bot.sandbox.models import SandboxMessage
from bot.sandbox.state import BotApiSandbox

# --------------------------------------------------------------------------- people


class Person_:
    """Someone in a chat with the bot: acts, then waits for what they expect to see; a step
    that goes unanswered for `patience` s is done again (as a person taps again)."""

    def __init__(self, sandbox: BotApiSandbox, user_id: int, rng: random.Random) -> None:
        self.sandbox = sandbox
        self.user_id = user_id
        self.rng = rng
        self.repeats = 0  # steps done again because nothing came back

    def bot_messages(self) -> list[SandboxMessage]:
        return self.sandbox.bot_messages(self.user_id)

    def last_id(self) -> int:
        messages = self.sandbox.messages(self.user_id)
        return messages[-1].message_id if messages else 0

    def new_with_button(self, after: int, prefix: str) -> SandboxMessage | None:
        """The newest message after `after` with such a button: a person answers the card
        at the bottom of the chat (a newer card retires the older ones)."""
        found = None
        for message in self.bot_messages():
            if message.message_id > after and any(
                (data or "").startswith(prefix) for row in message.buttons for _, data in row
            ):
                found = message
        return found

    def new_starting(self, after: int, start: str) -> SandboxMessage | None:
        for message in self.bot_messages():
            if message.message_id > after and (message.text or "").startswith(start):
                return message
        return None

    def message(self, message_id: int) -> SandboxMessage | None:
        for message in self.sandbox.messages(self.user_id):
            if message.message_id == message_id:
                return message
        return None

    def button(self, message: SandboxMessage, prefix: str) -> str | None:
        for row in message.buttons:
            for _, data in row:
                if (data or "").startswith(prefix):
                    return data
        return None

    async def think(self) -> None:
        await asyncio.sleep(self.rng.uniform(0.15, 0.4))

    async def step(
        self,
        act: Callable[[], object],
        seen: Callable[[], Any],
        *,
        patience: float,
        deadline: float,
    ) -> Any:
        """Do `act` until `seen()` returns something (then return it) or `deadline`."""
        first = True
        while time.monotonic() < deadline:
            if not first:
                self.repeats += 1
            first = False
            with contextlib.suppress(ValueError):  # the button is gone (the step went through)
                act()
            if await until(lambda: bool(seen()), min(patience, deadline - time.monotonic())):
                return seen()
        return None

    def press_on(self, message_id: int, prefix: str) -> None:
        message = self.message(message_id)
        data = self.button(message, prefix) if message else None
        if data is None:
            raise ValueError("no such button")
        self.sandbox.press(self.user_id, message_id, data)


@dataclass
class Script:
    """What one scripted person got done, as they saw it."""

    user_id: int
    confirmed: list[int] = field(default_factory=list)  # card ids (hours) or flag ids
    finished: bool = False
    repeats: int = 0


async def log_hours(person: Person_, entries: int, patience: float, deadline: float) -> Script:
    """`/log 1.5h visit`, ✅ Save, until "✅ Saved" — `entries` times, each a different
    length (the same entry twice within minutes asks "add another?" first). A card that
    answers "That card was cancelled" (a restart between showing it and remembering it)
    is logged again, as a person would."""
    script = Script(person.user_id)
    for n in range(entries):
        command = f"/log {90 + 15 * n} min visit"
        for _attempt in range(3):
            outcome = await _log_once(person, command, patience, deadline)
            if outcome != "cancelled":
                break
        if outcome is None or outcome == "cancelled":
            return script
        script.confirmed.append(outcome)
        await person.think()
    script.finished = True
    script.repeats = person.repeats
    return script


async def _log_once(
    person: Person_, command: str, patience: float, deadline: float
) -> int | str | None:
    """One card: the saved card's message id, "cancelled", or None (gave up)."""
    after = person.last_id()
    card = await person.step(
        lambda: person.sandbox.send_text(person.user_id, command),
        lambda: person.new_with_button(after, "hrs:ok:"),
        patience=patience,
        deadline=deadline,
    )
    if card is None:
        return None
    await person.think()

    def press_newest() -> None:
        newest = person.new_with_button(after, "hrs:ok:")
        if newest is not None:  # none left: the card already has its outcome
            person.press_on(newest.message_id, "hrs:ok:")

    def outcome() -> SandboxMessage | None:
        return person.new_starting(after, "✅ Saved") or person.new_starting(
            after, "That card was cancelled"
        )

    ended = await person.step(press_newest, outcome, patience=patience, deadline=deadline)
    if ended is None:
        return None
    saved = person.new_starting(after, "✅ Saved")
    return saved.message_id if saved is not None else "cancelled"


_SENT = re.compile(r"^Sent to .+ \(concern #(\d+)\)")


async def raise_concern(person: Person_, patience: float, deadline: float) -> Script:
    """The whole flag flow by its buttons, until "Sent to … (concern #N)".

    Like a person, it answers whatever the bot last asked: a step whose answer was lost in
    a crash is done again, and one that went through without its answer (saved, then the
    bot died before replying) simply moves on to the next question when it shows."""
    script = Script(person.user_id)
    user, say, press = person.user_id, person.sandbox.send_text, person.sandbox.press

    def where() -> tuple[str, SandboxMessage | None]:
        """The step the chat shows: the newest bot message that asks something."""
        for message in reversed(person.bot_messages()):
            text = message.text or ""
            if _SENT.match(text):
                return "sent", message
            if text.startswith("That step has passed"):
                return "again", message
            if text.startswith("Which client?"):
                return "code", message
            for prefix, step in (
                ("flag:send", "review"),
                ("flag:skip", "description"),
                ("flag:urg:", "urgency"),
                ("flag:cat:", "category"),
            ):
                if person.button(message, prefix):
                    return step, message
        return "start", None

    def shown() -> tuple[str, int, str]:
        step, message = where()
        return step, message.message_id if message else 0, (message.text if message else "")

    while time.monotonic() < deadline:
        step, message = where()
        if step == "sent":
            match = _SENT.match(message.text or "") if message else None
            if match:
                script.confirmed.append(int(match.group(1)))
                script.finished = True
            break
        before = shown()
        with contextlib.suppress(ValueError):  # a button that went away meanwhile
            if step in ("start", "again"):
                say(user, "/flag")
            elif step == "category":
                press(user, message.message_id, "flag:cat:unreachable")
            elif step == "urgency":
                press(user, message.message_id, "flag:urg:today")
            elif step == "code":
                say(user, "C03")
            elif step == "description":
                press(user, message.message_id, "flag:skip")
            elif step == "review":
                press(user, message.message_id, "flag:send")
        wait = min(patience, deadline - time.monotonic())
        if not await until(lambda before=before: shown() != before, wait):
            person.repeats += 1  # nothing came back: the next turn of the loop asks again
        else:
            await person.think()
    script.repeats = person.repeats
    return script
