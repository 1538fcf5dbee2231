"""The social worker's view: the unit's questions, drafts and mentors."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from bot import callbacks as cb
from bot.domain.hours import format_duration
from bot.i18n import Translator

if TYPE_CHECKING:
    from bot.services.peer import QuestionDetail, QuestionPage

from bot.views.peer.common import BACK, STATUS_LABELS, Rows, snippet


def render_staff_home(
    tr: Translator,
    unit: str,
    mentors: Sequence[str],
    pending_tips: int,
    drafts: int,
    page: QuestionPage,
) -> tuple[str, Rows]:
    """The unit's peer picture on one screen; questions, drafts and mentors by buttons."""
    lines = [
        tr.gettext("🤝 Peer support in {unit}").format(unit=unit),
        "",
        tr.gettext("🧭 Senior supporters answering questions: {names}").format(
            names=", ".join(mentors) if mentors else tr.gettext("none yet")
        ),
        tr.gettext("💡 Tips waiting for review: {count}").format(count=pending_tips),
        tr.gettext("📝 Draft cards for the clinical team: {count}").format(count=drafts),
        "",
        tr.gettext("❓ Questions of the last {days} days: {count}, {answered} answered.").format(
            days=page.days, count=page.total, answered=page.answered
        )
        if page.total
        else tr.gettext("No peer questions in the last {days} days.").format(days=page.days),
    ]
    rows: Rows = []
    if page.total:
        rows.append(
            [(tr.gettext("❓ Read the questions and answers"), cb.PEER_QUESTIONS.data(page=0))]
        )
    if drafts:
        rows.append(
            [(tr.gettext("📤 Send me the draft cards as a file"), cb.PEER_DRAFTS_FILE.data())]
        )
    rows.append([(tr.gettext("🧭 Choose senior supporters"), cb.PEER_MENTORS.data())])
    return "\n".join(lines), rows


def render_question_list(tr: Translator, page: QuestionPage, tz: ZoneInfo) -> tuple[str, Rows]:
    """STAFF_PAGE questions, newest first: date, status, the start of the question."""
    lines = [
        tr.gettext("❓ Peer questions, newest first (page {page} of {pages}):").format(
            page=page.page + 1, pages=page.pages
        ),
        "",
    ]
    rows: Rows = []
    for question in page.questions:
        asked = question.created_at.astimezone(tz)
        status = tr.gettext(STATUS_LABELS.get(question.status, STATUS_LABELS["open"]))
        mark = " · 📝" if question.id in page.drafted else ""
        lines += [
            f"#{question.id} · {tr.date(asked.date())} · {status}{mark}",
            snippet(question.text, 70),
        ]
        rows.append(
            [
                (
                    f"#{question.id} {snippet(question.text, 28)}",
                    cb.PEER_QUESTION.data(question_id=question.id),
                )
            ]
        )
    paging = []
    if page.page > 0:
        paging.append((tr.gettext("◀ Previous"), cb.PEER_QUESTIONS.data(page=page.page - 1)))
    if page.page < page.pages - 1:
        paging.append((tr.gettext("More ▶"), cb.PEER_QUESTIONS.data(page=page.page + 1)))
    if paging:
        rows.append(paging)
    rows.append([(tr.gettext(BACK), cb.PEER_STAFF.data())])
    return "\n".join(lines), rows


def render_staff_question(tr: Translator, detail: QuestionDetail, tz: ZoneInfo) -> tuple[str, Rows]:
    """One question in full, read-only, with "make a draft card" once it is answered."""
    question, follow_up = detail.question, detail.follow_up
    asked = question.created_at.astimezone(tz)
    status = tr.gettext(STATUS_LABELS.get(question.status, STATUS_LABELS["open"]))
    asker = question.asker_name or tr.gettext("anonymous")
    lines = [
        f"#{question.id} · {tr.date(asked.date())} · {status}",
        tr.gettext("Q ({name}): {text}").format(name=asker, text=question.text),
    ]
    if question.answer:
        mentor = detail.mentor_name or "?"
        lines.append(tr.gettext("A ({name}): {text}").format(name=mentor, text=question.answer))
    if follow_up is not None and follow_up.text:
        lines.append(tr.gettext("↩ Follow-up: {text}").format(text=follow_up.text))
        if follow_up.answer:
            lines.append(tr.gettext("↩ Reply: {text}").format(text=follow_up.answer))
    rows: Rows = []
    if question.answer and not detail.has_draft:
        rows.append(
            [(tr.gettext("📝 Make a draft card"), cb.PEER_DRAFT.data(question_id=question.id))]
        )
    elif detail.has_draft:
        lines.append(tr.gettext("📝 A draft card was made from this answer."))
    rows.append([(tr.gettext(BACK), cb.PEER_QUESTIONS.data(page=0))])
    return "\n".join(lines), rows


def render_drafts_file(tr: Translator, count: int) -> str:
    return tr.gettext(
        "📤 Cards from fellow supporters: {count}, as YAML for the clinical team to finish and "
        "sign off (content/README.md says how)."
    ).format(count=count)


def render_draft_saved(tr: Translator, question_id: int, topic: str) -> tuple[str, Rows]:
    text = tr.gettext(
        "📝 Draft card saved from question #{id} ({topic}), credited “from a fellow supporter”. "
        "Send the draft cards to the clinical team as a file with the button below."
    ).format(id=question_id, topic=topic)
    rows: Rows = [
        [(tr.gettext("📤 Send me the draft cards as a file"), cb.PEER_DRAFTS_FILE.data())],
        [(tr.gettext(BACK), cb.PEER_QUESTIONS.data(page=0))],
    ]
    return text, rows


MENTOR_PAGE = 10  # names a page: a unit of 25 would be a keyboard longer than a phone


def render_mentor_choice(
    tr: Translator, unit: str, supporters: Sequence[tuple[int, str, bool]], page: int = 0
) -> tuple[str, Rows]:
    text = tr.gettext(
        "🧭 Senior supporters in {unit}: tap a name to turn answering questions on or off. "
        "They are told either way."
    ).format(unit=unit)
    pages = max(1, -(-len(supporters) // MENTOR_PAGE))
    page = min(max(page, 0), pages - 1)
    shown = supporters[page * MENTOR_PAGE : (page + 1) * MENTOR_PAGE]
    rows: Rows = [
        [(f"{'✅' if on else '▫️'} {name}", cb.PEER_SET_MENTOR.data(person_id=person_id, page=page))]
        for person_id, name, on in shown
    ]
    if pages > 1:
        text += "\n" + tr.gettext("Page {page} of {pages}").format(page=page + 1, pages=pages)
        paging: list[tuple[str, str]] = []
        if page > 0:
            paging.append((tr.gettext("◀ Previous"), cb.PEER_MENTORS_PAGE.data(page=page - 1)))
        if page < pages - 1:
            paging.append((tr.gettext("More ▶"), cb.PEER_MENTORS_PAGE.data(page=page + 1)))
        rows.append(paging)
    rows.append([(tr.gettext(BACK), cb.PEER_STAFF.data())])
    return text, rows


def render_contact(tr: Translator, name: str) -> str:
    return tr.gettext("Contact {name}:").format(name=name)


def render_timeout(tr: Translator, minutes: int) -> str:
    return format_duration(minutes, tr.lang)
