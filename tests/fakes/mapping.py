"""A small in-memory store and taxonomy for the mapping tests."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

from jetcart.store.models import Category, OptionValue, Product, ProductOption

TAXONOMY = {
    "categories.csv": [
        ["id", "name", "parent_id", "active", "retired", "path", "level"],
        [8000000, "Toys & Games", 0, "TRUE", "FALSE", "Toys & Games", 0],
        [8000194, "Puzzles", 8000000, "TRUE", "FALSE", "Toys & Games|Puzzles", 1],
        [8000195, "3-D Puzzles", 8000194, "TRUE", "FALSE", "Toys & Games|Puzzles|3-D Puzzles", 2],
        [8000196, "Jigsaw Puzzles", 8000194, "TRUE", "FALSE", "Toys & Games|Puzzles|Jigsaw Puzzles", 2],
        [500205, "Girl's Shoes", 8000000, "FALSE", "FALSE", "Toys & Games|Girl's Shoes", 1],
    ],
    "attributes.csv": [
        ["id", "description", "display_name", "free_text", "display", "facet_filter", "variant", "variant_pair"],
        [31, "Age Range", "Age Range", 0, "TRUE", "TRUE", "TRUE", "FALSE"],
        [119, "Color", "Color", 1, "TRUE", "TRUE", "TRUE", "FALSE"],
        [50, "Size - Free Text", "Size", 1, "TRUE", "TRUE", "TRUE", "FALSE"],
        [45, "Length", "Length", 2, "TRUE", "FALSE", "FALSE", "FALSE"],
    ],
    "attribute_values.csv": [
        ["attribute_id", "value", "units", "retired"],
        [31, "Up to 2", "", "FALSE"], [31, "Ages 3-5", "", "FALSE"], [31, "Ages 3-5", "", "FALSE"],
        [45, "_CM", "CM", "FALSE"], [45, "_IN", "IN", "FALSE"],
    ],
    "category_attribute_mappings.csv": [
        ["active", "attribute_id", "category_id"],
        ["TRUE", 31, 8000195], ["TRUE", 119, 8000195], ["TRUE", 50, 8000195], ["TRUE", 45, 8000195],
        ["TRUE", 31, 8000196], ["TRUE", 999, 8000196],
    ],
}


def write_taxonomy(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in TAXONOMY.items():
        with (folder / name).open("w", newline="") as out:
            csv.writer(out).writerows(rows)
    return folder


def _value(pov_id: int, ov_id: int, name: str) -> OptionValue:
    return OptionValue(pov_id, ov_id, name, 5, True, Decimal("0"), Decimal("0"))


def _product(product_id: int, name: str, *, categories=(), options=(), **extra) -> Product:
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


class FakeStore:
    """The part of the store gateway the mapping capability uses."""

    def __init__(self):
        self.category_rows = {
            20: Category(20, 0, "Desktops", ("Desktops",), True),
            28: Category(28, 25, "Monitors", ("Components", "Monitors"), True),
            25: Category(25, 0, "Components", ("Components",), True),
        }
        color = ProductOption(1, 13, "Color", "select", True, (_value(1, 101, "Red"), _value(2, 102, "Blue")))
        size = ProductOption(2, 11, "Size", "radio", True, (_value(3, 46, "Small"), _value(4, 47, "Large")))
        delivery = ProductOption(3, 12, "Delivery Date", "date", True, ())
        self.products = [
            _product(30, "Canon EOS 5D", categories=(20, 28), options=(color, delivery)),
            _product(35, "Product 8", categories=(25,), options=(size,)),
            _product(42, "Apple Cinema 30\"", categories=(28,)),
        ]

    def categories(self):
        return sorted(self.category_rows.values(), key=lambda c: c.path)

    def create_category(self, *, name: str, parent_id: int = 0) -> int:
        new_id = max(self.category_rows) + 1
        parent_path = self.category_rows[parent_id].path if parent_id else ()
        self.category_rows[new_id] = Category(new_id, parent_id, name, (*parent_path, name), True)
        return new_id

    def iter_products(self):
        return iter(self.products)

    def get_products(self, ids):
        wanted = set(ids)
        return [p for p in self.products if p.product_id in wanted]
