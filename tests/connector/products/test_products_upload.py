"""Uploading demo products to the sandbox over HTTP: simple and configurable products, a product with missing
data refused with its message, statuses, archive and unarchive."""

from __future__ import annotations

import pytest

from jetcart.connector.models import JetListing, ListingKind, ListingStatus, ProductAction, RunState
from jetcart.connector.products.runs import create_run, execute_run
from tests.fixtures.products_setup import demo_store, wired

pytestmark = pytest.mark.django_db(transaction=True)

IPOD_NANO, CANON, HTC = 36, 30, 28


@pytest.fixture
def connected(tmp_path, sandbox_server, jet_merchant, settings):
    url, prefix = demo_store(tmp_path)
    with wired(url, prefix, sandbox_server, jet_merchant, settings) as (store, client):
        yield store, client


def run(action: str, ids: list[int] | None = None, **kw):
    return execute_run(create_run(action=action, product_ids=ids, **kw).pk)


def test_should_upload_simple_and_configurable_products_and_refuse_one_with_missing_data(connected):
    store, client = connected
    done = run(ProductAction.UPLOAD, [HTC, IPOD_NANO, CANON])
    assert done.state == RunState.DONE, done.message
    assert (done.succeeded, done.failed) == (2, 1)
    refused = done.results.get(product_id=CANON)
    assert not refused.ok and any("shipping weight" in m for m in refused.messages)

    nano = {li.merchant_sku: li for li in JetListing.objects.filter(product_id=IPOD_NANO)}
    assert nano["OC36"].kind == ListingKind.PARENT
    children = [li for li in nano.values() if li.kind == ListingKind.CHILD]
    assert sorted(li.option_value_ids for li in children) == [[20], [21], [22]]
    assert all(li.parent_sku == "OC36" and li.jet_status == ListingStatus.UNDER_JET_REVIEW for li in children)
    assert all(li.price_hash and li.inventory_hash for li in children)
    assert JetListing.objects.get(merchant_sku="OC30").jet_status == ListingStatus.NOT_UPLOADED

    variation = client.products.get_variation("OC36")
    assert sorted(variation.model_dump().get("children_skus") or [], key=str)  # Jet holds the group
    child = client.products.get("OC36-22")
    assert child.status in {ListingStatus.UNDER_JET_REVIEW, ListingStatus.AVAILABLE_FOR_PURCHASE}
    assert client.products.get_price("OC36-22").price == 110  # option value +10


def test_should_archive_and_unarchive_a_product_and_read_its_status(connected):
    store, client = connected
    assert run(ProductAction.UPLOAD, [HTC]).succeeded == 1
    archived = run(ProductAction.ARCHIVE, [HTC])
    assert archived.succeeded == 1, list(archived.results.values_list("messages", flat=True))
    assert run(ProductAction.STATUS, [HTC]).succeeded == 1
    listing = JetListing.objects.get(merchant_sku="OC28")
    assert listing.jet_status == ListingStatus.ARCHIVED and listing.is_archived
    assert client.products.get("OC28").is_archived
    assert client.products.get_inventory("OC28").model_dump()  # inventory zeroed on Jet below
    assert sum(n.quantity for n in client.products.get("OC28").inventory_by_fulfillment_node) == 0

    unarchived = run(ProductAction.UNARCHIVE, [HTC])
    assert unarchived.succeeded == 1
    run(ProductAction.STATUS, [HTC])
    listing.refresh_from_db()
    assert not listing.is_archived and listing.jet_status != ListingStatus.ARCHIVED
    assert sum(n.quantity for n in client.products.get("OC28").inventory_by_fulfillment_node) == 939
