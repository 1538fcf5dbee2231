"""Webhook mode end to end: the real bot listens on a local port, exactly as `tunghang run`
does (bot.webhook_server.front_door_for), and the HTTP sandbox plays Telegram, posting updates with
X-Telegram-Bot-Api-Secret-Token. A request without the secret, or with a wrong one, gets
403 and is never processed; the right one is."""

from __future__ import annotations

import asyncio
import socket
import time

import httpx

from bot.app import build_application
from bot.config import Settings
from bot.sandbox.server import SandboxServer
from bot.sandbox.state import BotApiSandbox
from bot.sandbox.webhook import SECRET_HEADER
from bot.webhook_server import front_door_for
from tests.seed import SUPPORTER, seed_cast

TOKEN = "123456:WEBHOOK-token"
SECRET = "s3cret_Webhook-42"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _update(update_id: int, text: str) -> dict[str, object]:
    """What Telegram would post for the supporter typing `text`."""
    user = {"id": SUPPORTER, "is_bot": False, "first_name": "Siu Fong", "language_code": "en"}
    return {
        "update_id": update_id,
        "message": {
            "message_id": 90000 + update_id % 1000,
            "date": int(time.time()),
            "chat": {"id": SUPPORTER, "type": "private", "first_name": "Siu Fong"},
            "from": user,
            "text": text,
            "entities": [{"type": "bot_command", "offset": 0, "length": len(text)}],
        },
    }


async def test_requests_without_the_right_secret_get_403(database_url, library, catalogs):
    sandbox = BotApiSandbox(token=TOKEN, bot_username="TungHangBot")
    port = _free_port()
    async with SandboxServer(sandbox) as server:
        settings = Settings.from_env(
            {
                "TELEGRAM_BOT_TOKEN": TOKEN,
                "DATABASE_URL": database_url,
                "TELEGRAM_API_BASE_URL": server.base_url,
                "TUNGHANG_MODE": "webhook",
                "WEBHOOK_URL": "https://bot.example.org/tg/hook",
                "WEBHOOK_SECRET": SECRET,
                "WEBHOOK_LISTEN": "127.0.0.1",
                "WEBHOOK_PORT": str(port),
            }
        )
        # Telegram would reach the public https URL through a proxy; the sandbox posts
        # straight to the port the bot listens on, on the same path.
        local_url = f"http://127.0.0.1:{port}/tg/hook"
        app = build_application(settings, library_=library, catalogs=catalogs, migrate=False)
        async with app:
            await app.post_init(app)  # type: ignore[misc]
            await app.start()
            door = front_door_for(app, settings)
            await door.start(settings.listen_host, settings.listen_port)
            await app.bot.set_webhook(local_url, secret_token=SECRET)
            try:
                assert sandbox.webhook is not None and sandbox.webhook.secret_token == SECRET
                await seed_cast(app.bot_data["services"], sandbox)

                # Telegram (the sandbox) sends the secret: the update is handled.
                sandbox.send_text(SUPPORTER, "/help")
                assert await sandbox.settle(quiet=0.3)
                assert "Here is what I can do:" in (sandbox.last_bot_message(SUPPORTER).text or "")
                seen = len(sandbox.bot_messages(SUPPORTER))

                async with httpx.AsyncClient(timeout=10) as client:
                    refused = [
                        await client.post(local_url, json=_update(800001, "/hours")),
                        await client.post(
                            local_url, json=_update(800002, "/hours"), headers={SECRET_HEADER: ""}
                        ),
                        await client.post(
                            local_url,
                            json=_update(800003, "/hours"),
                            headers={SECRET_HEADER: "wrong"},
                        ),
                        await client.post(
                            local_url,
                            json=_update(800004, "/hours"),
                            headers={SECRET_HEADER: SECRET.upper()},
                        ),
                        await client.post(
                            local_url,
                            json=_update(800005, "/hours"),
                            headers={SECRET_HEADER: SECRET + "x"},
                        ),
                    ]
                    assert [r.status_code for r in refused] == [403] * 5
                    await asyncio.sleep(0.3)
                    assert await sandbox.settle(quiet=0.2)
                    # Nothing was processed: not a word to the supporter.
                    assert len(sandbox.bot_messages(SUPPORTER)) == seen

                    accepted = await client.post(
                        local_url,
                        json=_update(800006, "/hours"),
                        headers={SECRET_HEADER: SECRET},
                    )
                    assert accepted.status_code == 200
                    for _ in range(50):  # the bot answers in the background
                        if len(sandbox.bot_messages(SUPPORTER)) > seen:
                            break
                        await asyncio.sleep(0.05)
                    assert await sandbox.settle(quiet=0.2)
                    reply = sandbox.last_bot_message(SUPPORTER)
                    assert reply is not None and "This month" in (reply.text or ""), reply
            finally:
                await door.stop()
                await app.stop()
                await app.post_stop(app)  # type: ignore[misc]
        await app.post_shutdown(app)  # type: ignore[misc]
    await sandbox.aclose()
