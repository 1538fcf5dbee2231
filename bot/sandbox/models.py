"""Plain records the sandbox keeps: users, chats, messages, calls, errors."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

JSON = dict[str, Any]

__all__ = [
    "JSON",
    "ApiCall",
    "ApiError",
    "ChatEvent",
    "SandboxChat",
    "SandboxFile",
    "SandboxMessage",
    "SandboxStats",
    "SandboxTimeout",
    "SandboxUser",
    "StoredFile",
]


class ApiError(Exception):
    """A Bot API error answer: raised inside method implementations, turned into an envelope."""

    def __init__(self, code: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.retry_after = retry_after

    def envelope(self) -> JSON:
        """The JSON body Telegram sends for this error."""
        body: JSON = {"ok": False, "error_code": self.code, "description": self.description}
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


class SandboxTimeout(Exception):
    """A "timeout" fault: the transport must fail the way a request that never answered does."""

    def __init__(self, delay: float, envelope: JSON) -> None:
        super().__init__(f"injected timeout ({delay:g} s)")
        self.delay = delay
        self.envelope = envelope


class SandboxFile(NamedTuple):
    """A file as the test sees it; unpacks as (filename, data)."""

    filename: str
    data: bytes


@dataclass
class StoredFile:
    """A file known to the sandbox, addressable by file_id and by file_path."""

    file_id: str
    file_unique_id: str
    filename: str
    data: bytes
    mime_type: str | None
    file_path: str

    def as_file(self) -> SandboxFile:
        """The (filename, data) view."""
        return SandboxFile(self.filename, self.data)


@dataclass
class SandboxUser:
    """A Telegram user the sandbox plays."""

    user_id: int
    first_name: str
    username: str | None = None
    language_code: str | None = "en"
    is_bot: bool = False
    deactivated: bool = False

    def to_api(self) -> JSON:
        """The Bot API User object."""
        data: JSON = {"id": self.user_id, "is_bot": self.is_bot, "first_name": self.first_name}
        if self.username:
            data["username"] = self.username
        if self.language_code and not self.is_bot:
            data["language_code"] = self.language_code
        return data


@dataclass
class SandboxChat:
    """A private chat (id = user id) or a group the bot was added to."""

    chat_id: int
    type: str
    title: str | None = None
    user: SandboxUser | None = None
    next_message_id: int = 1
    messages: list[SandboxMessage] = field(default_factory=list)
    # The reply keyboard the client currently shows (Telegram keeps it until replaced).
    reply_keyboard: list[list[str]] | None = None
    actions: list[str] = field(default_factory=list)

    def to_api(self) -> JSON:
        """The Bot API Chat object."""
        if self.type == "private" and self.user is not None:
            data: JSON = {"id": self.chat_id, "type": "private", "first_name": self.user.first_name}
            if self.user.username:
                data["username"] = self.user.username
            return data
        return {"id": self.chat_id, "type": self.type, "title": self.title or ""}


Buttons = list[list[tuple[str, str | None]]]


@dataclass
class SandboxMessage:
    """One message in a chat transcript, in its current state (edits applied)."""

    chat_id: int
    message_id: int
    date: int
    from_bot: bool
    sender_id: int
    text: str | None = None
    raw_text: str | None = None
    parse_mode: str | None = None
    caption: str | None = None
    entities: list[JSON] = field(default_factory=list)
    inline_keyboard: list[list[JSON]] | None = None
    reply_keyboard: list[list[str]] | None = None
    remove_keyboard: bool = False
    document: SandboxFile | None = None
    photo: SandboxFile | None = None
    voice: SandboxFile | None = None
    sticker: str | None = None
    duration: int | None = None
    file_id: str | None = None
    reply_to_message_id: int | None = None
    edit_date: int | None = None
    deleted: bool = False
    # Previous versions, oldest first: (text, buttons) before each edit.
    history: list[tuple[str | None, Buttons]] = field(default_factory=list)

    @property
    def buttons(self) -> Buttons:
        """Inline keyboard as rows of (label, callback_data or None for URL-style buttons)."""
        return [
            [(b.get("text", ""), b.get("callback_data")) for b in row]
            for row in self.inline_keyboard or []
        ]

    @property
    def button_labels(self) -> list[str]:
        """Every inline button label, row by row."""
        return [label for row in self.buttons for label, _ in row]

    @property
    def kind(self) -> str:
        """What the message carries: text, document, photo, voice or sticker."""
        for name in ("document", "photo", "voice", "sticker"):
            if getattr(self, name) is not None:
                return name
        return "text"

    @property
    def shown_text(self) -> str:
        """Text or caption, whichever the message displays."""
        return self.text if self.text is not None else self.caption or ""


@dataclass
class ApiCall:
    """One Bot API call the bot made, with the HTTP-ish status it got."""

    method: str
    params: JSON
    time: float
    status: int = 0
    description: str | None = None

    @property
    def ok(self) -> bool:
        """Whether Telegram would have answered ok."""
        return self.status == 200


@dataclass(frozen=True)
class ChatEvent:
    """A change a chat client would render: a new, edited or deleted message."""

    seq: int
    kind: str
    chat_id: int
    message_id: int


@dataclass
class SandboxStats:
    """Counters for what the sandbox refused or injected."""

    rate_limited: int = 0
    rate_limited_global: int = 0
    rate_limited_per_chat: int = 0
    faults_injected: int = 0
    blocked_sends: int = 0
    conflicts: int = 0
    messages_sent: int = 0
