"""The large mapping import as a background job; a cut-off one is queued again from its progress page."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from huey.contrib.djhuey import db_task

from jetcart.connector.huey_identity import keep_identity
from jetcart.connector.models import MappingImport

STALLED_AFTER = timedelta(minutes=2)  # a chunk takes well under a second: no progress for this long means cut off


@db_task(name="jetcart.mapping.import")
@keep_identity("jetcart.connector.mapping_import_tasks")  # huey identity
def mapping_import_task(import_id: int) -> str:
    from jetcart.connector.mapping.large_import import run_import

    record = run_import(import_id)
    return f"mapping import {import_id}: {record.status}"


def enqueue_mapping_import(record: MappingImport) -> None:
    """Queues the import (runs inline when Huey is immediate, as in tests)."""
    mapping_import_task(record.pk)


def is_stalled(record: MappingImport) -> bool:
    """Whether an unfinished import stopped moving (its worker died): the merchant may resume it."""
    return not record.finished and record.updated_at < timezone.now() - STALLED_AFTER
