"""The supporter's 🤝 Peers menu and becoming a mentor."""

from __future__ import annotations

from bot import callbacks as cb
from bot.i18n import Translator
from bot.views.peer.common import MENU_ASK, MENU_SHARE, Rows


def render_peers_menu(tr: Translator, is_mentor: bool) -> tuple[str, Rows]:
    lines = [
        tr.gettext("🤝 Fellow supporters"),
        "",
        tr.gettext(
            "Ask a senior supporter (師兄師姐) for ideas, or share something that worked for "
            "you. Please keep clients anonymous: initials or case codes only."
        ),
        "",
        tr.gettext("🧭 You answer fellow supporters' questions. Thank you!")
        if is_mentor
        else tr.gettext("🧭 You can also offer to answer fellow supporters' questions."),
    ]
    rows: Rows = [
        [(tr.gettext(MENU_ASK), cb.PEER_ASK.data())],
        [(tr.gettext(MENU_SHARE), cb.PEER_SHARE.data())],
        [
            (tr.gettext("🧭 Stop answering questions"), cb.PEER_MENTOR.data(on="off"))
            if is_mentor
            else (tr.gettext("🧭 I'll answer questions too"), cb.PEER_MENTOR.data(on="on"))
        ],
    ]
    return "\n".join(lines), rows


def render_mentor_changed(tr: Translator, on: bool) -> str:
    if on:
        return tr.gettext(
            "🧭 Thank you! Questions from fellow supporters will now come to you, without their "
            "names. Answer when you can — if you can't, someone else will. You can stop any "
            "time in 🤝 Peers."
        )
    return tr.gettext(
        "OK — peer questions won't come to you any more. Thank you for all your help."
    )


def render_mentor_set_by_staff(tr: Translator, on: bool, worker: str) -> str:
    if on:
        return tr.gettext(
            "🧭 {worker} has asked you to be a senior supporter: questions from fellow "
            "supporters will come to you, without their names. Answer when you can. To stop, "
            "open 🤝 Peers."
        ).format(worker=worker)
    return tr.gettext(
        "🧭 {worker} has turned off peer questions for you. Thank you for all your help."
    ).format(worker=worker)
