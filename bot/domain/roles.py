"""Who a person is to the service. Plain values: storage keeps them as these strings
(`storage.models` re-exports them), views and services compare against them."""

from __future__ import annotations

import enum


class Role(enum.StrEnum):
    SUPPORTER = "supporter"
    SOCIAL_WORKER = "social_worker"
    ADMIN = "admin"


STAFF_ROLES = frozenset({Role.SOCIAL_WORKER, Role.ADMIN})
