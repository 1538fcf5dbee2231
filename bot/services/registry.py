"""`Services`: everything the handlers, the jobs and the services need, built once by the
composition root (bot/app.py). No Telegram here: services take `Services` (as `ctx`) and
read `.settings`, `.catalogs`, `.library` and `.notices` (the texts they owe through the
outbox, see bot/services/notices.py). bot/context.py re-exports it for the handlers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.i18n import Catalogs, Translator
from bot.services.notices import Notices

if TYPE_CHECKING:
    from bot.library import Library
    from storage.models import Person


def system_clock() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass
class Services:
    """Everything the handlers need, built once by the composition root."""

    settings: Settings
    sessions: async_sessionmaker[AsyncSession]
    catalogs: Catalogs
    library: Library
    notices: Notices
    clock: Callable[[], dt.datetime] = system_clock
    bot_username: str = ""
    extras: dict[str, Any] = field(default_factory=dict)

    def tr(self, person: Person) -> Translator:
        """The translator for someone the bot writes to on its own (their saved language)."""
        return self.catalogs.for_person(person)

    def topic_label(self, topic_id: str, lang: str) -> str:
        """A library topic's name in `lang`; the id itself for a topic no longer served."""
        topic = self.library.topics.get(topic_id)
        return topic.label(lang) if topic else topic_id
