"""The demo store is Jet-ready: the first upload of every demo product succeeds, except the products kept
incomplete on purpose, which fail with the reason the demo states."""

from __future__ import annotations

import pytest

from jetcart.connector.models import ProductAction, RunState
from jetcart.connector.products.runs import create_run, execute_run
from jetcart.store import demo_catalog
from tests.fixtures.products_setup import demo_store, wired

pytestmark = pytest.mark.django_db(transaction=True)


def test_should_upload_every_demo_product_but_the_one_kept_incomplete(tmp_path, sandbox_server, jet_merchant,
                                                                       settings):
    url, prefix = demo_store(tmp_path)
    with wired(url, prefix, sandbox_server, jet_merchant, settings):
        ids = [product[0] for product in demo_catalog.PRODUCTS]
        done = execute_run(create_run(action=ProductAction.UPLOAD, product_ids=ids).pk)
    assert done.state == RunState.DONE, done.message
    failed = {r.product_id: r.messages for r in done.results.filter(ok=False)}
    assert set(failed) == set(demo_catalog.DELIBERATELY_INCOMPLETE), failed
    for product_id, reason in demo_catalog.DELIBERATELY_INCOMPLETE.items():
        assert any(reason.removeprefix("no ") in message for message in failed[product_id]), failed[product_id]
    assert done.succeeded == len(demo_catalog.PRODUCTS) - len(demo_catalog.DELIBERATELY_INCOMPLETE)
