"""Local stand-in for the Telegram Bot API (state, in-process transport, HTTP server, terminal)."""

from bot.sandbox.models import SandboxFile, SandboxMessage, SandboxTimeout
from bot.sandbox.request import SandboxRequest
from bot.sandbox.server import SandboxServer
from bot.sandbox.state import AmbiguousLabel, BotApiSandbox, CallbackAnswer
from bot.sandbox.terminal import TerminalChat

__all__ = [
    "AmbiguousLabel",
    "BotApiSandbox",
    "CallbackAnswer",
    "SandboxFile",
    "SandboxMessage",
    "SandboxRequest",
    "SandboxServer",
    "SandboxTimeout",
    "TerminalChat",
]
