"""One send budget for the whole bot, with interactive replies first.

Telegram allows a bot about 30 messages a second overall and 1 a second per private chat,
and answers 429 `retry_after` beyond that. Everything the bot sends — a handler's reply to
an update and the dispatcher's outbox traffic — goes through this PTB rate limiter
(`ApplicationBuilder().rate_limiter(...)`), so the two never add up to more than Telegram
allows. Unlike PTB's AIORateLimiter (one FIFO bucket), requests wait in a priority queue:

- Interactive replies (no `rate_limit_args`) and alerts (`Outgoing(Lane.ALERT)`) have the
  top priority and are not paced: they take the next free slot, ahead of any backlog.
- Other outbox lanes (`Outgoing(lane)`, passed by the dispatcher) only use spare
  capacity: they are paced evenly at `background_rate` (default 28.5/s, below the limit,
  so replies always find room) and lower lanes wait for higher ones.
- Overall: at most `per_second` (30) message sends (sendMessage, sendPhoto…; not edits,
  callback answers or chat actions) in any `window` (1 s). A send counts from the moment
  it is let through until one window after its answer came back: Telegram received it
  somewhere in between, so however the network or a busy event loop delays requests,
  Telegram never sees more than 30 in a second.
- Per chat: an outbox message waits until one `per_chat_interval` (1 s) after the answer
  to the chat's previous message, whatever sent it. A handler's replies in a conversation
  are not held back per chat (a reply and its follow-up card go together, as Telegram
  allows short bursts in a chat); if Telegram objects anyway, the 429 pauses the chat.
- A 429 pauses that chat for `retry_after`; if the chat's previous message was more than a
  second earlier (so it was not the per-chat limit), everything pauses too — Telegram is
  telling the bot as a whole to slow down. The request is then retried up to `max_retries`
  times before RetryAfter reaches the caller (the dispatcher then reschedules the row).
"""

from __future__ import annotations

import asyncio
import bisect
import itertools
import logging
import math
import time
from collections import defaultdict, deque
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

from bot.delivery.lanes import INTERACTIVE_PRIORITY, Lane, Outgoing

log = logging.getLogger(__name__)

# Methods that put a message in a chat: the ones Telegram's message limits count.
MESSAGE_METHODS = frozenset(
    {
        "sendMessage", "sendPhoto", "sendDocument", "sendAudio", "sendVideo", "sendVoice",
        "sendAnimation", "sendVideoNote", "sendSticker", "sendLocation", "sendVenue",
        "sendContact", "sendPoll", "sendDice", "sendMediaGroup", "sendInvoice",
        "copyMessage", "copyMessages", "forwardMessage", "forwardMessages",
    }
)  # fmt: skip


@dataclass(order=True)
class _Waiter:
    priority: int
    seq: int
    chat: Any = field(compare=False)
    paced: bool = field(compare=False)  # outbox traffic below alerts: evenly spaced
    spaced: bool = field(compare=False)  # outbox traffic: a second after the chat's last
    future: asyncio.Future[None] = field(compare=False)


@dataclass
class LimiterStats:
    admitted: int = 0
    retry_after: int = 0
    paused_all: int = 0
    paused_chat: int = 0


Callback = Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]]


class SharedRateLimiter(BaseRateLimiter[Outgoing]):
    """See the module docstring."""

    def __init__(
        self,
        *,
        per_second: int = 30,
        window: float = 1.0,
        background_rate: float = 28.5,
        per_chat_interval: float = 1.0,
        margin: float = 0.005,
        max_retries: int = 3,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if not 0 < background_rate <= per_second:
            raise ValueError("background_rate must be positive and at most per_second")
        self._cap = per_second
        self._window = window + margin
        self._gap = 1.0 / background_rate
        self._chat_interval = per_chat_interval + margin
        self._per_chat = per_chat_interval
        self._max_retries = max_retries
        self._clock = clock
        self._in_flight = 0
        self._done: deque[float] = deque()  # when recent sends were answered, oldest first
        self._chat_busy: defaultdict[Any, int] = defaultdict(int)
        self._chat_ready: dict[Any, float] = {}
        self._chat_last: dict[Any, float] = {}
        self._chat_gap: dict[Any, float] = {}  # time between a chat's last two messages
        self._chat_paused: dict[Any, float] = {}  # a 429 for this chat: wait until then
        self._next_paced = 0.0
        self._paused_until = 0.0
        self._waiters: list[_Waiter] = []
        self._seq = itertools.count()
        self._timer: asyncio.TimerHandle | None = None
        self._timer_at = math.inf
        self.stats = LimiterStats()

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Stop the timer and release anyone still waiting (they are being cancelled)."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer, self._timer_at = None, math.inf
        for waiter in self._waiters:
            if not waiter.future.done():
                waiter.future.cancel()
        self._waiters.clear()

    async def process_request(
        self,
        callback: Callback,
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: Outgoing | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        chat = data.get("chat_id")
        if endpoint not in MESSAGE_METHODS or chat is None:
            return await callback(*args, **kwargs)
        outgoing = isinstance(rate_limit_args, Outgoing)
        if isinstance(rate_limit_args, Outgoing):
            priority = rate_limit_args.priority
            paced = rate_limit_args.lane != Lane.ALERT
        else:
            priority, paced = INTERACTIVE_PRIORITY, False
        for attempt in itertools.count():
            await self._acquire(chat, priority, paced, spaced=outgoing)
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as error:
                self._on_retry_after(chat, error)
                if attempt >= self._max_retries:
                    raise
            finally:
                self._complete(chat)
        raise AssertionError("unreachable")  # pragma: no cover

    # ------------------------------------------------------------------ admission

    async def _acquire(self, chat: Any, priority: int, paced: bool, *, spaced: bool) -> None:
        loop = asyncio.get_running_loop()
        waiter = _Waiter(priority, next(self._seq), chat, paced, spaced, loop.create_future())
        bisect.insort(self._waiters, waiter)
        self._pump()
        try:
            await waiter.future
        except asyncio.CancelledError:
            if waiter.future.done() and not waiter.future.cancelled():
                self._complete(chat)  # admitted, then cancelled before sending
            if waiter in self._waiters:
                self._waiters.remove(waiter)
            raise

    def _occupied(self, now: float) -> int:
        """Sends in flight, plus those answered less than a window ago."""
        while self._done and self._done[0] <= now - self._window:
            self._done.popleft()
        return self._in_flight + len(self._done)

    def _pump(self) -> None:
        """Admit every waiter that may go now, best priority first; arm a timer for the rest."""
        now = self._clock()
        wake_at = math.inf
        if now < self._paused_until:
            wake_at = self._paused_until
        else:
            remaining: list[_Waiter] = []
            for index, waiter in enumerate(self._waiters):
                if waiter.future.done():
                    continue
                if self._occupied(now) >= self._cap:
                    if self._done:  # else a send in flight will finish and pump again
                        wake_at = min(wake_at, self._done[0] + self._window)
                    remaining.extend(self._waiters[index:])
                    break
                ready = self._chat_paused.get(waiter.chat, 0.0)
                if waiter.spaced:
                    if self._chat_busy.get(waiter.chat, 0):
                        remaining.append(waiter)  # its answer will pump again
                        continue
                    ready = max(ready, self._chat_ready.get(waiter.chat, 0.0))
                if waiter.paced:
                    ready = max(ready, self._next_paced)
                if ready > now:
                    wake_at = min(wake_at, ready)
                    remaining.append(waiter)
                    continue
                self._admit(waiter, now)
            self._waiters = [w for w in remaining if not w.future.done()]
        if self._waiters and wake_at < math.inf:
            self._arm(wake_at, now)

    def _admit(self, waiter: _Waiter, now: float) -> None:
        self._in_flight += 1
        self._chat_busy[waiter.chat] += 1
        previous = self._chat_last.get(waiter.chat)
        if previous is not None:
            self._chat_gap[waiter.chat] = now - previous
        else:
            self._chat_gap.pop(waiter.chat, None)
        self._chat_last[waiter.chat] = now
        if waiter.paced:
            self._next_paced = now + self._gap
        self.stats.admitted += 1
        waiter.future.set_result(None)

    def _complete(self, chat: Any) -> None:
        """A send was answered (or failed): it keeps counting for one more window."""
        now = self._clock()
        self._in_flight -= 1
        self._done.append(now)
        self._chat_busy[chat] -= 1
        if self._chat_busy[chat] <= 0:
            del self._chat_busy[chat]
        self._chat_ready[chat] = max(self._chat_ready.get(chat, 0.0), now + self._chat_interval)
        if len(self._chat_ready) > 4096:
            self._forget_idle_chats(now)
        self._pump()

    def _forget_idle_chats(self, now: float) -> None:
        for chat in [c for c, ready in self._chat_ready.items() if ready < now]:
            del self._chat_ready[chat]
            self._chat_last.pop(chat, None)
            self._chat_gap.pop(chat, None)
        for chat in [c for c, until in self._chat_paused.items() if until < now]:
            del self._chat_paused[chat]

    def _arm(self, at: float, now: float) -> None:
        if self._timer is not None and self._timer_at <= at:
            return
        if self._timer is not None:
            self._timer.cancel()
        self._timer_at = at
        self._timer = asyncio.get_running_loop().call_later(max(0.0, at - now), self._on_timer)

    def _on_timer(self) -> None:
        self._timer, self._timer_at = None, math.inf
        self._pump()

    # ------------------------------------------------------------------ 429

    def _on_retry_after(self, chat: Any, error: RetryAfter) -> None:
        seconds = error.retry_after
        wait = seconds.total_seconds() if hasattr(seconds, "total_seconds") else float(seconds)
        now = self._clock()
        self.stats.retry_after += 1
        self._chat_paused[chat] = max(self._chat_paused.get(chat, 0.0), now + wait)
        self.stats.paused_chat += 1
        # Our own spacing keeps a chat's outbox messages a second apart; a 429 anyway
        # means the bot as a whole is over Telegram's limit, so everyone waits.
        gap = self._chat_gap.get(chat)
        own_limit = gap is not None and gap < self._per_chat
        if not own_limit:
            self._paused_until = max(self._paused_until, now + wait)
            self.stats.paused_all += 1
        log.info("Telegram asked to wait %.1f s (%s)", wait, "chat" if own_limit else "all")

    # ------------------------------------------------------------------ introspection

    @property
    def waiting(self) -> int:
        return sum(1 for w in self._waiters if not w.future.done())
