"""Peer wisdom in chat: ask a senior supporter, answer as one, share a tip, review tips,
and the social worker's read-only view of the unit's questions and answers.

Flows keep their state in chat_states (so a restart resumes them):
    peer.ask         the supporter typing a question (or follow-up), then reviewing it
    peer.answer      a mentor typing the answer to a question they took
    peer.tip         the supporter typing a tip, picking its topic, reviewing it
    peer.tip_edit    a social worker typing the edited text of a tip, which approves it
    peer.tip_return  a social worker typing the kind note that returns a tip

Nothing is stored from a message with an HKID or phone number; a question with risk words
shows the safety block and the flag flow first and is not sent to peers.

One module per part: common (steps every flow shares), entry_points, asking, answering,
sharing, tip_review, staff (the social worker's view) and routes (what reaches which handler).
"""

from bot.handlers.peer.answering import on_answer_typed, on_mentor_button
from bot.handlers.peer.asking import on_ask_typed, on_supporter_button
from bot.handlers.peer.common import FLOW_ANSWER, FLOW_ASK, FLOW_TIP, FLOW_TIP_EDIT, FLOW_TIP_RETURN
from bot.handlers.peer.entry_points import ask_command, open_peers, share_command
from bot.handlers.peer.routes import handlers, register_text
from bot.handlers.peer.sharing import on_tip_button, on_tip_typed
from bot.handlers.peer.staff import on_staff_button
from bot.handlers.peer.tip_review import on_review_button, on_tip_edit_typed, on_tip_return_typed

__all__ = [
    "FLOW_ANSWER",
    "FLOW_ASK",
    "FLOW_TIP",
    "FLOW_TIP_EDIT",
    "FLOW_TIP_RETURN",
    "ask_command",
    "handlers",
    "on_answer_typed",
    "on_ask_typed",
    "on_mentor_button",
    "on_review_button",
    "on_staff_button",
    "on_supporter_button",
    "on_tip_button",
    "on_tip_edit_typed",
    "on_tip_return_typed",
    "on_tip_typed",
    "open_peers",
    "register_text",
    "share_command",
]
