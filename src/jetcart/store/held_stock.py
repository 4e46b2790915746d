"""Units held by OpenCart orders that have not taken their stock yet: orders at the store's new-order status
when that status is not one OpenCart subtracts stock at (`config_processing_status` ∪ `config_complete_status`).

Status 0 is OpenCart's "missing order" (an abandoned checkout): it never holds stock. An order older than the
holding window no longer counts either, so a forgotten pending order cannot hide stock from Jet for ever.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Connection, func, select

from jetcart.store.schema.live import StoreSchema
from jetcart.store.settings import StoreSettings


@dataclass(frozen=True)
class HeldUnits:
    """Units per product and per option value (product_option_value_id) in orders not yet subtracted."""

    status_id: int  # the status such orders have (0: the store subtracts at once, nothing is ever held)
    products: dict[int, int] = field(default_factory=dict)
    option_values: dict[int, int] = field(default_factory=dict)


def holding_status(settings: StoreSettings) -> int:
    """The new-order status when OpenCart does not subtract stock at it, else 0."""
    taking = settings.processing_status_ids | settings.complete_status_ids
    return 0 if settings.order_status_id in taking else settings.order_status_id


def held_units(conn: Connection, schema: StoreSchema, settings: StoreSettings, product_ids: Iterable[int], *,
               since: datetime) -> HeldUnits:
    """What orders at the holding status placed since `since` (store-local, naive) hold of these products."""
    status = holding_status(settings)
    ids = sorted(set(product_ids))
    if not status or not ids:
        return HeldUnits(status)
    o, op, oo = schema["order"], schema["order_product"], schema["order_option"]
    orders = select(o.c.order_id).where(o.c.order_status_id == status, o.c.date_added >= since)
    products: dict[int, int] = {}
    lines = conn.execute(
        select(op.c.order_product_id, op.c.product_id, op.c.quantity)
        .where(op.c.order_id.in_(orders), op.c.product_id.in_(ids))
    ).all()
    for line in lines:
        products[line.product_id] = products.get(line.product_id, 0) + int(line.quantity or 0)
    option_values: dict[int, int] = {}
    if lines:
        quantity_of = {line.order_product_id: int(line.quantity or 0) for line in lines}
        chosen = conn.execute(
            select(oo.c.order_product_id, oo.c.product_option_value_id)
            .where(oo.c.order_product_id.in_(list(quantity_of)), oo.c.product_option_value_id > 0)
        ).all()
        for row in chosen:
            option_values[row.product_option_value_id] = (option_values.get(row.product_option_value_id, 0)
                                                          + quantity_of[row.order_product_id])
    return HeldUnits(status, products, option_values)


def orders_at_holding_status(conn: Connection, schema: StoreSchema, settings: StoreSettings, *,
                             since: datetime) -> int:
    status = holding_status(settings)
    if not status:
        return 0
    o = schema["order"]
    return int(conn.scalar(select(func.count()).select_from(o).where(
        o.c.order_status_id == status, o.c.date_added >= since)) or 0)
