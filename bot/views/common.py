"""Views shared by every feature: the main menu, refusals, bilingual notices."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, ReplyKeyboardMarkup
from telegram.ext import filters

from bot import callbacks as cb
from bot.domain.roles import Role
from bot.i18n import N_, Catalogs, Translator

if TYPE_CHECKING:
    from bot.views.shapes import PersonLike, SpeakerLike

# Main-menu labels (reply keyboard). Telegram sends a tapped label back as text,
# so handlers match every language's version of each label.
MENU = {
    "refreshers": N_("📚 Refreshers"),
    "log": N_("🕒 Log hours"),
    "hours": N_("📒 My hours"),
    "team": N_("👥 My team"),
    # Plain words on the safety button: what it does, and to whom (not 通報, "report").
    "flag": N_("⚠️ Tell my social worker"),
    "flags": N_("⚠️ Concerns"),
    "invite": N_("✉️ Invite a supporter"),
    "help": N_("❓ Help"),
    "language": N_("🌐 Language"),
    "settings": N_("⚙️ Settings"),
    # Ask a senior supporter, share a tip, answer questions (staff: the unit's peer view).
    "peers": N_("🤝 Peers"),
}

INVITE_ONLY = N_(
    "Hello! Tung Hang is for the peer supporters and social workers of our service. "
    "Please ask your social worker for an invite link."
)
REFUSALS = {
    "unregistered": INVITE_ONLY,
    "deactivated": N_(
        "Your Tung Hang account is not active any more. "
        "If you think this is a mistake, please contact your centre."
    ),
    "role": N_("Sorry, this part is for social workers."),
    "role_supporters": N_("Sorry, this part is for peer supporters."),
    "role_admins": N_("Sorry, this part is for admins."),
}


def bilingual(catalogs: Catalogs, message: str) -> str:
    """The same message in both languages, for people whose language we don't know yet."""
    return "\n\n".join(catalogs.get(lang).gettext(message) for lang in ("yue", "en"))


def main_menu(turn: SpeakerLike, person: PersonLike | None = None) -> ReplyKeyboardMarkup | None:
    """Big labelled buttons in the person's language; none for people we don't know."""
    person = person or turn.person
    if person is None or not person.active:
        return None
    return menu_keyboard(turn.tr, person.role == Role.SUPPORTER)


# Most replies carry the menu; building its PTB objects anew cost about 0.1 ms an update
# (bench/handlers.py). PTB's markup objects are immutable, so one per language and kind
# of person is shared.
@functools.lru_cache(maxsize=16)
def menu_keyboard(tr: Translator, supporter: bool) -> ReplyKeyboardMarkup:
    if supporter:
        keys = [["refreshers"], ["log", "hours"], ["flag", "peers"]]
    else:
        keys = [["refreshers"], ["flags", "team"], ["invite", "peers"]]
    keys.append(["settings"])
    keys.append(["help", "language"])
    rows = [[tr.gettext(MENU[key]) for key in row] for row in keys]
    return ReplyKeyboardMarkup(rows, resize_keyboard=True, is_persistent=True)


def menu_label_filter(catalogs: Catalogs, key: str) -> filters.BaseFilter:
    """Matches a tapped main-menu button in any language."""
    return filters.Text([tr.gettext(MENU[key]) for tr in catalogs.all()])


def refusal_text(tr: Translator, catalogs: Catalogs, reason: str) -> str:
    """Why this person can't use this, kindly (in both languages when we don't know them)."""
    if reason == "unregistered":
        return bilingual(catalogs, REFUSALS[reason])
    return tr.gettext(REFUSALS[reason])


def render_language_choice(tr: Translator) -> tuple[str, InlineKeyboardMarkup]:
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton("English", callback_data=cb.LANG_SET.data(lang="en")),
                InlineKeyboardButton("廣東話", callback_data=cb.LANG_SET.data(lang="yue")),
            ]
        ]
    )
    return tr.gettext("Which language would you like?"), keyboard
