"""The demo store: OpenCart's demo catalog in a fresh database (SQLite or MariaDB), ready for Jet."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import Connection

from jetcart.store import demo_catalog as demo
from jetcart.store.build import (
    EPOCH,
    bulk_writes,
    fill_lookups,
    fill_settings,
    prepare_empty_store,
    store_state,
)
from jetcart.store.connection import make_engine
from jetcart.store.types import escape_text


def ensure_demo_store(url: str, prefix: str = "oc_") -> str:
    """Fills the database with the demo store unless it already holds a store; returns a one-line summary."""
    engine = make_engine(url)
    try:
        if store_state(engine, prefix) == "store":
            from jetcart.store.doctor import summarise

            return "existing store kept: " + summarise(engine, prefix)
        create_demo_store(engine, prefix, replace=True)
        return f"demo store created ({len(demo.PRODUCTS)} products, prefix {prefix!r})"
    finally:
        engine.dispose()


def create_demo_store(engine, prefix: str, *, replace: bool = False) -> None:
    """Creates the tables and the demo catalog; refuses a database holding a store unless `replace`."""
    _metadata, tables = prepare_empty_store(engine, prefix, replace=replace)
    now = datetime.now(UTC)
    with bulk_writes(engine) as conn:
        fill_lookups(conn, tables, now=now)
        fill_demo_catalog(conn, tables)
        fill_settings(conn, tables, now=now)


def fill_demo_catalog(conn: Connection, t: dict) -> None:
    ins = lambda name, rows: rows and conn.execute(t[name].insert(), rows)  # noqa: E731
    ins("manufacturer", [dict(manufacturer_id=i, name=escape_text(n), image=f"catalog/demo/{n.lower()}_logo.jpg",
                              sort_order=0) for i, n in demo.MANUFACTURERS])
    ins("manufacturer_to_store", [dict(manufacturer_id=i, store_id=0) for i, _ in demo.MANUFACTURERS])
    ins("category", [dict(category_id=i, image="", parent_id=parent, top=top, column=1 if top else 0,
                          sort_order=so, status=1, date_added=EPOCH, date_modified=EPOCH)
                     for i, parent, _, so, top in demo.CATEGORIES])
    ins("category_description", [dict(category_id=i, language_id=1, name=escape_text(n), description="",
                                      meta_title=escape_text(n), meta_description="", meta_keyword="")
                                 for i, _, n, _, _ in demo.CATEGORIES])
    ins("category_to_store", [dict(category_id=i, store_id=0) for i, *_ in demo.CATEGORIES])
    parents = {i: parent for i, parent, *_ in demo.CATEGORIES}
    paths = []
    for cid in parents:
        chain = [cid]
        while parents.get(chain[-1]):
            chain.append(parents[chain[-1]])
        paths += [dict(category_id=cid, path_id=pid, level=level) for level, pid in enumerate(reversed(chain))]
    ins("category_path", paths)

    products, descriptions, to_store, to_category, images = [], [], [], [], []
    for (pid, name, model, sku, qty, stock_status, stem, maker, price, points, weight, wclass, subtract, status,
         categories, description) in demo.PRODUCTS:
        length, width, height = demo.DIMENSIONS.get(pid, (0, 0, 0))
        products.append(dict(
            product_id=pid, model=escape_text(model), sku=escape_text(sku), upc=demo.upc_a(f"0{88000000 + pid:08d}00"),
            ean="", jan="", isbn="", mpn=escape_text(model), location="", quantity=qty, stock_status_id=stock_status,
            image=f"catalog/demo/{stem}_1.jpg" if stem else "", manufacturer_id=maker, shipping=1, price=price,
            points=points, tax_class_id=9, date_available=date(2009, 2, 3), weight=weight, weight_class_id=wclass,
            length=length, width=width, height=height, length_class_id=1, subtract=subtract, minimum=1,
            sort_order=0, status=status, viewed=0, date_added=EPOCH, date_modified=EPOCH,
        ))
        descriptions.append(dict(product_id=pid, language_id=1, name=escape_text(name),
                                 description=escape_text(description), tag="", meta_title=escape_text(name),
                                 meta_description="", meta_keyword=""))
        to_store.append(dict(product_id=pid, store_id=0))
        to_category += [dict(product_id=pid, category_id=c) for c in categories]
        if stem:
            images += [dict(product_id=pid, image=f"catalog/demo/{stem}_{n}.jpg", sort_order=0) for n in (2, 3)]
    ins("product", products)
    ins("product_description", descriptions)
    ins("product_to_store", to_store)
    ins("product_to_category", to_category)
    ins("product_image", images)
    ins("product_special", [dict(product_special_id=i, product_id=p, customer_group_id=1, priority=prio, price=price,
                                 date_start=None, date_end=None) for i, p, prio, price in demo.SPECIALS])

    ins("option", [dict(option_id=i, type=ty, sort_order=so) for i, ty, so, _, _ in demo.OPTIONS])
    ins("option_description", [dict(option_id=i, language_id=1, name=escape_text(n)) for i, _, _, n, _ in demo.OPTIONS])
    ins("option_value", [dict(option_value_id=v, option_id=i, image="", sort_order=so)
                         for i, *_, values in demo.OPTIONS for v, _, so in values])
    ins("option_value_description", [dict(option_value_id=v, language_id=1, option_id=i, name=escape_text(n))
                                     for i, *_, values in demo.OPTIONS for v, n, _ in values])
    option_of_value = {v: i for i, *_, values in demo.OPTIONS for v, _, _ in values}
    product_of = {po: (p, o) for po, p, o, _, _ in demo.PRODUCT_OPTIONS}
    ins("product_option", [dict(product_option_id=po, product_id=p, option_id=o, value=v, required=r)
                           for po, p, o, v, r in demo.PRODUCT_OPTIONS])
    ins("product_option_value", [
        dict(product_option_value_id=i, product_option_id=po, product_id=product_of[po][0],
             option_id=option_of_value[ov], option_value_id=ov, quantity=q, subtract=sub, price=price,
             price_prefix="+", points=pts, points_prefix="+", weight=w, weight_prefix="+")
        for i, po, ov, q, sub, price, pts, w in demo.PRODUCT_OPTION_VALUES
    ])
