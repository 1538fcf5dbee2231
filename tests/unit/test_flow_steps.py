"""Each typed flow's declared steps decide what typed text answers them (bot/handlers/steps.py)."""

from __future__ import annotations

import pytest

from bot.handlers.escalation import FLAG_FLOW, FlagStep
from bot.handlers.hours import TYPED_ENTRY_FLOW
from bot.handlers.peer.common import ASK_FLOW, TIP_RETURN_FLOW, PeerStep

QUESTION = "佢話唔想再做人，我應該點做？"
LONG = "Mrs Chan was very quiet today and would not eat; " * 3


@pytest.mark.parametrize("text", ["C03", QUESTION, LONG])
def test_a_typed_step_of_a_concern_takes_whatever_is_typed(text: str) -> None:
    assert FLAG_FLOW.is_the_answer({"step": FlagStep.CODE}, text)
    assert FLAG_FLOW.is_the_answer({"step": FlagStep.DESCRIPTION}, text)


def test_a_button_step_of_a_concern_takes_a_short_repeat_but_not_a_question() -> None:
    assert FLAG_FLOW.is_the_answer({"step": FlagStep.URGENCY}, "C03")
    assert not FLAG_FLOW.is_the_answer({"step": FlagStep.URGENCY}, QUESTION)
    assert not FLAG_FLOW.is_the_answer({"step": FlagStep.REVIEW}, LONG)


def test_a_peer_flow_takes_typing_only_at_its_text_step() -> None:
    assert ASK_FLOW.is_the_answer({"step": PeerStep.TEXT}, QUESTION)
    assert not ASK_FLOW.is_the_answer({"step": PeerStep.REVIEW}, "ok")
    assert not ASK_FLOW.is_the_answer({}, "ok")  # a step it does not name wants a button


def test_a_one_step_flow_has_no_step_names() -> None:
    assert TIP_RETURN_FLOW.is_the_answer({}, LONG)
    assert TYPED_ENTRY_FLOW.is_the_answer({}, "1.5h visit")
    assert not TYPED_ENTRY_FLOW.is_the_answer({}, "how do I log a phone call?")
