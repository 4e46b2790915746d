"""Huey tasks of the orders: they only call the use cases (fetch and import, acknowledge, re-deliver)."""

from __future__ import annotations

from huey.contrib.djhuey import db_task

from jetcart.connector.orders.acknowledge import acknowledge_by_ids
from jetcart.connector.orders.fetch import fetch_orders


@db_task(name="jetcart.orders.fetch")
def fetch_orders_task() -> str:
    """Fetch, create in OpenCart, reject, auto-acknowledge, directed cancels: one order run."""
    return fetch_orders().line()


@db_task(name="jetcart.orders.acknowledge")
def acknowledge_orders_task(ids: list[str]) -> str:
    """Acknowledges the named orders (the grid's bulk action on a worker)."""
    return acknowledge_by_ids(ids).summary()


@db_task(name="jetcart.orders.deliver_outbox")
def deliver_outbox_task() -> str:
    """Re-delivers unfinished Jet calls (after a fault or a crash), reading Jet back first."""
    from jetcart.connector.jet_and_store import jet_client
    from jetcart.connector.outbox import deliver_open_messages

    counts = deliver_open_messages(client=jet_client())
    return ", ".join(f"{n} {state}" for state, n in sorted(counts.items())) or "nothing to deliver"
