"""Help, language, cancel, and kind answers to anything the bot can't use."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import (
    ApplicationHandlerStop,
    BaseHandler,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot import callbacks as cb
from bot import views
from bot.context import ANYONE, Ctx, Turn, with_turn
from bot.handlers.commands import refresh_person_commands
from bot.i18n import N_, Catalogs
from bot.replies import Answer, Call, Edit, Send
from bot.services import people, states
from bot.views.common import render_language_choice
from bot.views.onboarding import render_help

log = logging.getLogger(__name__)


async def private_chats_only(update: Update, context: Ctx) -> None:
    """The bot works one-to-one: politely leave groups and ignore everything there."""
    chat = update.effective_chat
    if chat is None or chat.type == ChatType.PRIVATE:
        return
    membership = update.my_chat_member
    still_inside = membership is None or membership.new_chat_member.status in (
        "member",
        "administrator",
    )
    if still_inside:
        try:
            if chat.type in (ChatType.GROUP, ChatType.SUPERGROUP):
                await context.bot.send_message(
                    chat.id,
                    views.bilingual(
                        context.services.catalogs,
                        N_("Sorry, I only work in private chats. Please message me directly."),
                    ),
                )
            await context.bot.leave_chat(chat.id)
        except TelegramError as error:
            log.info("could not leave a group chat: %s", type(error).__name__)
    raise ApplicationHandlerStop


@with_turn()
async def show_help(update: Update, context: Ctx, turn: Turn) -> None:
    """/help: what this person can do, by role."""
    turn.say(Send(render_help(turn.tr, turn.speaker), views.main_menu(turn)))


@with_turn()
async def choose_language(update: Update, context: Ctx, turn: Turn) -> None:
    """/language: two buttons."""
    text, keyboard = render_language_choice(turn.tr)
    turn.say(Send(text, keyboard))


@with_turn()
async def set_language(update: Update, context: Ctx, turn: Turn) -> None:
    """A language button: store the choice and answer in the new language."""
    try:
        lang = cb.LANG_SET.parse(turn.data).text("lang")
    except ValueError:
        turn.say(Answer())
        return
    await people.set_language(turn.session, turn.speaker, lang, turn.now)
    turn.tr = turn.services.catalogs.get(lang)
    turn.say(Answer())
    turn.say(Edit(turn.tr.gettext("Done — I'll speak English from now on.")))
    turn.say(Send(turn.tr.gettext("Here is your menu."), views.main_menu(turn)))
    person, services = turn.speaker, turn.services
    turn.say(Call(lambda bot: refresh_person_commands(bot, services, person)))


@with_turn()
async def cancel(update: Update, context: Ctx, turn: Turn) -> None:
    """/cancel: leave whatever multi-step flow the person is in."""
    had_flow = await states.clear(turn.session, turn.user_id)
    text = (
        N_("OK, cancelled. Nothing was saved.") if had_flow else N_("There is nothing to cancel.")
    )
    turn.say(Send(turn.tr.gettext(text), views.main_menu(turn)))


@with_turn()
async def unknown_command(update: Update, context: Ctx, turn: Turn) -> None:
    """Any command we don't have."""
    turn.say(
        Send(
            turn.tr.gettext("Sorry, I don't know that command. Tap a button below, or send /help."),
            views.main_menu(turn),
        )
    )


@with_turn()
async def not_text(update: Update, context: Ctx, turn: Turn) -> None:
    """Stickers, photos, voice notes, files: we only read text."""
    turn.say(
        Send(
            turn.tr.gettext(
                "I can only read text messages. Please type your question, or tap a button below. "
                "Please don't send photos of clients or their papers."
            ),
            views.main_menu(turn),
        )
    )


@with_turn(ANYONE)
async def edited(update: Update, context: Ctx, turn: Turn) -> None:
    """An edited message: we act only on new messages, so say so instead of acting twice."""
    if turn.person is None:
        return
    turn.say(
        Send(
            turn.tr.gettext(
                "I only read new messages, not edits. "
                "If you changed something, please send it again."
            )
        )
    )


async def ignore_membership(update: Update, context: Ctx) -> None:
    """Private-chat block/unblock notices need no answer (the outbox tracks reachability)."""


def handlers(catalogs: Catalogs) -> list[BaseHandler]:
    return [
        CommandHandler("help", show_help),
        MessageHandler(views.menu_label_filter(catalogs, "help"), show_help),
        CommandHandler("language", choose_language),
        MessageHandler(views.menu_label_filter(catalogs, "language"), choose_language),
        CallbackQueryHandler(set_language, pattern=cb.pattern(cb.LANG_SET, leftovers=True)),
        CommandHandler("cancel", cancel),
    ]


def guard() -> BaseHandler:
    return TypeHandler(Update, private_chats_only)


def fallbacks() -> list[BaseHandler]:
    """Registered last: whatever no feature claimed."""
    return [
        MessageHandler(filters.UpdateType.EDITED, edited),
        MessageHandler(filters.COMMAND, unknown_command),
        MessageHandler(~filters.TEXT & filters.UpdateType.MESSAGE, not_text),
        ChatMemberHandler(ignore_membership, ChatMemberHandler.MY_CHAT_MEMBER),
    ]
