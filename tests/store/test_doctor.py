"""`jetcart doctor`'s store line: version, language, currency, counts, and problems in plain words."""

from __future__ import annotations

import pytest

from jetcart.store.doctor import describe_store
from jetcart.store.errors import StoreError


def test_the_doctor_names_version_language_currency_and_counts(any_store):
    line = describe_store(any_store.url, any_store.prefix)
    version = "4.1.x" if any_store.kind == "opencart-4.1.0.4" else "3.0.x"
    assert line.startswith(f"OpenCart {version}") and "language en-gb" in line and "currency USD" in line
    assert " products (" in line and "categories" in line and "orders" in line


def test_the_doctor_says_when_the_prefix_finds_no_store(sqlite_demo_store):
    with pytest.raises(StoreError, match="no OpenCart tables with prefix 'wrong_'.*JETCART_STORE_PREFIX"):
        describe_store(sqlite_demo_store.url, "wrong_")


def test_the_doctor_names_a_missing_table(empty_sqlite_store_url):
    from sqlalchemy import create_engine, text

    from jetcart.store.demo import ensure_demo_store

    ensure_demo_store(empty_sqlite_store_url, "oc_")
    engine = create_engine(empty_sqlite_store_url)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE oc_order_history"))
    engine.dispose()
    with pytest.raises(StoreError, match="missing table\\(s\\): oc_order_history"):
        describe_store(empty_sqlite_store_url, "oc_")


def test_a_store_language_without_its_row_is_named(empty_sqlite_store_url):
    from sqlalchemy import create_engine, text

    from jetcart.store import StoreGateway
    from jetcart.store.demo import ensure_demo_store
    from jetcart.store.errors import MissingLanguage

    ensure_demo_store(empty_sqlite_store_url, "oc_")
    engine = create_engine(empty_sqlite_store_url)
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM oc_language"))
    engine.dispose()
    with pytest.raises(MissingLanguage, match="'en-gb'"):
        StoreGateway.connect(empty_sqlite_store_url, "oc_")
    with pytest.raises(StoreError, match="language 'en-gb'"):
        describe_store(empty_sqlite_store_url, "oc_")
