"""Store settings orders and stock depend on: missing or unreadable ones are refused naming the key, never read as
a default (the demo store on SQLite, OpenCart 3.0.5.1's own install SQL on MariaDB)."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text

from jetcart.store import StoreGateway
from jetcart.store.demo import ensure_demo_store
from jetcart.store.doctor import describe_store
from jetcart.store.errors import StoreError, StoreSettingsError
from tests.fixtures.stores import OPENCART3_SQL, opencart_sql

DELETED = None


def set_setting(url: str, key: str, value: str | None) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        if value is DELETED:
            conn.execute(text("DELETE FROM oc_setting WHERE store_id = 0 AND `key` = :k"), {"k": key})
        else:
            conn.execute(text("UPDATE oc_setting SET value = :v WHERE store_id = 0 AND `key` = :k"),
                         {"k": key, "v": value})
    engine.dispose()


@pytest.fixture
def demo_url(empty_sqlite_store_url) -> str:
    ensure_demo_store(empty_sqlite_store_url, "oc_")
    return empty_sqlite_store_url


@pytest.mark.parametrize(("key", "value"), [
    ("config_processing_status", ""), ("config_processing_status", "[]"), ("config_processing_status", '["5",'),
    ("config_processing_status", '["five"]'), ("config_complete_status", DELETED),
    ("config_timezone", "Mars/Olympus_Mons"),
    ("config_weight_class_id", DELETED), ("config_length_class_id", ""), ("config_order_status_id", "abc"),
    ("config_customer_group_id", DELETED), ("config_return_status_id", "0"),
])
def test_should_refuse_a_missing_or_unreadable_setting_and_name_its_key(demo_url, key, value):
    set_setting(demo_url, key, value)
    with pytest.raises(StoreSettingsError, match=f"setting {key}:") as caught:
        StoreGateway.connect(demo_url, "oc_")
    assert caught.value.key == key
    with pytest.raises(StoreError, match=f"not usable: setting {key}:"):
        describe_store(demo_url, "oc_")


@pytest.mark.parametrize("value", [DELETED, ""])
def test_should_read_an_absent_time_zone_as_utc_as_opencart_does(demo_url, value):
    set_setting(demo_url, "config_timezone", value)
    gateway = StoreGateway.connect(demo_url, "oc_")
    try:
        assert str(gateway.settings.timezone) == "UTC"
    finally:
        gateway.close()


@pytest.mark.mariadb
def test_should_name_an_emptied_processing_status_on_real_opencart_3(mariadb_server):
    database = mariadb_server.create_database("oc3set")
    mariadb_server.load_sql(database, opencart_sql(OPENCART3_SQL))
    url = mariadb_server.url(database)
    assert describe_store(url, "oc_").startswith("OpenCart 3.0.x")
    set_setting(url, "config_processing_status", "[]")
    with pytest.raises(StoreError, match="setting config_processing_status: lists no order status"):
        describe_store(url, "oc_")
