"""Synthetic stores for benchmarks: N products (a share with Color/Size combinations), written in bulk."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy import Connection, Engine

from jetcart.store.build import bulk_writes, fill_lookups, fill_settings, prepare_empty_store
from jetcart.store.demo_catalog import upc_a

COLOR_OPTION, SIZE_OPTION = 13, 11
COLORS = [(49, "Black"), (50, "White"), (51, "Silver"), (52, "Blue"), (53, "Red")]
SIZES = [(46, "Small"), (47, "Medium"), (48, "Large")]
ADJECTIVES = ["Classic", "Sport", "Pro", "Lite", "Ultra", "Urban", "Travel", "Studio", "Outdoor", "Compact"]
NOUNS = ["Jacket", "Headphones", "Backpack", "Sneakers", "Watch", "Lamp", "Kettle", "Blender", "Camera", "Speaker"]
CHUNK = 5000


@dataclass(frozen=True)
class SyntheticSummary:
    products: int
    with_options: int
    option_values: int
    variant_candidates: int

    def __str__(self) -> str:
        return (f"{self.products} products, {self.with_options} with Color/Size options "
                f"({self.option_values} option values, {self.variant_candidates} variant candidates)")


def create_synthetic_store(engine: Engine, prefix: str, *, products: int, variant_share: float = 0.3,
                           replace: bool = False, seed: int = 1) -> SyntheticSummary:
    """A store of `products` products; `variant_share` of them get options giving about 3 candidates each
    (every third Color × Size 2 × 2, the others Color or Size with 3 values)."""
    if products < 1:
        raise ValueError("a synthetic store needs at least one product")
    _metadata, tables = prepare_empty_store(engine, prefix, replace=replace)
    now = datetime.now(UTC)
    rng = random.Random(seed)
    with bulk_writes(engine) as conn:
        fill_lookups(conn, tables, now=now)
        _fill_options_and_groups(conn, tables)
        summary = _fill_products(conn, tables, products, variant_share, rng, now.replace(tzinfo=None, microsecond=0))
        fill_settings(conn, tables, now=now)
    return summary


def _fill_options_and_groups(conn: Connection, t: dict) -> None:
    conn.execute(t["manufacturer"].insert(), [dict(manufacturer_id=i, name=f"Brand {i}", image="", sort_order=0)
                                              for i in range(1, 51)])
    conn.execute(t["manufacturer_to_store"].insert(), [dict(manufacturer_id=i, store_id=0) for i in range(1, 51)])
    categories = [(i, 0, f"Department {i}") for i in range(1, 11)]
    categories += [(100 + i, 1 + i % 10, f"Aisle {i}") for i in range(90)]
    stamp = datetime(2020, 1, 1)
    conn.execute(t["category"].insert(), [dict(category_id=i, image="", parent_id=p, top=int(not p), column=1,
                                               sort_order=0, status=1, date_added=stamp, date_modified=stamp)
                                          for i, p, _ in categories])
    conn.execute(t["category_description"].insert(), [
        dict(category_id=i, language_id=1, name=n, description="", meta_title=n, meta_description="",
             meta_keyword="") for i, _, n in categories])
    conn.execute(t["category_to_store"].insert(), [dict(category_id=i, store_id=0) for i, _, _ in categories])
    paths = []
    for i, parent, _ in categories:
        chain = [parent, i] if parent else [i]
        paths += [dict(category_id=i, path_id=pid, level=level) for level, pid in enumerate(chain)]
    conn.execute(t["category_path"].insert(), paths)
    conn.execute(t["option"].insert(), [dict(option_id=COLOR_OPTION, type="select", sort_order=1),
                                        dict(option_id=SIZE_OPTION, type="radio", sort_order=2)])
    conn.execute(t["option_description"].insert(), [dict(option_id=COLOR_OPTION, language_id=1, name="Color"),
                                                    dict(option_id=SIZE_OPTION, language_id=1, name="Size")])
    values = [(v, COLOR_OPTION, n, k) for k, (v, n) in enumerate(COLORS)]
    values += [(v, SIZE_OPTION, n, k) for k, (v, n) in enumerate(SIZES)]
    conn.execute(t["option_value"].insert(), [dict(option_value_id=v, option_id=o, image="", sort_order=k)
                                              for v, o, _, k in values])
    conn.execute(t["option_value_description"].insert(), [
        dict(option_value_id=v, language_id=1, option_id=o, name=n) for v, o, n, _ in values])


def _fill_products(conn: Connection, t: dict, count: int, share: float, rng: random.Random,
                   now: datetime) -> SyntheticSummary:
    product_option_id = product_option_value_id = 0
    with_options = option_values = candidates = 0
    every = max(1, round(1 / share)) if share > 0 else 0
    for start in range(1, count + 1, CHUNK):
        batch = range(start, min(start + CHUNK, count + 1))
        products, descriptions, to_store, to_category, images = [], [], [], [], []
        options, option_rows = [], []
        for pid in batch:
            name = f"{rng.choice(ADJECTIVES)} {rng.choice(NOUNS)} {pid}"
            price = Decimal(rng.randrange(500, 50000)) / 100
            products.append(dict(
                product_id=pid, model=f"M-{pid}", sku=f"SYN-{pid:07d}", upc=upc_a(f"{700000000000 + pid:011d}"[-11:]),
                ean="", jan="", isbn="", mpn=f"MPN{pid}", location="", quantity=rng.randrange(0, 500),
                stock_status_id=7, image=f"catalog/synthetic/{pid}.jpg", manufacturer_id=1 + pid % 50, shipping=1,
                price=price, points=0, tax_class_id=9, date_available=date(2020, 1, 1),
                weight=Decimal(rng.randrange(1, 5000)) / 100, weight_class_id=1, length=Decimal(10),
                width=Decimal(20), height=Decimal(5), length_class_id=1, subtract=1, minimum=1, sort_order=0,
                status=int(pid % 20 != 0), viewed=0, date_added=now, date_modified=now,
            ))
            descriptions.append(dict(product_id=pid, language_id=1, name=name,
                                     description=f"&lt;p&gt;{name}: a synthetic product for benchmarks.&lt;/p&gt;",
                                     tag="", meta_title=name, meta_description="", meta_keyword=""))
            to_store.append(dict(product_id=pid, store_id=0))
            to_category.append(dict(product_id=pid, category_id=100 + pid % 90))
            images.append(dict(product_id=pid, image=f"catalog/synthetic/{pid}-2.jpg", sort_order=0))
            if not every or pid % every:
                continue
            with_options += 1
            kind = (pid // every) % 3
            chosen = ([(COLOR_OPTION, COLORS[:2]), (SIZE_OPTION, SIZES[:2])] if kind == 0
                      else [(COLOR_OPTION, COLORS[2:5])] if kind == 1 else [(SIZE_OPTION, SIZES)])
            combos = 1
            for option_id, values in chosen:
                product_option_id += 1
                combos *= len(values)
                options.append(dict(product_option_id=product_option_id, product_id=pid, option_id=option_id,
                                    value="", required=1))
                for k, (value_id, _) in enumerate(values):
                    product_option_value_id += 1
                    option_rows.append(dict(
                        product_option_value_id=product_option_value_id, product_option_id=product_option_id,
                        product_id=pid, option_id=option_id, option_value_id=value_id,
                        quantity=rng.randrange(0, 100), subtract=1, price=Decimal(k * 2), price_prefix="+", points=0,
                        points_prefix="+", weight=Decimal(0), weight_prefix="+",
                    ))
                    option_values += 1
            candidates += combos
        for name, chunk in (("product", products), ("product_description", descriptions),
                            ("product_to_store", to_store), ("product_to_category", to_category),
                            ("product_image", images), ("product_option", options),
                            ("product_option_value", option_rows)):
            if chunk:
                conn.execute(t[name].insert(), chunk)
    return SyntheticSummary(count, with_options, option_values, candidates)
