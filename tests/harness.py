"""Drive the real Application like a user would, through the sandbox Bot API."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from telegram import Update

from bot.app import build_application
from bot.config import Settings
from bot.context import Services, TungHangApp
from bot.delivery.ratelimit import SharedRateLimiter
from bot.i18n import Catalogs
from bot.library import Library
from bot.sandbox.models import SandboxMessage
from bot.sandbox.request import SandboxRequest
from bot.sandbox.state import BotApiSandbox


class FakeClock:
    """A clock the tests move by hand; services read `now` from it."""

    def __init__(self, start: dt.datetime) -> None:
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


@dataclass
class Harness:
    app: TungHangApp
    sandbox: BotApiSandbox
    clock: FakeClock
    offset: int = 0

    @property
    def services(self) -> Services:
        return self.app.bot_data["services"]  # type: ignore[no-any-return]

    async def deliver(self) -> None:
        """Fetch pending updates through getUpdates and process each, in order."""
        while True:
            reply = await self.sandbox.call("getUpdates", {"offset": self.offset, "timeout": 0})
            updates = reply["result"]
            if not updates:
                return
            for data in updates:
                self.offset = data["update_id"] + 1
                await self.app.process_update(Update.de_json(data, self.app.bot))

    def _changed_since(self, chat_id: int, seq: int) -> list[SandboxMessage]:
        """The bot's messages in a chat that were sent or edited after event `seq`, in order."""
        ids: list[int] = []
        for event in self.sandbox.events_since(seq):
            if event.chat_id == chat_id and event.kind != "deleted" and event.message_id not in ids:
                ids.append(event.message_id)
        current = {m.message_id: m for m in self.sandbox.messages(chat_id)}
        return [current[i] for i in ids if i in current and current[i].from_bot]

    async def say(self, user_id: int, text: str) -> list[SandboxMessage]:
        """Send text as the user; return the bot's new or edited messages in that chat."""
        seq = self.sandbox.last_event_seq
        self.sandbox.send_text(user_id, text)
        await self.deliver()
        return self._changed_since(user_id, seq)

    async def press(
        self, user_id: int, label: str, message_id: int | None = None
    ) -> list[SandboxMessage]:
        """Tap an inline button by its label; return the bot's new or edited messages."""
        seq = self.sandbox.last_event_seq
        self.sandbox.press_label(user_id, label, message_id=message_id)
        await self.deliver()
        return self._changed_since(user_id, seq)

    async def act(self, user_id: int, action) -> list[SandboxMessage]:  # type: ignore[no-untyped-def]
        """Run any sandbox user action (sticker, edit…) and return what the bot changed."""
        seq = self.sandbox.last_event_seq
        action()
        await self.deliver()
        return self._changed_since(user_id, seq)

    async def tick(self) -> int:
        """One pass of the scheduler's tick at the fake clock's time (tips, flag timers…)."""
        from bot import jobs

        return await jobs.run_due_work(self.services, self.app.bot_data["due_work"])

    async def flush(self) -> int:
        """Send everything the outbox owes now and wait for the outcomes."""
        return await self.app.bot_data["dispatcher"].drain()

    def last(self, chat_id: int) -> SandboxMessage:
        message = self.sandbox.last_bot_message(chat_id)
        assert message is not None, "the bot sent nothing"
        return message


@asynccontextmanager
async def start_harness(
    settings: Settings, clock: FakeClock, library: Library, catalogs: Catalogs
) -> AsyncIterator[Harness]:
    sandbox = BotApiSandbox(token=settings.token, bot_username="TungHangBot")
    app = build_application(
        settings,
        request=SandboxRequest(sandbox),
        clock=clock,
        library_=library,
        catalogs=catalogs,
        migrate=False,  # the fixture database is already migrated
        # Tests move a fake clock, but the limiter's one-second spacing per chat is real
        # time: outbox messages to someone just answered waited ~1 s each, about 90 s of
        # the suite spent asleep. Spacing has its own tests (test_delivery_ratelimit.py,
        # tests/e2e/test_delivery_restart.py) and bench/broadcast.py measures it.
        rate_limiter=SharedRateLimiter(per_chat_interval=0.0),
    )
    async with app:
        await app.post_init(app)  # type: ignore[misc]
        yield Harness(app, sandbox, clock)
        await app.post_shutdown(app)  # type: ignore[misc]
