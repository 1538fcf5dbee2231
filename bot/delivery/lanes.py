"""Priority lanes for proactive messages, and the tag the dispatcher gives its sends."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Lane(enum.IntEnum):
    """Lower drains first. Interactive replies (handlers answering an update) are not a lane:
    they never wait in the outbox and share the top priority with alerts on the limiter."""

    ALERT = 0  # escalation alerts and re-alerts, "your supporter is unreachable"
    REPLY = 1  # replies and follow-ups the bot owes after the conversation moved on
    CHECKIN = 2
    TIP = 3

    FOLLOW_UP = 1  # an alias of REPLY


# The priority interactive replies get on the shared limiter (the same as alerts).
INTERACTIVE_PRIORITY = int(Lane.ALERT)


@dataclass(frozen=True, slots=True)
class Outgoing:
    """`rate_limit_args` of a send made by the dispatcher (interactive sends carry none)."""

    lane: Lane

    @property
    def priority(self) -> int:
        return int(self.lane)
