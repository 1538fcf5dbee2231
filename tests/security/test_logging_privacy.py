"""The logs never carry the bot token or what anyone wrote.

Logging is configured exactly as `tunghang run` does (bot.logging_setup) at LOG_LEVEL=DEBUG,
and then EVERY logger — PTB, httpx, SQLAlchemy, aiosqlite, asyncpg, ours — is forced to
DEBUG too, so only the handler's own filters stand between a payload and the log. A slice
of real conversations runs through the real bot: a question (and one with a phone number),
/log with typed hours, a flag with a case code and a description, an acknowledgement, an
invite redeemed, a language switch, /mydata, a handler error and the outbox. Then no token,
no typed text, no case code, description or invite code, and no text the bot sent may
appear anywhere in what the handler wrote.
"""

from __future__ import annotations

import io
import json
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.exc import IntegrityError
from telegram import Bot

from bot.logging_setup import configure_logging
from bot.sandbox.server import SandboxServer
from bot.sandbox.state import BotApiSandbox
from storage.models import Person
from tests.conftest import TOKEN
from tests.harness import Harness
from tests.seed import SOCIAL_WORKER, STRANGER, SUPPORTER, seed_cast

QUESTION = "My client keeps crying about her late husband Ah Keung what should I say"
SENSITIVE = "her daughter's mobile is 9123 4567 can I call her"
HOURS = "琴日探訪 2個鐘 Lok Fu"
CODE = "QX7"
DESCRIPTION = "Neighbour saw purple bruises on both wrists after the Sunday yum cha"
OUTCOME = "Called the family together with the centre nurse"
INVITEE = "Wong Siu Ming the newcomer"


@contextmanager
def production_logging_at_debug() -> Iterator[io.StringIO]:
    root = logging.getLogger()
    saved_handlers, saved_level = root.handlers[:], root.level
    loggers = [
        logging.getLogger(name)
        for name, value in logging.root.manager.loggerDict.items()
        if isinstance(value, logging.Logger)
    ]
    saved_levels = {logger.name: (logger.level, logger.disabled) for logger in loggers}
    configure_logging("DEBUG", TOKEN)
    stream = io.StringIO()
    handler = root.handlers[0]
    assert isinstance(handler, logging.StreamHandler)
    handler.setStream(stream)

    def everything_at_debug() -> None:
        for value in list(logging.root.manager.loggerDict.values()):
            if isinstance(value, logging.Logger):
                value.setLevel(logging.DEBUG)
                value.disabled = False

    everything_at_debug()
    try:
        yield stream
    finally:
        root.handlers[:] = saved_handlers
        root.setLevel(saved_level)
        for name, (level, disabled) in saved_levels.items():
            logger = logging.getLogger(name)
            logger.setLevel(level)
            logger.disabled = disabled


def _forms(secret: str) -> set[str]:
    """The secret as logs might render it: plain, JSON-escaped, repr-escaped."""
    return {secret, json.dumps(secret)[1:-1], repr(secret)[1:-1]}


async def test_a_days_conversations_leave_no_text_or_token_in_the_logs(bot: Harness) -> None:
    with production_logging_at_debug() as log:
        # Loggers created from here on (first use) must be caught too.
        logging.getLogger("httpx").setLevel(logging.DEBUG)
        cast = await seed_cast(bot.services, bot.sandbox)
        # Ask, and ask with a phone number in it.
        await bot.say(SUPPORTER, QUESTION)
        await bot.say(SUPPORTER, SENSITIVE)
        # Hours, typed, then saved.
        card = (await bot.say(SUPPORTER, f"/log {HOURS}"))[-1]
        await bot.press(SUPPORTER, "✅ Save", card.message_id)
        # A flag with a case code and a description; the social worker takes and closes it.
        await bot.say(SUPPORTER, "/flag")
        await bot.press(SUPPORTER, "Abuse or neglect of an older person")
        await bot.press(SUPPORTER, "Needs action today")
        await bot.say(SUPPORTER, CODE)
        await bot.say(SUPPORTER, DESCRIPTION)
        await bot.press(SUPPORTER, "📨 Send")
        await bot.flush()
        await bot.press(SOCIAL_WORKER, "✅ I'm on it")
        await bot.flush()
        await bot.press(SOCIAL_WORKER, "🗂 Close with outcome")
        await bot.say(SOCIAL_WORKER, OUTCOME)
        await bot.flush()
        # An invite, redeemed by a new supporter.
        await bot.say(SOCIAL_WORKER, "/invite")
        invite = (await bot.say(SOCIAL_WORKER, INVITEE))[-1].text or ""
        code = re.search(r"start=([A-Za-z0-9_-]+)", invite)
        assert code is not None, invite
        bot.sandbox.add_user(STRANGER, "New Helper", language_code="zh-hk")
        await bot.say(STRANGER, f"/start {code.group(1)}")
        # A language switch, settings typed, their data.
        await bot.say(SUPPORTER, "/language")
        await bot.press(SUPPORTER, "廣東話")
        await bot.say(SUPPORTER, "/mydata")
        # An error inside a handler: the next send fails at "Telegram".
        bot.sandbox.faults.queue("sendMessage", "server_error", count=1)
        await bot.say(SUPPORTER, "/hours")
        # The scheduler: tips and the outbox.
        bot.clock.advance(days=1)
        await bot.tick()
        await bot.flush()
        # Over real HTTP the token is in every URL (httpx, PTB and the sandbox log them).
        sandbox = BotApiSandbox(token=TOKEN, bot_username="TungHangBot")
        async with SandboxServer(sandbox) as server, Bot(TOKEN, base_url=server.api_url) as real:
            assert (await real.get_me()).username == "TungHangBot"
        await sandbox.aclose()
        typed = [QUESTION, SENSITIVE, HOURS, CODE, DESCRIPTION, OUTCOME, INVITEE, code.group(1)]
        sent = [
            line
            for chat in (SUPPORTER, SOCIAL_WORKER, STRANGER)
            for message in bot.sandbox.bot_messages(chat)
            for line in (message.shown_text or "").splitlines()
            if len(line) >= 24
        ]
        written = log.getvalue()
    assert "<token>" in written  # the token did reach a log line, and was blanked
    assert "error while handling an update" in written  # the error was logged…
    assert "flag 1 raised by person" in written  # …and so were the events, by id
    secrets = {TOKEN, TOKEN.split(":", 1)[1], *typed, *sent, "9123 4567", "91234567"}
    leaks = sorted({s for s in secrets for form in _forms(s) if form and form in written})
    assert not leaks, f"found in the logs: {leaks}"
    assert cast.supporter.display_name not in written  # names stay out too


async def test_database_errors_never_carry_what_people_typed(bot: Harness) -> None:
    """Exceptions are logged by type, but a traceback printed anyway must hold no input."""
    await seed_cast(bot.services, bot.sandbox)
    async with bot.services.sessions() as session:
        session.add(
            Person(
                telegram_user_id=SUPPORTER,  # already taken: a constraint error
                role="supporter",
                display_name=DESCRIPTION,
                unit_id=1,
            )
        )
        try:
            await session.commit()
        except IntegrityError as error:
            message = str(error)
        else:  # pragma: no cover
            raise AssertionError("expected an IntegrityError")
    assert DESCRIPTION not in message
