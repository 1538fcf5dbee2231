"""Each typed flow declares its steps and what each step takes from the keyboard.

A person in a flow has a row in chat_states: the flow's name and, in `data["step"]`, the step
they are at. Before typed text reaches a flow, the text router (bot/handlers/text.py) asks
the flow's declared table whether the text answers the step. If it does not — a question
where a time was asked, any text where a button was — the flow is put aside (parked, with a
one-line note, bot/handlers/flows.py) and the text is handled like any other message.

Each feature declares its flows beside its handlers (escalation.FLAG_FLOW, the peer flows in
bot/handlers/peer/common.py, …) and registers them with the router, so one table per flow
says which steps exist and what each one takes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum

# A typed answer to "what time?", "which client?" or "what name?" is short; a question
# there is something new, not the answer.
SHORT_ANSWER_CHARS = 60


def looks_like_something_else(text: str) -> bool:
    stripped = text.strip()
    return len(stripped) > SHORT_ANSWER_CHARS or stripped.endswith(("?", "？"))


class Takes(Enum):
    """What typed text at a step is."""

    ANY_TEXT = "any text"  # whatever is typed: a case code, a description, a name, a note
    SHORT_TEXT = "short text"  # a time, a duration, an entry; a question or a long message is not
    # A button is wanted, but a short repeat (a case code sent again while the bot was slow)
    # shows the step again instead of putting the flow aside.
    BUTTON_OR_REPEAT = "button or a short repeat"
    BUTTON = "button"  # a button is wanted: anything typed is something else

    def answers(self, text: str) -> bool:
        if self is Takes.ANY_TEXT:
            return True
        if self is Takes.BUTTON:
            return False
        return not looks_like_something_else(text)


@dataclass(frozen=True)
class Flow:
    """A typed flow: its name in chat_states and what each of its steps takes.

    A one-step flow (a note, a name, a time) declares `takes` alone; a flow of several steps
    declares `steps`, and a step it does not name takes a button (nothing typed is kept)."""

    name: str
    takes: Takes = Takes.BUTTON
    steps: Mapping[str, Takes] = field(default_factory=dict)

    def step_takes(self, step: object) -> Takes:
        if not self.steps:
            return self.takes
        return self.steps.get(step, Takes.BUTTON) if isinstance(step, str) else Takes.BUTTON

    def is_the_answer(self, data: Mapping[str, object] | None, text: str) -> bool:
        """Whether `text` answers the step the flow's data says the person is at."""
        return self.step_takes((data or {}).get("step")).answers(text)
