"""Alembic environment. The app passes a live connection (see storage.db.upgrade)."""

from __future__ import annotations

from alembic import context

import storage.content_models
import storage.delivery_models
import storage.escalation_models
import storage.peer_models  # noqa: F401
from storage.models import Base

target_metadata = Base.metadata


def run_migrations() -> None:
    connection = context.config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("run migrations through `tunghang db upgrade` (storage.db.upgrade)")
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
