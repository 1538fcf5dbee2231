"""Which buttons, commands and typed flows reach which peer handler."""

from __future__ import annotations

from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, MessageHandler

from bot import callbacks as cb
from bot import views
from bot.handlers.peer.answering import MENTOR_ROUTES, on_answer_typed, on_mentor_button
from bot.handlers.peer.asking import SUPPORTER_ROUTES, on_ask_typed, on_supporter_button
from bot.handlers.peer.common import (
    ANSWER_FLOW,
    ASK_FLOW,
    TIP_EDIT_FLOW,
    TIP_FLOW,
    TIP_RETURN_FLOW,
)
from bot.handlers.peer.entry_points import ask_command, open_peers, share_command
from bot.handlers.peer.sharing import REVIEW_ROUTES, TIP_ROUTES, on_tip_button, on_tip_typed
from bot.handlers.peer.staff import STAFF_ROUTES, on_staff_button
from bot.handlers.peer.tip_review import on_review_button, on_tip_edit_typed, on_tip_return_typed
from bot.handlers.text import TextRouter
from bot.i18n import Catalogs


def handlers(catalogs: Catalogs) -> list[BaseHandler]:
    return [
        CommandHandler("peer", open_peers),
        MessageHandler(views.menu_label_filter(catalogs, "peers"), open_peers),
        CommandHandler("askpeer", ask_command),
        CommandHandler("sharetip", share_command),
        CallbackQueryHandler(on_mentor_button, pattern=cb.pattern(*MENTOR_ROUTES)),
        CallbackQueryHandler(on_staff_button, pattern=cb.pattern(*STAFF_ROUTES)),
        # Forged or old peer: data is answered quietly by the supporter's handler.
        CallbackQueryHandler(
            on_supporter_button, pattern=cb.pattern(*SUPPORTER_ROUTES, leftovers=True)
        ),
        CallbackQueryHandler(on_review_button, pattern=cb.pattern(*REVIEW_ROUTES)),
        CallbackQueryHandler(on_tip_button, pattern=cb.pattern(*TIP_ROUTES, leftovers=True)),
    ]


def register_text(router: TextRouter) -> None:
    router.flow(ASK_FLOW, on_ask_typed)
    router.flow(ANSWER_FLOW, on_answer_typed)
    router.flow(TIP_FLOW, on_tip_typed)
    router.flow(TIP_EDIT_FLOW, on_tip_edit_typed)
    router.flow(TIP_RETURN_FLOW, on_tip_return_typed)
