"""`python -m bot.sandbox`: run a standalone sandbox Bot API server and print its URL."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal

from bot.sandbox.server import SandboxServer
from bot.sandbox.state import BotApiSandbox


def _parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(prog="python -m bot.sandbox", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--token", default="123456:SANDBOX")
    parser.add_argument("--bot-username", default="TungHangBot")
    parser.add_argument(
        "--user",
        action="append",
        default=[],
        metavar="ID:NAME[:LANG]",
        help="pre-create a user (repeatable), e.g. 1001:Ah Mei:yue",
    )
    return parser.parse_args(argv)


def _add_users(sandbox: BotApiSandbox, specs: list[str]) -> None:
    """Create users from ID:NAME[:LANG] strings."""
    for spec in specs:
        user_id, _, rest = spec.partition(":")
        name, _, language = rest.partition(":")
        sandbox.add_user(int(user_id), name or f"User {user_id}", language_code=language or "en")


async def _serve(args: argparse.Namespace) -> None:
    """Serve until SIGINT/SIGTERM."""
    sandbox = BotApiSandbox(args.token, args.bot_username)
    _add_users(sandbox, args.user)
    server = SandboxServer(sandbox, args.host, args.port)
    base_url = await server.start()
    print(f"Sandbox Bot API listening on {base_url}", flush=True)
    print(f"  TELEGRAM_API_BASE_URL={base_url}  TELEGRAM_BOT_TOKEN={args.token}", flush=True)
    print(f"  control API: {base_url}/control/…  (see bot/sandbox/server.py)", flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(signum, stop.set)
    try:
        await stop.wait()
    finally:
        await server.stop()
        await sandbox.aclose()


def main(argv: list[str] | None = None) -> None:
    """Entry point."""
    asyncio.run(_serve(_parse_args(argv)))


if __name__ == "__main__":
    main()
