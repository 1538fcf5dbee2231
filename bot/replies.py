"""What a handler wants sent, as small values — sent by `with_turn` after the commit.

A handler says `turn.say(Send(...), Answer(...))` instead of calling Telegram; `with_turn`
(bot/context.py) runs it, commits if it wrote anything, closes the session, and only then
hands the replies to `deliver`, in order. So no write, lock or pooled connection waits on
Telegram, and the person is only told what is saved.

Editing the pressed message twice with the same text makes Telegram refuse with
"Bad Request: message is not modified": the screen already shows what it should, so that
refusal is ignored here, once, for every edit; every other BadRequest still is an error.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

from telegram import Bot, InlineKeyboardMarkup, InputFile, Message, Update
from telegram.error import BadRequest, TelegramError

log = logging.getLogger(__name__)

Markup = Any  # InlineKeyboardMarkup, ReplyKeyboardMarkup or ReplyKeyboardRemove
OnSent = Callable[[Message], Awaitable[None] | None]


@dataclass(frozen=True)
class Send:
    """A new message: to the update's chat (as `reply_text` would), or to `chat_id`.

    `on_sent`: a follow-up that needs the sent message (its id); it runs after sending,
    outside the update's unit of work (open a fresh one if it writes).
    """

    text: str
    markup: Markup = None
    chat_id: int | None = None
    parse_mode: str | None = None
    on_sent: OnSent | None = None


@dataclass(frozen=True)
class Edit:
    """Replace the pressed message's text (and buttons), or message `message_id` in
    `chat_id`. An identical edit is fine.

    `best_effort`: an older message elsewhere (an alert, a review request) that Telegram
    may refuse to edit (deleted, too old); what the turn saved stands, so a refusal is
    logged and the other replies still go."""

    text: str
    markup: InlineKeyboardMarkup | None = None
    parse_mode: str | None = None
    chat_id: int | None = None
    message_id: int | None = None
    best_effort: bool = False


@dataclass(frozen=True)
class EditButtons:
    """Replace only the pressed message's buttons. An identical edit is fine."""

    markup: InlineKeyboardMarkup | None = None


@dataclass(frozen=True)
class Answer:
    """Answer the pressed button (stops its spinner): nothing, a toast, or an alert."""

    text: str | None = None
    alert: bool = False


@dataclass(frozen=True)
class Document:
    """A file, to the update's chat or to `chat_id`."""

    document: bytes | InputFile | Any
    filename: str | None = None
    caption: str | None = None
    chat_id: int | None = None


@dataclass(frozen=True)
class Call:
    """Any other Bot API call, after the commit (leave a chat, set commands, a send whose
    failure is expected and handled): `call(bot)`."""

    call: Callable[[Bot], Awaitable[Any]]


Reply = Send | Edit | EditButtons | Answer | Document | Call


def edit_or_send(update: Update, text: str, markup: InlineKeyboardMarkup | None = None) -> Reply:
    """Show `text` in place of the pressed message, or as a reply to a typed one."""
    if update.callback_query is not None:
        return Edit(text, markup)
    return Send(text, markup)


def _unchanged(error: BadRequest) -> bool:
    return "not modified" in str(error).lower()


async def deliver(update: Update, bot: Bot, replies: Sequence[Reply]) -> None:
    """Perform `replies` in order against `update` (after the turn's commit)."""
    for reply in replies:
        try:
            await _perform(update, bot, reply)
        except TelegramError as error:
            unchanged = isinstance(error, BadRequest) and _unchanged(error)
            if unchanged and isinstance(reply, Edit | EditButtons):
                continue  # pressed twice: the screen already shows it
            if isinstance(reply, Edit) and reply.best_effort:
                log.info("could not edit message %s: %s", reply.message_id, type(error).__name__)
                continue
            raise


def _chat_id(update: Update, chat_id: int | None) -> int:
    if chat_id is not None:
        return chat_id
    assert update.effective_chat is not None, "a reply with no chat_id needs the update's chat"
    return update.effective_chat.id


async def _perform(update: Update, bot: Bot, reply: Reply) -> None:
    query = update.callback_query
    if isinstance(reply, Answer):
        if query is not None:
            await query.answer(reply.text, show_alert=reply.alert)
    elif isinstance(reply, Send):
        if reply.chat_id is None and update.effective_message is not None:
            sent = await update.effective_message.reply_text(
                reply.text, reply_markup=reply.markup, parse_mode=reply.parse_mode
            )
        else:
            sent = await bot.send_message(
                _chat_id(update, reply.chat_id),
                reply.text,
                reply_markup=reply.markup,
                parse_mode=reply.parse_mode,
            )
        if reply.on_sent is not None:
            follow_up = reply.on_sent(sent)
            if follow_up is not None:
                await follow_up
    elif isinstance(reply, Edit):
        if reply.message_id is None and query is not None:
            await query.edit_message_text(
                reply.text, reply_markup=reply.markup, parse_mode=reply.parse_mode
            )
        else:
            await bot.edit_message_text(
                reply.text,
                chat_id=reply.chat_id,
                message_id=reply.message_id,
                reply_markup=reply.markup,
                parse_mode=reply.parse_mode,
            )
    elif isinstance(reply, EditButtons):
        if query is not None:
            await query.edit_message_reply_markup(reply.markup)
    elif isinstance(reply, Document):
        await bot.send_document(
            _chat_id(update, reply.chat_id),
            reply.document,
            filename=reply.filename,
            caption=reply.caption,
        )
    else:
        await reply.call(bot)
