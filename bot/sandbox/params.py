"""Typed access to Bot API parameters, whether they came typed (in process) or as form text."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from bot.sandbox.models import ApiError

__all__ = ["Params"]

_TRUE = {"true", "1", "yes", "on"}


class Params:
    """Parameters of one call: values are native (in-process) or strings (HTTP forms)."""

    def __init__(
        self, values: Mapping[str, Any], files: Mapping[str, tuple[str, bytes]] | None = None
    ) -> None:
        self.values = dict(values)
        self.files = dict(files or {})

    def has(self, name: str) -> bool:
        """Whether the parameter was sent (and is not null)."""
        return self.values.get(name) is not None or name in self.files

    def text(self, name: str) -> str | None:
        """A string parameter."""
        value = self.values.get(name)
        if value is None or isinstance(value, str):
            return value
        return json.dumps(value) if isinstance(value, dict | list | bool) else str(value)

    def required_int(self, name: str) -> int:
        """An integer parameter that must be present."""
        value = self.integer(name, required=True)
        return value if value is not None else 0

    def integer(self, name: str, *, required: bool = False) -> int | None:
        """An integer parameter; "123" from a form counts."""
        value = self.values.get(name)
        if value is None or value == "":
            if required:
                raise ApiError(400, f"Bad Request: {name} is empty")
            return None
        if isinstance(value, bool):
            raise ApiError(400, f"Bad Request: invalid {name} specified")
        try:
            return int(value)
        except (TypeError, ValueError):
            raise ApiError(400, f"Bad Request: invalid {name} specified") from None

    def number(self, name: str, default: float = 0.0) -> float:
        """A numeric parameter (timeouts may be floats)."""
        value = self.values.get(name)
        if value is None or value == "":
            return default
        try:
            return float(value)
        except (TypeError, ValueError):
            raise ApiError(400, f"Bad Request: invalid {name} specified") from None

    def flag(self, name: str) -> bool:
        """A boolean parameter; "true" from a form counts."""
        value = self.values.get(name)
        if isinstance(value, str):
            return value.strip().lower() in _TRUE
        return bool(value)

    def json(self, name: str) -> Any:
        """A JSON-serialized object parameter (reply_markup, scope, commands…)."""
        value = self.values.get(name)
        if not isinstance(value, str):
            return value
        try:
            return json.loads(value)
        except ValueError:
            raise ApiError(400, f"Bad Request: can't parse {name} JSON object") from None
