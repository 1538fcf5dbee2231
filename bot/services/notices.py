"""The texts services owe people through the outbox, as one Protocol.

Services decide *who* is told *what* and when; the words (and button rows) come from the
views. Services never import views: the composition root (bot/app.py) puts an implementation
in `Services.notices` (bot/views/notices.py forwards to the view functions), and a service
calls e.g. `ctx.notices.render_alert(tr, flag, supporter, tz, repeat=False)`.

Every method takes the recipient's Translator first and returns plain data: a text, or a
text and button rows (label, callback data) that the outbox stores as they are.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Protocol
from zoneinfo import ZoneInfo

from bot.domain.peer import Contribution
from bot.i18n import Translator
from storage.models import Flag, Person
from storage.peer_models import PeerQuestion, SharedTip

Rows = list[list[tuple[str, str]]]


class Notices(Protocol):
    # --- concerns (services/escalation.py, services/away.py)
    def render_alert(
        self,
        tr: Translator,
        flag: Flag,
        supporter: Person,
        tz: ZoneInfo,
        *,
        repeat: bool,
        instead_of: tuple[str, dt.date | None] | None = None,
    ) -> tuple[str, Rows]: ...

    def render_flag_status(self, tr: Translator, kind: str, flag: Flag, names: str = "") -> str:
        """views/escalation.py::render_status (a concern's progress, for its supporter)."""
        ...

    def render_supporter_notice(
        self, tr: Translator, worker: str, until: dt.date, names: str
    ) -> str: ...

    def render_back_notice(self, tr: Translator, worker: str) -> str: ...

    # --- joining (services/people.py)
    def render_joined(
        self,
        tr: Translator,
        person: Person,
        *,
        telegram_name: str,
        unit_name: str,
        worker_name: str | None,
        yours: bool,
    ) -> tuple[str, Rows]: ...

    # --- wellbeing (services/wellbeing.py)
    def render_checkin(self, tr: Translator, week: dt.date) -> tuple[str, Rows]: ...

    def render_chat_request(
        self, tr: Translator, supporter: str, answers: Sequence[tuple[dt.date, int]], person_id: int
    ) -> tuple[str, Rows]: ...

    def render_meaning(self, tr: Translator, month: dt.date, given: Contribution) -> str: ...

    # --- peer questions (services/peer/questions.py)
    def render_question_for_mentor(
        self,
        tr: Translator,
        question: PeerQuestion,
        *,
        unit_name: str | None,
        parent: PeerQuestion | None = None,
    ) -> tuple[str, Rows]: ...

    def render_follow_up_for_mentor(
        self, tr: Translator, question: PeerQuestion, parent: PeerQuestion
    ) -> tuple[str, Rows]: ...

    def render_being_answered(self, tr: Translator) -> str: ...

    def render_answer_for_asker(
        self, tr: Translator, question: PeerQuestion, *, can_follow_up: bool
    ) -> tuple[str, Rows]: ...

    def render_thanks_for_mentor(self, tr: Translator, question: PeerQuestion) -> str: ...

    def render_unanswered(
        self, tr: Translator, question: PeerQuestion, worker: str | None, *, claimed: bool
    ) -> tuple[str, Rows]: ...

    # --- shared tips (services/peer/shared_tips.py)
    def render_tip_for_review(
        self, tr: Translator, tip: SharedTip, author: str, topic: str
    ) -> tuple[str, Rows]: ...

    def render_tip_approved_for_author(
        self, tr: Translator, tip: SharedTip, worker: str, topic: str
    ) -> str: ...

    def render_tip_returned_for_author(
        self, tr: Translator, tip: SharedTip, worker: str, topic: str
    ) -> str: ...

    def render_tip_helped(self, tr: Translator, tip: SharedTip, topic: str, new: int) -> str: ...

    def render_shared_tip(
        self, tr: Translator, text: str, topic_id: str, topic: str, credit: str | None, tip_id: int
    ) -> tuple[str, str, Rows]: ...

    # --- mentors (services/peer/staff.py)
    def render_mentor_set_by_staff(self, tr: Translator, on: bool, worker: str) -> str: ...
