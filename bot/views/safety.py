"""The safety block: what a supporter sees first when a message suggests someone is at risk.

Its order is BRIEF.md §5.2 and RISK_LANGUAGE.md: 999 for danger now; stay with them if it
is safe; don't promise to keep it secret; tell the social worker today; the lines that fit
this kind of risk (a medical emergency gets 999 and the ambulance, not a suicide line; abuse
gets the SWD and family-crisis lines); that the bot is not a crisis service; then one tap to
tell the social worker, with the kind of concern filled in.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import callbacks as cb
from bot.domain.cards import Resource
from bot.domain.escalation import CATEGORY_FOR_RISK_TOPIC
from bot.domain.risk import ELDER_ABUSE, MEDICAL_EMERGENCY, TOPIC_FOR_CATEGORY
from bot.i18n import N_, Translator

TELL_WORKER = N_("⚠️ Tell my social worker")
WORRIED = N_("⚠️ I'm worried about safety")

_FIRST_LINE = {
    MEDICAL_EMERGENCY: N_(
        "<b>Call 999 for an ambulance now if they are not breathing normally, have chest pain, "
        "a drooping face, a weak arm or slurred speech, are bleeding badly or cannot get up.</b>"
    ),
}
_DANGER_NOW = N_("<b>If anyone is in danger right now, call 999 first.</b>")
_STAY = {
    MEDICAL_EMERGENCY: N_(
        "Stay with them until help comes, if it is safe. Note the time it started and tell "
        "the ambulance crew."
    ),
    ELDER_ABUSE: N_(
        "Stay calm and kind. Note what you saw and heard; don't confront the family or look "
        "for proof. Don't promise to keep it secret."
    ),
}
_STAY_DEFAULT = N_("Stay with them if it is safe. Don't promise to keep it secret.")
_LINES_HEADING = {
    ELDER_ABUSE: N_("24-hour lines for abuse and family crisis:"),
}
_LINES_DEFAULT = N_("24-hour hotlines:")


def flag_category(risk_category: str | None) -> str:
    """The concern-flow category a risk category fills in ("other" when unknown)."""
    topic = TOPIC_FOR_CATEGORY.get(risk_category or "")
    return CATEGORY_FOR_RISK_TOPIC.get(topic or "", "other")


def render_safety_block(
    tr: Translator,
    lang: str,
    category: str | None,
    hotlines: Sequence[Resource],
    worker_name: str | None,
    *,
    offer_flag: bool,
) -> tuple[str, InlineKeyboardMarkup | None]:
    """The block for one kind of risk (`category` None: a worry of no particular kind).

    `worker_name`: the supporter's social worker, when there is one. `offer_flag`: add the
    one-tap "Tell my social worker" button (not when they are already telling them)."""
    t = tr.gettext
    lines = [t(_FIRST_LINE.get(category or "", _DANGER_NOW))]
    lines.append(t(_STAY.get(category or "", _STAY_DEFAULT)))
    if worker_name:
        lines.append(
            t("Then tell your social worker, {name}, today — by phone if it is urgent.").format(
                name=escape(worker_name)
            )
        )
    else:
        lines.append(t("Then tell your social worker today — by phone if it is urgent."))
    if hotlines:
        lines += ["", t(_LINES_HEADING.get(category or "", _LINES_DEFAULT))]
        lines += [f"<b>{escape(r.number)}</b> {escape(r.name(lang))}" for r in hotlines]
    lines += ["", t("I am a reminder tool, not a crisis service.")]
    keyboard = None
    if offer_flag:
        data = cb.FLAG_START_IN.data(category=flag_category(category))
        keyboard = InlineKeyboardMarkup(
            [[InlineKeyboardButton(t(TELL_WORKER), callback_data=data)]]
        )
    return "\n".join(lines), keyboard


def worried_button(tr: Translator) -> InlineKeyboardButton:
    """The quiet safety valve under an answer the detector was unsure about."""
    return InlineKeyboardButton(tr.gettext(WORRIED), callback_data=cb.SAFETY_WORRIED.data())


def render_long_message_note(tr: Translator, *, risk: bool) -> str:
    """After a long message: it was read whole; the social worker is the one for the story."""
    if risk:
        return tr.gettext(
            "Thank you for telling me all of this — it sounds like a hard visit. I've read "
            "all of it. Please pass the whole story to your social worker today; the button "
            "above starts that."
        )
    return tr.gettext(
        "Thank you for writing all of this — I've read all of it. I work best with a short "
        "question, so here is what may help; your social worker is the right person for "
        "the whole story."
    )
