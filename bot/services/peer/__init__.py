"""Peer wisdom: mentors, questions to senior supporters, shared tips, drafts. No Telegram types.

Everything owed to someone (a question to mentors, an answer, thanks, a review request, "your
tip was approved") is written to the outbox in the same transaction as the change that
caused it, with a dedupe key. Timers are columns the tick reads (`process_due`,
`process_tip_thanks`), so a crash or restart loses nothing and repeats nothing.

Who receives a question: active, reachable supporters who opted in as mentors (or whom
staff marked), in the asker's unit, never the asker. If the asker's unit allows it
(`peer_unit_settings.cross_unit`), then after half the timeout also mentors of other units
that allow it too. Mentors see the asker's first name only if the asker chose to show it.

One module per part: common (the rule error, the timeout, events), mentors, questions,
staff (the social worker's view and drafts), shared_tips and export.
"""

from bot.services.peer.common import (
    DUE_BATCH,
    MAX_QUESTION_DAYS,
    MIN_QUESTION_DAYS,
    STAFF,
    STAFF_PAGE,
    PeerError,
    reachable,
    worker_name,
)
from bot.services.peer.export import EXPORT_HEADER, export_shared
from bot.services.peer.mentors import (
    available_mentors,
    cross_unit,
    is_mentor,
    mentors_for,
    purge_old_questions,
    question_days,
    set_cross_unit,
    set_mentor,
    set_question_days,
)
from bot.services.peer.questions import (
    answer,
    answerable,
    ask,
    can_follow_up,
    claim,
    follow_up_parent,
    process_due,
    question_messages,
    thank,
    validate_answer,
    validate_question,
)
from bot.services.peer.shared_tips import (
    approve_tip,
    extra_tips,
    pending_tips,
    process_tip_thanks,
    record_tip_vote,
    return_tip,
    review_messages,
    reviewers_for,
    share_tip,
    tip_for_staff,
    valid_tip_topic,
    validate_tip,
)
from bot.services.peer.staff import (
    QuestionDetail,
    QuestionPage,
    counts_for_staff,
    make_draft,
    question_detail,
    question_for_staff,
    question_page,
    staff_toggle_mentor,
    unit_supporters,
)

__all__ = [
    "DUE_BATCH",
    "EXPORT_HEADER",
    "MAX_QUESTION_DAYS",
    "MIN_QUESTION_DAYS",
    "STAFF",
    "STAFF_PAGE",
    "PeerError",
    "QuestionDetail",
    "QuestionPage",
    "answer",
    "answerable",
    "approve_tip",
    "ask",
    "available_mentors",
    "can_follow_up",
    "claim",
    "counts_for_staff",
    "cross_unit",
    "export_shared",
    "extra_tips",
    "follow_up_parent",
    "is_mentor",
    "make_draft",
    "mentors_for",
    "pending_tips",
    "process_due",
    "process_tip_thanks",
    "purge_old_questions",
    "question_days",
    "question_detail",
    "question_for_staff",
    "question_messages",
    "question_page",
    "reachable",
    "record_tip_vote",
    "return_tip",
    "review_messages",
    "reviewers_for",
    "set_cross_unit",
    "set_mentor",
    "set_question_days",
    "share_tip",
    "staff_toggle_mentor",
    "thank",
    "tip_for_staff",
    "unit_supporters",
    "valid_tip_topic",
    "validate_answer",
    "validate_question",
    "validate_tip",
    "worker_name",
]
