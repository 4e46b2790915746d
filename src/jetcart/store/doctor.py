"""What `jetcart doctor` says about the store database: version, language, currency, counts, problems."""

from __future__ import annotations

from sqlalchemy import Engine, func, select

from jetcart.store.catalog import CatalogReader
from jetcart.store.connection import make_engine
from jetcart.store.errors import StoreError
from jetcart.store.schema.live import bind_schema
from jetcart.store.settings import read_settings


def summarise(engine: Engine, prefix: str) -> str:
    """One line in plain words; schema problems are named, never raised."""
    schema = bind_schema(engine, prefix)
    if schema.problems:
        return "not usable: " + "; ".join(schema.problems)
    with engine.connect() as conn:
        try:
            settings = read_settings(conn, schema)
        except StoreError as exc:
            return f"OpenCart {schema.version}.x, not usable: {exc}"
        counts = CatalogReader(schema, settings).counts(conn)
        journal = (conn.scalar(select(func.count()).select_from(schema.journal)) if schema.journal_exists else None)
    written = "" if journal is None else f", {journal} in jetcart's order journal"
    return (
        f"OpenCart {schema.version}.x (prefix {prefix!r}), language {settings.language_code}, "
        f"currency {settings.currency_code}; {counts.products} products ({counts.enabled_products} enabled), "
        f"{counts.option_values} option values, {counts.categories} categories, {counts.orders} orders{written}"
    )


def describe_store(url: str, prefix: str) -> str:
    """The doctor's line for JETCART_STORE_URL; raises StoreError when the store cannot be used."""
    engine = make_engine(url)
    try:
        line = summarise(engine, prefix)
    finally:
        engine.dispose()
    if line.startswith("not usable") or ", not usable:" in line:
        raise StoreError(line)
    return line
