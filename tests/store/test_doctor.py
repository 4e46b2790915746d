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


@pytest.mark.mariadb
def test_a_user_without_create_privilege_can_read_and_is_told_what_to_grant(empty_mariadb_store_url, mariadb_server):
    import uuid

    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from jetcart.store import StoreGateway, StoreSchemaError
    from jetcart.store.demo import ensure_demo_store
    from tests.store.orders_reference import reference_order

    ensure_demo_store(empty_mariadb_store_url, "oc_")
    url = make_url(empty_mariadb_store_url)
    user = f"jc_ro_{uuid.uuid4().hex[:8]}"
    admin = create_engine(empty_mariadb_store_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text("DROP TABLE oc_jetcart_order"))
        conn.execute(text(f"CREATE USER '{user}'@'%' IDENTIFIED BY 'pw'"))
        conn.execute(text(f"GRANT SELECT, INSERT, UPDATE, DELETE ON `{url.database}`.* TO '{user}'@'%'"))
    try:
        limited = url.set(username=user, password="pw").render_as_string(hide_password=False)
        with StoreGateway.connect(limited, "oc_") as gateway:
            assert len(list(gateway.iter_products())) == 19  # streams fall back without temporary tables
            assert gateway.find_order("jet-none") is None
            with pytest.raises(StoreSchemaError, match="grant CREATE"):
                gateway.create_order(reference_order("jet-ro"))
        assert "orders" in describe_store(limited, "oc_")
    finally:
        with admin.connect() as conn:
            conn.execute(text(f"DROP USER IF EXISTS '{user}'@'%'"))
        admin.dispose()
