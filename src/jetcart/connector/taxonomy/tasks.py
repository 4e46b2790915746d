"""The taxonomy import as a background job, so the merchant's page does not wait on 10,000 requests."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from huey.contrib.djhuey import db_task

from jetcart.connector.huey_identity import keep_identity
from jetcart.connector.models import TaxonomyImport

STALE_AFTER = timedelta(minutes=20)  # a "running" import older than this died with its worker


class TaxonomyImportRunning(RuntimeError):
    """Another taxonomy import is still running."""


def running_import() -> TaxonomyImport | None:
    """The import in progress, if one started recently and has not finished."""
    return (TaxonomyImport.objects.filter(status=TaxonomyImport.Status.RUNNING,
                                          started_at__gte=timezone.now() - STALE_AFTER)
            .order_by("-started_at").first())


@db_task(name="jetcart.taxonomy.import")
@keep_identity("jetcart.connector.taxonomy_tasks")  # huey identity
def import_taxonomy_task() -> str:
    from jetcart.connector.taxonomy.api_import import import_taxonomy_from_api

    run = import_taxonomy_from_api()
    return f"{run.categories} categories, {run.attributes} attributes"


def enqueue_taxonomy_import() -> None:
    """Queues the API import (runs inline when Huey is immediate, as in tests); refuses a second one."""
    current = running_import()
    if current is not None:
        raise TaxonomyImportRunning(
            f"A taxonomy import is already running (started {current.started_at:%H:%M} UTC, "
            f"{current.categories} categories stored so far)."
        )
    import_taxonomy_task()
