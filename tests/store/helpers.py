"""Test helpers: open a gateway on a target, read rows, count statements, inject a crash after statement N."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import timedelta

from sqlalchemy import event, text

from jetcart.store import StoreGateway

WRITE_VERBS = ("INSERT", "UPDATE", "DELETE")


class SimulatedCrash(Exception):
    """Raised right after a statement ran, as if the process died there."""


def open_gateway(target) -> StoreGateway:
    # A zero lease lets the retry take over at once, as a worker restarted after a real crash would.
    return StoreGateway.connect(target.url, target.prefix, lease=timedelta(0))


def rows(gateway: StoreGateway, sql: str, **params) -> list[tuple]:
    """Runs SQL ({p} = the table prefix); returns the rows it selects (none for other statements)."""
    sql = sql.replace("{p}", gateway.prefix)
    with gateway.engine.connect() as conn:
        result = conn.execute(text(sql), params)
        return [tuple(r) for r in result] if result.returns_rows else []


def scalar(gateway: StoreGateway, sql: str, **params):
    found = rows(gateway, sql, **params)
    return found[0][0] if found else None


def stock(gateway: StoreGateway, product_ids=(), option_value_ids=()) -> dict:
    levels = {}
    for pid in product_ids:
        levels[("product", pid)] = scalar(gateway, "SELECT quantity FROM {p}product WHERE product_id = :i", i=pid)
    for vid in option_value_ids:
        levels[("value", vid)] = scalar(
            gateway, "SELECT quantity FROM {p}product_option_value WHERE product_option_value_id = :i", i=vid)
    return levels


@contextmanager
def count_statements(gateway: StoreGateway, verbs: tuple[str, ...] | None = None):
    """Counts the statements the gateway sends (all of them, or only those starting with `verbs`)."""
    seen: list[str] = []

    def listener(conn, cursor, statement, parameters, context, executemany):
        if verbs is None or statement.lstrip().upper().startswith(verbs):
            seen.append(statement)

    event.listen(gateway.engine, "before_cursor_execute", listener)
    try:
        yield seen
    finally:
        event.remove(gateway.engine, "before_cursor_execute", listener)


@contextmanager
def crash_after_write(gateway: StoreGateway, n: int):
    """Raises SimulatedCrash right after the n-th INSERT/UPDATE/DELETE has been executed."""
    count = 0

    def listener(conn, cursor, statement, parameters, context, executemany):
        nonlocal count
        if statement.lstrip().upper().startswith(WRITE_VERBS):
            count += 1
            if count == n:
                raise SimulatedCrash(f"crash after write statement {n}: {statement[:60]}")

    event.listen(gateway.engine, "after_cursor_execute", listener)
    try:
        yield
    finally:
        event.remove(gateway.engine, "after_cursor_execute", listener)
