"""Change capture triggers on every store target (SQLite demo, MariaDB demo, OpenCart 3.0.5.1 and 4.1.0.4 as
installed): each write that matters to Jet notes its product, a page view does not, and the polling reads and
checksums see what triggers would."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text

from jetcart.store.change_capture import ChangeCapture


def run(gateway, statement: str, **params) -> None:
    with gateway.engine.connect() as conn:
        conn.execute(text(statement.replace("{p}", gateway.prefix)), params)
        if conn.dialect.name == "sqlite":
            conn.commit()


@pytest.fixture
def capture(any_store, gateways):
    gateway = gateways(any_store)
    found = ChangeCapture(gateway.engine, gateway.schema)
    found.install()
    with gateway.engine.connect() as conn:
        _ids, top = found.pending(conn)
        if top:
            found.forget(conn, top)
    yield gateway, found
    found.remove()
    found.changes.drop(gateway.engine, checkfirst=True)


def noted(gateway, capture) -> list[int]:
    with gateway.engine.connect() as conn:
        ids, top = capture.pending(conn)
        if top:
            capture.forget(conn, top)
    return ids


def test_every_trigger_is_installed_and_removed(capture):
    gateway, found = capture
    status = found.status()
    assert status.mode == "triggers" and not status.missing
    tables = {spec.table for spec in found.trigger_specs()}
    assert {"product", "product_option_value"} <= tables and "order_history" not in tables
    assert ("product_discount" in tables) == (gateway.version == "4.1")


def test_stock_price_option_special_and_order_writes_are_noted_and_page_views_are_not(capture):
    gateway, found = capture
    run(gateway, "UPDATE {p}product SET viewed = viewed + 1 WHERE product_id = 28"
        if "viewed" in gateway.schema["product"].c else "UPDATE {p}product SET model = model WHERE product_id = 28")
    assert noted(gateway, found) == []
    run(gateway, "UPDATE {p}product SET quantity = quantity - 1 WHERE product_id = 28")
    run(gateway, "UPDATE {p}product SET price = price + 1 WHERE product_id = 29")
    assert noted(gateway, found) == [28, 29]
    value = gateway.engine.connect().execute(text(
        f"SELECT product_option_value_id, product_id FROM {gateway.prefix}product_option_value "
        "ORDER BY product_option_value_id LIMIT 1")).one()
    run(gateway, "UPDATE {p}product_option_value SET quantity = quantity + 3 WHERE product_option_value_id = :v",
        v=value.product_option_value_id)
    assert noted(gateway, found) == [value.product_id]
    special = "product_special" if gateway.schema.has("product_special") else "product_discount"
    extra = ", special" if special == "product_discount" else ""
    run(gateway, f"INSERT INTO {{p}}{special} (product_id, customer_group_id, priority, price, date_start, date_end"
                 f"{extra}) VALUES (33, 1, 1, 5, :today, :today{', 1' if extra else ''})", today=date.today())
    assert noted(gateway, found) == [33]
    with gateway.engine.connect() as conn:
        assert 33 in found.specials_switching(conn, date.today())
    order_id = gateway.engine.connect().execute(text(
        f"SELECT order_id FROM {gateway.prefix}order_product ORDER BY order_id LIMIT 1")).scalar()
    if order_id is not None:  # the 4.1.0.4 data ships no orders
        products = {r[0] for r in gateway.engine.connect().execute(text(
            f"SELECT product_id FROM {gateway.prefix}order_product WHERE order_id = :o"), {"o": order_id})}
        with gateway.engine.connect() as conn:
            _ids, top = found.history_after(conn, -1)
        run(gateway, "INSERT INTO {p}order_history (order_id, order_status_id, notify, comment, date_added) "
                     "VALUES (:o, 2, 0, '', '2026-12-01 10:00:00')", o=order_id)
        assert noted(gateway, found) == []  # a status change that moves no stock is no trigger's business…
        with gateway.engine.connect() as conn:  # … the watcher reads new history rows by their primary key
            ids, after = found.history_after(conn, top)
        assert set(ids) == products and after > top


def test_polling_reads_history_by_id_and_checksums_see_direct_sql(capture):
    gateway, found = capture
    with gateway.engine.connect() as conn:
        _ids, top = found.history_after(conn, -1)
        before = found.bucket_checksums(conn)
    run(gateway, "UPDATE {p}product SET quantity = quantity + 7 WHERE product_id = 30")
    with gateway.engine.connect() as conn:
        after = found.bucket_checksums(conn)
        assert found.history_after(conn, top) == ([], top)
    moved = {k for k in set(before) | set(after) if before.get(k) != after.get(k)}
    assert moved == {"product:0"}
    noted(gateway, found)
