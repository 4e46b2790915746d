"""A storefront sale written the way OpenCart's checkout writes it (opencart-db.md §4–§5): the order row at status 0,
its lines, options and totals, then `addOrderHistory`: stock taken where `subtract = 1` (when the status takes
stock), the status set and one order_history row. Used by the capture tests and the sale/checkout benchmarks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import Connection, DateTime, Integer, Numeric, SmallInteger, insert, update


@dataclass(frozen=True)
class SaleLine:
    product_id: int
    quantity: int
    option_value_id: int = 0  # a chosen product_option_value_id (select option), 0 for none
    product_option_id: int = 0


def _filler(column, now: datetime):
    """A value for a NOT NULL column without a default, as OpenCart's non-strict INSERT would leave it."""
    kind = getattr(column.type, "impl_instance", column.type)
    if isinstance(kind, DateTime):
        return now
    if isinstance(kind, Integer | SmallInteger | Numeric):
        return 0
    return "[]" if "custom_field" in column.name else ""


def _row(table, now: datetime, **values) -> dict:
    row = {c.name: _filler(c, now) for c in table.columns
           if not c.nullable and c.server_default is None and not c.primary_key}
    row.update({k: v for k, v in values.items() if k in table.c})
    return row


def storefront_sale(gateway, lines: list[SaleLine], *, status_id: int | None = None,
                    conn: Connection | None = None) -> int:
    """Writes one checkout; returns the order id. `status_id` defaults to the store's new-order status."""
    if conn is None:
        with gateway.engine.connect() as own:
            return storefront_sale(gateway, lines, status_id=status_id, conn=own)
    s, settings = gateway.schema, gateway.settings
    status_id = settings.order_status_id if status_id is None else status_id
    now = datetime.now(settings.timezone).replace(tzinfo=None, microsecond=0)
    total = Decimal("10.00") * sum(line.quantity for line in lines)
    order_id = conn.execute(insert(s["order"]).values(_row(
        s["order"], now, store_id=0, firstname="Jane", lastname="Guest", email="jane@example.com",
        total=total, order_status_id=0, language_id=settings.language_id, currency_id=settings.currency_id,
        currency_code=settings.currency_code, currency_value=1, date_added=now, date_modified=now,
        payment_method="Cash On Delivery", payment_code="cod", shipping_method="Flat Shipping Rate",
        shipping_code="flat.flat", user_agent="storefront", ip="127.0.0.1"))).inserted_primary_key[0]
    for line in lines:
        line_id = conn.execute(insert(s["order_product"]).values(_row(
            s["order_product"], now, order_id=order_id, product_id=line.product_id, name="Product", model="M",
            quantity=line.quantity, price=Decimal("10.00"), total=Decimal("10.00") * line.quantity, tax=0,
            reward=0))).inserted_primary_key[0]
        if line.option_value_id:
            conn.execute(insert(s["order_option"]).values(_row(
                s["order_option"], now, order_id=order_id, order_product_id=line_id,
                product_option_id=line.product_option_id, product_option_value_id=line.option_value_id,
                name="Option", value="Value", type="select")))
    for code, title, sort in (("sub_total", "Sub-Total", 1), ("total", "Total", 9)):
        conn.execute(insert(s["order_total"]).values(_row(
            s["order_total"], now, order_id=order_id, code=code, title=title, value=total, sort_order=sort)))
    if status_id in settings.processing_status_ids | settings.complete_status_ids:
        p, pov = s["product"], s["product_option_value"]
        for line in lines:
            conn.execute(update(p).where(p.c.product_id == line.product_id, p.c.subtract == 1)
                         .values(quantity=p.c.quantity - line.quantity))
            if line.option_value_id:
                conn.execute(update(pov).where(pov.c.product_option_value_id == line.option_value_id,
                                               pov.c.subtract == 1).values(quantity=pov.c.quantity - line.quantity))
    conn.execute(update(s["order"]).where(s["order"].c.order_id == order_id)
                 .values(order_status_id=status_id, date_modified=now))
    conn.execute(insert(s["order_history"]).values(_row(
        s["order_history"], now, order_id=order_id, order_status_id=status_id, notify=0, comment="",
        date_added=now)))
    if conn.dialect.name == "sqlite":
        conn.commit()
    return int(order_id)
