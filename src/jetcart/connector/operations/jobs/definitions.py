"""The scheduled jobs jetcart runs, in the manual's order; a job is listed once its use case exists."""

from __future__ import annotations

from typing import Any

from jetcart.connector.operations.jobs.registry import Job, JobProblems, register


class ProductRunFailed(RuntimeError):
    """The product run behind a job stopped; the message is the run's own."""


def checked(summary: Any, *, what: str = "item") -> str:
    """The summary's line, or JobProblems when the use case's summary reports problems or failures
    (its `problems` list, its `failed` count)."""
    problems = [str(p) for p in getattr(summary, "problems", None) or []]
    failed = getattr(summary, "failed", 0) or 0
    if failed and not problems:
        problems = [f"{failed} {what}(s) failed"]
    if problems:
        raise JobProblems(summary.line(), problems)
    return summary.line()


def _product_run(action: str, *, full_refresh: bool = False) -> str:
    from jetcart.connector.models import ProductRunResult, RunState
    from jetcart.connector.products.runs import create_run, execute_run

    run = execute_run(create_run(action=action, full_refresh=full_refresh).pk)
    if run.state == RunState.FAILED:
        raise ProductRunFailed(f"product run {run.pk}: {run.message}")
    if run.failed:
        failures = ProductRunResult.objects.filter(run_id=run.pk, ok=False).order_by("id")[:5]
        problems = [f"product {r.product_id}: {'; '.join(map(str, r.messages)) or 'failed'}" for r in failures]
        raise JobProblems(run.message, [f"product run {run.pk}: {run.failed} of {run.processed} product(s) "
                                        f"failed", *problems])
    return run.message


def create_orders() -> str:
    """Fetch Jet orders, create them in OpenCart once, acknowledge (when auto-acknowledge is on), cancels."""
    from jetcart.connector.orders.fetch import fetch_orders

    return checked(fetch_orders(), what="order")


def fetch_returns() -> str:
    """Fetch Jet returns, write them as OpenCart returns once, complete in OpenCart what Jet completed."""
    from jetcart.connector.returns.fetch import fetch_returns as fetch

    return checked(fetch())


def follow_refunds() -> str:
    """Read every open refund's status from Jet and note the outcome on the OpenCart order."""
    from jetcart.connector.refunds.follow import follow_refunds as follow

    return checked(follow())


def fetch_product_status() -> str:
    from jetcart.connector.models import ProductAction

    return _product_run(ProductAction.STATUS)


def fetch_product_errors() -> str:
    from jetcart.connector.models import ProductAction

    return _product_run(ProductAction.ERRORS)


def sync_price_inventory() -> str:
    """Delta sync: only what changed since Jet last accepted it (plus SKUs due for their refresh)."""
    from jetcart.connector.models import ProductAction

    return _product_run(ProductAction.SYNC)


def full_inventory_refresh() -> str:
    """Every listed SKU's price and inventory, changed or not (Jet wants each refreshed every 24 hours)."""
    from jetcart.connector.models import ProductAction

    return _product_run(ProductAction.SYNC, full_refresh=True)


def purge_log() -> str:
    """Deletes activity events and job runs older than the configured retention."""
    from jetcart.connector.activity import purge_old_events
    from jetcart.connector.operations.jobs.history import purge_old_runs

    events = purge_old_events()
    runs = purge_old_runs()
    return f"deleted {events} activity event(s) and {runs} job run(s) past the retention"


register(Job("create-orders", "Create orders and auto-acknowledge", create_orders,
             interval_field="orders_interval", default_minutes=5))
register(Job("fetch-returns", "Create returns", fetch_returns,
             interval_field="returns_interval", default_minutes=5))
register(Job("refund-status", "Refund status", follow_refunds,
             interval_field="refunds_interval", default_minutes=60))
register(Job("product-status", "Product status fetch", fetch_product_status,
             interval_field="status_interval", default_minutes=180))
register(Job("product-errors", "Product errors", fetch_product_errors,
             interval_field="errors_interval", default_minutes=720))
register(Job("sync-inventory", "Price and inventory sync (changes)", sync_price_inventory,
             interval_field="sync_interval", default_minutes=15))
register(Job("full-refresh", "Full inventory refresh", full_inventory_refresh,
             interval_field="full_refresh_interval", default_minutes=1440, lease_seconds=300))
register(Job("purge-log", "Delete old log entries", purge_log, interval_field=None, default_minutes=1440))


def capture_stock_changes() -> str:
    """One pass of the stock watcher (the worker's watcher thread runs one every few seconds)."""
    from jetcart.connector.products.stock_capture import run_capture_job

    return run_capture_job()


def check_drift() -> str:
    """Compare Jet's prices and inventories with what was sent; heal and report each difference."""
    from jetcart.connector.products.drift import run_drift_job

    return run_drift_job()


register(Job("stock-capture", "Stock and price changes to Jet (seconds)", capture_stock_changes,
             interval_field=None, default_minutes=1, lease_seconds=30))
register(Job("drift-check", "Drift check (Jet against what was sent)", check_drift,
             interval_field=None, default_minutes=60, lease_seconds=300))
