"""Proactive delivery: the outbox, its dispatcher, and one rate limit for everything sent.

outbox.py       enqueue()/enqueue_many(): the API features call (read its docstring)
lanes.py        Lane.ALERT > Lane.REPLY (follow-ups) > Lane.CHECKIN > Lane.TIP
dispatcher.py   the long-running task that sends due rows and records outcomes
ratelimit.py    SharedRateLimiter: Telegram's limits, interactive replies first
reachability.py 403 → person unreachable, their social worker told once
"""

from bot.delivery.lanes import Lane, Outgoing

__all__ = ["Lane", "Outgoing"]
