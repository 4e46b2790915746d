"""The one in-memory stand-in for the store gateway (`jetcart.store.gateway.StoreGateway`).

It answers with the gateway's own types (`Category`, `Product`, `CreatedOrder`, `bool`), raises its errors
(`UnknownZone`, `OrderNotFound`), and `tests/connector/test_fake_store_shapes.py` runs the same scenario
against it and a real demo store so that it cannot drift."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from decimal import Decimal

from jetcart.store.errors import OrderNotFound, UnknownZone
from jetcart.store.models import Category, CreatedOrder, NewOrder, OptionValue, Product, ProductOption


def _value(pov_id: int, ov_id: int, name: str) -> OptionValue:
    return OptionValue(pov_id, ov_id, name, 5, True, Decimal("0"), Decimal("0"))


def catalog_product(product_id: int, name: str, *, categories=(), options=(), **extra) -> Product:
    """A store product with a UPC, a manufacturer, a weight and dimensions (what the mapping reads)."""
    fields = dict(
        product_id=product_id, name=name, description="<p>Nice &amp; shiny</p>", model=f"Product {product_id}",
        sku="", upc="036000291452", ean="", jan="", isbn="", mpn=f"MPN-{product_id}", quantity=10,
        price=Decimal("100"), special_price=None, status=True, subtract=True, weight=Decimal("1.5"),
        weight_unit="kg", length=Decimal("10"), width=Decimal("5"), height=Decimal("2"), length_unit="cm",
        manufacturer_id=8, manufacturer="Apple", image="", images=(), category_ids=tuple(categories),
        options=tuple(options), date_modified=None,
    )
    fields.update(extra)
    return Product(**fields)


def _categories() -> dict[int, Category]:
    return {
        20: Category(20, 0, "Desktops", ("Desktops",), True),
        28: Category(28, 25, "Monitors", ("Components", "Monitors"), True),
        25: Category(25, 0, "Components", ("Components",), True),
    }


def _catalog() -> dict[int, Product]:
    color = ProductOption(1, 13, "Color", "select", True, (_value(1, 101, "Red"), _value(2, 102, "Blue")))
    size = ProductOption(2, 11, "Size", "radio", True, (_value(3, 46, "Small"), _value(4, 47, "Large")))
    delivery = ProductOption(3, 12, "Delivery Date", "date", True, ())
    products = [
        catalog_product(30, "Canon EOS 5D", categories=(20, 28), options=(color, delivery)),
        catalog_product(35, "Product 8", categories=(25,), options=(size,)),
        catalog_product(42, "Apple Cinema 30\"", categories=(28,)),
    ]
    return {p.product_id: p for p in products}


@dataclass
class FakeStore:
    """Categories, products and orders in memory; create_order is idempotent per marketplace order id.

    `products` maps product id → Product (a test may replace it); `orders` maps order id →
    {"new": NewOrder, "status": int, "history": [(status, comment), …]}."""

    category_rows: dict[int, Category] = field(default_factory=_categories)
    products: dict[int, Product] = field(default_factory=_catalog)
    orders: dict = field(default_factory=dict)
    by_marketplace: dict = field(default_factory=dict)
    create_calls: int = 0
    crash_after_write: int = 0  # the next n create_order calls write the order, then "die"

    # ---- catalog ----------------------------------------------------------------------------------------

    def categories(self) -> list[Category]:
        return sorted(self.category_rows.values(), key=lambda c: c.path)

    def create_category(self, name: str, *, parent_id: int = 0) -> int:
        new_id = max(self.category_rows) + 1
        parent_path = self.category_rows[parent_id].path if parent_id else ()
        self.category_rows[new_id] = Category(new_id, parent_id, name, (*parent_path, name), True)
        return new_id

    def iter_products(self):
        return iter(sorted(self.products.values(), key=lambda p: p.product_id))

    def get_products(self, ids) -> list[Product]:
        """The products with these ids, by id (unknown ids left out), as the gateway answers."""
        return [self.products[i] for i in sorted(set(ids)) if i in self.products]

    # ---- orders -----------------------------------------------------------------------------------------

    def create_order(self, new: NewOrder) -> CreatedOrder:
        self.create_calls += 1
        if new.shipping_address.zone == "XX":
            raise UnknownZone("zone 'XX' is not a zone of country US (table oc_zone)")
        if new.marketplace_order_id in self.by_marketplace:
            order_id = self.by_marketplace[new.marketplace_order_id]
            return CreatedOrder(order_id=order_id, created=False, total=self.orders[order_id]["total"])
        order_id = len(self.orders) + 1
        total = (sum((line.price * line.quantity for line in new.lines), Decimal(0)) + new.shipping_amount
                 + sum((tax.amount for tax in new.taxes), Decimal(0)))  # OpenCart's total: lines, shipping, taxes
        self.orders[order_id] = {"new": new, "status": new.order_status_id, "history": [(new.order_status_id, "")],
                                 "total": total}
        for line in new.lines:  # the stock is taken, as OpenCart takes it
            stocked = self.products.get(line.product_id)
            if stocked is not None and stocked.subtract:
                self.products[line.product_id] = dataclasses.replace(stocked, quantity=stocked.quantity - line.quantity)
        self.by_marketplace[new.marketplace_order_id] = order_id
        if self.crash_after_write:
            self.crash_after_write -= 1
            raise SystemExit("worker killed after the store write")
        return CreatedOrder(order_id=order_id, created=True, total=total)

    def change_order_status(self, order_id: int, order_status_id: int, *, comment: str = "",
                            notify: bool = False) -> bool:
        """False when the last change already set this status with this comment (a retry), as the gateway."""
        if order_id not in self.orders:
            raise OrderNotFound(f"order {order_id} is not in oc_order")
        order = self.orders[order_id]
        if order["status"] == order_status_id and order["history"][-1] == (order_status_id, comment):
            return False
        order["status"] = order_status_id
        order["history"].append((order_status_id, comment))
        return True
