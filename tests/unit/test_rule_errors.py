"""Every feature's refusal has one shape (bot/domain/errors.py), so a handler that only
wants a kind word can catch `RuleError` once."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.domain.errors import RuleError
from bot.domain.hours import HoursInputError, HoursRuleError, parse_hours
from bot.services.away import AwayError, parse_until
from bot.services.escalation import FlagError
from bot.services.people import OnboardingError


@pytest.mark.parametrize(
    "refusal",
    [
        HoursRuleError("locked", day=dt.date(2026, 11, 1)),
        HoursInputError("too_long"),
        FlagError("not_found"),
        AwayError("past"),
        OnboardingError("bad_role", "role must be one of supporter, social_worker, admin"),
    ],
)
def test_each_refusal_is_a_rule_error_with_a_reason(refusal):
    with pytest.raises(RuleError) as caught:
        raise refusal
    assert caught.value.reason == refusal.reason


def test_the_words_are_the_message_and_the_code_stands_in_without_them():
    assert str(OnboardingError("bad_role", "role must be one of …")) == "role must be one of …"
    assert str(OnboardingError("already_registered")) == "already_registered"
    assert HoursRuleError("too_old", days=31).detail == {"days": 31}


def test_real_refusals_are_caught_as_rule_errors():
    with pytest.raises(RuleError) as typed:
        parse_hours("25h visit", dt.date(2026, 11, 26))
    assert typed.value.reason == "too_long"
    with pytest.raises(RuleError) as away:
        parse_until("1/1/2020", dt.date(2026, 11, 26))
    assert away.value.reason == "past"
