"""The scheduled jobs jetcart runs, in the manual's order; a job is listed once its use case exists.

Still to come as their use cases land: create-orders (orders_interval), fetch-returns (returns_interval),
product-status (status_interval), product-errors (errors_interval), sync-inventory (sync_interval),
full-refresh (full_refresh_interval).
"""

from __future__ import annotations

from jetcart.connector.jobs.registry import Job, register


def purge_log() -> str:
    """Deletes activity events and job runs older than the configured retention."""
    from jetcart.connector.activity import purge_old_events
    from jetcart.connector.jobs.history import purge_old_runs

    events = purge_old_events()
    runs = purge_old_runs()
    return f"deleted {events} activity event(s) and {runs} job run(s) past the retention"


register(Job("purge-log", "Delete old log entries", purge_log, interval_field=None, default_minutes=1440))
