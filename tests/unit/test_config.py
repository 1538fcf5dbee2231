import pytest

from bot.config import DEFAULT_DATABASE_URL, ConfigError, Settings

TOKEN = "123456:ABCdefGHIjkl"


def test_defaults_need_only_a_token():
    settings = Settings.from_env({"TELEGRAM_BOT_TOKEN": TOKEN})
    assert settings.database_url == DEFAULT_DATABASE_URL
    assert settings.timezone == "Asia/Hong_Kong"
    assert settings.mode == "polling"
    assert settings.api_base_url is None


def test_missing_token_says_what_to_do():
    with pytest.raises(ConfigError) as caught:
        Settings.from_env({})
    assert "TELEGRAM_BOT_TOKEN" in str(caught.value)
    assert "demo" in str(caught.value)


def test_every_problem_is_reported_at_once():
    with pytest.raises(ConfigError) as caught:
        Settings.from_env(
            {
                "TELEGRAM_BOT_TOKEN": "nonsense",
                "DATABASE_URL": "mysql://x",
                "TUNGHANG_TIMEZONE": "Mars/Base",
                "TUNGHANG_MODE": "webhook",
                "LOG_LEVEL": "chatty",
            }
        )
    problems = caught.value.problems
    joined = "\n".join(problems)
    for name in (
        "TELEGRAM_BOT_TOKEN",
        "DATABASE_URL",
        "TUNGHANG_TIMEZONE",
        "WEBHOOK_URL",
        "WEBHOOK_SECRET",
        "LOG_LEVEL",
    ):
        assert name in joined
    assert len(problems) == 6


def test_webhook_mode_with_url_and_secret():
    settings = Settings.from_env(
        {
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TUNGHANG_MODE": "webhook",
            "WEBHOOK_URL": "https://bot.example.org/telegram",
            "WEBHOOK_SECRET": "s3cret_value",
            "WEBHOOK_PORT": "8080",
        }
    )
    assert settings.mode == "webhook"
    assert settings.listen_port == 8080


def test_api_base_url_is_normalised():
    settings = Settings.from_env(
        {"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": "http://127.0.0.1:8081/"}
    )
    assert settings.api_base_url == "http://127.0.0.1:8081"


@pytest.mark.parametrize("value", ["abc", "0", "-5"])
def test_bad_numbers_are_refused(value):
    with pytest.raises(ConfigError, match="TUNGHANG_ACK_TIMEOUT_SECONDS"):
        Settings.from_env({"TELEGRAM_BOT_TOKEN": TOKEN, "TUNGHANG_ACK_TIMEOUT_SECONDS": value})
