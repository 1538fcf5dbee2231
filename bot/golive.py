"""Two of `tunghang check`'s go-live checks, kept apart from bot/checks.py.

* Environment values as env files deliver them. systemd's EnvironmentFile and
  `docker --env-file` keep everything after `=` — an inline `# comment`, the spaces before
  it, quotes — as part of the value, so `TUNGHANG_TIMEZONE=Asia/Hong_Kong  # HK` is a time
  zone that does not exist and a token with a trailing comment is refused by Telegram.
  None of the bot's settings may contain whitespace or `#`, so such a value is refused
  with the reason, never echoed (it may be the token).
* People: every unit has an active admin and an active social worker, so the first flag
  has somewhere to go.
"""

from __future__ import annotations

from collections.abc import Mapping

OURS = ("TELEGRAM_", "WEBHOOK_", "TUNGHANG_", "DATABASE_URL", "LOG_LEVEL")


def env_problems(environ: Mapping[str, str]) -> list[str]:
    """One line per setting whose value an env file has mangled (the value is not shown)."""
    problems = []
    for name in sorted(environ):
        if not name.startswith(OURS):
            continue
        value = environ[name]
        if "#" in value:
            why = "contains '#'"
        elif any(c.isspace() for c in value):
            why = "contains a space"
        elif len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            why = "is wrapped in quotes"
        else:
            continue
        problems.append(
            f"{name} {why}: env files keep everything after '=' as the value, so put comments "
            "on their own line and write values without quotes or spaces "
            "(a '#' in a database password is written %23)"
        )
    return problems


async def people_problems(database_url: str) -> tuple[bool | None, str]:
    """(ok, detail): None when there is no unit yet (nothing to check)."""
    from sqlalchemy import select

    from storage import db
    from storage.models import Person, Role, Unit

    engine = db.create_engine(database_url)
    try:
        async with db.session_factory(engine)() as session:
            units = list(await session.scalars(select(Unit).order_by(Unit.id)))
            if not units:
                return None, "no unit yet: `tunghang admin unit-add`, then invite its admin"
            active = list(await session.scalars(select(Person).where(Person.active.is_(True))))
    finally:
        await engine.dispose()
    missing = []
    for unit in units:
        roles = {p.role for p in active if p.unit_id == unit.id}
        for role, label in ((Role.ADMIN, "admin"), (Role.SOCIAL_WORKER, "social worker")):
            if role not in roles:
                missing.append(
                    f"unit {unit.id} ({unit.name_en}) has no active {label}: "
                    f"`tunghang admin invite --role {role} --unit {unit.id} --name …`"
                )
    if missing:
        return False, "; ".join(missing)
    return True, f"{len(units)} unit(s), each with an active admin and social worker"
