"""Reply markup validation the way Telegram does it, reduced to what the sandbox stores."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.sandbox.models import JSON, ApiError

__all__ = ["Markup", "parse_markup"]

# An inline button must carry exactly one of these.
_INLINE_ACTIONS = (
    "callback_data", "url", "login_url", "switch_inline_query",
    "switch_inline_query_current_chat", "switch_inline_query_chosen_chat", "web_app",
    "callback_game", "pay", "copy_text",
)  # fmt: skip
_MAX_CALLBACK_BYTES = 64


@dataclass(frozen=True)
class Markup:
    """What a reply_markup parameter asks for."""

    inline: list[list[JSON]] | None = None
    reply: list[list[str]] | None = None
    remove: bool = False
    force_reply: bool = False


def parse_markup(raw: Any) -> Markup:
    """Validate a reply_markup object (already JSON-decoded); None means no markup."""
    if raw is None or raw == {}:
        return Markup()
    if not isinstance(raw, dict):
        raise ApiError(400, "Bad Request: can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in raw:
        return Markup(inline=_inline_rows(raw["inline_keyboard"]))
    if "keyboard" in raw:
        return Markup(reply=_reply_rows(raw["keyboard"]))
    if raw.get("remove_keyboard"):
        return Markup(remove=True)
    if raw.get("force_reply"):
        return Markup(force_reply=True)
    raise ApiError(400, "Bad Request: can't parse reply keyboard markup JSON object")


def _rows(raw: Any) -> list[list[Any]]:
    """Keyboards are arrays of arrays."""
    if not isinstance(raw, list) or not all(isinstance(row, list) for row in raw):
        raise ApiError(400, "Bad Request: can't parse reply keyboard markup JSON object")
    return raw


def _inline_rows(raw: Any) -> list[list[JSON]]:
    """Validate inline buttons: a label and exactly one action, callback_data 1–64 bytes."""
    rows = [[_inline_button(button) for button in row] for row in _rows(raw)]
    return [row for row in rows if row]


def _inline_button(button: Any) -> JSON:
    """Validate one inline button and keep a copy of it."""
    if not isinstance(button, dict) or not str(button.get("text", "")).strip():
        raise ApiError(400, "Bad Request: text buttons are unallowed in the inline keyboard")
    actions = [name for name in _INLINE_ACTIONS if button.get(name) is not None]
    if len(actions) != 1:
        raise ApiError(400, "Bad Request: text buttons are unallowed in the inline keyboard")
    data = button.get("callback_data")
    if data is not None:
        size = len(str(data).encode("utf-8"))
        if not isinstance(data, str) or not 1 <= size <= _MAX_CALLBACK_BYTES:
            raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
    url = button.get("url")
    if url is not None and not str(url).startswith(("http://", "https://", "tg://")):
        raise ApiError(400, "Bad Request: BUTTON_URL_INVALID")
    return dict(button)


def _reply_rows(raw: Any) -> list[list[str]]:
    """Reply keyboard buttons are strings or objects with a text."""
    rows: list[list[str]] = []
    for row in _rows(raw):
        labels = [b.get("text", "") if isinstance(b, dict) else str(b) for b in row]
        if any(not label.strip() for label in labels):
            raise ApiError(400, "Bad Request: keyboard button text is empty")
        if labels:
            rows.append(labels)
    return rows
