"""One shape for "the rules refuse this": every feature's refusal is a `RuleError`.

`reason` is a short code the caller turns into kind words in the person's language
(never the exception text, which may be English or carry input); `detail` holds what
those words name (a day, a number of days). `message` is plain words for the command line
or a log line; without it the code stands in. A handler that only wants "say something
kind and change nothing" catches `RuleError` once; one that words each feature's refusals
itself keeps catching the feature's own class (HoursRuleError, FlagError, …).
"""

from __future__ import annotations


class RuleError(Exception):
    """A request the rules refuse; nothing was changed."""

    def __init__(self, reason: str, message: str = "", **detail: object) -> None:
        super().__init__(message or reason)
        self.reason = reason
        self.detail = detail
