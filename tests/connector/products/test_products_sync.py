"""Price and inventory sync against the sandbox: only what changed in the store is sent, stale SKUs are
refreshed, and a product the store read did not return is never zeroed."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import text

from jetcart.connector.jet_and_store import override_gateways
from jetcart.connector.models import JetFile, JetListing, ProductAction, RunState
from jetcart.connector.products.jet_files import unpack_manifest
from jetcart.connector.products.runs import create_run, execute_run
from tests.fixtures.products_setup import demo_store, wired

pytestmark = pytest.mark.django_db(transaction=True)

HTC, PALM, IPOD_NANO = 28, 29, 36


@pytest.fixture
def uploaded(tmp_path, sandbox_server, jet_merchant, settings):
    url, prefix = demo_store(tmp_path)
    with wired(url, prefix, sandbox_server, jet_merchant, settings) as (store, client):
        done = execute_run(create_run(action=ProductAction.UPLOAD, product_ids=[HTC, PALM, IPOD_NANO]).pk)
        assert done.succeeded == 3, done.message
        yield store, client


def sync(ids=None, **kw):
    return execute_run(create_run(action=ProductAction.SYNC, product_ids=ids, **kw).pk)


def sent_by(run, file_type: str) -> set[str]:
    return {sku for f in JetFile.objects.filter(run=run, file_type=file_type) for sku in unpack_manifest(f.manifest)}


def test_should_send_only_the_price_and_the_stock_that_changed(uploaded):
    store, client = uploaded
    with store.engine.connect() as conn:
        conn.execute(text("UPDATE oc_product SET price = 123.45 WHERE product_id = :id"), {"id": HTC})
        conn.execute(text("UPDATE oc_product_option_value SET quantity = 7 WHERE product_option_value_id = 21"))
    before = {sku: client.products.get(sku) for sku in ("OC28", "OC29", "OC36-20", "OC36-21")}

    done = sync()
    assert done.state == RunState.DONE, done.message
    assert sent_by(done, "Price") == {"OC28"}
    assert sent_by(done, "Inventory") == {"OC36-21"}
    after = {sku: client.products.get(sku) for sku in before}
    assert after["OC28"].price == Decimal("123.45")
    assert sum(n.quantity for n in after["OC36-21"].inventory_by_fulfillment_node) == 7
    # The SKUs that did not change were not touched on Jet.
    assert after["OC29"].price_last_update == before["OC29"].price_last_update
    assert after["OC29"].inventory_last_update == before["OC29"].inventory_last_update
    assert after["OC36-20"].inventory_last_update == before["OC36-20"].inventory_last_update

    again = sync()
    assert sent_by(again, "Price") == set() and sent_by(again, "Inventory") == set()


def test_should_refresh_every_sku_whose_accepted_values_are_a_day_old(uploaded):
    JetListing.objects.filter(merchant_sku="OC29").update(
        inventory_accepted_at=JetListing.objects.get(merchant_sku="OC29").inventory_accepted_at - timedelta(hours=25))
    done = sync()
    assert sent_by(done, "Inventory") == {"OC29"} and sent_by(done, "Price") == set()


class IncompleteRead:
    """A store gateway whose reads leave out one product (as a partial read would)."""

    def __init__(self, store, missing: int):
        self.store, self.missing = store, missing

    def get_products(self, ids):
        return [p for p in self.store.get_products(ids) if p.product_id != self.missing]

    def __getattr__(self, name):
        return getattr(self.store, name)


def test_should_never_zero_a_product_the_store_read_left_out(uploaded):
    store, client = uploaded
    with store.engine.connect() as conn:
        conn.execute(text("UPDATE oc_product SET quantity = 5 WHERE product_id = :id"), {"id": PALM})
    with override_gateways(store=IncompleteRead(store, HTC)):
        done = sync(full_refresh=True)
    assert "OC28" not in sent_by(done, "Inventory") | sent_by(done, "Price")
    assert "OC29" in sent_by(done, "Inventory")
    result = done.results.get(product_id=HTC)
    assert not result.ok and "left unchanged" in result.messages[0]
    assert sum(n.quantity for n in client.products.get("OC28").inventory_by_fulfillment_node) == 939


def test_should_read_only_the_products_the_store_changed_and_every_product_each_hour(uploaded):
    from jetcart.connector.models import JetConfiguration, ProductRun

    store, client = uploaded
    first = sync()
    assert "every listed product compared" in first.message and first.total == 3
    with store.engine.connect() as conn:  # an edit in OpenCart's admin moves date_modified ...
        conn.execute(text("UPDATE oc_product SET price = 321.00, date_modified = '2099-01-01 00:00:00' "
                          "WHERE product_id = :id"), {"id": HTC})
        # ... an import tool writing behind OpenCart's back does not.
        conn.execute(text("UPDATE oc_product SET price = 77.00 WHERE product_id = :id"), {"id": PALM})
    delta = sync()
    assert "products changed in the store compared" in delta.message and delta.total == 1
    assert sent_by(delta, "Price") == {"OC28"}

    ProductRun.objects.filter(pk__in=[first.pk, delta.pk]).update(
        started_at=first.started_at - timedelta(hours=2))  # the last full comparison is over an hour old
    hourly = sync()
    assert "every listed product compared" in hourly.message and sent_by(hourly, "Price") == {"OC29"}

    config = JetConfiguration.load()
    config.inventory_buffer = 1
    config.save()  # a rule that changes every SKU's offer: everything is compared at once
    after_rule = sync()
    assert "every listed product compared" in after_rule.message
    offered = set(JetListing.objects.exclude(kind="parent").values_list("merchant_sku", flat=True))
    assert {"OC28", "OC29", "OC36-20", "OC36-21"} <= offered
    assert sent_by(after_rule, "Inventory") == offered
