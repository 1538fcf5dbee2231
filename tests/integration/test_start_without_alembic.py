"""A start on a database already at the head revision does not import Alembic (about 10 MiB
the bot would keep for good); a database behind it is still migrated."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from storage import db

ROOT = Path(__file__).resolve().parents[2]
_PROBE = """
import asyncio, sys
from storage import db
async def main(url):
    engine = db.create_engine(url)
    await db.upgrade(engine)
    print(await db.current_revision(engine) if "alembic" in sys.modules else "-", end=" ")
    await engine.dispose()
    print("alembic" in sys.modules)
asyncio.run(main(sys.argv[1]))
"""


def _upgrade_in_a_new_process(url: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, url],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return done.stdout.strip()


def test_the_migration_files_name_the_same_head_as_alembic() -> None:
    assert db.head_from_files() == db.head_revision()


def test_a_database_at_head_starts_without_importing_alembic(database_url: str) -> None:
    assert _upgrade_in_a_new_process(database_url) == "- False"


def test_a_new_database_is_still_migrated(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'new.db'}"
    assert _upgrade_in_a_new_process(url) == f"{db.head_revision()} True"
