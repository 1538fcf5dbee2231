"""/privacy (what is kept, why, how long, who sees it) and /mydata (a copy, and erasure).

Both are open to deactivated people too: their data is still theirs to see and delete
(PDPO DPP6). /privacy is open to anyone, so people can read it before they join.
"""

from __future__ import annotations

import datetime as dt
import json
import logging

from telegram import BotCommandScopeChat, ReplyKeyboardRemove, Update
from telegram.error import TelegramError
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from bot import views
from bot.context import ANYONE, Ctx, Turn, with_turn
from bot.handlers.editing import edit_pressed
from bot.services import privacy as service
from bot.views import mydata as summary
from bot.views import privacy as texts

log = logging.getLogger(__name__)

# The "Yes, delete" button works for this long after it was shown.
CONFIRM_FOR = dt.timedelta(minutes=15)


def _numbers(turn: Turn) -> dict[str, int]:
    return {
        "days": turn.services.settings.flag_description_days,
        "state_days": service.CHAT_STATE_DAYS,
        "sent_days": service.SENT_TEXT_DAYS,
    }


@with_turn(ANYONE)
async def show_privacy(update: Update, context: Ctx, turn: Turn) -> None:
    """/privacy: the plain-language notice in short screens, "More ›" between them.
    People we don't know get their Telegram language and a button for the other one."""
    text, keyboard = texts.render_privacy_screen(
        turn.tr,
        0,
        **_numbers(turn),
        has_account=turn.person is not None,
        offer_language=turn.person is None,
    )
    await update.effective_message.reply_text(text, reply_markup=keyboard)


async def _show_page(update: Update, turn: Turn, page: str, lang: str) -> None:
    query = update.callback_query
    await query.answer()
    tr = turn.tr if turn.person is not None else turn.services.catalogs.get(lang)
    text, keyboard = texts.render_privacy_screen(
        tr,
        int(page) if page.isdigit() and len(page) < 3 else 0,
        **_numbers(turn),
        has_account=turn.person is not None,
        offer_language=turn.person is None,
    )
    await edit_pressed(query, text, keyboard)


async def _send_copy(update: Update, context: Ctx, turn: Turn) -> None:
    person = turn.person
    assert person is not None
    data = await service.export(turn.session, person, turn.now)
    blob = json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")
    day = turn.local_now().date().isoformat()
    chat_id = update.effective_chat.id
    # First what a person reads (their language, local times, plain words), then the file.
    await context.bot.send_message(
        chat_id,
        summary.render_summary(turn.tr, data, turn.services.settings.tz),
    )
    await context.bot.send_document(
        chat_id,
        blob,
        filename=f"tunghang-my-data-{day}.json",
        caption=texts.render_data_caption(turn.tr),
    )
    text, keyboard = texts.render_data_offer(turn.tr)
    await context.bot.send_message(chat_id, text, reply_markup=keyboard)
    log.info("person %s downloaded their data", person.id)


@with_turn(ANYONE)
async def my_data(update: Update, context: Ctx, turn: Turn) -> None:
    """/mydata: their own data as a JSON file, and the way to delete it."""
    if turn.person is None:
        views.refuse(update, turn, "unregistered")
        return
    await _send_copy(update, context, turn)


@with_turn(ANYONE)
async def on_button(update: Update, context: Ctx, turn: Turn) -> None:
    """priv:page:<n>:<lang> (anyone) / priv:data / priv:del / priv:del:yes:<stamp> /
    priv:keep — only ever the presser's data."""
    query = update.callback_query
    person = turn.person
    parts = query.data.split(":")
    if len(parts) == 4 and parts[1] == "page":  # /privacy's screens: open to anyone
        await _show_page(update, turn, parts[2], parts[3])
        return
    if person is None:
        views.refuse(update, turn, "unregistered")
        return
    if parts == ["priv", "data"]:
        await query.answer()
        await _send_copy(update, context, turn)
    elif parts == ["priv", "del"]:
        await query.answer()
        text, keyboard = texts.render_delete_confirm(
            turn.tr, person.role, int(turn.now.timestamp())
        )
        await context.bot.send_message(update.effective_chat.id, text, reply_markup=keyboard)
    elif parts == ["priv", "keep"]:
        await query.answer()
        await edit_pressed(query, texts.render_kept(turn.tr))
    elif len(parts) == 4 and parts[1:3] == ["del", "yes"] and _fresh(parts[3], turn.now):
        await _erase(update, context, turn)
    else:
        await query.answer(texts.render_expired(turn.tr), show_alert=True)


def _fresh(stamp: str, now: dt.datetime) -> bool:
    if not stamp.isdigit():
        return False
    shown = dt.datetime.fromtimestamp(int(stamp), dt.UTC)
    return dt.timedelta(0) <= now - shown <= CONFIRM_FOR


async def _erase(update: Update, context: Ctx, turn: Turn) -> None:
    person = turn.person
    assert person is not None
    chat_id = update.effective_chat.id
    was_staff = person.is_staff
    await service.erase(turn.session, person, turn.now, turn.services.catalogs)
    query = update.callback_query
    await query.answer()
    await edit_pressed(query, texts.render_deleted(turn.tr))
    try:
        await context.bot.send_message(
            chat_id, turn.tr.gettext("Goodbye for now."), reply_markup=ReplyKeyboardRemove()
        )
        if was_staff:  # their own command list goes; the defaults remain
            await context.bot.delete_my_commands(scope=BotCommandScopeChat(chat_id))
            await context.bot.delete_my_commands(
                scope=BotCommandScopeChat(chat_id), language_code="zh"
            )
    except TelegramError as error:  # cosmetic: the erasure itself is committed
        log.info("after erasure, could not tidy the chat: %s", type(error).__name__)


def handlers() -> list[BaseHandler]:  # type: ignore[type-arg]
    return [
        CommandHandler("privacy", show_privacy),
        CommandHandler("mydata", my_data),
        CallbackQueryHandler(on_button, pattern=r"^priv:"),
    ]
