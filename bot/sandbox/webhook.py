"""Webhook delivery: POST each pending update to the bot, in order, until it answers 2xx."""

from __future__ import annotations

import asyncio
from typing import Any, Protocol

import httpx

__all__ = ["SECRET_HEADER", "deliver_updates"]

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
_FIRST_RETRY = 0.1
_MAX_RETRY = 2.0


class WebhookSource(Protocol):
    """What delivery needs of the sandbox (bot.sandbox.state.BotApiSandbox)."""

    async def next_webhook_update(self) -> dict[str, Any]: ...
    def webhook_delivered(self, update_id: int) -> None: ...
    def webhook_failed(self, message: str) -> None: ...


async def deliver_updates(sandbox: WebhookSource, url: str, secret_token: str | None) -> None:
    """Run until cancelled; failed deliveries are retried with backoff like Telegram does."""
    headers = {SECRET_HEADER: secret_token} if secret_token else {}
    delay = _FIRST_RETRY
    async with httpx.AsyncClient(timeout=10.0) as client:
        while True:
            update = await sandbox.next_webhook_update()
            error = await _post(client, url, update, headers)
            if error is None:
                sandbox.webhook_delivered(update["update_id"])
                delay = _FIRST_RETRY
                continue
            sandbox.webhook_failed(error)
            await asyncio.sleep(delay)
            delay = min(delay * 2, _MAX_RETRY)


async def _post(
    client: httpx.AsyncClient, url: str, update: dict[str, object], headers: dict[str, str]
) -> str | None:
    """POST one update; the error text getWebhookInfo would show, or None on success."""
    try:
        response = await client.post(url, json=update, headers=headers)
    except httpx.HTTPError as exc:
        return f"Connection failed: {exc.__class__.__name__}"
    if 200 <= response.status_code < 300:
        return None
    return f"Wrong response from the webhook: {response.status_code} {response.reason_phrase}"
