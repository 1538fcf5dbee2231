"""Daily tips in chat: tips themselves use the library's buttons (👍/👎, topic, language);
here Telegram's block/unblock notices keep a person's reachability up to date."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import BaseHandler, ChatMemberHandler

from bot.context import Ctx
from bot.delivery import outbox, reachability
from bot.services.people import person_by_telegram_id

log = logging.getLogger(__name__)


async def on_membership(update: Update, context: Ctx) -> None:
    """A private chat's my_chat_member: "kicked" = they blocked the bot, "member" = back."""
    change = update.my_chat_member
    chat = update.effective_chat
    if change is None or chat is None or chat.type != "private":
        return
    services = context.services
    status = change.new_chat_member.status
    async with services.sessions() as session:
        person = await person_by_telegram_id(session, chat.id)
        if person is None:
            return
        now = services.clock()
        if status == "kicked":
            await reachability.mark_unreachable(session, person.id, now, services.catalogs)
        elif status == "member":
            await reachability.mark_reachable(session, person.id, now)
        await outbox.commit(session)


def membership_handlers() -> list[BaseHandler]:
    """Registered in a group of their own: they observe; the fallbacks still answer."""
    return [ChatMemberHandler(on_membership, ChatMemberHandler.MY_CHAT_MEMBER)]
