"""BotApiSandbox: an in-memory, asyncio-aware Telegram Bot API for one bot and its users.

The bot side is `await sandbox.call(method, params, files)`, returning the Bot API envelope.
The user side (`send_text`, `press_label`, …) injects updates; readers (`messages`,
`last_bot_message`, `callback_answers`, `calls`…) show what the bot did. No HTTP here: see
request.py (in-process transport) and server.py (HTTP); webhook delivery lives in webhook.py.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import mimetypes
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, NamedTuple

from bot.sandbox.faults import LIMITED_METHODS, Fault, FaultPlan, RateLimiter
from bot.sandbox.formatting import ParseError, utf16_len, visible_text
from bot.sandbox.markup import Markup, parse_markup
from bot.sandbox.models import (
    JSON,
    ApiCall,
    ApiError,
    ChatEvent,
    SandboxChat,
    SandboxFile,
    SandboxMessage,
    SandboxStats,
    SandboxTimeout,
    SandboxUser,
    StoredFile,
)
from bot.sandbox.params import Params
from bot.sandbox.webhook import deliver_updates

__all__ = [
    "AmbiguousLabel",
    "BotApiSandbox",
    "CallbackAnswer",
    "SandboxFile",
    "SandboxMessage",
    "SandboxTimeout",
]

_API: dict[str, tuple[str, str]] = {}  # lower-case method -> (Telegram spelling, attribute)

_MAX_TEXT = 4096
_MAX_CAPTION = 1024
_MAX_ANSWER_TEXT = 200
_COMMAND = re.compile(r"/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]+)?")
_BOT_COMMAND_NAME = re.compile(r"[a-z0-9_]{1,32}")
_SECRET_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,256}")
_CHAT_ACTIONS = frozenset(
    {
        "typing", "upload_photo", "record_video", "upload_video", "record_voice",
        "upload_voice", "upload_document", "choose_sticker", "find_location",
        "record_video_note", "upload_video_note",
    }
)  # fmt: skip
_WEBHOOK_CONFLICT = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)
_POLL_CONFLICT = (
    "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running"
)


def _api(name: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register a method implementation under its Telegram name."""

    def register(fn: Callable[..., Any]) -> Callable[..., Any]:
        _API[name.lower()] = (name, fn.__name__)
        return fn

    return register


class CallbackAnswer(NamedTuple):
    """An answerCallbackQuery call; unpacks as (callback_query_id, text, show_alert)."""

    callback_query_id: str
    text: str | None
    show_alert: bool


class AmbiguousLabel(ValueError):
    """A label prefix that matches several buttons."""


@dataclass
class _CallbackQuery:
    """A pressed button waiting for answerCallbackQuery."""

    query_id: str
    user_id: int
    chat_id: int
    message_id: int
    data: str
    answered: bool = False


@dataclass
class _Webhook:
    """The webhook Telegram would POST updates to."""

    url: str
    secret_token: str | None
    last_error: str | None = None
    last_error_date: int | None = None


class BotApiSandbox:
    """One bot, its users and chats, and the Bot API methods the bot calls."""

    def __init__(
        self,
        token: str = "123456:SANDBOX",
        bot_username: str = "TungHangBot",
        *,
        bot_first_name: str = "Tung Hang",
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
    ) -> None:
        bot_id, sep, secret = token.partition(":")
        if not (bot_id.isdigit() and sep and secret):
            raise ValueError("token must look like '<digits>:<secret>'")
        self.token = token
        self.bot = SandboxUser(int(bot_id), bot_first_name, bot_username, None, is_bot=True)
        self.users: dict[int, SandboxUser] = {}
        self.chats: dict[int, SandboxChat] = {}
        self.faults = FaultPlan()
        self.stats = SandboxStats()
        self.calls: list[ApiCall] = []
        self.callback_answers: list[CallbackAnswer] = []
        self.commands: dict[tuple[str, str], list[tuple[str, str]]] = {}
        self.left_chats: list[int] = []
        self.webhook: _Webhook | None = None
        self._clock = clock
        self._wall_clock = wall_clock
        self._limiter: RateLimiter | None = None
        self._blocked: set[int] = set()
        self._updates: list[JSON] = []
        self._next_update_id = 1
        self._last_injected = 0
        self._handed_out = 0
        self._wakeup = asyncio.Event()
        self._poll_generation = 0
        self._queries: dict[str, _CallbackQuery] = {}
        self._next_query = 1
        self._files: dict[str, StoredFile] = {}
        self._files_by_path: dict[str, StoredFile] = {}
        self._events: list[ChatEvent] = []
        self._in_flight = 0
        self._last_activity = time.monotonic()
        self._webhook_tasks: list[asyncio.Task[None]] = []
        self._closed = False

    # ------------------------------------------------------------------ bot side

    async def call(
        self, method: str, params: dict[str, Any], files: dict[str, tuple[str, bytes]] | None = None
    ) -> JSON:
        """Run one Bot API method and return Telegram's envelope (raises SandboxTimeout)."""
        key = method.lower()
        name, attribute = _API.get(key, (method, ""))
        record = ApiCall(name, dict(params), self._clock())
        self.calls.append(record)
        busy = key != "getupdates"  # a parked long poll is not bot activity
        if busy:
            self._in_flight += 1
            self._touch()
        try:
            if not attribute:
                raise ApiError(404, "Not Found")
            result = await self._dispatch(key, attribute, Params(params, files))
            envelope: JSON = {"ok": True, "result": result}
        except ApiError as error:
            envelope = error.envelope()
        except SandboxTimeout as timeout:
            record.status, record.description = 504, str(timeout)
            raise
        except asyncio.CancelledError:
            record.description = "cancelled"  # the client went away (e.g. polling stopped)
            raise
        finally:
            if busy:
                self._in_flight -= 1
                self._touch()
        record.status = 200 if envelope["ok"] else envelope["error_code"]
        record.description = envelope.get("description")
        retry_after = envelope.get("parameters", {}).get("retry_after")
        if retry_after:  # the bot is expected to come back: settle() must not call it quiet
            self._last_activity = max(self._last_activity, time.monotonic() + retry_after)
        return envelope

    def check_token(self, token: str) -> JSON | None:
        """Telegram's answer to a request with a wrong token, or None if it is right."""
        if token == self.token:
            return None
        if re.fullmatch(r"\d+:[A-Za-z0-9_-]+", token):
            return ApiError(401, "Unauthorized").envelope()
        return ApiError(404, "Not Found").envelope()

    def file_by_path(self, path: str) -> StoredFile | None:
        """The file getFile handed out under `path` (for /file/bot<token>/<path>)."""
        return self._files_by_path.get(path)

    async def _dispatch(self, key: str, attribute: str, params: Params) -> Any:
        """Faults first, then who may receive, then flood limits, then the method."""
        fault = self.faults.take(key)
        if fault is not None:
            return await self._apply_fault(fault, attribute, params)
        self._check_recipient(params)
        self._check_limits(key, params)
        return await self._run(attribute, params)

    async def _run(self, attribute: str, params: Params) -> Any:
        """Call a method implementation, awaiting it if it is a coroutine."""
        result = getattr(self, attribute)(params)
        return await result if inspect.isawaitable(result) else result

    async def _apply_fault(self, fault: Fault, attribute: str, params: Params) -> Any:
        """Turn a planned fault into the error Telegram (or the network) would produce."""
        self.stats.faults_injected += 1
        if fault.kind == "retry_after":
            seconds = fault.retry_after
            raise ApiError(429, f"Too Many Requests: retry after {seconds}", retry_after=seconds)
        if fault.kind == "server_error":
            raise ApiError(502, "Bad Gateway")
        if fault.kind == "blocked":
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        if fault.kind == "deactivated":
            raise ApiError(403, "Forbidden: user is deactivated")
        envelope: JSON = ApiError(504, "Gateway Timeout").envelope()
        if fault.applied:  # carried out, but the answer never reaches the bot
            try:
                envelope = {"ok": True, "result": await self._run(attribute, params)}
            except ApiError as error:
                envelope = error.envelope()
        raise SandboxTimeout(fault.delay, envelope)

    def _check_recipient(self, params: Params) -> None:
        """Blocked users, deactivated users and groups the bot left refuse every send."""
        if not params.has("chat_id"):
            return
        chat = self.chats.get(self._chat_id(params))
        if chat is None:
            return  # the method reports "chat not found" itself
        if chat.chat_id in self._blocked:
            self.stats.blocked_sends += 1
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        if chat.user is not None and chat.user.deactivated:
            raise ApiError(403, "Forbidden: user is deactivated")
        if chat.type != "private" and chat.chat_id in self.left_chats:
            raise ApiError(403, "Forbidden: bot is not a member of the group chat")

    def _check_limits(self, key: str, params: Params) -> None:
        """Apply the enforced flood limits to message sends."""
        if self._limiter is None or key not in LIMITED_METHODS or not params.has("chat_id"):
            return
        refused = self._limiter.admit(self._chat_id(params), self._clock())
        if refused is None:
            return
        which, seconds = refused
        self.stats.rate_limited += 1
        if which == "global":
            self.stats.rate_limited_global += 1
        else:
            self.stats.rate_limited_per_chat += 1
        raise ApiError(429, f"Too Many Requests: retry after {seconds}", retry_after=seconds)

    # ------------------------------------------------------------------ API methods

    @_api("getMe")
    def _get_me(self, params: Params) -> JSON:
        """The bot's own User."""
        return {
            **self.bot.to_api(),
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    @_api("getUpdates")
    async def _get_updates(self, params: Params) -> list[JSON]:
        """Confirm updates below offset, then return pending ones, long-polling if asked."""
        if self.webhook is not None:
            raise ApiError(409, _WEBHOOK_CONFLICT)
        self._poll_generation += 1
        generation = self._poll_generation
        self._wake()  # an older poll still parked gets the 409 Telegram gives it
        offset = params.integer("offset")
        limit = min(max(params.integer("limit") or 100, 1), 100)
        self._confirm(offset)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + params.number("timeout")
        while not (batch := self._updates[:limit]) and not self._closed:
            remaining = deadline - loop.time()
            if remaining <= 0:
                break
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wakeup.wait(), remaining)
            if generation != self._poll_generation:
                self.stats.conflicts += 1
                raise ApiError(409, _POLL_CONFLICT)
        if batch:
            self._handed_out = max(self._handed_out, batch[-1]["update_id"])
            self._touch()
        return batch

    @_api("sendMessage")
    def _send_message(self, params: Params) -> JSON:
        """Send a text message with optional keyboard."""
        chat = self._chat(params)
        raw = params.text("text")
        parse_mode = params.text("parse_mode")
        text = self._checked_text(raw, parse_mode)
        markup = parse_markup(params.json("reply_markup"))
        message = self._new_message(chat, from_bot=True, text=text)
        message.raw_text, message.parse_mode = raw, parse_mode
        message.reply_to_message_id = self._reply_target(chat, params)
        return self._publish(chat, message, markup)

    @_api("sendDocument")
    def _send_document(self, params: Params) -> JSON:
        """Send a file as a document."""
        return self._send_file(params, "document")

    @_api("sendPhoto")
    def _send_photo(self, params: Params) -> JSON:
        """Send a photo."""
        return self._send_file(params, "photo")

    @_api("editMessageText")
    def _edit_message_text(self, params: Params) -> JSON:
        """Replace a bot message's text (and inline keyboard, which is dropped if absent)."""
        chat, message = self._editable(params)
        if message.text is None:
            raise ApiError(400, "Bad Request: there is no text in the message to edit")
        raw = params.text("text")
        parse_mode = params.text("parse_mode")
        text = self._checked_text(raw, parse_mode)
        inline = self._inline_only(params)
        if (text, raw, inline) == (message.text, message.raw_text, message.inline_keyboard):
            raise _not_modified()
        message.history.append((message.text, message.buttons))
        message.text, message.raw_text, message.parse_mode = text, raw, parse_mode
        message.inline_keyboard = inline
        return self._edited(chat, message)

    @_api("editMessageReplyMarkup")
    def _edit_message_reply_markup(self, params: Params) -> JSON:
        """Replace (or remove) a bot message's inline keyboard."""
        chat, message = self._editable(params)
        inline = self._inline_only(params)
        if inline == message.inline_keyboard:
            raise _not_modified()
        message.history.append((message.text, message.buttons))
        message.inline_keyboard = inline
        return self._edited(chat, message)

    @_api("answerCallbackQuery")
    def _answer_callback_query(self, params: Params) -> bool:
        """Answer a button press once, optionally with a toast or alert."""
        query_id = params.text("callback_query_id") or ""
        query = self._queries.get(query_id)
        if query is None or query.answered:
            raise ApiError(
                400,
                "Bad Request: query is too old and response timeout expired or query ID is invalid",
            )
        text = params.text("text")
        if text is not None and len(text) > _MAX_ANSWER_TEXT:
            raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        query.answered = True
        self.callback_answers.append(CallbackAnswer(query_id, text, params.flag("show_alert")))
        return True

    @_api("deleteMessage")
    def _delete_message(self, params: Params) -> bool:
        """Delete a message from the chat."""
        chat = self._chat(params)
        message = self._find(chat, params.required_int("message_id"))
        if message is None:
            raise ApiError(400, "Bad Request: message to delete not found")
        message.deleted = True
        self._event("deleted", chat.chat_id, message.message_id)
        return True

    @_api("sendChatAction")
    def _send_chat_action(self, params: Params) -> bool:
        """Record a "typing…"-style action."""
        chat = self._chat(params)
        action = params.text("action") or ""
        if action not in _CHAT_ACTIONS:
            raise ApiError(400, "Bad Request: wrong parameter action in request")
        chat.actions.append(action)
        return True

    @_api("setMyCommands")
    def _set_my_commands(self, params: Params) -> bool:
        """Store the command list for a scope and language."""
        commands = params.json("commands")
        if not isinstance(commands, list):
            raise ApiError(400, "Bad Request: can't parse commands JSON object")
        entries = [_command_entry(command) for command in commands]
        key = self._commands_key(params)
        if entries:
            self.commands[key] = entries
        else:
            self.commands.pop(key, None)
        return True

    @_api("getMyCommands")
    def _get_my_commands(self, params: Params) -> list[JSON]:
        """The command list for exactly this scope and language (Telegram does not fall back)."""
        entries = self.commands.get(self._commands_key(params), [])
        return [{"command": command, "description": text} for command, text in entries]

    @_api("deleteMyCommands")
    def _delete_my_commands(self, params: Params) -> bool:
        """Forget the command list for a scope and language."""
        self.commands.pop(self._commands_key(params), None)
        return True

    @_api("setWebhook")
    def _set_webhook(self, params: Params) -> bool:
        """Switch to webhook delivery (an empty url switches back to getUpdates)."""
        url = params.text("url") or ""
        if params.flag("drop_pending_updates"):
            self._drop_pending()
        if not url:
            self._stop_webhook()
            return True
        if not url.startswith(("http://", "https://")):
            raise ApiError(400, "Bad Request: bad webhook: Webhook can be set up only on ports…")
        secret = params.text("secret_token")
        if secret is not None and not _SECRET_TOKEN.fullmatch(secret):
            raise ApiError(400, "Bad Request: secret token contains unallowed characters")
        self.set_webhook(url, secret)
        return True

    @_api("deleteWebhook")
    def _delete_webhook(self, params: Params) -> bool:
        """Switch back to getUpdates."""
        if params.flag("drop_pending_updates"):
            self._drop_pending()
        self._stop_webhook()
        return True

    @_api("getWebhookInfo")
    def _get_webhook_info(self, params: Params) -> JSON:
        """Webhook URL, pending count and last delivery error."""
        info: JSON = {
            "url": self.webhook.url if self.webhook else "",
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }
        if self.webhook is not None:
            info["max_connections"] = 40
            if self.webhook.last_error:
                info["last_error_message"] = self.webhook.last_error
                info["last_error_date"] = self.webhook.last_error_date
        return info

    @_api("leaveChat")
    def _leave_chat(self, params: Params) -> bool:
        """Leave a group; Telegram then sends a my_chat_member update."""
        chat = self._chat(params)
        if chat.type == "private":
            raise ApiError(400, "Bad Request: chat member status can't be changed in private chats")
        if chat.chat_id not in self.left_chats:
            self.left_chats.append(chat.chat_id)
            self._enqueue({"my_chat_member": self._member_change(chat, self.bot, "member", "left")})
        return True

    @_api("getFile")
    def _get_file(self, params: Params) -> JSON:
        """File metadata with a path for /file/bot<token>/<path>."""
        stored = self._files.get(params.text("file_id") or "")
        if stored is None:
            raise ApiError(400, "Bad Request: invalid file_id")
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.data),
            "file_path": stored.file_path,
        }

    @_api("close")
    def _close(self, params: Params) -> bool:
        """Accepted and ignored."""
        return True

    @_api("logOut")
    def _log_out(self, params: Params) -> bool:
        """Accepted and ignored."""
        return True

    # ------------------------------------------------------------------ method helpers

    def _chat_id(self, params: Params) -> int:
        """chat_id as an int; "@username" only resolves to nothing here."""
        value = params.values.get("chat_id")
        if isinstance(value, str) and value.startswith("@"):
            raise ApiError(400, "Bad Request: chat not found")
        return params.required_int("chat_id")

    def _chat(self, params: Params) -> SandboxChat:
        """The addressed chat, or Telegram's "chat not found"."""
        chat = self.chats.get(self._chat_id(params))
        if chat is None:
            raise ApiError(400, "Bad Request: chat not found")
        return chat

    def _checked_text(self, raw: str | None, parse_mode: str | None) -> str:
        """Parse and validate message text like Telegram: not empty, ≤ 4096 UTF-16 units."""
        if raw is None or not raw.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        text = self._visible(raw, parse_mode)
        if not text.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        if utf16_len(text) > _MAX_TEXT:
            raise ApiError(400, "Bad Request: message is too long")
        return text

    def _checked_caption(self, raw: str | None, parse_mode: str | None) -> str | None:
        """Parse and validate a caption (≤ 1024 UTF-16 units)."""
        if raw is None or raw == "":
            return None
        caption = self._visible(raw, parse_mode)
        if utf16_len(caption) > _MAX_CAPTION:
            raise ApiError(400, "Bad Request: message caption is too long")
        return caption

    @staticmethod
    def _visible(raw: str, parse_mode: str | None) -> str:
        """Formatted text to what the user reads."""
        try:
            return visible_text(raw, parse_mode)
        except ParseError as error:
            raise ApiError(400, f"Bad Request: can't parse entities: {error}") from None

    def _reply_target(self, chat: SandboxChat, params: Params) -> int | None:
        """reply_parameters.message_id (or legacy reply_to_message_id), which must exist."""
        reply = params.json("reply_parameters")
        target = reply.get("message_id") if isinstance(reply, dict) else None
        if target is None:
            target = params.integer("reply_to_message_id")
        if target is None:
            return None
        allow = isinstance(reply, dict) and reply.get("allow_sending_without_reply")
        if self._find(chat, int(target)) is None and not allow:
            raise ApiError(400, "Bad Request: message to be replied not found")
        return int(target)

    def _inline_only(self, params: Params) -> list[list[JSON]] | None:
        """Edits accept only inline keyboards."""
        markup = parse_markup(params.json("reply_markup"))
        if markup.reply is not None or markup.remove or markup.force_reply:
            raise ApiError(400, "Bad Request: inline keyboard expected")
        return markup.inline or None

    def _editable(self, params: Params) -> tuple[SandboxChat, SandboxMessage]:
        """The bot message an edit addresses."""
        if params.has("inline_message_id"):
            raise ApiError(400, "Bad Request: inline messages are not supported by the sandbox")
        chat = self._chat(params)
        message = self._find(chat, params.required_int("message_id"))
        if message is None:
            raise ApiError(400, "Bad Request: message to edit not found")
        if not message.from_bot:
            raise ApiError(400, "Bad Request: message can't be edited")
        return chat, message

    def _edited(self, chat: SandboxChat, message: SandboxMessage) -> JSON:
        """Stamp an edit and return the message as Telegram does."""
        message.edit_date = self._now()
        self._event("edited", chat.chat_id, message.message_id)
        return self._message_json(message)

    def _send_file(self, params: Params, field: str) -> JSON:
        """sendDocument/sendPhoto: store the upload and post it."""
        chat = self._chat(params)
        stored = self._input_file(params, field)
        parse_mode = params.text("parse_mode")
        caption = self._checked_caption(params.text("caption"), parse_mode)
        markup = parse_markup(params.json("reply_markup"))
        message = self._new_message(chat, from_bot=True, caption=caption)
        setattr(message, field, stored.as_file())
        message.file_id = stored.file_id
        message.reply_to_message_id = self._reply_target(chat, params)
        return self._publish(chat, message, markup)

    def _input_file(self, params: Params, field: str) -> StoredFile:
        """An upload (multipart or attach://) or a file_id the sandbox already knows."""
        reference = params.text(field)
        upload = params.files.get(field)
        if upload is None and reference and reference.startswith("attach://"):
            upload = params.files.get(reference.removeprefix("attach://"))
        if upload is not None:
            filename, data = upload
            if not data:
                raise ApiError(400, "Bad Request: file must be non-empty")
            return self._store_file(field, filename or field, data)
        if reference and reference in self._files:
            return self._files[reference]
        if reference and reference.startswith(("http://", "https://")):
            raise ApiError(400, "Bad Request: failed to get HTTP URL content")
        raise ApiError(400, "Bad Request: wrong file identifier/HTTP URL specified")

    def _store_file(
        self, kind: str, filename: str, data: bytes, mime_type: str | None = None
    ) -> StoredFile:
        """Keep bytes under a fresh file_id and file_path."""
        number = len(self._files) + 1
        mime_type = mime_type or mimetypes.guess_type(filename)[0]
        file_id = f"SBX{kind[:3].upper()}{number:06d}"
        folder = {"photo": "photos", "voice": "voice", "sticker": "stickers"}.get(kind, "documents")
        suffix = filename.rsplit(".", 1)[-1] if "." in filename else "bin"
        stored = StoredFile(
            file_id, f"u{number:06d}", filename, data, mime_type, f"{folder}/file_{number}.{suffix}"
        )
        self._files[file_id] = stored
        self._files_by_path[stored.file_path] = stored
        return stored

    def _commands_key(self, params: Params) -> tuple[str, str]:
        """(scope, language_code) as stored in `commands`."""
        return _scope_key(params.json("scope")), params.text("language_code") or ""

    def _publish(self, chat: SandboxChat, message: SandboxMessage, markup: Markup) -> JSON:
        """Attach markup, update the chat's reply keyboard, and return the Message JSON."""
        message.inline_keyboard = markup.inline or None
        message.reply_keyboard = markup.reply
        message.remove_keyboard = markup.remove
        if markup.reply is not None:
            chat.reply_keyboard = markup.reply
        elif markup.remove:
            chat.reply_keyboard = None
        self.stats.messages_sent += 1
        self._event("new", chat.chat_id, message.message_id)
        return self._message_json(message)

    def _drop_pending(self) -> None:
        """drop_pending_updates: forget what was not yet delivered."""
        self._updates.clear()
        self._handed_out = self._last_injected

    # ------------------------------------------------------------------ messages & JSON

    def _now(self) -> int:
        """Unix time, as Telegram dates are."""
        return int(self._wall_clock())

    def _new_message(self, chat: SandboxChat, *, from_bot: bool, **fields: Any) -> SandboxMessage:
        """Append a message to the chat with the next message id."""
        sender = self.bot.user_id if from_bot else fields.pop("sender_id")
        message = SandboxMessage(
            chat.chat_id, chat.next_message_id, self._now(), from_bot, sender, **fields
        )
        chat.next_message_id += 1
        chat.messages.append(message)
        return message

    def _find(self, chat: SandboxChat, message_id: int | None) -> SandboxMessage | None:
        """A message that exists and was not deleted."""
        for message in chat.messages:
            if message.message_id == message_id and not message.deleted:
                return message
        return None

    def _message_json(self, message: SandboxMessage, *, nested: bool = False) -> JSON:
        """The Bot API Message object for a stored message."""
        chat = self.chats[message.chat_id]
        sender = self.bot if message.from_bot else self.users[message.sender_id]
        data: JSON = {
            "message_id": message.message_id,
            "date": message.date,
            "chat": chat.to_api(),
            "from": sender.to_api(),
        }
        if message.text is not None:
            data["text"] = message.text
        if message.entities:
            data["entities"] = message.entities
        if message.caption is not None:
            data["caption"] = message.caption
        if message.inline_keyboard:
            data["reply_markup"] = {"inline_keyboard": message.inline_keyboard}
        if message.edit_date is not None:
            data["edit_date"] = message.edit_date
        data.update(self._media_json(message))
        target = self._find(chat, message.reply_to_message_id)
        if target is not None and not nested:
            data["reply_to_message"] = self._message_json(target, nested=True)
        return data

    def _media_json(self, message: SandboxMessage) -> JSON:
        """Document/photo/voice/sticker fields."""
        stored = self._files.get(message.file_id or "")
        if stored is None:
            return {}
        ids = {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id}
        size = len(stored.data)
        if message.document is not None:
            document = {**ids, "file_name": stored.filename, "file_size": size}
            if stored.mime_type:
                document["mime_type"] = stored.mime_type
            return {"document": document}
        if message.photo is not None:
            return {"photo": [{**ids, "width": 800, "height": 600, "file_size": size}]}
        if message.voice is not None:
            voice = {**ids, "duration": message.duration or 1, "mime_type": "audio/ogg"}
            return {"voice": {**voice, "file_size": size}}
        sticker = {**ids, "type": "regular", "width": 512, "height": 512, "emoji": message.sticker}
        return {"sticker": {**sticker, "is_animated": False, "is_video": False}}

    def _member_change(self, chat: SandboxChat, actor: SandboxUser, old: str, new: str) -> JSON:
        """A ChatMemberUpdated about the bot's own membership."""

        def member(status: str) -> JSON:
            entry: JSON = {"user": self.bot.to_api(), "status": status}
            if status == "kicked":
                entry["until_date"] = 0
            return entry

        return {
            "chat": chat.to_api(),
            "from": actor.to_api(),
            "date": self._now(),
            "old_chat_member": member(old),
            "new_chat_member": member(new),
        }

    def _event(self, kind: str, chat_id: int, message_id: int) -> None:
        """Record a change a chat client would render."""
        self._events.append(ChatEvent(len(self._events) + 1, kind, chat_id, message_id))

    # ------------------------------------------------------------------ update queue

    def _enqueue(self, body: JSON) -> int:
        """Add an update for the bot and wake long polls and the webhook sender."""
        update_id = self._next_update_id
        self._next_update_id += 1
        self._updates.append({"update_id": update_id, **body})
        self._last_injected = update_id
        self._touch()
        self._wake()
        return update_id

    def _confirm(self, offset: int | None) -> None:
        """Telegram forgets updates below a positive offset; -N keeps only the last N."""
        if offset is None or offset == 0:
            return
        if offset < 0:
            self._updates = self._updates[offset:]
        else:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]

    def _wake(self) -> None:
        """Wake every waiter; later waiters get a fresh event."""
        self._wakeup.set()
        self._wakeup = asyncio.Event()

    def _touch(self) -> None:
        """Note activity for settle()."""
        self._last_activity = time.monotonic()

    def take_updates(self) -> list[JSON]:
        """Hand every pending update to the caller (for process_update-style tests)."""
        taken, self._updates = self._updates, []
        if taken:
            self._handed_out = max(self._handed_out, taken[-1]["update_id"])
            self._touch()
        return taken

    @property
    def pending_updates(self) -> list[JSON]:
        """Updates not yet confirmed (polling) or delivered (webhook)."""
        return list(self._updates)

    # The brief fixes this signature; a deadline inside keeps the caller's code simple.
    async def settle(self, quiet: float = 0.3, timeout: float = 10.0) -> bool:  # noqa: ASYNC109
        """Wait until all updates were handed to the bot and it made no call for `quiet` s."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            idle = time.monotonic() - self._last_activity
            delivered = self._handed_out >= self._last_injected
            if delivered and self._in_flight == 0 and idle >= quiet:
                return True
            if loop.time() >= deadline:
                return False
            await asyncio.sleep(min(0.02, max(quiet, 0.001)))

    # ------------------------------------------------------------------ webhook

    def set_webhook(self, url: str, secret_token: str | None = None) -> None:
        """Deliver updates by POSTing them to `url` (needs a running event loop)."""
        self._stop_webhook()
        self.webhook = _Webhook(url, secret_token)
        task = asyncio.get_running_loop().create_task(
            deliver_updates(self, url, secret_token), name="sandbox-webhook"
        )
        self._webhook_tasks.append(task)
        self._wake()  # a parked getUpdates now gets its 409

    def delete_webhook(self) -> None:
        """Go back to getUpdates."""
        self._stop_webhook()

    def _stop_webhook(self) -> None:
        """Cancel delivery; the task closes its HTTP client as it unwinds."""
        self.webhook = None
        for task in self._webhook_tasks:
            task.cancel()

    async def next_webhook_update(self) -> JSON:
        """The oldest undelivered update, waiting for one if there is none."""
        while not self._updates:
            await self._wakeup.wait()
        return self._updates[0]

    def webhook_delivered(self, update_id: int) -> None:
        """The webhook answered 2xx for this update."""
        self._updates = [u for u in self._updates if u["update_id"] != update_id]
        self._handed_out = max(self._handed_out, update_id)
        self._touch()

    def webhook_failed(self, message: str) -> None:
        """Remember the delivery error for getWebhookInfo."""
        if self.webhook is not None:
            self.webhook.last_error, self.webhook.last_error_date = message, self._now()

    async def aclose(self) -> None:
        """Stop webhook delivery and release parked long polls."""
        self._closed = True
        self._stop_webhook()
        self._wake()
        tasks, self._webhook_tasks = self._webhook_tasks, []
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task

    # ------------------------------------------------------------------ control: users & chats

    def add_user(
        self,
        user_id: int,
        first_name: str,
        username: str | None = None,
        language_code: str | None = "en",
    ) -> SandboxUser:
        """Create a user and their private chat with the bot (chat id = user id)."""
        if user_id <= 0:
            raise ValueError("user ids are positive")
        user = SandboxUser(user_id, first_name, username, language_code)
        self.users[user_id] = user
        self.chats.setdefault(user_id, SandboxChat(user_id, "private", user=user)).user = user
        return user

    def add_group(self, chat_id: int, title: str, type: str = "group") -> SandboxChat:
        """Create a group (negative id) the bot can see."""
        if chat_id >= 0:
            raise ValueError("group chat ids are negative")
        chat = self.chats.setdefault(chat_id, SandboxChat(chat_id, type, title=title))
        chat.title = title
        return chat

    def block_user(self, user_id: int, notify: bool = True) -> None:
        """The user blocks the bot: every send to them gets 403 until unblocked."""
        chat = self._private_chat(user_id)
        self._blocked.add(user_id)
        if notify:  # Telegram tells the bot with a my_chat_member update
            change = self._member_change(chat, self.users[user_id], "member", "kicked")
            self._enqueue({"my_chat_member": change})

    def unblock_user(self, user_id: int, notify: bool = True) -> None:
        """The user restarts the bot."""
        chat = self._private_chat(user_id)
        self._blocked.discard(user_id)
        if notify:
            change = self._member_change(chat, self.users[user_id], "kicked", "member")
            self._enqueue({"my_chat_member": change})

    def deactivate_user(self, user_id: int) -> None:
        """The account is deleted: sends get 403 "user is deactivated"."""
        self._user(user_id).deactivated = True

    def add_to_group(
        self, chat_id: int, title: str, by_user_id: int, *, text: str | None = None
    ) -> int:
        """A user adds the bot to a group (my_chat_member), optionally then says `text`."""
        chat = self.add_group(chat_id, title)
        user = self._user(by_user_id)
        if chat_id in self.left_chats:
            self.left_chats.remove(chat_id)
        update_id = self._enqueue(
            {"my_chat_member": self._member_change(chat, user, "left", "member")}
        )
        if text is not None:
            update_id = self.send_text(by_user_id, text, chat_id=chat_id)
        return update_id

    def _user(self, user_id: int) -> SandboxUser:
        """A known user or ValueError."""
        user = self.users.get(user_id)
        if user is None:
            raise ValueError(f"unknown user {user_id}; call add_user first")
        return user

    def _private_chat(self, user_id: int) -> SandboxChat:
        """The private chat with a known user."""
        self._user(user_id)
        return self.chats[user_id]

    def _user_chat(self, user_id: int, chat_id: int | None) -> SandboxChat:
        """The chat a user writes in: their private chat, or a known group."""
        if chat_id is None or chat_id == user_id:
            return self._private_chat(user_id)
        self._user(user_id)
        chat = self.chats.get(chat_id)
        if chat is None:
            raise ValueError(f"unknown chat {chat_id}")
        return chat

    # ------------------------------------------------------------------ control: acting as a user

    def send_text(self, user_id: int, text: str, *, chat_id: int | None = None) -> int:
        """The user sends `text`; a leading /command gets its bot_command entity."""
        chat = self._user_chat(user_id, chat_id)
        message = self._new_message(chat, from_bot=False, sender_id=user_id, text=text)
        message.raw_text = text
        if match := _COMMAND.match(text):
            entity = {"type": "bot_command", "offset": 0, "length": utf16_len(match.group())}
            message.entities = [entity]
        return self._user_message_update(chat, message)

    def send_sticker(self, user_id: int, emoji: str = "👍", *, chat_id: int | None = None) -> int:
        """The user sends a sticker."""
        chat = self._user_chat(user_id, chat_id)
        stored = self._store_file("sticker", "sticker.webp", b"RIFF-sandbox-sticker")
        message = self._new_message(chat, from_bot=False, sender_id=user_id, sticker=emoji)
        message.file_id = stored.file_id
        return self._user_message_update(chat, message)

    def send_photo_from_user(
        self,
        user_id: int,
        data: bytes = b"\xff\xd8\xff sandbox photo",
        caption: str | None = None,
        filename: str = "photo.jpg",
    ) -> int:
        """The user sends a photo."""
        chat = self._private_chat(user_id)
        stored = self._store_file("photo", filename, data, "image/jpeg")
        message = self._new_message(
            chat, from_bot=False, sender_id=user_id, photo=stored.as_file(), caption=caption
        )
        message.file_id = stored.file_id
        return self._user_message_update(chat, message)

    def send_voice(
        self, user_id: int, data: bytes = b"OggS sandbox voice", duration: int = 2
    ) -> int:
        """The user sends a voice note."""
        chat = self._private_chat(user_id)
        stored = self._store_file("voice", "voice.ogg", data, "audio/ogg")
        message = self._new_message(
            chat, from_bot=False, sender_id=user_id, voice=stored.as_file(), duration=duration
        )
        message.file_id = stored.file_id
        return self._user_message_update(chat, message)

    def send_document_from_user(
        self, user_id: int, filename: str, data: bytes, caption: str | None = None
    ) -> int:
        """The user sends a file."""
        chat = self._private_chat(user_id)
        stored = self._store_file("document", filename, data, "application/octet-stream")
        message = self._new_message(
            chat, from_bot=False, sender_id=user_id, document=stored.as_file(), caption=caption
        )
        message.file_id = stored.file_id
        return self._user_message_update(chat, message)

    def edit_user_message(self, user_id: int, message_id: int, text: str) -> int:
        """The user edits one of their text messages (an edited_message update)."""
        chat = self._private_chat(user_id)
        message = self._find(chat, message_id)
        if message is None or message.from_bot or message.text is None:
            raise ValueError(f"user {user_id} has no text message {message_id}")
        message.history.append((message.text, message.buttons))
        message.text = message.raw_text = text
        message.edit_date = self._now()
        return self._enqueue({"edited_message": self._message_json(message)})

    def press(self, user_id: int, message_id: int, callback_data: str) -> int:
        """The user presses a button (must be on the message's current inline keyboard)."""
        chat = self._private_chat(user_id)
        message = self._find(chat, message_id)
        if message is None or not message.from_bot:
            raise ValueError(f"no bot message {message_id} in chat {user_id}")
        if callback_data not in {data for row in message.buttons for _, data in row if data}:
            raise ValueError(f"message {message_id} has no button with data {callback_data!r}")
        query_id = f"{self.bot.user_id}{self._next_query:08d}"
        self._next_query += 1
        self._queries[query_id] = _CallbackQuery(
            query_id, user_id, chat.chat_id, message_id, callback_data
        )
        return self._enqueue(
            {
                "callback_query": {
                    "id": query_id,
                    "from": self.users[user_id].to_api(),
                    "message": self._message_json(message),
                    "chat_instance": str(abs(hash((self.bot.user_id, chat.chat_id)))),
                    "data": callback_data,
                }
            }
        )

    def press_label(self, user_id: int, label: str, message_id: int | None = None) -> int:
        """Press the button labelled `label` on the newest bot message showing one."""
        message, _, data = self.resolve_label(user_id, label, message_id)
        return self.press(user_id, message.message_id, data)

    def resolve_label(
        self, user_id: int, label: str, message_id: int | None = None
    ) -> tuple[SandboxMessage, str, str]:
        """(message, exact label, callback_data) for a label: exact, else unique prefix."""
        chat = self._private_chat(user_id)
        for message in reversed(chat.messages):
            if not message.from_bot or message.deleted:
                continue
            if message_id is not None and message.message_id != message_id:
                continue
            buttons = [(text, data) for row in message.buttons for text, data in row if data]
            chosen = _match_label([text for text, _ in buttons], label)
            if chosen is not None:
                data = next(data for text, data in buttons if text == chosen)
                return message, chosen, data
        raise ValueError(f"no button labelled {label!r} in chat {user_id}")

    def tap_reply_button(self, user_id: int, label: str) -> int:
        """Tap a reply-keyboard button: Telegram sends its label as a text message."""
        chat = self._private_chat(user_id)
        labels = [text for row in chat.reply_keyboard or [] for text in row]
        chosen = _match_label(labels, label)
        if chosen is None:
            raise ValueError(f"no reply-keyboard button labelled {label!r} in chat {user_id}")
        return self.send_text(user_id, chosen)

    def _user_message_update(self, chat: SandboxChat, message: SandboxMessage) -> int:
        """Queue a message update for something a user sent."""
        self._event("new", chat.chat_id, message.message_id)
        return self._enqueue({"message": self._message_json(message)})

    # ------------------------------------------------------------------ control: faults & limits

    def set_random_faults(
        self,
        rate: float,
        kinds: Iterable[str] = ("retry_after", "server_error", "timeout"),
        seed: int = 0,
        methods: Iterable[str] | None = None,
        **kw: Any,
    ) -> None:
        """Chaos: fail `rate` of send-type calls with a seeded random kind (rate 0 = off)."""
        self.faults.set_random(rate, kinds, seed, methods, **kw)

    def enforce_limits(
        self, global_per_second: int | None = 30, per_chat_per_second: int | None = 1
    ) -> None:
        """Answer 429 to sends over Telegram's limits (sliding 1-s windows)."""
        self._limiter = RateLimiter(global_per_second, per_chat_per_second)

    def disable_limits(self) -> None:
        """Stop enforcing flood limits."""
        self._limiter = None

    # ------------------------------------------------------------------ readers

    def messages(self, chat_id: int, *, include_deleted: bool = False) -> list[SandboxMessage]:
        """The chat transcript (both sides), edits applied; deleted ones only if asked."""
        chat = self.chats.get(chat_id)
        if chat is None:
            return []
        return [m for m in chat.messages if include_deleted or not m.deleted]

    def bot_messages(self, chat_id: int, *, include_deleted: bool = False) -> list[SandboxMessage]:
        """What the bot sent to the chat."""
        return [m for m in self.messages(chat_id, include_deleted=include_deleted) if m.from_bot]

    def last_bot_message(self, chat_id: int) -> SandboxMessage | None:
        """The newest message the bot sent to the chat that was not deleted."""
        sent = self.bot_messages(chat_id)
        return sent[-1] if sent else None

    def reply_keyboard(self, chat_id: int) -> list[list[str]] | None:
        """The reply keyboard the chat currently shows."""
        chat = self.chats.get(chat_id)
        return chat.reply_keyboard if chat else None

    def chat_actions(self, chat_id: int) -> list[str]:
        """sendChatAction actions received for the chat."""
        chat = self.chats.get(chat_id)
        return list(chat.actions) if chat else []

    def calls_to(self, method: str) -> list[ApiCall]:
        """Logged calls of one method (case-insensitive)."""
        return [c for c in self.calls if c.method.lower() == method.lower()]

    def events_since(self, seq: int) -> list[ChatEvent]:
        """Chat changes after sequence number `seq`."""
        return self._events[seq:]

    @property
    def last_event_seq(self) -> int:
        """Sequence number of the newest chat change."""
        return len(self._events)

    def message_json(self, message: SandboxMessage) -> JSON:
        """A stored message as Bot API JSON (for the control API)."""
        return self._message_json(message)


def _not_modified() -> ApiError:
    """Telegram's answer to an edit that changes nothing."""
    return ApiError(
        400,
        "Bad Request: message is not modified: specified new message content and reply "
        "markup are exactly the same as a current content and reply markup of the message",
    )


def _command_entry(command: Any) -> tuple[str, str]:
    """Validate one BotCommand."""
    if not isinstance(command, dict):
        raise ApiError(400, "Bad Request: can't parse commands JSON object")
    name, description = str(command.get("command", "")), str(command.get("description", ""))
    if not _BOT_COMMAND_NAME.fullmatch(name):
        raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
    if not 1 <= len(description.strip()) <= 256:
        raise ApiError(400, "Bad Request: command description is empty")
    return name, description


def _scope_key(scope: Any) -> str:
    """A BotCommandScope as a short key: "default", "chat:42", "chat_member:-5:42"…"""
    if scope is None:
        return "default"
    if not isinstance(scope, dict) or "type" not in scope:
        raise ApiError(400, "Bad Request: can't parse scope JSON object")
    parts = [str(scope["type"])]
    parts += [str(scope[k]) for k in ("chat_id", "user_id") if k in scope]
    return ":".join(parts)


def _normalized(label: str) -> str:
    """Case-folded label without leading emoji/punctuation, for forgiving matches."""
    stripped = label.strip()
    index = 0
    while index < len(stripped) and not stripped[index].isalnum():
        index += 1
    return stripped[index:].casefold()


def _match_label(labels: list[str], wanted: str) -> str | None:
    """Exact label, else the single label starting with `wanted` (ignoring case and emoji)."""
    if wanted in labels:
        return wanted
    key = _normalized(wanted)
    if not key:
        return None
    hits = [label for label in labels if _normalized(label).startswith(key)]
    if len(hits) > 1:
        raise AmbiguousLabel(f"label {wanted!r} is ambiguous: {hits}")
    return hits[0] if hits else None
