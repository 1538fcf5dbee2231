"""The command list Telegram shows: per language, and per role for staff."""

from __future__ import annotations

import logging

from sqlalchemy import select
from telegram import Bot, BotCommand, BotCommandScopeAllPrivateChats, BotCommandScopeChat
from telegram.error import TelegramError

from bot.context import Services
from bot.i18n import N_
from storage.models import Person, Role

log = logging.getLogger(__name__)

SUPPORTER_COMMANDS = (
    ("log", N_("Log service hours")),
    ("hours", N_("My hours this month")),
    ("undo", N_("Remove my last hours entry")),
    ("flag", N_("Report a concern to my social worker")),
    ("askpeer", N_("Ask a senior supporter")),
    ("sharetip", N_("Share a tip that worked")),
    ("wellbeing", N_("My weekly check-ins")),
    ("settings", N_("Daily tip time, days and quiet hours")),
    ("privacy", N_("What Tung Hang keeps about me")),
    ("help", N_("What I can do")),
    ("language", N_("Switch language")),
    ("cancel", N_("Stop what you are doing")),
)
STAFF_COMMANDS = (
    ("flags", N_("Open concerns in my unit")),
    ("away", N_("On leave: hand my alerts to the backup")),
    ("team", N_("My team's hours and approvals")),
    ("export", N_("Export hours for a month, quarter or dates")),
    ("report", N_("Report: hours, concerns, refreshers, peers")),
    ("invite", N_("Invite a new supporter")),
    ("invites", N_("Invites: waiting, expired, joined")),
    ("reassign", N_("Move a supporter to another social worker")),
    ("peer", N_("Peer questions, answers and shared tips")),
    ("privacy", N_("What Tung Hang keeps about me")),
    ("help", N_("What I can do")),
    ("language", N_("Switch language")),
    ("cancel", N_("Stop what you are doing")),
)
# Telegram keys command lists by the user's two-letter app language; zh covers zh-hk/zh-hant.
TELEGRAM_LANGUAGE = {"en": None, "yue": "zh"}


def _commands(
    services: Services, lang: str, table: tuple[tuple[str, str], ...]
) -> list[BotCommand]:
    tr = services.catalogs.get(lang)
    return [BotCommand(name, tr.gettext(description)) for name, description in table]


async def set_default_commands(bot: Bot, services: Services) -> None:
    for lang, code in TELEGRAM_LANGUAGE.items():
        await bot.set_my_commands(
            _commands(services, lang, SUPPORTER_COMMANDS),
            scope=BotCommandScopeAllPrivateChats(),
            language_code=code,
        )


async def refresh_person_commands(bot: Bot, services: Services, person: Person) -> None:
    """Staff see their extra commands; a chat scope overrides the defaults for them."""
    if person.role not in (Role.SOCIAL_WORKER, Role.ADMIN) or not person.active:
        return
    try:
        for lang, code in TELEGRAM_LANGUAGE.items():
            await bot.set_my_commands(
                _commands(services, person.language or lang, STAFF_COMMANDS),
                scope=BotCommandScopeChat(person.telegram_user_id),
                language_code=code,
            )
    except TelegramError as error:  # a cosmetic menu must not break onboarding
        log.warning("could not set commands for person %s: %s", person.id, type(error).__name__)


async def set_all_commands(bot: Bot, services: Services) -> None:
    """At start: defaults for everyone, then each active staff member's own list."""
    try:
        await set_default_commands(bot, services)
        async with services.sessions() as session:
            staff = await session.scalars(
                select(Person).where(
                    Person.active.is_(True), Person.role.in_([Role.SOCIAL_WORKER, Role.ADMIN])
                )
            )
            for person in staff:
                await refresh_person_commands(bot, services, person)
    except TelegramError as error:
        log.warning("could not set bot commands: %s", type(error).__name__)
