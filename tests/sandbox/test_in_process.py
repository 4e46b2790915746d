"""In-process checks: the mount inside the full app, the partner portal, the demo merchant, small units."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime
from decimal import Decimal

import orjson
import pytest
from django.test import Client

from jetcart.jet.timestamps import jet_utc, parse_jet_datetime, token_time
from jetcart.sandbox.merchants import ensure_test_merchant
from jetcart.sandbox.transport.faults import parse_faults
from tests.fixtures.stores import shared_dir

pytestmark = pytest.mark.django_db(databases=["default", "sandbox"])
TAXONOMY_SOURCE = shared_dir() / "data" / "jet-taxonomy"


def _listed_sku(creds, merchant, name: str, price: float):
    """A SKU of the merchant with product data, a price and 3 units in stock, saved."""
    from jetcart.sandbox.clock import merchant_now
    from jetcart.sandbox.skus.state import apply_inventory, apply_price, apply_product, new_sku
    from tests.sandbox.helpers import product_body

    node = creds.fulfillment_node_id
    now = merchant_now(merchant)
    sku = new_sku(merchant, name, now)
    apply_product(sku, product_body(), now)
    apply_price(sku, {"price": price}, {node}, now)
    apply_inventory(sku, {"fulfillment_nodes": [{"fulfillment_node_id": node, "quantity": 3}]}, {node}, now,
                    replace=False)
    sku.save()
    return sku


def test_ensure_test_merchant_is_idempotent_and_takes_given_values():
    first = ensure_test_merchant()
    assert ensure_test_merchant() == first
    given = ensure_test_merchant(user="U1", secret="S1", fulfillment_node_id="NODE-1")
    assert (given.user, given.secret, given.fulfillment_node_id, given.merchant_id) == ("U1", "S1", "NODE-1", first.merchant_id)
    assert given.live_user and given.return_location_id


def test_api_is_mounted_in_the_full_app_without_csrf():
    creds = ensure_test_merchant()
    client = Client(enforce_csrf_checks=True)
    response = client.post("/jet/api/Token/", {"user": creds.user, "pass": creds.secret}, content_type="application/json")
    assert response.status_code == 200
    token = response.json()["id_token"]
    check = client.get("/jet/api/AUTHCHECK", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert check.json() == "This message is authorized."


def administrator(django_user_model):
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user("staff", password="pw-12345678", is_staff=True)
    user.groups.add(Group.objects.get(name="Jet administrator"))
    return user


def test_portal_needs_a_staff_login_in_the_full_app(django_user_model):
    creds = ensure_test_merchant()
    client = Client()
    response = client.get("/jet/api/portal/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    staff = administrator(django_user_model)
    client.force_login(staff)
    page = client.get("/jet/api/portal/", follow=True)
    html = page.content.decode()
    for value in (creds.user, creds.secret, creds.merchant_id, creds.fulfillment_node_id, creds.live_user,
                  creds.return_location_id):
        assert value in html
    assert "Generate 1 order" in html


def test_portal_buttons_generate_orders_and_returns(django_user_model):
    from jetcart.sandbox.models import Merchant, Order
    from jetcart.sandbox.orders.state import ship
    from tests.sandbox.helpers import shipment_body

    creds = ensure_test_merchant()
    merchant = Merchant.objects.get(merchant_id=creds.merchant_id)
    now = _listed_sku(creds, merchant, "S", 5.0).created_at
    client = Client()
    client.force_login(administrator(django_user_model))
    page = client.post(f"/jet/api/portal/merchants/{creds.merchant_id}/generate-orders", {"count": "1"}, follow=True)
    assert "1 order(s) generated." in page.content.decode()
    order = Order.objects.get(merchant=merchant)
    order.status = "acknowledged"
    ship(order, {"shipments": [shipment_body("S", order.document["order_items"][0]["request_order_quantity"])]}, now)
    order.save()
    page = client.post(f"/jet/api/portal/merchants/{creds.merchant_id}/generate-return",
                       {"order_id": order.merchant_order_id}, follow=True)
    assert "Return " in page.content.decode() and order.returns.count() == 1


def test_portal_is_open_in_the_standalone_role(settings):
    settings.JETCART_ROLE = "sandbox"
    creds = ensure_test_merchant()
    page = Client().get("/jet/api/portal/", follow=True)
    assert page.status_code == 200 and creds.secret in page.content.decode()


def test_jet_timestamps_round_trip():
    moment = datetime(2016, 4, 6, 17, 25, 6, 421406, tzinfo=UTC)
    assert jet_utc(moment) == "2016-04-06T17:25:06.4214060+00:00"
    assert token_time(moment) == "2016-04-06T17:25:06Z"
    assert parse_jet_datetime("2016-04-06T17:25:06.4214060Z") == moment
    assert parse_jet_datetime("2016-01-01T12:00:00.0000000-07:00") == datetime(2016, 1, 1, 19, 0, tzinfo=UTC)
    assert parse_jet_datetime("2016-01-01T12:00:00") == datetime(2016, 1, 1, 12, 0, tzinfo=UTC)
    with pytest.raises(ValueError):
        parse_jet_datetime("soon")


def test_fault_settings_parse_and_refuse_nonsense():
    assert parse_faults("500=0.1, slow=0.5") == {"500": 0.1, "slow": 0.5}
    assert parse_faults({"drop": 1}) == {"drop": 1.0}
    for bad in ("418=0.1", "500=2", "500"):
        with pytest.raises(ValueError):
            parse_faults(bad)


def test_packaged_taxonomy_holds_every_category():
    from jetcart.sandbox.taxonomy.store import taxonomy

    data = taxonomy()
    assert len(data.nodes) == 5340 and len(data.attributes) == 309
    assert sum(len(ids) for ids in data.node_attributes.values()) > 17000
    assert data.nodes[4000188].name == "Turbocharger"


@pytest.mark.skipif(not TAXONOMY_SOURCE.exists(), reason="the shared taxonomy dumps are not on this machine")
def test_taxonomy_build_reproduces_the_packaged_file(tmp_path):
    from jetcart.sandbox.taxonomy.build import OUTPUT, main

    assert main(["--source", str(TAXONOMY_SOURCE), "--output", str(tmp_path / "t.json.gz")]) == 0
    assert orjson.loads(gzip.decompress((tmp_path / "t.json.gz").read_bytes())) == orjson.loads(
        gzip.decompress(OUTPUT.read_bytes()))


def test_an_abandoned_bulk_file_is_processed_again(settings, django_capture_on_commit_callbacks):
    from datetime import timedelta

    from jetcart.sandbox.clock import merchant_now, wall_now
    from jetcart.sandbox.files.blobs import blob_path
    from jetcart.sandbox.files.queue import resume_if_abandoned
    from jetcart.sandbox.models import BulkFile, Merchant, Sku
    from tests.sandbox.helpers import product_body

    settings.JETCART_SANDBOX_FILE_PROCESSING = "inline"
    from jetcart.sandbox.config import reload_config

    reload_config()
    try:
        creds = ensure_test_merchant()
        merchant = Merchant.objects.get(merchant_id=creds.merchant_id)
        now = merchant_now(merchant)
        file = BulkFile.objects.create(merchant=merchant, jet_file_id="a" * 32, url_expires_at=now, created_at=now,
                                       file_type="MerchantSKUs", file_name="f.json.gz", status="Processing",
                                       received=now, blob_received=True, heartbeat=wall_now())
        blob_path("merchant-files", file.jet_file_id).write_bytes(gzip.compress(orjson.dumps({"S": product_body()})))
        assert resume_if_abandoned(file) is False  # its worker is alive
        BulkFile.objects.filter(pk=file.pk).update(heartbeat=wall_now() - timedelta(minutes=5))
        file.refresh_from_db()
        with django_capture_on_commit_callbacks(using="sandbox", execute=True):
            assert resume_if_abandoned(file) is True
        file.refresh_from_db()
        assert file.status == "Processed successfully"
        assert Sku.objects.filter(merchant=merchant, merchant_sku="S").exists()
    finally:
        settings.JETCART_SANDBOX_FILE_PROCESSING = "thread"
        reload_config()


def test_files_left_by_a_dead_worker_are_resumed_in_upload_order(settings, django_capture_on_commit_callbacks):
    from datetime import timedelta

    from jetcart.sandbox.clock import merchant_now, wall_now
    from jetcart.sandbox.config import reload_config
    from jetcart.sandbox.files.blobs import blob_path
    from jetcart.sandbox.files.queue import resume_if_abandoned
    from jetcart.sandbox.models import BulkFile, Merchant, Sku
    from tests.sandbox.helpers import product_body

    settings.JETCART_SANDBOX_FILE_PROCESSING = "inline"
    reload_config()
    try:
        merchant = Merchant.objects.get(merchant_id=ensure_test_merchant().merchant_id)
        now, dead = merchant_now(merchant), wall_now() - timedelta(minutes=5)
        uploads = [("b", "MerchantSKUs", "Processing", {"S": product_body()}),
                   ("c", "Price", "Acknowledged", {"S": {"price": 4.25}})]
        files = []
        for letter, file_type, status, content in uploads:
            files.append(BulkFile.objects.create(
                merchant=merchant, jet_file_id=letter * 32, url_expires_at=now, created_at=now, file_type=file_type,
                file_name="f.json.gz", status=status, received=now, blob_received=True, heartbeat=dead))
            blob_path("merchant-files", letter * 32).write_bytes(gzip.compress(orjson.dumps(content)))
        with django_capture_on_commit_callbacks(using="sandbox", execute=True):
            assert resume_if_abandoned(files[1]) is True  # polling the later file resumes the earlier one first
        products, prices = (BulkFile.objects.get(pk=f.pk) for f in files)
        assert (products.status, prices.status) == ("Processed successfully", "Processed successfully")
        assert prices.processing_start >= products.processing_end
        assert Sku.objects.get(merchant=merchant, merchant_sku="S").price == Decimal("4.25")
        assert resume_if_abandoned(prices) is False
    finally:
        settings.JETCART_SANDBOX_FILE_PROCESSING = "thread"
        reload_config()


def test_a_compiled_lookup_reads_the_row_the_orm_reads():
    from django.db import transaction

    from jetcart.sandbox.lookups import Lookup
    from jetcart.sandbox.models import Merchant, Sku

    creds = ensure_test_merchant()
    merchant = Merchant.objects.get(merchant_id=creds.merchant_id)
    Merchant.objects.filter(pk=merchant.pk).update(controls={"review_delay": 5}, clock_offset_seconds=12.5)
    sku = _listed_sku(creds, merchant, "box/12 ü", 5.25)
    by_name = Lookup(Sku, "merchant_id", "merchant_sku")
    found = by_name.first(merchant.pk, "box/12 ü")
    expected = Sku.objects.get(pk=sku.pk)
    assert [getattr(found, f.attname) for f in Sku._meta.concrete_fields] == [
        getattr(expected, f.attname) for f in Sku._meta.concrete_fields]
    assert found._state.db == "sandbox" and not found._state.adding
    assert by_name.first(merchant.pk, "BOX/12 Ü") == Sku.objects.filter(merchant=merchant, merchant_sku="BOX/12 Ü").first()
    assert by_name.first(merchant.pk + 1, "box/12 ü") is None
    fresh = Lookup(Merchant, "merchant_id").first(creds.merchant_id)
    assert (fresh.controls, fresh.clock_offset_seconds) == ({"review_delay": 5}, 12.5)
    locked = Lookup(Sku, "merchant_id", "merchant_sku", lock=True)
    with transaction.atomic(using="sandbox"):
        assert locked.first(merchant.pk, "box/12 ü").pk == sku.pk


def test_a_bulk_file_row_starts_as_a_single_call_row_does():
    from jetcart.sandbox.clock import merchant_now
    from jetcart.sandbox.files.processing import _new_row
    from jetcart.sandbox.models import Merchant, Sku
    from jetcart.sandbox.skus.state import new_sku

    merchant = Merchant.objects.get(merchant_id=ensure_test_merchant().merchant_id)
    now = merchant_now(merchant)
    bulk, single = _new_row(merchant, "S", now), new_sku(merchant, "S", now)
    fields = [f.attname for f in Sku._meta.concrete_fields if f.attname != "merchant_sku_id"]
    assert {name: getattr(bulk, name) for name in fields} == {name: getattr(single, name) for name in fields}
    assert bulk.merchant is merchant and bulk._state.adding and len(bulk.merchant_sku_id) == 32
    assert bulk.data is not _new_row(merchant, "T", now).data  # mutable defaults are not shared


def test_one_worker_per_merchant_and_process_drains_what_arrives_meanwhile(settings):
    from jetcart.sandbox.clock import merchant_now, wall_now
    from jetcart.sandbox.config import reload_config
    from jetcart.sandbox.files import queue
    from jetcart.sandbox.files.blobs import blob_path
    from jetcart.sandbox.models import BulkFile, Merchant
    from tests.sandbox.helpers import product_body

    settings.JETCART_SANDBOX_FILE_PROCESSING = "inline"
    reload_config()
    try:
        merchant = Merchant.objects.get(merchant_id=ensure_test_merchant().merchant_id)
        now = merchant_now(merchant)
        file = BulkFile.objects.create(merchant=merchant, jet_file_id="d" * 32, url_expires_at=now, created_at=now,
                                       file_type="MerchantSKUs", file_name="f", status="Acknowledged", received=now,
                                       blob_received=True, heartbeat=wall_now())
        blob_path("merchant-files", file.jet_file_id).write_bytes(gzip.compress(orjson.dumps({"S": product_body()})))
        running = queue._workers[merchant.pk] = queue._Worker()
        queue._wake(merchant.pk)  # a worker of this merchant is running here: it is only asked to look again
        assert running.again and BulkFile.objects.get(pk=file.pk).status == "Acknowledged"
        queue._drain(merchant.pk, running)  # that worker picks the file up and then stops
        assert BulkFile.objects.get(pk=file.pk).status == "Processed successfully"
        assert merchant.pk not in queue._workers
    finally:
        queue._workers.pop(merchant.pk, None)
        settings.JETCART_SANDBOX_FILE_PROCESSING = "thread"
        reload_config()
