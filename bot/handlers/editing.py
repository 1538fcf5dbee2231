"""Editing the message whose button was pressed — "message is not modified" handled once.

Pressing the same button twice asks Telegram for an identical edit, which it refuses with
"Bad Request: message is not modified". The screen already shows what it should, so that
refusal is not an error; every other BadRequest still is.
"""

from __future__ import annotations

from typing import Any

from telegram import CallbackQuery, InlineKeyboardMarkup, Update
from telegram.error import BadRequest


def _unchanged(error: BadRequest) -> bool:
    return "not modified" in str(error).lower()


async def edit_pressed(
    query: CallbackQuery,
    text: str,
    reply_markup: InlineKeyboardMarkup | None = None,
    **kwargs: Any,
) -> None:
    """Replace the pressed message's text (and buttons); an identical edit is fine."""
    try:
        await query.edit_message_text(text, reply_markup=reply_markup, **kwargs)
    except BadRequest as error:
        if not _unchanged(error):
            raise


async def edit_pressed_buttons(
    query: CallbackQuery, reply_markup: InlineKeyboardMarkup | None
) -> None:
    """Replace only the pressed message's buttons; an identical edit is fine."""
    try:
        await query.edit_message_reply_markup(reply_markup)
    except BadRequest as error:
        if not _unchanged(error):
            raise


async def edit_or_reply(
    update: Update, text: str, keyboard: InlineKeyboardMarkup | None = None
) -> None:
    """Show `text` in place of the pressed message, or as a reply to a typed one."""
    query = update.callback_query
    if query is not None:
        await edit_pressed(query, text, keyboard)
        return
    await update.effective_message.reply_text(text, reply_markup=keyboard)
