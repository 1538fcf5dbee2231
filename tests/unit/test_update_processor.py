"""bot/updates.py: different people at once, each person's updates in order."""

from __future__ import annotations

import asyncio

from telegram import Update

from bot.sandbox.state import BotApiSandbox
from bot.updates import PerPersonUpdateProcessor


def updates(*senders: int) -> list[Update]:
    sandbox = BotApiSandbox()
    for user in set(senders):
        sandbox.add_user(user, f"User {user}")
    for n, user in enumerate(senders):
        sandbox.send_text(user, f"message {n}")
    return [Update.de_json(data, None) for data in sandbox.take_updates()]


async def test_one_persons_updates_wait_for_each_other_and_others_do_not() -> None:
    processor = PerPersonUpdateProcessor(8)
    first_a, second_a, first_b = updates(1, 1, 2)
    release = asyncio.Event()
    order: list[str] = []

    async def handle(name: str, wait: bool = False) -> None:
        order.append(f"{name} start")
        if wait:
            await release.wait()
        order.append(f"{name} end")

    tasks = [
        asyncio.create_task(processor.process_update(first_a, handle("a1", wait=True))),
        asyncio.create_task(processor.process_update(second_a, handle("a2"))),
        asyncio.create_task(processor.process_update(first_b, handle("b1"))),
    ]
    await asyncio.sleep(0.05)
    assert order == ["a1 start", "b1 start", "b1 end"]  # b was not held up by a
    release.set()
    await asyncio.gather(*tasks)
    assert order[3:] == ["a1 end", "a2 start", "a2 end"]  # a's second waited for its first
    assert processor.max_in_flight == 2
    assert not processor._locks  # nothing kept for people who are done


async def test_an_error_in_one_update_does_not_block_the_next() -> None:
    processor = PerPersonUpdateProcessor(4)
    first, second = updates(1, 1)

    async def fail() -> None:
        raise RuntimeError("handler failed")

    async def succeed() -> str:
        return "ok"

    failing = asyncio.create_task(processor.process_update(first, fail()))
    following = asyncio.create_task(processor.process_update(second, succeed()))
    done = await asyncio.gather(failing, following, return_exceptions=True)
    assert isinstance(done[0], RuntimeError) and done[1] is None
