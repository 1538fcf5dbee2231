"""/mydata's readable summary: what is stored about the person, in their language, with
local times and plain labels (the JSON file beside it is for computers)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from bot.domain.hours import format_duration
from bot.i18n import Translator
from bot.views.escalation import CATEGORY_LABELS, STATUS_LABELS
from bot.views.hours import ACTIVITY_LABELS
from bot.views.onboarding import LANGUAGE_NAMES, ROLE_LABELS


def _moment(value: Any, tz: ZoneInfo) -> dt.datetime | None:
    if not value:
        return None
    moment = dt.datetime.fromisoformat(str(value))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(tz)


def _when(tr: Translator, value: Any, tz: ZoneInfo) -> str:
    moment = _moment(value, tz)
    if moment is None:
        return "—"
    return f"{_full_date(tr, moment.date())} {tr.time(moment)}"


def _day(tr: Translator, value: Any) -> str:
    if not value:
        return "—"
    return _full_date(tr, dt.date.fromisoformat(str(value)[:10]))


def _full_date(tr: Translator, day: dt.date) -> str:
    """With the year, as the file may go back years: '2026年11月26日（星期四）'."""
    return tr.date(day, year=True)


def _label(tr: Translator, labels: dict[Any, str], key: Any) -> str:
    return tr.gettext(labels[key]) if key in labels else str(key)


def render_summary(tr: Translator, data: dict[str, Any], tz: ZoneInfo) -> str:
    """A page an older reader can take in: one line per kind of data, counts and the
    latest item, dates in the centre's time zone."""
    t = tr.gettext
    you = data.get("you") or {}
    zone = t("Hong Kong time") if tz.key == "Asia/Hong_Kong" else tz.key
    lines = [
        t("📄 What Tung Hang keeps about you, on {when} ({zone})").format(
            when=_when(tr, data.get("exported_at"), tz), zone=zone
        ),
        "",
    ]
    unit = you.get("unit") or {}
    unit_name = unit.get("name_yue") if tr.lang == "yue" else unit.get("name_en")
    lines.append(
        t("👤 {name} · {role} · {unit}").format(
            name=you.get("name") or "—",
            role=_label(tr, ROLE_LABELS, you.get("role")),
            unit=unit_name or "—",
        )
    )
    if you.get("social_worker"):
        lines.append(t("Your social worker: {name}").format(name=you["social_worker"]))
    lines.append(
        t("Language: {language} · joined {day}").format(
            language=LANGUAGE_NAMES.get(str(you.get("language")), "—"),
            day=_day(tr, you.get("joined_at")),
        )
    )
    if not you.get("active", True):
        lines.append(t("Your account is closed."))

    entries = data.get("hour_entries") or []
    if entries:
        latest = max(entries, key=lambda e: str(e.get("day")))
        total = sum(int(e.get("minutes") or 0) for e in entries)
        lines.append(
            t(
                "🕒 Hour entries: {count}, {total} in all; the latest {day}: {minutes}, {activity}."
            ).format(
                count=len(entries),
                total=format_duration(total, tr.lang),
                day=_day(tr, latest.get("day")),
                minutes=format_duration(int(latest.get("minutes") or 0), tr.lang),
                activity=_label(tr, ACTIVITY_LABELS, latest.get("activity")),
            )
        )
    else:
        lines.append(t("🕒 Hours: none logged."))
    months = data.get("months_approved") or []
    if months:
        lines.append(
            t("✅ Months approved: {months}").format(
                months=", ".join(str(m.get("month")) for m in months)
            )
        )
    concerns = data.get("concerns_you_raised") or []
    if concerns:
        latest = max(concerns, key=lambda c: str(c.get("raised_at")))
        lines.append(
            t("⚠️ Concerns you reported: {count}; the latest {when}: {category} ({status}).").format(
                count=len(concerns),
                when=_when(tr, latest.get("raised_at"), tz),
                category=_label(tr, CATEGORY_LABELS, latest.get("category")),
                status=_label(tr, STATUS_LABELS, latest.get("status")),
            )
        )
    else:
        lines.append(t("⚠️ Concerns you reported: none."))
    missed = data.get("clients_not_reached") or []
    if missed:
        lines.append(t("🚪 Clients you couldn't reach: {count}").format(count=len(missed)))
    settings = data.get("settings")
    tips = data.get("daily_tips_sent") or []
    votes = data.get("card_feedback") or []
    if settings:
        state = t("paused") if settings.get("tips_paused") else t("on")
        lines.append(
            t("💡 Daily tip at {time} ({state}); {count} sent; 👍 {up} · 👎 {down}").format(
                time=tr.clock(str(settings["tip_time"])) if settings.get("tip_time") else "—",
                state=state,
                count=len(tips),
                up=sum(1 for v in votes if v.get("helpful")),
                down=sum(1 for v in votes if not v.get("helpful")),
            )
        )
    if data.get("unfinished_step"):
        lines.append(
            t("⏸ A step you haven't finished, since {when}.").format(
                when=_when(tr, data["unfinished_step"].get("since"), tz)
            )
        )
    waiting = [m for m in data.get("messages_from_the_bot") or [] if m.get("status") != "sent"]
    if waiting:
        lines.append(t("📨 Messages waiting to be sent to you: {count}").format(count=len(waiting)))
    peer = data.get("peer_support") or {}
    asked = len(peer.get("questions_you_asked") or [])
    answered = len(peer.get("questions_you_answered") or [])
    shared = len(peer.get("tips_you_shared") or [])
    if asked or answered or shared:
        lines.append(
            t("🤝 Peer support: {asked} asked, {answered} answered, {shared} tips shared").format(
                asked=asked, answered=answered, shared=shared
            )
        )
    checkins = len(peer.get("wellbeing_answers") or [])
    if checkins:
        lines.append(t("🌿 Weekly check-in answers: {count}").format(count=checkins))
    staff = data.get("as_staff")
    if staff:
        lines.append(
            t(
                "👥 As staff: {invites} invites made, {months} months approved, {actions} "
                "concern actions"
            ).format(
                invites=len(staff.get("invites_created") or []),
                months=len(staff.get("months_you_approved") or []),
                actions=len(staff.get("concern_actions") or []),
            )
        )
    lines += [
        "",
        t(
            "The file below has all of it in full, for a computer or to keep (its times are "
            "in UTC). If something is wrong, tell your social worker."
        ),
    ]
    return "\n".join(lines)
