"""Sellable quantities with their derivation (stored, shown on the product page and by `jetcart products explain`),
drift on the sandbox found and healed, and a copied or re-pointed store pausing every write to Jet."""

from __future__ import annotations

import shutil
import uuid
from argparse import Namespace

import pytest
from benchmarks.scenarios.storefront import SaleLine, storefront_sale
from django.urls import reverse
from django.utils import timezone

from jetcart.connector import clone_guard
from jetcart.connector.jet_and_store import override_gateways
from jetcart.connector.models import (
    ActivityEvent,
    DriftFinding,
    ImportState,
    Installation,
    JetConfiguration,
    JetListing,
    JetOrder,
    JetOrderLine,
    ProductAction,
    PushedQuantity,
    RunState,
)
from jetcart.connector.products import stock_capture
from jetcart.connector.products.drift import check_drift
from jetcart.connector.products.runs import create_run, execute_run
from jetcart.jet.models.products import PortalSku
from jetcart.store.demo import ensure_demo_store
from jetcart.store.gateway import StoreGateway
from tests.fixtures.products_setup import wired

pytestmark = pytest.mark.django_db(transaction=True)

HTC, PALM, IPOD_NANO = 28, 29, 36


def jet_inventory(client, sku: str) -> int:
    return sum(n.quantity for n in client.products.get(sku).inventory_by_fulfillment_node)


def new_store(request, tmp_path, name: str) -> str:
    if request.node.callspec.params.get("store_url") == "mariadb":
        server = request.getfixturevalue("mariadb_server")
        url = server.url(server.create_database(f"{name}{uuid.uuid4().hex[:8]}"))
    else:
        url = f"sqlite:///{tmp_path / f'{name}.sqlite3'}"
    ensure_demo_store(url, "oc_")
    return url


@pytest.fixture(params=["sqlite", "mariadb"])
def store_url(request, tmp_path) -> str:
    return new_store(request, tmp_path, "store")


@pytest.fixture
def listed(store_url, sandbox_server, jet_merchant, settings):
    settings.JETCART_STORE_URL = store_url
    with wired(store_url, "oc_", sandbox_server, jet_merchant, settings) as (store, client):
        done = execute_run(create_run(action=ProductAction.UPLOAD, product_ids=[HTC, PALM, IPOD_NANO]).pk)
        assert done.succeeded == 3, done.message
        store.capture.install()
        stock_capture.capture_once()
        yield store, client
    clone_guard.forget_verdict()
    stock_capture._mode_cache.clear()


def open_jet_order(sku: str, product_id: int, quantity: int) -> JetOrder:
    """A Jet order jetcart has received and not yet written to OpenCart."""
    order = JetOrder.objects.create(merchant_order_id=uuid.uuid4().hex, jet_status="ready", payload={},
                                    import_state=ImportState.RECEIVED, placed_at=timezone.now())
    JetOrderLine.objects.create(order=order, order_item_id="1", merchant_sku=sku, quantity=quantity,
                                product_id=product_id)
    return order


def buffer_and_open_order(store, *, buffer: int, units: int) -> int:
    """Sets the inventory buffer and opens an accepted Jet order of `units` HTC units not yet in OpenCart; returns
    the HTC units on hand."""
    config = JetConfiguration.load()
    config.inventory_buffer = buffer
    config.save()
    on_hand = on_hand_of(store, HTC)
    open_jet_order("OC28", HTC, units)
    return on_hand


def test_the_quantity_sent_is_what_can_be_shipped_and_explains_itself(listed, admin_client, capsys):
    from jetcart.site.commands.capture import explain_command

    store, client = listed
    on_hand = buffer_and_open_order(store, buffer=2, units=3)

    stock_capture.capture_once()  # the new Jet order moved the SKU's sellable quantity
    assert jet_inventory(client, "OC28") == on_hand - 3 - 2
    row = PushedQuantity.objects.get(merchant_sku="OC28")
    assert (row.quantity, row.on_hand, row.jet_open, row.store_held, row.buffer, row.source) == (
        on_hand - 5, on_hand, 3, 0, 2, "capture")
    expected = f"Jet shows {on_hand - 5} = {on_hand} on hand − 3 in open Jet orders − 2 buffer, sent "
    assert explain_command(Namespace(sku="OC28")) == 0
    assert expected in capsys.readouterr().out
    assert explain_command(Namespace(sku="NOPE")) == 1
    assert "no listing has that merchant SKU" in capsys.readouterr().err

    admin_client.get(reverse("admin:jet-products:index"))  # fills the catalog snapshot the page reads
    html = admin_client.get(reverse("admin:jet-products:edit", args=[HTC])).content.decode()
    assert 'id="quantity-explained"' in html and expected in html


def test_units_in_opencart_orders_that_have_not_taken_stock_are_held_back(listed):
    store, client = listed
    from sqlalchemy import text

    with store.engine.connect() as conn:  # the store takes stock only from Processing on (not at Pending)
        conn.execute(text("UPDATE oc_setting SET value = '[\"2\",\"3\",\"5\"]' WHERE `key` = 'config_processing_status'"
                          if conn.dialect.name == "mysql" else
                          "UPDATE oc_setting SET value = '[\"2\",\"3\",\"5\"]' WHERE key = 'config_processing_status'"))
        if conn.dialect.name == "sqlite":
            conn.commit()
    store.refresh()
    on_hand = store.get_products([PALM])[0].quantity
    storefront_sale(store, [SaleLine(PALM, 4)], status_id=1)  # Pending: no stock taken yet
    stock_capture.capture_once()
    assert store.get_products([PALM])[0].quantity == on_hand
    assert jet_inventory(client, "OC29") == on_hand - 4
    row = PushedQuantity.objects.get(merchant_sku="OC29")
    assert (row.on_hand, row.store_held, row.quantity) == (on_hand, 4, on_hand - 4)


def test_a_drift_on_jet_is_found_reported_and_healed(listed):
    store, client = listed
    right = jet_inventory(client, "OC28")
    node = JetConfiguration.load().fulfillment_node_id
    client.products.patch_inventory("OC28", {"fulfillment_nodes": [{"fulfillment_node_id": node, "quantity": 999}]})
    client.products.put_price("OC29", {"price": 1.23})

    summary = check_drift()
    check = summary.check
    assert check.complete and check.differences == 2 and check.healed == 2, summary.line()
    found = {(f.merchant_sku, f.field): f for f in DriftFinding.objects.filter(check_run=check)}
    assert found[("OC28", "inventory")].jet_value == "999" and found[("OC28", "inventory")].healed
    assert found[("OC29", "price")].jet_value == "1.23"
    assert jet_inventory(client, "OC28") == right
    assert client.products.get("OC29").price == JetListing.objects.get(merchant_sku="OC29").price_sent
    assert ActivityEvent.objects.filter(message__startswith="Drift on Jet: OC28 inventory is 999").exists()

    again = check_drift().check
    assert again.differences == 0


def test_an_incomplete_read_of_jet_zeroes_and_archives_nothing(listed, monkeypatch):
    store, client = listed
    from jetcart.jet.errors import JetError

    pages = iter([[PortalSku(merchant_sku="OC28", price=1, inventory=0)] * 1000])

    def portal(**kw):
        try:
            return next(pages)
        except StopIteration:
            raise JetError("the second page failed") from None

    monkeypatch.setattr(client.products, "portal_skus", portal)
    before = {sku: jet_inventory(client, sku) for sku in ("OC29", "OC36-20")}
    check = check_drift().check
    assert not check.complete
    assert {sku: jet_inventory(client, sku) for sku in before} == before
    assert not JetListing.objects.filter(is_archived=True).exists()


@pytest.mark.parametrize("how", ["copied store", "other store", "other secret key"])
def test_a_copied_or_repointed_installation_pauses_writes_until_confirmed(listed, request, tmp_path, how, settings,
                                                                          admin_client, django_user_model):
    store, client = listed
    assert Installation.objects.get().paused is False
    before = jet_inventory(client, "OC28")
    if how == "copied store":
        other = _copy_store(request, store, tmp_path)
    elif how == "other store":
        other = StoreGateway.connect(new_store(request, tmp_path, "other"), "oc_")
    else:
        other = store
        settings.SECRET_KEY = "another-machine's-key-" + "x" * 40
        admin_client.force_login(django_user_model.objects.get(username="admin"))  # sessions follow the key
    clone_guard.forget_verdict()
    with override_gateways(store=other):
        with other.engine.connect() as conn:
            from sqlalchemy import text

            conn.execute(text("UPDATE oc_product SET quantity = 3 WHERE product_id = 28"))
            if conn.dialect.name == "sqlite":
                conn.commit()
        run = execute_run(create_run(action=ProductAction.SYNC, product_ids=[HTC]).pk)
        assert run.state == RunState.FAILED and "writes to Jet are paused" in run.message
        assert "sig=" not in run.message  # the upload address's signature is no message's business
        assert jet_inventory(client, "OC28") == before  # nothing reached Jet
        assert Installation.objects.get().paused
        html = admin_client.get(reverse("admin:index")).content.decode()
        assert 'id="clone-paused"' in html

        response = admin_client.post(reverse("admin:jet-stock-watch:confirm"))
        assert response.status_code == 302
        assert not Installation.objects.get().paused
        run = execute_run(create_run(action=ProductAction.SYNC, product_ids=[HTC]).pk)
        assert run.state == RunState.DONE, run.message
        assert jet_inventory(client, "OC28") == 3
    if other is not store:
        other.close()


def _copy_store(request, store, tmp_path) -> StoreGateway:
    """A copy of the store database (a staging copy), jetcart's tables and all."""
    if store.engine.dialect.name == "sqlite":
        path = tmp_path / "copy.sqlite3"
        shutil.copyfile(store.engine.url.database, path)
        return StoreGateway.connect(f"sqlite:///{path}", "oc_")
    server = request.getfixturevalue("mariadb_server")
    name = server.create_database(f"copy{uuid.uuid4().hex[:8]}")
    source = store.engine.url.database
    with store.engine.connect() as conn:
        tables = [r[0] for r in conn.exec_driver_sql("SHOW TABLES")]
        for table in tables:
            conn.exec_driver_sql(f"CREATE TABLE `{name}`.`{table}` LIKE `{source}`.`{table}`")
            conn.exec_driver_sql(f"INSERT INTO `{name}`.`{table}` SELECT * FROM `{source}`.`{table}`")
    return StoreGateway.connect(server.url(name), "oc_")


def test_the_installation_command_shows_and_confirms(listed, capsys, settings):
    from jetcart.site.commands.capture import installation_command

    assert installation_command(Namespace(installation_action="status")) == 0
    assert "writes to Jet: allowed" in capsys.readouterr().out
    settings.SECRET_KEY = "a-copy-elsewhere-" + "y" * 40
    clone_guard.forget_verdict()
    assert installation_command(Namespace(installation_action="status")) == 1
    assert "PAUSED" in capsys.readouterr().out
    assert installation_command(Namespace(installation_action="confirm")) == 0
    assert installation_command(Namespace(installation_action="status")) == 0


def test_a_paused_installation_keeps_captured_changes_until_confirmed(listed, settings):
    store, client = listed
    before = jet_inventory(client, "OC28")
    settings.SECRET_KEY = "a-copy-elsewhere-" + "z" * 40
    clone_guard.forget_verdict()
    storefront_sale(store, [SaleLine(HTC, 2)], status_id=2)
    result = stock_capture.capture_once()
    assert result.run is None and store.capture.status().pending > 0
    assert "writes to Jet are paused" in stock_capture.CaptureState.load().last_error
    assert jet_inventory(client, "OC28") == before
    clone_guard.confirm(by="test")
    stock_capture.capture_once()
    assert jet_inventory(client, "OC28") == before - 2 and store.capture.status().pending == 0


def test_an_upload_sends_the_sellable_quantity_and_records_how_it_was_made(listed, capsys):
    """A listed product uploaded again (new attributes, say) while a Jet order for it is not yet in OpenCart: the
    upload's Inventory file must not offer those units again, and its quantity explains itself like a sync's."""
    from jetcart.site.commands.capture import explain_command

    store, client = listed
    on_hand = buffer_and_open_order(store, buffer=1, units=3)
    nano_value = next(v for o in store.get_products([IPOD_NANO])[0].options for v in o.values
                      if v.product_option_value_id == 20)
    open_jet_order("OC36-20", IPOD_NANO, 2).lines.update(option_value_ids=[20])

    done = execute_run(create_run(action=ProductAction.UPLOAD, product_ids=[HTC, IPOD_NANO]).pk)
    assert done.succeeded == 2, done.message
    assert jet_inventory(client, "OC28") == on_hand - 3 - 1
    assert jet_inventory(client, "OC36-20") == min(nano_value.quantity - 2, on_hand_of(store, IPOD_NANO) - 2) - 1
    row = PushedQuantity.objects.get(merchant_sku="OC28")
    assert (row.quantity, row.on_hand, row.jet_open, row.buffer, row.source) == (on_hand - 4, on_hand, 3, 1,
                                                                                  "upload")
    assert explain_command(Namespace(sku="OC28")) == 0
    assert f"Jet shows {on_hand - 4} = {on_hand} on hand − 3 in open Jet orders − 1 buffer, sent " in \
        capsys.readouterr().out
    assert PushedQuantity.objects.get(merchant_sku="OC36-20").jet_open == 2


def on_hand_of(store, product_id: int) -> int:
    return store.get_products([product_id])[0].quantity


def test_archived_then_unarchived_the_quantity_explains_itself(listed, admin_client, capsys):
    """Archived, Jet shows 0 whatever was pushed before, and the explanation says so; unarchiving sends the
    sellable quantity (less a Jet order accepted meanwhile) and records how it was made."""
    from jetcart.site.commands.capture import explain_command

    store, client = listed
    on_hand = on_hand_of(store, HTC)
    stock_capture.capture_once()
    open_jet_order("OC28", HTC, 1)
    stock_capture.capture_once()  # a quantity pushed by a sync: on hand − 1
    assert execute_run(create_run(action=ProductAction.ARCHIVE, product_ids=[HTC]).pk).succeeded == 1
    assert jet_inventory(client, "OC28") == 0
    assert explain_command(Namespace(sku="OC28")) == 0
    assert capsys.readouterr().out.startswith(
        f"OC28: Archived on Jet (inventory 0); the last quantity pushed before: {on_hand - 1} = ")
    admin_client.get(reverse("admin:jet-products:index"))
    html = admin_client.get(reverse("admin:jet-products:edit", args=[HTC])).content.decode()
    assert "Archived on Jet (inventory 0)" in html and f"Jet shows {on_hand - 1}" not in html
    open_jet_order("OC28", HTC, 3)  # accepted on Jet meanwhile, not yet written to OpenCart

    done = execute_run(create_run(action=ProductAction.UNARCHIVE, product_ids=[HTC]).pk)
    assert done.succeeded == 1, done.message
    assert jet_inventory(client, "OC28") == on_hand - 4
    row = PushedQuantity.objects.get(merchant_sku="OC28")
    assert (row.quantity, row.jet_open, row.source) == (on_hand - 4, 4, "unarchive")
    assert explain_command(Namespace(sku="OC28")) == 0
    assert capsys.readouterr().out.startswith(f"OC28: Jet shows {on_hand - 4} = {on_hand} on hand − 4 in open Jet")
