"""Creating a fresh store: the 3.x schema subset from our own declarations, and its lookup tables."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import contextmanager
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, MetaData, inspect, select

from jetcart.store import demo_catalog as demo
from jetcart.store.demo_zones import ZONES
from jetcart.store.errors import StoreNotEmpty
from jetcart.store.schema import oc3
from jetcart.store.schema.jetcart import declare_journal

EPOCH = datetime(2009, 2, 3, 16, 6, 50)


def store_state(engine: Engine, prefix: str) -> str:
    """'empty' (no store tables), 'store' (a configured store) or 'partial' (tables without settings)."""
    names = set(inspect(engine).get_table_names())
    if prefix + "product" not in names and prefix + "setting" not in names:
        return "empty"
    if prefix + "setting" not in names:
        return "partial"
    tables = oc3.declare(MetaData(), prefix)
    setting = tables["setting"]
    with engine.connect() as conn:
        named = conn.scalar(select(setting.c.value).where(setting.c.key == "config_name", setting.c.store_id == 0))
    return "store" if named is not None else "partial"


def prepare_empty_store(engine: Engine, prefix: str, *, replace: bool) -> tuple[MetaData, dict]:
    """Declares our 3.x tables; drops them first when `replace`, else refuses a database holding a store."""
    state = store_state(engine, prefix)
    if state != "empty" and not replace:
        what = "an OpenCart store" if state == "store" else "part of a store (an interrupted fill?)"
        raise StoreNotEmpty(f"the database already holds {what} with prefix {prefix!r}; use --replace to rebuild it")
    metadata = MetaData()
    tables = oc3.declare(metadata, prefix)
    journal = declare_journal(metadata, prefix)
    if replace:
        metadata.drop_all(engine, checkfirst=True)
    metadata.create_all(engine)
    tables["jetcart_order"] = journal
    return metadata, tables


@contextmanager
def bulk_writes(engine: Engine):
    """One connection for a fill; on SQLite one transaction (atomic and fast), elsewhere autocommit."""
    with engine.connect() as conn:
        if engine.dialect.name != "sqlite":
            yield conn
            return
        conn.exec_driver_sql("BEGIN")
        try:
            yield conn
        except BaseException:
            conn.exec_driver_sql("ROLLBACK")
            raise
        conn.exec_driver_sql("COMMIT")


def fill_lookups(conn: Connection, t: dict, *, now: datetime | None = None) -> None:
    """Languages, currencies, statuses, units, countries/zones, customer group, extensions; settings last.

    The settings row config_name is what makes the database "a store" (store_state), so it goes in last.
    """
    now = (now or datetime.now(UTC)).replace(tzinfo=None, microsecond=0)
    ins: Callable = lambda name, rows: rows and conn.execute(t[name].insert(), rows)  # noqa: E731
    ins("language", [dict(language_id=i, name=n, code=c, locale=loc, image=img, directory=d, sort_order=1, status=1)
                     for i, n, c, loc, img, d in demo.LANGUAGES])
    ins("currency", [dict(currency_id=i, title=ti, code=c, symbol_left=sl, symbol_right=sr, decimal_place=dp,
                          value=v, status=1, date_modified=now) for i, ti, c, sl, sr, dp, v in demo.CURRENCIES])
    for name, rows in (("order_status", demo.ORDER_STATUSES), ("stock_status", demo.STOCK_STATUSES),
                       ("return_status", demo.RETURN_STATUSES), ("return_reason", demo.RETURN_REASONS),
                       ("return_action", demo.RETURN_ACTIONS)):
        ins(name, [{f"{name}_id": i, "language_id": 1, "name": n} for i, n in rows])
    for unit, rows in (("weight", demo.WEIGHT_CLASSES), ("length", demo.LENGTH_CLASSES)):
        ins(f"{unit}_class", [{f"{unit}_class_id": i, "value": v} for i, v, _, _ in rows])
        ins(f"{unit}_class_description", [{f"{unit}_class_id": i, "language_id": 1, "title": ti, "unit": u}
                                          for i, _, ti, u in rows])
    ins("country", [dict(country_id=i, name=n, iso_code_2=c2, iso_code_3=c3, address_format=f, postcode_required=pr,
                         status=1) for i, n, c2, c3, f, pr in demo.COUNTRIES])
    ins("zone", [dict(zone_id=i, country_id=c, name=n, code=code, status=1) for i, c, n, code in ZONES])
    ins("customer_group", [dict(customer_group_id=1, approval=0, sort_order=1)])
    ins("customer_group_description", [dict(customer_group_id=1, language_id=1, name="Default", description="")])
    extensions = [("payment", "cod"), ("shipping", "flat")] + [("total", code) for code in demo.TOTALS]
    ins("extension", [dict(extension_id=i, type=ty, code=c) for i, (ty, c) in enumerate(extensions, 1)])


def fill_settings(conn: Connection, t: dict, *, now: datetime | None = None) -> None:
    year = (now or datetime.now(UTC)).year
    rows = [dict(store_id=0, code=c, key=k, value=v, serialized=s) for c, k, v, s in demo.settings_rows(year)]
    conn.execute(t["setting"].insert(), rows)
