"""Invite codes: random, single-use, expiring, stored only as a hash."""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import re
import secrets

# Telegram deep-link payloads allow A-Z a-z 0-9 _ - and up to 64 characters.
_CODE_RE = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


class InviteStatus(enum.StrEnum):
    VALID = "valid"
    UNKNOWN = "unknown"
    USED = "used"
    EXPIRED = "expired"


def new_code() -> str:
    """A fresh code: 16 URL-safe characters, about 96 bits of randomness."""
    return secrets.token_urlsafe(12)


def hash_code(code: str) -> str:
    return hashlib.sha256(code.encode("utf-8")).hexdigest()


def looks_like_code(text: str) -> bool:
    return bool(_CODE_RE.match(text))


def invite_link(bot_username: str, code: str) -> str:
    return f"https://t.me/{bot_username}?start={code}"


def status_of(
    *, used_at: dt.datetime | None, expires_at: dt.datetime, now: dt.datetime
) -> InviteStatus:
    if used_at is not None:
        return InviteStatus.USED
    if now >= expires_at:
        return InviteStatus.EXPIRED
    return InviteStatus.VALID
