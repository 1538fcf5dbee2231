"""The webhook front door: refuses strangers at the headers, before reading a byte of body.

Why not PTB's built-in server: it buffers up to 100 MB per request before it looks at the
secret header and keeps idle connections for an hour, so a port reachable without the secret
could be made to eat memory and descriptors. Tornado (already here through PTB) can do better
when configured directly, so this module serves the webhook itself:

- the secret header, path and announced size are checked when the headers arrive
  (`@stream_request_body` + `prepare`): 403 / 404 / 413 and the connection is closed;
- bodies are capped (Telegram's updates are a few KB; 1 MB is plenty) and must arrive within
  seconds; connections idle (or sending headers slowly) are closed within seconds;
- at most `max_connections` are open: a new connection pushes out the oldest one that has
  not yet shown the secret, so idle sockets cannot starve Telegram;
- an accept() failure (e.g. out of descriptors) pauses accepting for a second and is logged
  once with a count, instead of a traceback per attempt.

Telegram's retry semantics are kept: only a parsed, queued update is answered 2xx.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import socket
import time
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from telegram import Update
from telegram.ext import ExtBot
from tornado import iostream
from tornado.httpserver import HTTPServer
from tornado.netutil import bind_sockets
from tornado.web import Application as TornadoApplication
from tornado.web import RequestHandler, stream_request_body

log = logging.getLogger(__name__)

__all__ = ["SECRET_HEADER", "FrontDoorLimits", "WebhookFrontDoor"]

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
_ACCEPT_PAUSE_SECONDS = 1.0
_REPORT_EVERY = 60.0  # seconds between accept-failure log lines


@dataclass(frozen=True, slots=True)
class FrontDoorLimits:
    max_body_bytes: int = 1024 * 1024
    idle_seconds: float = 10.0  # idle keep-alive, and the whole header must arrive in this
    body_seconds: float = 10.0  # the whole body must arrive in this
    max_connections: int = 100


class WebhookFrontDoor:
    """Listens on host:port and puts each update Telegram posts on `update_queue`."""

    def __init__(
        self,
        *,
        bot: Any,
        update_queue: asyncio.Queue[object],
        secret: str,
        url_path: str,
        limits: FrontDoorLimits | None = None,
    ) -> None:
        self.limits = limits or FrontDoorLimits()
        self._bot = bot
        self._queue = update_queue
        self._secret = secret.encode()
        self._path = "/" + url_path.lstrip("/")
        self.port = 0
        web_app = TornadoApplication(
            [(r"/.*", _UpdateHandler, {"door": self})],
            # No access log: a stranger's flood of 403s must not become a flood of lines.
            log_function=lambda handler: None,
        )
        self._server = _BoundedHTTPServer(
            web_app,
            max_connections=self.limits.max_connections,
            max_body_size=self.limits.max_body_bytes,
            idle_connection_timeout=self.limits.idle_seconds,
            body_timeout=self.limits.body_seconds,
            max_header_size=16 * 1024,
            xheaders=False,
        )

    @property
    def open_connections(self) -> int:
        return self._server.open_connections()

    async def start(self, host: str, port: int) -> None:
        sockets = bind_sockets(port, host, backlog=128)
        self.port = int(sockets[0].getsockname()[1])  # the one chosen when port is 0
        self._server.add_sockets(sockets)
        log.info("webhook listening on %s:%d", host, self.port)

    async def stop(self) -> None:
        self._server.stop()
        try:
            await asyncio.wait_for(self._server.close_all_connections(), timeout=5)
        except TimeoutError:
            log.warning("webhook connections still open at shutdown")

    # --- what the handler asks ---------------------------------------------------------

    def admits(self, path: str, secret: str | None) -> int | None:
        """The status to refuse with, or None when the request may send its body."""
        if path != self._path:
            return 404
        if not secret or not hmac.compare_digest(secret.encode(), self._secret):
            return 403
        return None

    async def accept(self, body: bytes) -> int:
        """Parse and queue one update; the status Telegram gets (non-2xx → it retries)."""
        try:
            update = Update.de_json(json.loads(body), self._bot)
        except Exception as exc:  # any parse failure is the sender's
            # Not the body: it is what someone wrote.
            log.warning(
                "webhook: an update could not be parsed (%d bytes, %s); answered 400",
                len(body),
                type(exc).__name__,
            )
            return 400
        if update is not None:
            if isinstance(self._bot, ExtBot):  # arbitrary callback data, as PTB does
                self._bot.insert_callback_data(update)
            await self._queue.put(update)
        return 200

    def mark_trusted(self, stream: iostream.IOStream) -> None:
        self._server.trusted.add(stream)

    def forget(self, stream: iostream.IOStream) -> None:
        self._server.trusted.discard(stream)


@stream_request_body
class _UpdateHandler(RequestHandler):
    SUPPORTED_METHODS = ("POST", "GET", "HEAD", "PUT", "DELETE", "PATCH", "OPTIONS")

    def initialize(self, door: WebhookFrontDoor) -> None:
        self._door = door
        self._chunks: list[bytes] = []
        self._size = 0
        self._refused = False

    def prepare(self) -> None:
        # Runs when the headers are in and before any body is read.
        status = self._door.admits(self.request.path, self.request.headers.get(SECRET_HEADER))
        if status is None and self.request.method != "POST":
            status = 405
        if status is None:
            announced = self.request.headers.get("Content-Length", "0")
            if not announced.isdigit() or int(announced) > self._door.limits.max_body_bytes:
                status = 413
        if status is not None:
            self._refuse(status)
            return
        # Tornado types connection as the HTTPConnection interface; ours is an HTTP1Connection.
        self._door.mark_trusted(self.request.connection.stream)  # type: ignore[union-attr]

    def data_received(self, chunk: bytes) -> None:
        if self._refused:
            return
        self._size += len(chunk)
        if self._size > self._door.limits.max_body_bytes:  # chunked bodies have no length
            self._refuse(413)
            return
        self._chunks.append(chunk)

    async def post(self) -> None:
        if self._refused:
            return
        status = await self._door.accept(b"".join(self._chunks))
        self.set_status(status)
        self.finish()

    def on_finish(self) -> None:
        stream = getattr(self.request.connection, "stream", None)
        if stream is not None:
            self._door.forget(stream)

    def _refuse(self, status: int) -> None:
        self._refused = True
        self.set_status(status)
        # Close rather than read or drain whatever body was announced.
        self.set_header("Connection", "close")
        self.finish()

    def log_exception(self, typ: Any, value: Any, tb: Any) -> None:
        # Tornado's default logs the request and traceback; the type is enough here.
        log.warning("webhook request failed: %s", getattr(typ, "__name__", typ))


class _BoundedHTTPServer(HTTPServer):
    """HTTPServer with a cap on open connections and an accept loop that backs off."""

    # Tornado's Configurable passes extra keyword arguments through; the base names fewer.
    def initialize(  # type: ignore[override]
        self, request_callback: Any, max_connections: int = 100, **kwargs: Any
    ) -> None:
        super().initialize(request_callback, **kwargs)
        self._max_connections = max_connections
        self._streams: OrderedDict[iostream.IOStream, None] = OrderedDict()
        self.trusted: set[iostream.IOStream] = set()
        self._accept_failures = 0
        self._failing = False
        self._failure_logged_at = self._recovery_logged_at = -_REPORT_EVERY

    def open_connections(self) -> int:
        for stream in [s for s in self._streams if s.closed()]:
            del self._streams[stream]
            self.trusted.discard(stream)
        return len(self._streams)

    def handle_stream(self, stream: iostream.IOStream, address: tuple[Any, ...]) -> None:
        if self.open_connections() >= self._max_connections:
            # Push out the oldest connection that never showed the secret (idle, or a
            # stranger); Telegram's requests in progress are never cut.
            victim = next((s for s in self._streams if s not in self.trusted), None)
            if victim is None:
                stream.close()
                return
            del self._streams[victim]
            victim.close()
        self._streams[stream] = None
        super().handle_stream(stream, address)

    def add_sockets(self, sockets: Iterable[socket.socket]) -> None:
        for sock in sockets:
            sock.setblocking(False)
            self._sockets[sock.fileno()] = sock
            self._handlers[sock.fileno()] = self._watch(sock)

    def _watch(self, sock: socket.socket) -> Any:
        loop = asyncio.get_running_loop()
        fd = sock.fileno()
        state = {"paused": False, "closed": False}

        def on_readable() -> None:
            for _ in range(128):
                try:
                    connection, address = sock.accept()
                except BlockingIOError:
                    break
                except ConnectionAbortedError:
                    continue
                except OSError as exc:
                    self._accept_failed(exc)
                    loop.remove_reader(fd)
                    state["paused"] = True
                    loop.call_later(_ACCEPT_PAUSE_SECONDS, resume)
                    return
                self._accepted_again()
                self._handle_connection(connection, address)

        def resume() -> None:
            if state["paused"] and not state["closed"]:
                state["paused"] = False
                loop.add_reader(fd, on_readable)

        def remove() -> None:
            state["closed"] = True
            loop.remove_reader(fd)

        loop.add_reader(fd, on_readable)
        return remove

    def _accept_failed(self, exc: OSError) -> None:
        # At most one "cannot accept" and one "accepting again" line a minute, however often
        # it flaps; the failures are counted in between and reported with the recovery.
        self._accept_failures += 1
        if self._failing:
            return
        self._failing = True
        now = time.monotonic()
        if now - self._failure_logged_at >= _REPORT_EVERY:
            self._failure_logged_at = now
            log.error(
                "webhook cannot accept connections (%s, errno %s); pausing %.0f s between "
                "attempts, will report the count when it recovers",
                type(exc).__name__,
                exc.errno,
                _ACCEPT_PAUSE_SECONDS,
            )

    def _accepted_again(self) -> None:
        if not self._failing:
            return
        self._failing = False
        now = time.monotonic()
        if now - self._recovery_logged_at >= _REPORT_EVERY:
            self._recovery_logged_at = now
            log.warning("webhook accepting again after %d failed accept(s)", self._accept_failures)
            self._accept_failures = 0


# --- running the bot behind it --------------------------------------------------------


def limits_from(settings: Any) -> FrontDoorLimits:
    return FrontDoorLimits(
        idle_seconds=settings.webhook_idle_seconds,
        body_seconds=settings.webhook_idle_seconds,
        max_connections=settings.webhook_max_connections,
    )


def front_door_for(app: Any, settings: Any) -> WebhookFrontDoor:
    """The door for `app`, at the path of WEBHOOK_URL, with the limits from settings."""
    from urllib.parse import urlparse

    assert settings.webhook_url and settings.webhook_secret
    return WebhookFrontDoor(
        bot=app.bot,
        update_queue=app.update_queue,
        secret=settings.webhook_secret,
        url_path=urlparse(settings.webhook_url).path,
        limits=limits_from(settings),
    )


async def serve_webhook(
    app: Any, settings: Any, allowed_updates: list[str], stop: asyncio.Event | None = None
) -> int:
    """What `tunghang run` does in webhook mode, in PTB's order: initialize, post_init,
    listen, tell Telegram where, start; on SIGINT/SIGTERM (or `stop`) the reverse."""
    import signal

    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    door = front_door_for(app, settings)
    await app.initialize()
    try:
        if app.post_init:
            await app.post_init(app)
        await door.start(settings.listen_host, settings.listen_port)
        await app.bot.set_webhook(
            url=settings.webhook_url,
            secret_token=settings.webhook_secret,
            allowed_updates=allowed_updates,
            max_connections=40,
        )
        await app.start()
        try:
            await stop.wait()
        finally:
            await door.stop()
            await app.stop()
            if app.post_stop:
                await app.post_stop(app)
    finally:
        await app.shutdown()
        if app.post_shutdown:
            await app.post_shutdown(app)
    return int(app.bot_data.get("exit_code", 0))
