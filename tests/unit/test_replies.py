"""Replies as values (bot/replies.py): what a person notices when they are sent."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from telegram.error import BadRequest, Forbidden

from bot.replies import Answer, Edit, Send, deliver


class FakeQuery:
    def __init__(self, edit_error: Exception | None = None) -> None:
        self.calls: list[tuple[str, Any]] = []
        self.edit_error = edit_error

    async def answer(self, text: str | None = None, show_alert: bool = False) -> None:
        self.calls.append(("answer", text))

    async def edit_message_text(self, text: str, **kwargs: Any) -> None:
        if self.edit_error is not None:
            raise self.edit_error
        self.calls.append(("edit", text))


class FakeBot:
    def __init__(self, edit_error: Exception | None = None) -> None:
        self.calls: list[tuple[str, Any]] = []
        self.edit_error = edit_error

    async def send_message(self, chat_id: int, text: str, **kwargs: Any) -> Any:
        self.calls.append(("send", text))
        return SimpleNamespace(chat_id=chat_id, message_id=99)

    async def edit_message_text(self, text: str, **kwargs: Any) -> None:
        if self.edit_error is not None:
            raise self.edit_error
        self.calls.append(("edit", text))


def _update(query: FakeQuery | None) -> Any:
    return SimpleNamespace(
        callback_query=query, effective_message=None, effective_chat=SimpleNamespace(id=7)
    )


async def test_the_same_button_pressed_twice_is_not_an_error() -> None:
    query = FakeQuery(BadRequest("Message is not modified: specified new message content"))
    bot = FakeBot()
    await deliver(_update(query), bot, [Answer(), Edit("same screen"), Send("and then this")])
    assert query.calls == [("answer", None)]
    assert bot.calls == [("send", "and then this")]  # the replies after the edit still go


async def test_any_other_refused_edit_is_still_an_error() -> None:
    query = FakeQuery(BadRequest("Message to edit not found"))
    with pytest.raises(BadRequest):
        await deliver(_update(query), FakeBot(), [Edit("new screen")])


async def test_an_old_alert_that_cannot_be_edited_does_not_stop_the_other_replies() -> None:
    bot = FakeBot(Forbidden("bot was blocked by the user"))
    sent: list[int] = []
    replies = [
        Edit("taken by Ann", chat_id=5, message_id=1, best_effort=True),
        Send("it's yours", on_sent=lambda message: sent.append(message.message_id)),
    ]
    await deliver(_update(None), bot, replies)
    assert bot.calls == [("send", "it's yours")]
    assert sent == [99]  # the follow-up saw the sent message
