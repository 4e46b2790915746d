"""`jetcart orders fetch|acknowledge` print one summary line (in process, on in-memory Jet and store)."""

from __future__ import annotations

import argparse

import pytest

from jetcart.connector.jet_and_store import override_gateways
from jetcart.connector.models import JetListing
from jetcart.site.commands.orders import acknowledge_command, fetch_command
from tests.fakes.orders import FakeJet, FakeJetClient, jet_order, product
from tests.fakes.store import FakeStore

pytestmark = pytest.mark.django_db


def test_should_fetch_then_acknowledge_by_reference_with_a_summary_line(capsys):
    jet, store = FakeJet(), FakeStore()
    store.products = {1: product(1)}
    JetListing.objects.create(merchant_sku="A", product_id=1)
    document = jet_order(items=[("A", 1, 10.0)])
    jet.add(document)
    with override_gateways(jet=FakeJetClient(jet), store=store):
        assert fetch_command(argparse.Namespace()) == 0
        assert capsys.readouterr().out.strip() == (
            "fetched 1 Jet order(s) (1 new): 1 created in OpenCart, 0 acknowledged, 0 rejected, 0 cancelled, 0 failed")
        assert acknowledge_command(argparse.Namespace(ids=[document["reference_order_id"], "nope"])) == 1
        captured = capsys.readouterr()
        assert captured.out.strip() == "1 acknowledged, 0 rejected, 0 awaiting Jet, 1 refused"
        assert "nope: no such Jet order" in captured.err
    assert jet.orders[document["merchant_order_id"]]["status"] == "acknowledged"


def test_should_run_the_order_tasks_on_huey():
    from jetcart.connector.orders.tasks import acknowledge_orders_task, deliver_outbox_task, fetch_orders_task

    jet, store = FakeJet(), FakeStore()
    store.products = {1: product(1)}
    JetListing.objects.create(merchant_sku="A", product_id=1)
    document = jet_order(items=[("A", 1, 10.0)])
    jet.add(document)
    with override_gateways(jet=FakeJetClient(jet), store=store):
        assert fetch_orders_task().get(blocking=True).endswith("1 created in OpenCart, 0 acknowledged, 0 rejected, "
                                                                "0 cancelled, 0 failed")
        assert acknowledge_orders_task([document["merchant_order_id"]]).get(blocking=True).startswith(
            "1 acknowledged")
        assert deliver_outbox_task().get(blocking=True) == "nothing to deliver"


def test_should_acknowledge_by_opencart_order_id_never_by_jetcart_row_id_and_refuse_ambiguous_ids():
    from jetcart.connector.models import Decision, JetOrder
    from jetcart.connector.orders.acknowledge import acknowledge_by_ids

    jet, store = FakeJet(), FakeStore()
    store.products = {1: product(1)}
    JetListing.objects.create(merchant_sku="A", product_id=1)
    client = FakeJetClient(jet)
    ready = jet.add(jet_order(items=[("A", 1, 10.0)]))
    with override_gateways(jet=client, store=store):
        assert fetch_command(argparse.Namespace()) == 0
        waiting = jet.add(jet_order(items=[("A", 1, 10.0)], status="created"))
        assert fetch_command(argparse.Namespace()) == 0
    older, newer = JetOrder.objects.order_by("id")
    assert (older.merchant_order_id, newer.merchant_order_id) == (ready, waiting)
    # the OpenCart order id of the ready order is the jetcart row id of the waiting one
    JetOrder.objects.filter(pk=older.pk).update(store_order_id=newer.pk)
    store_id = str(newer.pk)

    result = acknowledge_by_ids([store_id], client=client)
    assert (result.acknowledged, result.refused) == ([str(older)], [])
    assert jet.orders[ready]["status"] == "acknowledged" and jet.orders[waiting]["status"] == "created"

    JetOrder.objects.filter(pk=newer.pk).update(reference_order_id=store_id, decision=Decision.ACCEPT)
    result = acknowledge_by_ids([store_id], client=client)
    assert result.acknowledged == [] and len(result.refused) == 1
    assert result.refused[0].startswith(f"{store_id}: ambiguous") and waiting in result.refused[0]
    assert "merchant_order_id" in result.refused[0]
