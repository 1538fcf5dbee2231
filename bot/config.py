"""Settings read once from the environment, validated at start, then passed down."""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///./tunghang.db"
_TOKEN_RE = re.compile(r"^\d+:[A-Za-z0-9_-]{5,}$")
_SECRET_RE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")


class ConfigError(ValueError):
    """Configuration is unusable; the message says what to do."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True, slots=True)
class Settings:
    token: str
    database_url: str = DEFAULT_DATABASE_URL
    api_base_url: str | None = None
    timezone: str = "Asia/Hong_Kong"
    mode: str = "polling"
    webhook_url: str | None = None
    webhook_secret: str | None = None
    listen_host: str = "127.0.0.1"
    listen_port: int = 8443
    webhook_idle_seconds: float = 10.0
    webhook_max_connections: int = 100
    log_level: str = "INFO"
    invite_days: int = 14
    tick_seconds: float = 5.0
    ack_timeout_seconds: int = 600
    flag_description_days: int = 180
    peer_timeout_minutes: int = 120
    # Serve only clinically signed-off cards (risk cards are always served).
    require_reviewed: bool = False

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @classmethod
    def from_env(cls, environ: Mapping[str, str], *, require_token: bool = True) -> Settings:
        """Read and validate every variable; collect all problems before failing."""
        problems: list[str] = []
        get = lambda name: (environ.get(name) or "").strip() or None  # noqa: E731

        token = get("TELEGRAM_BOT_TOKEN") or ""
        if require_token and not token:
            problems.append(
                "TELEGRAM_BOT_TOKEN is not set: ask @BotFather for a token and export it, "
                "or run `tunghang demo` to try the bot without one."
            )
        elif token and not _TOKEN_RE.match(token):
            problems.append(
                "TELEGRAM_BOT_TOKEN does not look like a bot token (digits, a colon, then "
                "letters): copy it again from @BotFather."
            )

        database_url = get("DATABASE_URL") or DEFAULT_DATABASE_URL
        if not database_url.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
            problems.append(
                "DATABASE_URL must start with sqlite+aiosqlite:// or postgresql+asyncpg:// "
                f"(got a URL starting with {database_url.split(':', 1)[0]!r})."
            )

        api_base_url = get("TELEGRAM_API_BASE_URL")
        if api_base_url:
            api_base_url = api_base_url.rstrip("/")
            if not api_base_url.startswith(("http://", "https://")):
                problems.append(
                    "TELEGRAM_API_BASE_URL must be an http(s) URL such as http://127.0.0.1:8081 "
                    "(the bot appends /bot<token>/<method> itself)."
                )

        timezone = get("TUNGHANG_TIMEZONE") or "Asia/Hong_Kong"
        try:
            ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            problems.append(
                f"TUNGHANG_TIMEZONE {timezone!r} is not a known time zone, e.g. Asia/Hong_Kong."
            )

        mode = (get("TUNGHANG_MODE") or "polling").lower()
        webhook_url = get("WEBHOOK_URL")
        webhook_secret = get("WEBHOOK_SECRET")
        if mode not in ("polling", "webhook"):
            problems.append("TUNGHANG_MODE must be 'polling' (default) or 'webhook'.")
        if mode == "webhook":
            if not webhook_url or not webhook_url.startswith("https://"):
                problems.append(
                    "Webhook mode needs WEBHOOK_URL, the public https:// address of this bot."
                )
            if not webhook_secret or not _SECRET_RE.match(webhook_secret):
                problems.append(
                    "Webhook mode needs WEBHOOK_SECRET: 1-256 characters of A-Z, a-z, 0-9, _ or -."
                )

        # Behind the reverse proxy by default: the port is not for the internet.
        listen_host = get("WEBHOOK_LISTEN") or "127.0.0.1"
        listen_port = _int(get("WEBHOOK_PORT"), 8443, "WEBHOOK_PORT", 1, 65535, problems)
        webhook_idle = _float(
            get("WEBHOOK_IDLE_SECONDS"), 10.0, "WEBHOOK_IDLE_SECONDS", 0.1, 300, problems
        )
        webhook_connections = _int(
            get("WEBHOOK_MAX_CONNECTIONS"), 100, "WEBHOOK_MAX_CONNECTIONS", 4, 10000, problems
        )
        invite_days = _int(
            get("TUNGHANG_INVITE_DAYS"), 14, "TUNGHANG_INVITE_DAYS", 1, 365, problems
        )
        ack_timeout = _int(
            get("TUNGHANG_ACK_TIMEOUT_SECONDS"),
            600,
            "TUNGHANG_ACK_TIMEOUT_SECONDS",
            1,
            86400,
            problems,
        )
        description_days = _int(
            get("TUNGHANG_FLAG_DESCRIPTION_DAYS"),
            180,
            "TUNGHANG_FLAG_DESCRIPTION_DAYS",
            1,
            3650,
            problems,
        )
        peer_timeout = _int(
            get("TUNGHANG_PEER_TIMEOUT_MINUTES"),
            120,
            "TUNGHANG_PEER_TIMEOUT_MINUTES",
            5,
            10080,
            problems,
        )
        tick = _float(
            get("TUNGHANG_TICK_SECONDS"), 5.0, "TUNGHANG_TICK_SECONDS", 0.1, 300, problems
        )

        require_reviewed = (get("TUNGHANG_REQUIRE_REVIEWED") or "0").lower()
        if require_reviewed not in ("0", "1", "false", "true", "no", "yes"):
            problems.append("TUNGHANG_REQUIRE_REVIEWED must be 1 (only signed-off cards) or 0.")

        log_level = (get("LOG_LEVEL") or "INFO").upper()
        if log_level not in logging.getLevelNamesMapping():
            problems.append("LOG_LEVEL must be one of DEBUG, INFO, WARNING, ERROR.")

        if problems:
            raise ConfigError(problems)
        return cls(
            token=token,
            database_url=database_url,
            api_base_url=api_base_url,
            timezone=timezone,
            mode=mode,
            webhook_url=webhook_url,
            webhook_secret=webhook_secret,
            listen_host=listen_host,
            listen_port=listen_port,
            webhook_idle_seconds=webhook_idle,
            webhook_max_connections=webhook_connections,
            log_level=log_level,
            invite_days=invite_days,
            tick_seconds=tick,
            ack_timeout_seconds=ack_timeout,
            flag_description_days=description_days,
            peer_timeout_minutes=peer_timeout,
            require_reviewed=require_reviewed in ("1", "true", "yes"),
        )


def _int(raw: str | None, default: int, name: str, lo: int, hi: int, problems: list[str]) -> int:
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        problems.append(f"{name} must be a whole number between {lo} and {hi}.")
        return default
    if not lo <= value <= hi:
        problems.append(f"{name} must be between {lo} and {hi} (got {value}).")
    return value


def _float(
    raw: str | None, default: float, name: str, lo: float, hi: float, problems: list[str]
) -> float:
    if raw is None:
        return default
    try:
        value = float(raw)
    except ValueError:
        problems.append(f"{name} must be a number of seconds between {lo} and {hi}.")
        return default
    if not lo <= value <= hi:
        problems.append(f"{name} must be between {lo} and {hi} (got {value}).")
    return value
