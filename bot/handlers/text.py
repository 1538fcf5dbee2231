"""Where a typed message goes: the flow the person is in, else a feature that claims it,
else the refresher search.

A multi-step flow (a typed time in /settings, an "other" duration, a flag description)
saves its name with `bot.services.states.put`; the person's next text is handed to the
flow registered under that name when the flow's declared steps (bot/handlers/steps.py) say
it answers the step they are at. Flows and claimers are registered in bot/app.py, so the
order is visible in one place.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from telegram import Update
from telegram.ext import BaseHandler, MessageHandler, filters

from bot.context import Ctx, Turn, with_turn
from bot.handlers.steps import Flow
from bot.services import states
from storage.models import ChatState

FlowHandler = Callable[[Update, Ctx, Turn, ChatState], Awaitable[None]]
# A claimer looks at free text and returns True if it handled it (e.g. "2h visit").
Claimer = Callable[[Update, Ctx, Turn], Awaitable[bool]]
Fallback = Callable[[Update, Ctx, Turn], Awaitable[None]]
# Typed text that does not answer the flow's step: the flow is stepped out of (parked, with
# a one-line note) and the text is handled like any other (bot/handlers/flows.py).
StepOut = Callable[[Update, Turn], Awaitable[None]]


class TextRouter:
    def __init__(
        self,
        fallback: Fallback,
        *,
        step_out: StepOut | None = None,
    ) -> None:
        self._flows: dict[str, tuple[Flow, FlowHandler]] = {}
        self._claimers: list[Claimer] = []
        self._fallback = fallback
        self._step_out = step_out

    def flow(self, flow: Flow, handler: FlowHandler) -> None:
        """Typed answers to `flow`'s steps go to `handler`."""
        assert flow.name not in self._flows, f"flow {flow.name!r} registered twice"
        self._flows[flow.name] = (flow, handler)

    def claim(self, claimer: Claimer) -> None:
        """Free text outside any flow is offered to claimers in registration order."""
        self._claimers.append(claimer)

    def handler(self) -> BaseHandler:
        @with_turn()
        async def route(update: Update, context: Ctx, turn: Turn) -> None:
            """Typed text: the person's flow, else a claimer, else a question."""
            state = await states.get(turn.session, turn.user_id)
            registered = self._flows.get(state.flow) if state is not None else None
            if registered is not None and state is not None:
                flow, on_typed = registered
                if flow.is_the_answer(state.data, turn.text):
                    await on_typed(update, context, turn, state)
                    return
                if self._step_out is not None:
                    await self._step_out(update, turn)
            for claimer in self._claimers:
                if await claimer(update, context, turn):
                    return
            await self._fallback(update, context, turn)

        return MessageHandler(filters.TEXT & ~filters.COMMAND & filters.UpdateType.MESSAGE, route)
