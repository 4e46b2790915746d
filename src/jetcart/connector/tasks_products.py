"""Huey tasks of product runs: they only fetch the run id and call the use case."""

from __future__ import annotations

from huey.contrib.djhuey import db_task

from jetcart.connector.product_runs import execute_run


@db_task()
def run_products_task(run_id: int) -> None:
    execute_run(run_id)


@db_task()
def refresh_snapshot_task(full: bool = False) -> None:
    from jetcart.connector.catalog_snapshot import refresh_snapshot_once
    from jetcart.connector.gateways import store_gateway

    refresh_snapshot_once(store_gateway(), full=full)
