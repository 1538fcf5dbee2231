"""Staff turnover: supporters move to another social worker (in chat, one at a time; on the
command line, all at once), a social worker with supporters cannot simply be deactivated,
and a deactivated person can come back. Bad input changes nothing."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys

import pytest

from bot.services import people, turnover
from storage.models import Invite, Person, Role, Unit
from tests.security.support import press_data
from tests.seed import (
    ADMIN,
    OTHER_UNIT_WORKER,
    SOCIAL_WORKER,
    SUPPORTER,
    add_unit,
    register,
    seed_cast,
)

NEW_WORKER = 1002


@pytest.fixture
async def cast(bot):
    cast = await seed_cast(bot.services, bot.sandbox)
    lee = await register(
        bot.services,
        telegram_id=NEW_WORKER,
        name="Ms Lee",
        role=Role.SOCIAL_WORKER,
        unit_id=cast.unit.id,
    )
    bot.sandbox.add_user(NEW_WORKER, "Ms Lee", language_code="en")
    cast.lee = lee  # type: ignore[attr-defined]
    return cast


async def _person(bot, person_id: int) -> Person:
    async with bot.services.sessions() as session:
        found = await session.get(Person, person_id)
        assert found is not None
        return found


async def _cli(bot, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DATABASE_URL": bot.services.settings.database_url,
        "TELEGRAM_BOT_USERNAME": "TungHangBot",
    }
    return await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "bot", "admin", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


async def test_a_social_worker_moves_her_supporter_and_both_are_told(bot, cast):
    (menu,) = await bot.say(SOCIAL_WORKER, "/reassign")
    assert menu.text == "Which supporter should move to another social worker?"
    assert [row[0][0] for row in menu.buttons] == ["Siu Fong"]
    (choose,) = await bot.press(SOCIAL_WORKER, "Siu Fong")
    assert choose.text == "Which social worker should Siu Fong have from now on?"
    assert [row[0][0] for row in choose.buttons] == ["Ms Lee"]  # not herself
    (done,) = await bot.press(SOCIAL_WORKER, "Ms Lee")
    assert done.text == "Done: Siu Fong's social worker is now Ms Lee. Concerns go to them."
    assert (await _person(bot, cast.supporter.id)).social_worker_id == cast.lee.id
    await bot.flush()
    assert bot.last(SUPPORTER).text == (
        "Your social worker in Tung Hang is now Ms Lee. Concerns you report go to them."
    )
    assert bot.last(NEW_WORKER).text == "Siu Fong is now one of your supporters."
    # She has nobody left to move; the old button now refuses and changes nothing.
    (empty,) = await bot.say(SOCIAL_WORKER, "/reassign")
    assert empty.text == "There is nobody you can move."
    late = await press_data(bot, SOCIAL_WORKER, f"mv:t:{cast.supporter.id}:{cast.lee.id}")
    assert "That supporter can't be moved by you any more." in late.joined
    assert (await _person(bot, cast.supporter.id)).social_worker_id == cast.lee.id


async def test_an_admin_moves_anyone_in_the_unit_but_not_to_a_supporter(bot, cast):
    await register(
        bot.services, telegram_id=ADMIN, name="Dr Wong", role=Role.ADMIN, unit_id=cast.unit.id
    )
    bot.sandbox.add_user(ADMIN, "Dr Wong", language_code="en")
    (menu,) = await bot.say(ADMIN, "/reassign")
    assert [row[0][0] for row in menu.buttons] == ["Siu Fong · Ms Chan"]
    # A forged target (the supporter herself) is refused, nothing changes.
    outcome = await press_data(bot, ADMIN, f"mv:t:{cast.supporter.id}:{cast.supporter.id}")
    assert "That move isn't possible any more; nothing changed." in outcome.joined
    assert (await _person(bot, cast.supporter.id)).social_worker_id == cast.worker.id
    # A social worker of another unit is no target either.
    other = await add_unit(bot.services, "Island Centre")
    stranger = await register(
        bot.services,
        telegram_id=OTHER_UNIT_WORKER,
        name="Mr Ho",
        role=Role.SOCIAL_WORKER,
        unit_id=other.id,
    )
    outcome = await press_data(bot, ADMIN, f"mv:t:{cast.supporter.id}:{stranger.id}")
    assert "nothing changed" in outcome.joined
    assert (await _person(bot, cast.supporter.id)).social_worker_id == cast.worker.id


async def test_a_unit_with_one_social_worker_has_nobody_to_move_to(bot, cast):
    await _cli(bot, "deactivate", str(cast.lee.id))
    await bot.say(SOCIAL_WORKER, "/reassign")
    (answer,) = await bot.press(SOCIAL_WORKER, "Siu Fong")
    assert answer.text == "There is no other active social worker in your unit to move them to."


async def test_command_line_turnover_refuses_bad_input_and_moves_everyone(bot, cast):
    chan, lee, fong = cast.worker.id, cast.lee.id, cast.supporter.id
    async with bot.services.sessions() as session:
        waiting = await people.create_invite(
            session,
            role=Role.SUPPORTER,
            unit_id=cast.unit.id,
            social_worker_id=chan,
            now=bot.clock(),
            days_valid=14,
            invitee_name="Ah Ming",
        )
        await session.commit()
    # Deactivating a social worker who still has supporters is refused, and says what to do.
    refused = await _cli(bot, "deactivate", str(chan))
    assert refused.returncode == 1
    assert "still has 1 active supporter(s)" in refused.stderr
    assert f"tunghang admin reassign --from {chan} --to PERSON" in refused.stderr
    assert (await _person(bot, chan)).active
    for args, words in (
        (("--from", str(chan), "--to", str(chan)), "on both sides: nothing to move"),
        (("--from", str(chan), "--to", "@nobody"), "no person '@nobody'"),
        (("--from", str(chan), "--to", str(fong)), "is a supporter, not a social worker"),
        (("--from", str(fong), "--to", str(lee)), "is a supporter, not a social worker"),
        (("--from", str(chan), "--to", "99999999999999999999"), "no person"),
    ):
        result = await _cli(bot, "reassign", *args)
        assert result.returncode == 1, result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
        assert result.stderr.startswith("tunghang admin reassign: ")
        assert words in result.stderr and "Traceback" not in result.stderr
        assert (await _person(bot, fong)).social_worker_id == chan
    moved = await _cli(bot, "reassign", "--from", str(chan), "--to", str(lee), "--json")
    assert moved.returncode == 0, moved.stderr
    assert json.loads(moved.stdout) == {"moved": 1}
    assert (await _person(bot, fong)).social_worker_id == lee
    async with bot.services.sessions() as session:
        invite = await session.get(Invite, waiting.invite.id)
        assert invite is not None and invite.social_worker_id == lee  # newcomers go to Ms Lee
    # Now she can leave, and come back.
    assert (await _cli(bot, "deactivate", str(chan))).returncode == 0
    assert not (await _person(bot, chan)).active
    back = await _cli(bot, "reactivate", str(chan), "--json")
    assert back.returncode == 0 and json.loads(back.stdout) == {"person_id": chan, "active": True}
    again = await _cli(bot, "reactivate", str(chan))
    assert again.returncode == 1 and "is already active" in again.stderr
    # Deactivate and hand over in one go.
    both = await _cli(bot, "deactivate", str(lee), "--reassign-to", str(chan), "--json")
    assert both.returncode == 0, both.stderr
    assert json.loads(both.stdout) == {"person_id": lee, "active": False, "moved": 1}
    assert (await _person(bot, fong)).social_worker_id == chan


LEFT = "This invite link was made by a staff member who has since left, so it no longer works."


async def _invite(bot, **fields) -> str:
    async with bot.services.sessions() as session:
        created = await people.create_invite(
            session, now=bot.clock(), days_valid=14, invitee_name="Ah Ming", **fields
        )
        await session.commit()
        return created.code


async def _leave(bot, person_id: int) -> None:
    async with bot.services.sessions() as session:
        person = await session.get(Person, person_id)
        await people.deactivate(session, person, bot.clock())
        await session.commit()


async def test_an_invite_from_someone_who_left_is_refused_unless_it_was_reassigned(bot, cast):
    newcomer, second = 6001, 6002
    for user in (newcomer, second):
        bot.sandbox.add_user(user, "Ming", language_code="en")
    admin = await register(
        bot.services, telegram_id=ADMIN, name="Dr Wong", role=Role.ADMIN, unit_id=cast.unit.id
    )
    unit = cast.unit.id
    hers = await _invite(bot, role=Role.SUPPORTER, unit_id=unit, social_worker_id=cast.lee.id)
    staff = await _invite(bot, role=Role.SOCIAL_WORKER, unit_id=unit, created_by=admin)
    await _leave(bot, cast.lee.id)
    await _leave(bot, admin.id)
    for user, code in ((newcomer, hers), (second, staff)):
        (reply,) = await bot.say(user, f"/start {code}")
        assert LEFT in reply.text  # in both languages: we do not know theirs yet
        assert "已經離職" in reply.text
        async with bot.services.sessions() as session:
            assert await people.person_by_telegram_id(session, user) is None
            assert await people.invite_status(session, code, bot.clock()) == "valid"
    # Moved with the supporters, a waiting invite works again and the newcomer is Ms Chan's.
    async with bot.services.sessions() as session:
        lee = await session.get(Person, cast.lee.id)
        chan = await session.get(Person, cast.worker.id)
        await turnover.reassign_all(session, lee, chan, bot.clock())  # she left already
        await session.commit()
    await bot.say(newcomer, f"/start {hers}")
    async with bot.services.sessions() as session:
        joined = await people.person_by_telegram_id(session, newcomer)
        assert joined is not None and joined.social_worker_id == cast.worker.id


async def test_after_she_left_a_danger_now_concern_goes_to_the_new_social_worker(bot, cast):
    async with bot.services.sessions() as session:
        chan = await session.get(Person, cast.worker.id)
        lee = await session.get(Person, cast.lee.id)
        assert await turnover.deactivate(session, chan, bot.clock(), reassign_to=lee) == 1
        await session.commit()
    await bot.flush()
    await bot.say(SUPPORTER, "/flag")
    await bot.press(SUPPORTER, "Medical emergency")
    await bot.press(SUPPORTER, "🚨 Danger now")
    await bot.say(SUPPORTER, "L伯伯")
    (review,) = await bot.press(SUPPORTER, "Skip")
    assert "It goes to Ms Lee." in review.text  # the supporter is told who
    sent = await bot.press(SUPPORTER, "📨 Send")
    assert sent[0].text.startswith("Sent to Ms Lee (concern #1).")
    await bot.flush()
    alerts = [m for m in bot.sandbox.bot_messages(NEW_WORKER) if "L伯伯" in (m.text or "")]
    assert alerts and "✅ I'm on it" in alerts[0].button_labels
    assert not [m for m in bot.sandbox.bot_messages(SOCIAL_WORKER) if "L伯伯" in (m.text or "")]


async def test_one_person_cannot_be_both_backup_and_supervisor(bot, cast):
    chan = str(cast.worker.id)
    result = await _cli(bot, "unit-set", str(cast.unit.id), "--backup", chan, "--supervisor", chan)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.strip() == (
        f"tunghang admin unit-set: person {chan} cannot be both the backup and the supervisor"
    )
    async with bot.services.sessions() as session:
        unit = await session.get(Unit, cast.unit.id)
        assert unit.backup_social_worker_id is None and unit.supervisor_id is None
