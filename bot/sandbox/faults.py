"""Fault injection and Telegram's flood limits for the sandbox."""

from __future__ import annotations

import math
import random
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

__all__ = ["FAULT_KINDS", "SEND_METHODS", "Fault", "FaultPlan", "RateLimiter"]

FAULT_KINDS = ("retry_after", "server_error", "timeout", "blocked", "deactivated")

# Methods that deliver something to a chat: the ones flood limits and chaos apply to.
SEND_METHODS = frozenset(
    {
        "sendmessage", "senddocument", "sendphoto", "sendchataction", "editmessagetext",
        "editmessagereplymarkup", "answercallbackquery", "deletemessage",
    }
)  # fmt: skip
# Only these count against the messages-per-second limits, as on Telegram.
LIMITED_METHODS = frozenset({"sendmessage", "senddocument", "sendphoto"})

_OPTIONS = {
    "retry_after": {"retry_after"},
    "timeout": {"delay", "applied"},
    "server_error": set(),
    "blocked": set(),
    "deactivated": set(),
}


@dataclass
class Fault:
    """One planned failure: which method (None = any but getUpdates), what, how often."""

    method: str | None
    kind: str
    remaining: int
    options: dict[str, Any] = field(default_factory=dict)

    def matches(self, method: str) -> bool:
        """Whether this fault applies to a call of `method` (lower-case)."""
        if self.method is None:
            return method != "getupdates"
        return self.method == method

    @property
    def retry_after(self) -> int:
        """Seconds a 429 asks the bot to wait."""
        return int(self.options.get("retry_after", 1))

    @property
    def delay(self) -> float:
        """How long the HTTP server holds a timed-out request (past PTB's 5 s default)."""
        return float(self.options.get("delay", 6.0))

    @property
    def applied(self) -> bool:
        """Whether a timed-out request was carried out anyway (the response got lost)."""
        return bool(self.options.get("applied", False))


def _check_kind(kind: str, options: dict[str, Any]) -> None:
    """Refuse unknown kinds and options early, where the test wrote them."""
    if kind not in _OPTIONS:
        raise ValueError(f"unknown fault kind {kind!r}; expected one of {FAULT_KINDS}")
    unknown = set(options) - _OPTIONS[kind]
    if unknown:
        raise ValueError(f"fault {kind!r} takes no option(s) {sorted(unknown)}")


class FaultPlan:
    """Queued faults (consumed in order) plus optional seeded random chaos."""

    def __init__(self) -> None:
        self._queued: list[Fault] = []
        self._rate = 0.0
        self._kinds: tuple[str, ...] = ()
        self._methods: frozenset[str] = SEND_METHODS
        self._rng = random.Random(0)
        self._random_options: dict[str, Any] = {}

    def queue(self, method: str | None, kind: str, count: int = 1, **kw: Any) -> None:
        """Fail the next `count` calls of `method` (None: any method but getUpdates)."""
        _check_kind(kind, kw)
        if count < 1:
            raise ValueError("count must be at least 1")
        name = method.lower() if method else None
        self._queued.append(Fault(name, kind, count, dict(kw)))

    def set_random(
        self,
        rate: float,
        kinds: Iterable[str] = ("retry_after", "server_error", "timeout"),
        seed: int = 0,
        methods: Iterable[str] | None = None,
        **kw: Any,
    ) -> None:
        """Fail a `rate` fraction of calls to `methods` (default: sends) with random `kinds`."""
        kinds = tuple(kinds)
        for kind in kinds:
            _check_kind(kind, {k: v for k, v in kw.items() if k in _OPTIONS[kind]})
        if not 0.0 <= rate <= 1.0:
            raise ValueError("rate must be within [0, 1]")
        self._rate, self._kinds, self._rng = rate, kinds, random.Random(seed)
        self._random_options = dict(kw)
        self._methods = frozenset(m.lower() for m in methods) if methods else SEND_METHODS

    def clear(self) -> None:
        """Drop queued faults and switch random faults off."""
        self._queued.clear()
        self._rate = 0.0

    @property
    def pending(self) -> list[Fault]:
        """Queued faults not yet used up."""
        return list(self._queued)

    def take(self, method: str) -> Fault | None:
        """The fault for this call of `method` (lower-case), if any; consumes it."""
        for fault in self._queued:
            if fault.matches(method):
                fault.remaining -= 1
                if fault.remaining <= 0:
                    self._queued.remove(fault)
                return fault
        if self._rate and method in self._methods and self._rng.random() < self._rate:
            kind = self._rng.choice(self._kinds)
            options = {k: v for k, v in self._random_options.items() if k in _OPTIONS[kind]}
            return Fault(method, kind, 0, options)
        return None


class RateLimiter:
    """Sliding one-second windows: messages overall and per chat, as Telegram enforces."""

    def __init__(
        self, global_per_second: int | None, per_chat_per_second: int | None, window: float = 1.0
    ) -> None:
        self.global_per_second = global_per_second
        self.per_chat_per_second = per_chat_per_second
        self.window = window
        self._all: deque[float] = deque()
        self._chats: dict[int, deque[float]] = {}

    def admit(self, chat_id: int, now: float) -> tuple[str, int] | None:
        """Record a send at `now`, or return (which limit, retry_after seconds) if over."""
        chat = self._chats.setdefault(chat_id, deque())
        for times in (self._all, chat):
            while times and times[0] <= now - self.window:
                times.popleft()
        if self.global_per_second is not None and len(self._all) >= self.global_per_second:
            return "global", self._retry_after(self._all, now)
        if self.per_chat_per_second is not None and len(chat) >= self.per_chat_per_second:
            return "chat", self._retry_after(chat, now)
        self._all.append(now)
        chat.append(now)
        return None

    def _retry_after(self, times: deque[float], now: float) -> int:
        """Whole seconds until the oldest send leaves the window (Telegram sends integers)."""
        return max(1, math.ceil(times[0] + self.window - now))
