"""What reaches the log when a library fails: no token in exception text, one line instead
of a library's traceback, and never the raw update PTB could not parse."""

from __future__ import annotations

import io
import logging

import pytest

from bot.logging_setup import configure_logging

TOKEN = "123456:LOG-secret-part"


@pytest.fixture
def log_output():
    root = logging.getLogger()
    saved, level = root.handlers[:], root.level
    configure_logging("INFO", TOKEN)
    written = io.StringIO()
    root.handlers[0].setStream(written)  # type: ignore[attr-defined]
    yield written.getvalue
    root.handlers[:], root.level = saved, level


def _raise(error: Exception) -> BaseException:
    try:
        raise error
    except Exception as caught:
        return caught


def test_a_library_error_is_one_line_without_the_token(log_output):
    error = _raise(ValueError(f"The token `{TOKEN}` was rejected by the server."))
    logging.getLogger("telegram.ext").error("Network Retry Loop: aborting", exc_info=error)
    out = log_output()
    assert "LOG-secret-part" not in out and "Traceback" not in out
    assert out.strip().splitlines()[-1] == (
        "  (ValueError: The token `<token>` was rejected by the server.)"
    )


def test_our_own_tracebacks_stay_whole_but_redacted(log_output):
    error = _raise(RuntimeError(f"bad {TOKEN}"))
    logging.getLogger("bot.jobs").error("tick failed", exc_info=error)
    out = log_output()
    assert "Traceback" in out and "LOG-secret-part" not in out and "bad <token>" in out


def test_an_unparseable_update_is_logged_without_its_text(log_output):
    data = [{"update_id": 1, "message": {"text": "my client Mr Wong wants to die"}}]
    error = _raise(KeyError("chat"))
    logging.getLogger("telegram.Bot").critical(
        "Error while parsing updates! Received data was %r", data, exc_info=error
    )
    out = log_output()
    assert "Mr Wong" not in out
    assert "CRITICAL telegram.Bot: an update could not be parsed (KeyError)" in out
