"""Huey tasks of product runs (they only fetch the run id and call the use case), and starting a run in the background."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from huey.contrib.djhuey import db_task

from jetcart.connector.huey_identity import keep_identity
from jetcart.connector.models import ProductRun
from jetcart.connector.products.runs import create_run, execute_run


@db_task()
@keep_identity("jetcart.connector.tasks_products")  # huey identity
def run_products_task(run_id: int) -> None:
    execute_run(run_id)


@db_task()
@keep_identity("jetcart.connector.tasks_products")  # huey identity
def refresh_snapshot_task(full: bool = False) -> None:
    from jetcart.connector.jet_and_store import store_gateway
    from jetcart.connector.products.snapshot import refresh_snapshot_once

    refresh_snapshot_once(store_gateway(), full=full)


def read_catalog_unless_read() -> None:
    """Until the store's catalog was read once, asks a background task to read it all (the dashboard's and the
    grid's counts are the store's products, not zeros, from the first morning on)."""
    from jetcart.connector.products.snapshot import snapshot_ready

    if not snapshot_ready():
        refresh_snapshot_task(True)


def enqueue_run(run: ProductRun) -> None:
    """Hands the run to the background workers once the current transaction commits."""
    transaction.on_commit(lambda: run_products_task(run.pk))


def start_run(*, action: str, product_ids: Iterable[int] | None = None, filters: dict | None = None,
              full_refresh: bool = False) -> ProductRun:
    """Creates a run and hands it to the background workers (the UI's bulk actions)."""
    run = create_run(action=action, product_ids=product_ids, filters=filters, full_refresh=full_refresh)
    enqueue_run(run)
    return run
