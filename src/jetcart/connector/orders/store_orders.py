"""The only place the order use cases call the OpenCart store gateway: products, order creation, status."""

from __future__ import annotations

from typing import TYPE_CHECKING

from jetcart.store.models import CreatedOrder, NewOrder, Product

if TYPE_CHECKING:
    from jetcart.store.gateway import StoreGateway


def load_products(gateway: StoreGateway, product_ids: list[int]) -> dict[int, Product]:
    """The store's products by id (absent ids are missing from the result)."""
    if not product_ids:
        return {}
    return {product.product_id: product for product in gateway.get_products(sorted(set(product_ids)))}


def create_store_order(gateway: StoreGateway, order: NewOrder) -> CreatedOrder:
    """Creates the OpenCart order once per marketplace order id; a repeat returns the existing order."""
    return gateway.create_order(order)


def change_store_order_status(
    gateway: StoreGateway, *, marketplace_order_id: str, order_id: int, status_id: int, comment: str
) -> None:
    """Sets the status with a history row, taking or restoring stock as OpenCart does (the gateway's journal
    makes each change resumable; `marketplace_order_id` names the order in errors)."""
    gateway.change_order_status(order_id, status_id, comment=comment)
