"""SandboxRequest: an in-process PTB transport that answers from a BotApiSandbox.

    bot = Bot(sandbox.token, request=SandboxRequest(sandbox),
              get_updates_request=SandboxRequest(sandbox))

Status codes and bodies are what Telegram would send, so PTB raises RetryAfter, Forbidden,
BadRequest, InvalidToken and NetworkError exactly as in production; a "timeout" fault raises
telegram.error.TimedOut as HTTPXRequest does.
"""

from __future__ import annotations

import asyncio
import json
import re
from typing import IO, Any
from urllib.parse import unquote

from telegram.error import TimedOut
from telegram.request import BaseRequest, RequestData

from bot.sandbox.models import ApiError, SandboxTimeout
from bot.sandbox.state import BotApiSandbox

__all__ = ["SandboxRequest", "split_api_url"]

_API_URL = re.compile(r"/bot(?P<token>[^/]+)/(?P<method>[^/?#]+)/?(?:[?#].*)?$")
_FILE_URL = re.compile(r"/file/bot(?P<token>[^/]+)/(?P<path>[^?#]+)")


def split_api_url(url: str) -> tuple[str, str] | None:
    """(token, method) from ".../bot<token>/<method>", or None."""
    match = _API_URL.search(url)
    return (unquote(match["token"]), match["method"]) if match else None


class SandboxRequest(BaseRequest):
    """A BaseRequest that calls BotApiSandbox.call directly, optionally with latency."""

    __slots__ = ("_latency", "_read_timeout", "sandbox")

    def __init__(
        self, sandbox: BotApiSandbox, *, latency: float = 0.0, read_timeout: float | None = 5.0
    ) -> None:
        self.sandbox = sandbox
        self._latency = latency
        self._read_timeout = read_timeout

    @property
    def read_timeout(self) -> float | None:
        """Default read timeout PTB adds to getUpdates' long-poll timeout."""
        return self._read_timeout

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close."""

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = BaseRequest.DEFAULT_NONE,
        write_timeout: Any = BaseRequest.DEFAULT_NONE,
        connect_timeout: Any = BaseRequest.DEFAULT_NONE,
        pool_timeout: Any = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """Answer one request the way Telegram's HTTP endpoint would."""
        if self._latency:
            await asyncio.sleep(self._latency)
        file_match = _FILE_URL.search(url)
        if file_match:  # PTB percent-encodes the token's colon in download URLs
            return self._download(unquote(file_match["token"]), unquote(file_match["path"]))
        parts = split_api_url(url)
        if parts is None:
            return _reply(ApiError(404, "Not Found").envelope())
        token, api_method = parts
        refusal = self.sandbox.check_token(token)
        if refusal is not None:
            return _reply(refusal)
        params = dict(request_data.parameters) if request_data else {}
        files = _files(request_data)
        try:
            envelope = await self.sandbox.call(api_method, params, files)
        except SandboxTimeout as timeout:
            raise TimedOut(f"Timed out (sandbox fault after {timeout.delay:g} s)") from None
        return _reply(envelope)

    def _download(self, token: str, path: str) -> tuple[int, bytes]:
        """Serve /file/bot<token>/<path> bytes."""
        refusal = self.sandbox.check_token(token)
        if refusal is not None:
            return _reply(refusal)
        stored = self.sandbox.file_by_path(path)
        if stored is None:
            return _reply(ApiError(404, "Not Found").envelope())
        return 200, stored.data


def _reply(envelope: dict[str, Any]) -> tuple[int, bytes]:
    """HTTP status (200 or the error code) and JSON body."""
    status = 200 if envelope.get("ok") else int(envelope.get("error_code", 500))
    return status, json.dumps(envelope).encode("utf-8")


def _files(request_data: RequestData | None) -> dict[str, tuple[str, bytes]]:
    """Multipart uploads as {part name: (filename, bytes)}, reading file handles."""
    if request_data is None or not request_data.contains_files:
        return {}
    uploads: dict[str, tuple[str, bytes]] = {}
    for name, field in request_data.multipart_data.items():
        filename, content = field[0], field[1]
        uploads[name] = (filename or name, _read(content))
    return uploads


def _read(content: bytes | IO[bytes]) -> bytes:
    """Upload content is bytes or (since PTB 21.5) a binary file handle."""
    if isinstance(content, bytes):
        return content
    return content.read()
