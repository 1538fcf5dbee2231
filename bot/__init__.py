"""Tung Hang 同行: a Telegram companion for older-adult peer supporters."""

import os

# Opt in to PTB 22's timedelta values for durations (RetryAfter.retry_after and friends);
# without it PTB warns on every 429, and our tests treat warnings as errors.
os.environ.setdefault("PTB_TIMEDELTA", "1")
