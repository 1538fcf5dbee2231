"""Where a typed message goes: the flow the person is in, else a feature that claims it,
else the refresher search.

A multi-step flow (a typed time in /settings, an "other" duration, a flag description)
saves its name with `bot.services.states.put`; the person's next text is handed to the
flow registered under that name (or under its prefix before the first "."). Flows and
claimers are registered in bot/app.py, so the order is visible in one place.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from telegram import Update
from telegram.ext import BaseHandler, MessageHandler, filters

from bot.context import Ctx, Turn, with_turn
from bot.services import states
from storage.models import ChatState

FlowHandler = Callable[[Update, Ctx, Turn, ChatState], Awaitable[None]]
# A claimer looks at free text and returns True if it handled it (e.g. "2h visit").
Claimer = Callable[[Update, Ctx, Turn], Awaitable[bool]]
Fallback = Callable[[Update, Ctx, Turn], Awaitable[None]]
# Whether typed text answers the flow's step; if not, the flow is stepped out of (parked,
# with a one-line note) and the text is handled like any other (bot/handlers/flows.py).
IsTheAnswer = Callable[[ChatState, str], bool]
StepOut = Callable[[Update, Turn], Awaitable[None]]


class TextRouter:
    def __init__(
        self,
        fallback: Fallback,
        *,
        is_the_answer: IsTheAnswer | None = None,
        step_out: StepOut | None = None,
    ) -> None:
        self._flows: dict[str, FlowHandler] = {}
        self._claimers: list[Claimer] = []
        self._fallback = fallback
        self._is_the_answer = is_the_answer
        self._step_out = step_out

    def flow(self, name: str, handler: FlowHandler) -> None:
        """Typed answers while the person is in flow `name` (or `name.<step>`) go here."""
        self._flows[name] = handler

    def claim(self, claimer: Claimer) -> None:
        """Free text outside any flow is offered to claimers in registration order."""
        self._claimers.append(claimer)

    def handler(self) -> BaseHandler:
        @with_turn()
        async def route(update: Update, context: Ctx, turn: Turn) -> None:
            """Typed text: the person's flow, else a claimer, else a question."""
            state = await states.get(turn.session, turn.user_id)
            flow = self._flow_for(state)
            if flow is not None and state is not None:
                typed = turn.text
                if self._is_the_answer is None or self._is_the_answer(state, typed):
                    await flow(update, context, turn, state)
                    return
                if self._step_out is not None:
                    await self._step_out(update, turn)
            for claimer in self._claimers:
                if await claimer(update, context, turn):
                    return
            await self._fallback(update, context, turn)

        return MessageHandler(filters.TEXT & ~filters.COMMAND & filters.UpdateType.MESSAGE, route)

    def _flow_for(self, state: ChatState | None) -> FlowHandler | None:
        if state is None:
            return None
        return self._flows.get(state.flow) or self._flows.get(state.flow.split(".", 1)[0])
