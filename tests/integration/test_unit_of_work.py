"""The unit of work around each update (bot/context.py) as other people feel it: while
the bot waits for Telegram to take one person's reply, it holds no database connection,
so everyone else's updates are not queued behind that wait."""

from __future__ import annotations

import pytest

from tests.seed import SUPPORTER, seed_cast


@pytest.fixture
async def cast(bot):
    return await seed_cast(bot.services, bot.sandbox)


async def test_no_database_connection_is_held_while_telegram_answers(bot, cast, monkeypatch):
    engine = bot.services.sessions.kw["bind"]
    held: list[tuple[str, int]] = []
    real_call = bot.sandbox.call

    async def call(method, params, files=None):  # type: ignore[no-untyped-def]
        if method.lower() != "getupdates":
            held.append((method, engine.pool.checkedout()))
        return await real_call(method, params, files)

    monkeypatch.setattr(bot.sandbox, "call", call)
    await bot.say(SUPPORTER, "what do I say to a bereaved client")  # reads only
    await bot.say(SUPPORTER, "/hours")  # reads only
    await bot.say(SUPPORTER, "/log 1.5h visit")
    await bot.press(SUPPORTER, "✅ Save")  # writes, then answers and edits the card

    methods = {method for method, _ in held}
    assert {"sendMessage", "answerCallbackQuery", "editMessageText"} <= methods
    assert [(method, n) for method, n in held if n] == []
