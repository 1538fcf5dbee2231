"""Every `tunghang` command, when it fails, ends with one line in plain words and the exit code
README documents (1 failed or refused, 2 wrong usage) — never a traceback, never the token.

Telegram is the local Bot API stand-in (bot/sandbox): a wrong token gets its 401, a wrong
API address its 404, and a port nobody listens on stands for no network. A read-only
database is SQLite opened with mode=ro (the tests may run as root, who ignores file modes).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import sqlite3
import sys
from pathlib import Path

import pytest

from bot.sandbox.server import SandboxServer
from bot.sandbox.state import BotApiSandbox
from bot.services import people
from storage import db
from storage.models import Role

# This module runs the command line on SQLite files of its own and never touches the suite's
# database, so the PostgreSQL pass would only repeat it.
pytestmark = pytest.mark.skipif(
    bool(os.environ.get("TUNGHANG_TEST_DATABASE_URL", "").strip()),
    reason="uses its own SQLite databases, not the suite's: the SQLite pass runs it",
)

ROOT = Path(__file__).resolve().parents[2]
SECRET = "CLI-failure-secret-part"
TOKEN = f"123456:{SECRET}"

OK, FAILED, USAGE = 0, 1, 2


def _clean_environ() -> dict[str, str]:
    ours = ("TELEGRAM_", "WEBHOOK_", "TUNGHANG_", "DATABASE_URL", "LOG_LEVEL")
    return {k: v for k, v in os.environ.items() if not k.startswith(ours)}


async def _tunghang(env: dict[str, str], *args: str) -> tuple[int, str, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        *args,
        cwd=ROOT,
        env={**_clean_environ(), **env},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), 90)
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


@pytest.fixture
async def world(tmp_path: Path):
    """A migrated SQLite database with one unit ready to go live (an admin, a social worker,
    a backup and a supervisor, as `tunghang check` asks), and the Bot API stand-in."""
    path = tmp_path / "cli.db"
    engine = db.create_engine(f"sqlite+aiosqlite:///{path}")
    now = dt.datetime(2026, 12, 1, 2, 0, tzinfo=dt.UTC)
    try:
        await db.upgrade(engine)
        async with db.session_factory(engine)() as session:
            unit = await people.add_unit(
                session, name_en="Sham Shui Po", name_yue="深水埗", district="SSP", planned_hours=16
            )
            staff = []
            for telegram_id, name, role in (
                (901, "Dr Wong", Role.ADMIN),
                (902, "Ms Chan", Role.SOCIAL_WORKER),
                (903, "Mr Ho", Role.SOCIAL_WORKER),
            ):
                invite = await people.create_invite(
                    session, role=role, unit_id=unit.id, now=now, days_valid=14
                )
                staff.append(
                    await people.redeem_invite(
                        session, invite.code, people.TelegramIdentity(telegram_id, name), now
                    )
                )
            unit.supervisor_id, unit.backup_social_worker_id = staff[0].id, staff[2].id
            await session.commit()
    finally:
        await engine.dispose()
    sandbox = BotApiSandbox(token=TOKEN, bot_username="TungHangBot")
    async with SandboxServer(sandbox) as server:
        yield {"path": path, "server": server}
    await sandbox.aclose()


async def _closed_port() -> str:
    async with SandboxServer(BotApiSandbox(token=TOKEN)) as server:
        gone = server.base_url
    return gone  # nothing listens there any more


async def _environment(world: dict, kind: str) -> dict[str, str]:
    base = world["server"].base_url
    env = {
        "DATABASE_URL": f"sqlite+aiosqlite:///{world['path']}",
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": base,
    }
    if kind == "401":
        env["TELEGRAM_BOT_TOKEN"] = f"654321:{SECRET}-not-this-one"
    elif kind == "404":
        env["TELEGRAM_API_BASE_URL"] = base + "/not-the-api"
    elif kind == "no network":
        env["TELEGRAM_API_BASE_URL"] = await _closed_port()
    elif kind == "read-only":
        env["DATABASE_URL"] = f"sqlite+aiosqlite:///file:{world['path']}?mode=ro&uri=true"
    elif kind == "database down":  # nothing listens on port 1; the password is a secret too
        env["DATABASE_URL"] = f"postgresql+asyncpg://postgres:{SECRET}@127.0.0.1:1/tunghang"
    elif kind == "bad config":
        env["DATABASE_URL"] = f"mysql://root:{SECRET}@db/x"
    return env


INVITE = ("admin", "invite", "--role", "admin", "--unit", "1")
HUGE = "99999999999999999999"
UNIT = ("--name-en", "A", "--name-yue", "乙", "--district", "C")

CASES = [
    # (environment, command, exit code, words the last line says)
    ("no network", ("run",), FAILED, "cannot reach Telegram"),
    ("401", ("run",), FAILED, "rejected the bot token"),
    ("404", ("run",), FAILED, "404 Not Found: check TELEGRAM_API_BASE_URL"),
    ("read-only", ("run",), FAILED, "the database is read-only"),
    ("bad config", ("run",), USAGE, "DATABASE_URL must start with"),
    ("no network", INVITE, FAILED, "cannot reach Telegram"),
    ("401", INVITE, FAILED, "rejected the bot token"),
    ("404", INVITE, FAILED, "404 Not Found"),
    ("read-only", (*INVITE[:-1], "1"), FAILED, "the database is read-only"),
    ("ok", ("admin", "invite", "--role", "admin", "--unit", HUGE), USAGE, "is not an id"),
    ("ok", ("admin", "invite", "--role", "chief", "--unit", "1"), USAGE, "invalid choice"),
    ("ok", ("admin", "invite", "--role", "admin", "--unit", "7"), FAILED, "there is no unit 7"),
    (
        "ok",
        ("admin", "invite", "--role", "supporter", "--unit", "1", "--social-worker", "@nobody"),
        FAILED,
        "no person '@nobody'",
    ),
    ("ok", ("admin", "deactivate", HUGE), FAILED, f"no person '{HUGE}'"),
    ("ok", ("admin", "deactivate", f"tg:{HUGE}"), FAILED, "no person"),
    ("ok", ("admin", "unit-set", "abc"), USAGE, "'abc' is not an id"),
    ("ok", ("admin", "unit-set", "1", "--repeats", "many"), USAGE, "invalid int value"),
    ("ok", ("admin", "unit-set", "1", "--backup", "@nobody"), FAILED, "no person '@nobody'"),
    ("ok", ("admin", "people", "--unit", HUGE), USAGE, "is not an id"),
    ("read-only", ("admin", "unit-add", *UNIT), FAILED, "the database is read-only"),
    ("bad config", ("admin", "units"), USAGE, "the configuration is not valid"),
    ("database down", ("admin", "people"), FAILED, "cannot connect to the database"),
    ("database down", ("run",), FAILED, "cannot connect to the database"),
    ("401", ("check", "--timeout", "5"), FAILED, "rejected the bot token (401"),
    ("404", ("check", "--timeout", "5"), FAILED, "404 Not Found"),
    ("no network", ("check", "--timeout", "2"), FAILED, "cannot reach"),
    ("ok", ("check", "--content", "/no/such/folder"), USAGE, "no such folder"),
    ("ok", ("demo", "--script", "missing.txt"), USAGE, "cannot read the script missing.txt"),
    ("ok", ("demo", "--db", "/no/such/folder/demo.db"), USAGE, "does not exist"),
    ("ok", ("content", "check", "--path", "/no/such/folder"), USAGE, "no such folder"),
    ("ok", ("content", "export-shared", "--out", "/no/such/x.yaml"), USAGE, "does not exist"),
    ("ok", ("content", "export-shared", "--out", "/proc/version"), USAGE, "--out /proc/version"),
    ("ok", ("content", "export-shared", "--unit", HUGE), USAGE, "is not an id"),
    ("ok", ("admin", "no-such-command"), USAGE, "invalid choice"),
]


@pytest.mark.parametrize(
    ("kind", "command", "code", "words"),
    CASES,
    ids=[f"{kind}-{' '.join(cmd[:3])}-{words[:20]}" for kind, cmd, _, words in CASES],
)
async def test_a_failing_command_ends_in_one_plain_line(world, kind, command, code, words):
    env = await _environment(world, kind)
    exit_code, out, err = await _tunghang(env, *command)
    assert exit_code == code, out + err
    assert "Traceback" not in out + err
    assert SECRET not in out + err
    lines = (err.strip() or out.strip()).splitlines()
    last = lines[-1]
    if command[0] == "check":  # the line of the check that failed
        last = next((line for line in lines if words in line), last)
    assert words in last, err
    # Says which command failed (`check` ends with the check that failed).
    assert last.startswith("FAIL" if command[0] == "check" and code == FAILED else "tunghang")


async def test_json_failures_are_one_json_object_and_nothing_changed(world):
    env = await _environment(world, "401")
    with sqlite3.connect(world["path"]) as conn:
        invites_before = conn.execute("SELECT count(*) FROM invites").fetchone()
    code, out, err = await _tunghang(env, *INVITE, "--json")
    assert code == FAILED
    answer = json.loads(out)
    assert answer["exit_code"] == FAILED and "rejected the bot token" in answer["error"]
    assert SECRET not in out + err and "Traceback" not in err
    with sqlite3.connect(world["path"]) as conn:
        assert conn.execute("SELECT count(*) FROM invites").fetchone() == invites_before


async def test_version_and_local_times(world):
    code, out, _ = await _tunghang({}, "--version")
    assert code == OK and out.startswith("tunghang ")
    env = {**(await _environment(world, "ok")), "TUNGHANG_TIMEZONE": "Asia/Hong_Kong"}
    code, out, err = await _tunghang(env, *INVITE, "--json")
    assert code == OK, err
    assert json.loads(out)["expires_at"].endswith("+08:00")  # local time with its offset
    code, out, _ = await _tunghang(env, "check", "--json", "--timeout", "5")
    assert code == OK and json.loads(out)["checked_at"].endswith("+08:00")


async def _start_run(env: dict[str, str]) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", cwd=ROOT, env={**_clean_environ(), **env},
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip


async def test_a_second_poller_stops_one_copy_with_one_line_and_the_other_keeps_running(world):
    env = await _environment(world, "ok")
    sandbox = world["server"].sandbox
    copies = [await _start_run(env)]
    try:
        for _ in range(300):  # the first copy is polling
            if any(c.method == "getUpdates" for c in sandbox.calls):
                break
            await asyncio.sleep(0.1)
        copies.append(await _start_run(env))
        waits = {asyncio.ensure_future(c.wait()): c for c in copies}
        done, _ = await asyncio.wait(waits, timeout=60, return_when=asyncio.FIRST_COMPLETED)
        assert len(done) == 1, "no copy stopped"
        stopped = waits[done.pop()]
        _, err = await stopped.communicate()
        text = err.decode()
        assert stopped.returncode == 3  # EXIT_ANOTHER_POLLER: systemd does not restart on it
        assert "Traceback" not in text and SECRET not in text
        assert text.strip().splitlines()[-1] == (
            "tunghang run: Telegram says another copy of this bot is already polling: only one "
            "instance may poll; stop the other one"
        )
        await asyncio.sleep(3)  # the other copy is not pulled down with it
        survivor = next(c for c in copies if c is not stopped)
        assert survivor.returncode is None
    finally:
        for copy in copies:
            if copy.returncode is None:
                copy.terminate()
                await copy.communicate()


def test_run_refuses_to_start_with_an_emptied_card_file(tmp_path, monkeypatch, capsys):
    import shutil

    from bot import cli, library

    content = tmp_path / "content"
    shutil.copytree(library.bundled_content_dir(), content)
    (content / "cards" / "risk_resources.yaml").write_text("")
    monkeypatch.setattr(library, "bundled_content_dir", lambda: content)
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path}/x.db")
    assert cli.main(["run"]) == FAILED
    err = capsys.readouterr().err
    assert err.strip().splitlines()[-1].startswith(
        "tunghang run: not starting: 11 problem(s) in the content, first: "
        "cards/risk_resources.yaml: the file is empty (no cards)"
    )
    assert SECRET not in err
