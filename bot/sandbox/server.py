"""SandboxServer: the BotApiSandbox over HTTP (tornado), for the real PTB HTTPXRequest.

Bot API (what PTB calls; point it with base_url=f"{server.base_url}/bot"):
    GET|POST /bot<token>/<method>    query string, form-urlencoded, JSON body or multipart
    GET      /file/bot<token>/<path> bytes of a file whose path getFile returned

Control API (drive users from another process; JSON in, JSON out). Every answer is
{"ok": true, "result": ...} or, with HTTP 400, {"ok": false, "error": "..."}. Arguments go in a
JSON body (POST) or the query string (GET); ids may be strings in a query.
    POST /control/add_user          {user_id, first_name, username?, language_code?}
    POST /control/add_group         {chat_id, title}
    POST /control/send_text         {user_id, text, chat_id?}             -> update_id
    POST /control/send_sticker      {user_id, emoji?}                      -> update_id
    POST /control/send_photo        {user_id, caption?}                    -> update_id
    POST /control/send_voice        {user_id, duration?}                   -> update_id
    POST /control/press             {user_id, message_id, callback_data}   -> update_id
    POST /control/press_label       {user_id, label, message_id?}          -> update_id
    POST /control/tap_reply_button  {user_id, label}                       -> update_id
    POST /control/block_user        {user_id}     POST /control/unblock_user {user_id}
    POST /control/settle            {quiet?, timeout?}                     -> true if settled
    POST /control/faults            {method|null, kind, count?, retry_after?, delay?, applied?}
    POST /control/clear_faults      {}
    POST /control/random_faults     {rate, kinds?, seed?}
    POST /control/limits            {global_per_second?, per_chat_per_second?, enabled?}
    POST /control/set_webhook       {url, secret_token?}   POST /control/delete_webhook {}
    GET  /control/messages?chat_id=N[&include_deleted=1]   -> [message]
    GET  /control/callback_answers                         -> [[id, text, show_alert]]
    GET  /control/calls[?method=sendMessage]               -> [{method, params, time, status}]
    GET  /control/state    -> {webhook, pending_updates, stats, commands, left_chats, users}
A message is {message_id, from_bot, sender_id, date, kind, text, caption, buttons:
[[label, callback_data]], reply_keyboard, document: {filename, size}|null, edited, deleted}.

`python -m bot.sandbox` runs this server on its own and prints the base URL.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from tornado.httpserver import HTTPServer
from tornado.netutil import bind_sockets
from tornado.web import Application, RequestHandler

from bot.sandbox.models import ApiError, SandboxMessage, SandboxTimeout
from bot.sandbox.state import BotApiSandbox

__all__ = ["SandboxServer", "message_to_control_json"]

_LOG = logging.getLogger(__name__)

ControlAction = Callable[[BotApiSandbox, dict[str, Any]], Any]


class SandboxServer:
    """Serve one BotApiSandbox on http://host:port; port 0 picks a free one."""

    def __init__(self, sandbox: BotApiSandbox, host: str = "127.0.0.1", port: int = 0) -> None:
        self.sandbox = sandbox
        self.host = host
        self.port = port
        self._server: HTTPServer | None = None

    @property
    def base_url(self) -> str:
        """Root URL, e.g. "http://127.0.0.1:8081" (TELEGRAM_API_BASE_URL)."""
        if self._server is None:
            raise RuntimeError("server not started")
        return f"http://{self.host}:{self.port}"

    @property
    def api_url(self) -> str:
        """What to pass as PTB's base_url (it appends the token)."""
        return f"{self.base_url}/bot"

    @property
    def file_url(self) -> str:
        """What to pass as PTB's base_file_url."""
        return f"{self.base_url}/file/bot"

    async def start(self) -> str:
        """Listen and return base_url."""
        app = Application(
            [
                (r"/bot([^/]+)/([A-Za-z0-9_]+)/?", _ApiHandler, {"sandbox": self.sandbox}),
                (r"/file/bot([^/]+)/(.+)", _FileHandler, {"sandbox": self.sandbox}),
                (r"/control/([a-z_]+)", _ControlHandler, {"sandbox": self.sandbox}),
            ],
            default_handler_class=_NotFoundHandler,
            log_function=_log_request,
        )
        sockets = bind_sockets(self.port, self.host)
        self.port = sockets[0].getsockname()[1]
        self._server = HTTPServer(app)
        self._server.add_sockets(sockets)
        return self.base_url

    async def stop(self) -> None:
        """Stop listening and close every connection (parked long polls end)."""
        if self._server is None:
            return
        server, self._server = self._server, None
        server.stop()
        await server.close_all_connections()

    async def __aenter__(self) -> SandboxServer:
        """Start on enter."""
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        """Stop on exit."""
        await self.stop()


def _log_request(handler: RequestHandler) -> None:
    """Access log at DEBUG: URLs carry the bot token and polling is chatty."""
    _LOG.debug("%d %s %s", handler.get_status(), handler.request.method, handler.request.path)


class _SandboxHandler(RequestHandler):
    """Common plumbing: the sandbox, JSON answers, noticing vanished clients."""

    sandbox: BotApiSandbox

    def initialize(self, sandbox: BotApiSandbox) -> None:
        """Receive the sandbox from the route."""
        self.sandbox = sandbox
        self._gone = asyncio.Event()
        self._task: asyncio.Future[Any] | None = None

    def check_xsrf_cookie(self) -> None:
        """API clients send no cookies."""

    def on_connection_close(self) -> None:
        """The client hung up (PTB cancelled a long poll): stop waiting for it."""
        self._gone.set()
        if self._task is not None:
            self._task.cancel()

    def send_json(self, status: int, body: Any) -> None:
        """Answer with a JSON body unless the client already left."""
        if self._gone.is_set():
            return
        self.set_status(status)
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(body, ensure_ascii=False))

    def arguments(self) -> dict[str, Any]:
        """Query string, then form fields, then a JSON object body."""
        args: dict[str, Any] = {
            k: self.decode_argument(v[-1]) for k, v in self.request.query_arguments.items()
        }
        content_type = self.request.headers.get("Content-Type", "")
        if content_type.startswith("application/json") and self.request.body:
            body = json.loads(self.request.body)
            if not isinstance(body, dict):
                raise ValueError("JSON body must be an object")
            args.update(body)
        else:
            for key, values in self.request.body_arguments.items():
                args[key] = values[-1].decode("utf-8")
        return args

    async def run(self, work: Awaitable[Any]) -> Any:
        """Await `work` as a task the connection-close hook can cancel."""
        self._task = asyncio.ensure_future(work)
        try:
            return await self._task
        finally:
            self._task = None


class _ApiHandler(_SandboxHandler):
    """/bot<token>/<method>."""

    async def get(self, token: str, method: str) -> None:
        """Telegram accepts GET with a query string."""
        await self._answer(token, method)

    async def post(self, token: str, method: str) -> None:
        """Form, JSON or multipart POST."""
        await self._answer(token, method)

    async def _answer(self, token: str, method: str) -> None:
        """Check the token, run the method, answer with Telegram's status and body."""
        refusal = self.sandbox.check_token(token)
        if refusal is not None:
            self.send_json(refusal["error_code"], refusal)
            return
        try:
            params = self.arguments()
        except ValueError:
            self.send_json(400, ApiError(400, "Bad Request: can't parse JSON").envelope())
            return
        uploads = self.request.files.items()
        files = {name: (parts[0].filename, parts[0].body) for name, parts in uploads if parts}
        try:
            envelope = await self.run(self.sandbox.call(method, params, files))
        except asyncio.CancelledError:
            if self._gone.is_set():
                return  # the client left; nobody to answer
            raise
        except SandboxTimeout as timeout:
            await self._hold(timeout.delay)
            envelope = timeout.envelope
        status = 200 if envelope["ok"] else envelope["error_code"]
        self.send_json(status, envelope)

    async def _hold(self, delay: float) -> None:
        """Keep the request open past the client's timeout, or until it gives up."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._gone.wait(), delay)


class _FileHandler(_SandboxHandler):
    """/file/bot<token>/<path>."""

    async def get(self, token: str, path: str) -> None:
        """Serve the stored bytes."""
        refusal = self.sandbox.check_token(token)
        stored = self.sandbox.file_by_path(path) if refusal is None else None
        if refusal is not None or stored is None:
            body = refusal or ApiError(404, "Not Found").envelope()
            self.send_json(body["error_code"], body)
            return
        self.set_header("Content-Type", stored.mime_type or "application/octet-stream")
        self.finish(stored.data)


class _NotFoundHandler(_SandboxHandler):
    """Anything else: Telegram's 404."""

    def initialize(self, sandbox: BotApiSandbox | None = None, **_: Any) -> None:
        """The default handler gets no route kwargs."""
        self._gone = asyncio.Event()
        self._task = None

    def prepare(self) -> None:
        """Answer 404 for every verb."""
        self.send_json(404, ApiError(404, "Not Found").envelope())


class _ControlHandler(_SandboxHandler):
    """/control/<action>: the user side for other processes."""

    async def get(self, action: str) -> None:
        """Readers (and actions, for curl convenience)."""
        await self._control(action)

    async def post(self, action: str) -> None:
        """Actions."""
        await self._control(action)

    async def _control(self, action: str) -> None:
        """Run a control action and answer {"ok", "result"} or {"ok": false, "error"}."""
        handler = _CONTROL.get(action)
        if handler is None:
            self.send_json(404, {"ok": False, "error": f"unknown control action {action!r}"})
            return
        try:
            result = handler(self.sandbox, self.arguments())
            if asyncio.iscoroutine(result):
                result = await self.run(result)
        except asyncio.CancelledError:
            if self._gone.is_set():
                return
            raise
        except (KeyError, TypeError, ValueError) as error:
            self.send_json(400, {"ok": False, "error": f"{error.__class__.__name__}: {error}"})
            return
        self.send_json(200, {"ok": True, "result": result})


def message_to_control_json(message: SandboxMessage) -> dict[str, Any]:
    """A transcript message as the control API shows it."""
    document = message.document
    return {
        "message_id": message.message_id,
        "from_bot": message.from_bot,
        "sender_id": message.sender_id,
        "date": message.date,
        "kind": message.kind,
        "text": message.text,
        "caption": message.caption,
        "buttons": [[list(button) for button in row] for row in message.buttons],
        "reply_keyboard": message.reply_keyboard,
        "document": {"filename": document.filename, "size": len(document.data)}
        if document
        else None,
        "edited": message.edit_date is not None,
        "deleted": message.deleted,
    }


def _int(args: dict[str, Any], key: str) -> int:
    """An id from JSON (int) or a query string (str)."""
    return int(args[key])


def _opt(args: dict[str, Any], key: str) -> Any:
    """An optional argument."""
    return args.get(key)


def _messages(sandbox: BotApiSandbox, args: dict[str, Any]) -> list[dict[str, Any]]:
    """Transcript of one chat."""
    include = str(args.get("include_deleted", "")).lower() in {"1", "true"}
    chat_messages = sandbox.messages(_int(args, "chat_id"), include_deleted=include)
    return [message_to_control_json(m) for m in chat_messages]


def _queue_fault(sandbox: BotApiSandbox, args: dict[str, Any]) -> bool:
    """faults.queue(method, kind, count, **options)."""
    options = {k: args[k] for k in ("retry_after", "delay", "applied") if k in args}
    if "retry_after" in options:
        options["retry_after"] = int(options["retry_after"])
    if "delay" in options:
        options["delay"] = float(options["delay"])
    sandbox.faults.queue(args.get("method"), args["kind"], int(args.get("count", 1)), **options)
    return True


def _limits(sandbox: BotApiSandbox, args: dict[str, Any]) -> bool:
    """Switch the flood-limit enforcer on (default limits) or off."""
    if str(args.get("enabled", True)).lower() in {"false", "0"}:
        sandbox.disable_limits()
    else:
        sandbox.enforce_limits(
            int(args.get("global_per_second", 30)), int(args.get("per_chat_per_second", 1))
        )
    return True


def _state(sandbox: BotApiSandbox, args: dict[str, Any]) -> dict[str, Any]:
    """A summary for dashboards and assertions from another process."""
    return {
        "webhook": sandbox.webhook.url if sandbox.webhook else None,
        "pending_updates": len(sandbox.pending_updates),
        "stats": dataclasses.asdict(sandbox.stats),
        "commands": {f"{scope}|{lang}": cmds for (scope, lang), cmds in sandbox.commands.items()},
        "left_chats": sandbox.left_chats,
        "users": sorted(sandbox.users),
    }


def _calls(sandbox: BotApiSandbox, args: dict[str, Any]) -> list[dict[str, Any]]:
    """The call log, optionally for one method."""
    method = args.get("method")
    calls = sandbox.calls_to(method) if method else sandbox.calls
    return [
        {"method": c.method, "params": _jsonable(c.params), "time": c.time, "status": c.status}
        for c in calls
    ]


def _jsonable(params: dict[str, Any]) -> dict[str, Any]:
    """Call params may hold bytes-free but odd values; stringify what JSON cannot carry."""
    return json.loads(json.dumps(params, default=str))


def _set_webhook(sandbox: BotApiSandbox, args: dict[str, Any]) -> bool:
    """Control-side webhook switch."""
    sandbox.set_webhook(args["url"], args.get("secret_token"))
    return True


_CONTROL: dict[str, ControlAction] = {
    "add_user": lambda s, a: dataclasses.asdict(
        s.add_user(
            _int(a, "user_id"), a["first_name"], _opt(a, "username"), a.get("language_code", "en")
        )
    ),
    "add_group": lambda s, a: s.add_group(_int(a, "chat_id"), a["title"]).chat_id,
    "send_text": lambda s, a: s.send_text(
        _int(a, "user_id"), a["text"], chat_id=int(a["chat_id"]) if a.get("chat_id") else None
    ),
    "send_sticker": lambda s, a: s.send_sticker(_int(a, "user_id"), a.get("emoji", "👍")),
    "send_photo": lambda s, a: s.send_photo_from_user(
        _int(a, "user_id"), caption=_opt(a, "caption")
    ),
    "send_voice": lambda s, a: s.send_voice(_int(a, "user_id"), duration=int(a.get("duration", 2))),
    "press": lambda s, a: s.press(_int(a, "user_id"), _int(a, "message_id"), a["callback_data"]),
    "press_label": lambda s, a: s.press_label(
        _int(a, "user_id"), a["label"], int(a["message_id"]) if a.get("message_id") else None
    ),
    "tap_reply_button": lambda s, a: s.tap_reply_button(_int(a, "user_id"), a["label"]),
    "block_user": lambda s, a: s.block_user(_int(a, "user_id")),
    "unblock_user": lambda s, a: s.unblock_user(_int(a, "user_id")),
    "settle": lambda s, a: s.settle(float(a.get("quiet", 0.3)), float(a.get("timeout", 10.0))),
    "faults": _queue_fault,
    "clear_faults": lambda s, a: s.faults.clear(),
    "random_faults": lambda s, a: s.set_random_faults(
        float(a["rate"]),
        a.get("kinds", ("retry_after", "server_error", "timeout")),
        int(a.get("seed", 0)),
    ),
    "limits": _limits,
    "set_webhook": _set_webhook,
    "delete_webhook": lambda s, a: s.delete_webhook(),
    "messages": _messages,
    "callback_answers": lambda s, a: [list(answer) for answer in s.callback_answers],
    "calls": _calls,
    "state": _state,
}
