"""The views' side of `bot.services.notices.Notices`: the texts services owe through the
outbox, forwarded to the view functions that write them. The composition root (bot/app.py)
puts one `ViewNotices()` in `Services.notices`; services never import views."""

from __future__ import annotations

from bot.views import escalation, escalation_away, onboarding, peer, wellbeing


class ViewNotices:
    """Satisfies `bot.services.notices.Notices` (mypy checks it where Services is built)."""

    # concerns
    render_alert = staticmethod(escalation.render_alert)
    render_flag_status = staticmethod(escalation.render_status)
    render_supporter_notice = staticmethod(escalation_away.render_supporter_notice)
    render_back_notice = staticmethod(escalation_away.render_back_notice)
    # joining
    render_joined = staticmethod(onboarding.render_joined)
    # wellbeing
    render_checkin = staticmethod(wellbeing.render_checkin)
    render_chat_request = staticmethod(wellbeing.render_chat_request)
    render_meaning = staticmethod(wellbeing.render_meaning)
    # peer questions
    render_question_for_mentor = staticmethod(peer.render_question_for_mentor)
    render_follow_up_for_mentor = staticmethod(peer.render_follow_up_for_mentor)
    render_being_answered = staticmethod(peer.render_being_answered)
    render_answer_for_asker = staticmethod(peer.render_answer_for_asker)
    render_thanks_for_mentor = staticmethod(peer.render_thanks_for_mentor)
    render_unanswered = staticmethod(peer.render_unanswered)
    # shared tips
    render_tip_for_review = staticmethod(peer.render_tip_for_review)
    render_tip_approved_for_author = staticmethod(peer.render_tip_approved_for_author)
    render_tip_returned_for_author = staticmethod(peer.render_tip_returned_for_author)
    render_tip_helped = staticmethod(peer.render_tip_helped)
    render_shared_tip = staticmethod(peer.render_shared_tip)
    # mentors
    render_mentor_set_by_staff = staticmethod(peer.render_mentor_set_by_staff)
