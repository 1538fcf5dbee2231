"""Invite codes: random, single-use, expiring, stored only as a hash."""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import re
import secrets
import unicodedata

from bot.domain.privacy import looks_sensitive

# Telegram deep-link payloads allow A-Z a-z 0-9 _ - and up to 64 characters.
_CODE_RE = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
MAX_NAME_CHARS = 60
MAX_NAME_WORDS = 6  # "Chan Siu Fong (May)"; a sentence is not a name


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


def clean_invitee_name(text: str) -> str | None:
    """The invitee's name as typed, tidied (spaces collapsed); None if it can't be a name:
    empty, longer than MAX_NAME_CHARS or MAX_NAME_WORDS, a command, control characters,
    digits (an HKID or phone number is never kept), or a question (someone who typed
    their question here rather than a name)."""
    name = " ".join(text.split())
    if not name or len(name) > MAX_NAME_CHARS or name.startswith("/"):
        return None
    if len(name.split()) > MAX_NAME_WORDS or any(c in "?？!！" for c in name):
        return None
    if any(unicodedata.category(c).startswith("C") or c.isdigit() for c in name):
        return None
    if looks_sensitive(name) or not any(c.isalpha() for c in name):
        return None
    return name
