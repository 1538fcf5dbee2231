"""Words for periods, exports and reports (chat and CLI share them)."""

from __future__ import annotations

from collections.abc import Callable

from bot.domain.escalation import URGENCIES
from bot.domain.periods import Period
from bot.i18n import N_, Translator, format_days, format_month, format_quarter
from bot.services.report import Labels
from bot.views.escalation import CATEGORY_LABELS, URGENCY_LABELS
from bot.views.hours import ACTIVITY_LABELS

PERIOD_PROBLEMS = {
    "format": N_("I couldn't read “{text}” as a period."),
    "month": N_("There is no month “{text}” — months go from 01 to 12."),
    "quarter": N_("There is no quarter “{text}” — quarters go from Q1 to Q4."),
    "day": N_("“{text}” has a date that doesn't exist."),
    "order": N_("In “{text}” the start comes after the end — please put the earlier date first."),
    "future": N_("“{text}” hasn't started yet."),
    "too_long": N_("“{text}” is longer than three years — please choose a shorter period."),
}
PERIOD_HELP = N_(
    "Give a month (2026-11), a quarter (2026-Q4) or dates (2026-10-01..2026-12-31). "
    "Nothing was changed."
)


def period_problem(tr: Translator, reason: str, text: str) -> str:
    problem = tr.gettext(PERIOD_PROBLEMS.get(reason, PERIOD_PROBLEMS["format"]))
    return problem.format(text=text) + " " + tr.gettext(PERIOD_HELP)


def period_label(lang: str, period: Period) -> str:
    """'Q4 2026 (1 Oct – 31 Dec 2026)', 'November 2026' or '15 Oct – 10 Nov 2026'."""
    days = format_days(lang, period.start, period.end)
    if "Q" in period.key:
        return f"{format_quarter(lang, period.start)} ({days})"
    if "_" not in period.key:
        return format_month(lang, period.start)
    return days


def _label(tr: Translator, table: dict[str, str], fallback: str | None) -> Callable[[str], str]:
    """A key with no label yet shows as itself (fallback None): never two columns alike."""
    return lambda key: (
        tr.gettext(table[key])
        if key in table
        else (tr.gettext(table[fallback]) if fallback else key)
    )


def labels(tr: Translator) -> Labels:
    """Activity, category and urgency names in this language (new activities included)."""
    return Labels(
        activity=_label(tr, ACTIVITY_LABELS, None),
        category=_label(tr, CATEGORY_LABELS, "other"),
        urgency=_label(tr, URGENCY_LABELS, URGENCIES[-1]),
    )
