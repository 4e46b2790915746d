"""Huey tasks of product runs: they only fetch the run id and call the use case."""

from __future__ import annotations

from huey.contrib.djhuey import db_task

from jetcart.connector.product_runs import execute_run


@db_task()
def run_products_task(run_id: int) -> None:
    execute_run(run_id)
