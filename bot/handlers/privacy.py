"""/privacy (what is kept, why, how long, who sees it) and /mydata (a copy, and erasure).

Both are open to deactivated people too: their data is still theirs to see and delete
(PDPO DPP6). /privacy is open to anyone, so people can read it before they join.
"""

from __future__ import annotations

import datetime as dt
import json
import logging

from telegram import Bot, BotCommandScopeChat, ReplyKeyboardRemove, Update
from telegram.error import TelegramError
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from bot import callbacks as cb
from bot.context import ANYONE, Ctx, Turn, with_turn
from bot.replies import Answer, Call, Document, Edit, Send
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
    turn.say(Send(text, keyboard))


async def _show_page(update: Update, turn: Turn, page: str, lang: str) -> None:
    turn.say(Answer())
    tr = turn.tr if turn.person is not None else turn.services.catalogs.get(lang)
    text, keyboard = texts.render_privacy_screen(
        tr,
        int(page) if page.isdigit() and len(page) < 3 else 0,
        **_numbers(turn),
        has_account=turn.person is not None,
        offer_language=turn.person is None,
    )
    turn.say(Edit(text, keyboard))


async def _send_copy(update: Update, context: Ctx, turn: Turn) -> None:
    person = turn.speaker
    data = await service.export(turn.session, person, turn.now)
    blob = json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")
    day = turn.local_now().date().isoformat()
    chat_id = turn.chat_id
    # First what a person reads (their language, local times, plain words), then the file.
    turn.say(
        Send(summary.render_summary(turn.tr, data, turn.services.settings.tz), chat_id=chat_id)
    )
    turn.say(
        Document(
            blob,
            filename=f"tunghang-my-data-{day}.json",
            caption=texts.render_data_caption(turn.tr),
            chat_id=chat_id,
        )
    )
    text, keyboard = texts.render_data_offer(turn.tr)
    turn.say(Send(text, keyboard, chat_id=chat_id))
    log.info("person %s downloaded their data", person.id)


@with_turn(ANYONE)
async def my_data(update: Update, context: Ctx, turn: Turn) -> None:
    """/mydata: their own data as a JSON file, and the way to delete it."""
    if turn.person is None:
        turn.refuse(update, "unregistered")
        return
    await _send_copy(update, context, turn)


@with_turn(ANYONE)
async def on_button(update: Update, context: Ctx, turn: Turn) -> None:
    """priv:page:<n>:<lang> (anyone) / priv:data / priv:del / priv:del:yes:<stamp> /
    priv:keep — only ever the presser's data."""
    person = turn.person
    try:
        route, args = cb.PRIV.parse(turn.data)
    except ValueError:  # forged, or from an old release
        route, args = None, cb.Args({})
    if route is cb.PRIV_PAGE:  # /privacy's screens: open to anyone
        await _show_page(update, turn, args.text("page"), args.text("lang"))
        return
    if person is None:
        turn.refuse(update, "unregistered")
        return
    if route is cb.PRIV_DATA:
        turn.say(Answer())
        await _send_copy(update, context, turn)
    elif route is cb.PRIV_DEL:
        turn.say(Answer())
        text, keyboard = texts.render_delete_confirm(
            turn.tr, person.role, int(turn.now.timestamp())
        )
        turn.say(Send(text, keyboard))
    elif route is cb.PRIV_KEEP:
        turn.say(Answer())
        turn.say(Edit(texts.render_kept(turn.tr)))
    elif route is cb.PRIV_DEL_YES and _fresh(args.text("stamp"), turn.now):
        await _erase(update, context, turn)
    else:
        turn.say(Answer(texts.render_expired(turn.tr), alert=True))


def _fresh(stamp: str, now: dt.datetime) -> bool:
    if not stamp.isdigit():
        return False
    shown = dt.datetime.fromtimestamp(int(stamp), dt.UTC)
    return dt.timedelta(0) <= now - shown <= CONFIRM_FOR


async def _erase(update: Update, context: Ctx, turn: Turn) -> None:
    person = turn.speaker
    chat_id = turn.chat_id
    was_staff = person.is_staff
    await service.erase(turn.session, person, turn.now, turn.services.catalogs)
    turn.say(Answer())
    turn.say(Edit(texts.render_deleted(turn.tr)))
    goodbye = turn.tr.gettext("Goodbye for now.")

    async def tidy(bot: Bot) -> None:
        try:
            await bot.send_message(chat_id, goodbye, reply_markup=ReplyKeyboardRemove())
            if was_staff:  # their own command list goes; the defaults remain
                await bot.delete_my_commands(scope=BotCommandScopeChat(chat_id))
                await bot.delete_my_commands(scope=BotCommandScopeChat(chat_id), language_code="zh")
        except TelegramError as error:  # cosmetic: the erasure itself is committed
            log.info("after erasure, could not tidy the chat: %s", type(error).__name__)

    turn.say(Call(tidy))


def handlers() -> list[BaseHandler]:
    return [
        CommandHandler("privacy", show_privacy),
        CommandHandler("mydata", my_data),
        CallbackQueryHandler(on_button, pattern=cb.PRIV.pattern),
    ]
