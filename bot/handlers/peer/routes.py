"""Which buttons, commands and typed flows reach which peer handler."""

from __future__ import annotations

from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, MessageHandler

from bot import views
from bot.handlers.peer.answering import on_answer_typed, on_mentor_button
from bot.handlers.peer.asking import on_ask_typed, on_supporter_button
from bot.handlers.peer.common import FLOW_ANSWER, FLOW_ASK, FLOW_TIP, FLOW_TIP_EDIT, FLOW_TIP_RETURN
from bot.handlers.peer.entry_points import ask_command, open_peers, share_command
from bot.handlers.peer.sharing import on_tip_button, on_tip_typed
from bot.handlers.peer.staff import on_staff_button
from bot.handlers.peer.tip_review import on_review_button, on_tip_edit_typed, on_tip_return_typed
from bot.handlers.text import TextRouter
from bot.i18n import Catalogs


def handlers(catalogs: Catalogs) -> list[BaseHandler]:
    return [
        CommandHandler("peer", open_peers),
        MessageHandler(views.menu_label_filter(catalogs, "peers"), open_peers),
        CommandHandler("askpeer", ask_command),
        CommandHandler("sharetip", share_command),
        CallbackQueryHandler(
            on_mentor_button, pattern=r"^peer:(claim|reply|asend|arewrite|anameok)"
        ),
        CallbackQueryHandler(
            on_staff_button,
            pattern=r"^peer:(staff|ql|qv|mentors|sm|draft|dcat|dtop|dq|dfile|contact)",
        ),
        CallbackQueryHandler(on_supporter_button, pattern=r"^peer:"),
        CallbackQueryHandler(on_review_button, pattern=r"^ptip:(ok|edit|ret):"),
        CallbackQueryHandler(on_tip_button, pattern=r"^ptip:"),
    ]


def register_text(router: TextRouter) -> None:
    router.flow(FLOW_ASK, on_ask_typed)
    router.flow(FLOW_ANSWER, on_answer_typed)
    router.flow(FLOW_TIP, on_tip_typed)
    router.flow(FLOW_TIP_EDIT, on_tip_edit_typed)
    router.flow(FLOW_TIP_RETURN, on_tip_return_typed)
