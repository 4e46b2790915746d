"""One unreadable Jet document never stops a run: an order or return with an absurd amount, an order answered as
an HTML page, a list answered as HTML or as `{"order_urls": "notalist"}`. Over real HTTP: the sandbox behind a
proxy (tests/fixtures/jet_proxy.py) that rewrites those answers, since the sandbox itself never sends them."""

from __future__ import annotations

import json

import pytest

from jetcart.connector.jet_and_store import override_gateways
from jetcart.connector.models import (
    AckState,
    ActivityEvent,
    ActivityLevel,
    JetConfiguration,
    JetOrder,
    JetReturn,
)
from jetcart.connector.orders.fetch import fetch_orders
from jetcart.connector.returns.fetch import fetch_returns
from jetcart.jet.client import JetClient
from tests.fixtures.jet_proxy import JetProxy
from tests.fixtures.live_world import build_live_world
from tests.fixtures.returns_world import shipped_order

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]
HTML = b"<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"


class Tampering:
    """What the proxy changes: answers of paths ending in a key, replaced by (status, body, content type)."""

    def __init__(self):
        self.answers: dict[str, tuple[int, bytes, str]] = {}
        self.json_edits: dict[str, callable] = {}

    def __call__(self, method, path, status, body):
        key = path.split("?", 1)[0]
        for suffix, answer in self.answers.items():
            if key.endswith(suffix):
                return answer
        for suffix, edit in self.json_edits.items():
            if key.endswith(suffix) and status == 200:
                document = json.loads(body)
                edit(document)
                return status, json.dumps(document).encode(), "application/json"
        return None


@pytest.fixture
def tampered(sandbox_server, jet_merchant, tmp_path):
    world = build_live_world(sandbox_server, jet_merchant, tmp_path / "store.sqlite3")
    config = JetConfiguration.load()
    config.auto_acknowledge = True
    config.save()
    tampering = Tampering()
    proxy = JetProxy(sandbox_server.base_url, rewrite=tampering)
    client = JetClient(proxy.base_url, jet_merchant.user, jet_merchant.secret, max_retries=0)
    with override_gateways(jet=client, store=world.gateway):
        yield world, proxy, tampering
    client.close()
    proxy.close()
    world.close()


def huge_amount(document: dict) -> None:
    document["order_items"][0]["item_price"]["base_price"] = 1e26


def errors_about(text: str) -> list[str]:
    return [e.message for e in ActivityEvent.objects.filter(level=ActivityLevel.ERROR) if text in e.message]


def test_should_skip_an_unreadable_order_and_create_and_acknowledge_the_others(tampered):
    live, proxy, tampering = tampered
    good, huge, html = live.generate({"HTC-TOUCH": 1}, count=3)
    tampering.json_edits[f"/withoutShipmentDetail/{huge}"] = huge_amount
    tampering.answers[f"/withoutShipmentDetail/{html}"] = (200, HTML, "text/html")
    tampering.answers["/orders/created"] = (200, HTML, "text/html")

    summary = fetch_orders()

    assert (summary.created, summary.acknowledged, summary.failed) == (1, 1, 2), summary.line()
    assert JetOrder.objects.get(merchant_order_id=good).ack_state == AckState.DONE
    assert not JetOrder.objects.filter(merchant_order_id__in=[huge, html]).exists()  # nothing of them saved
    assert proxy.statuses("PUT", "/acknowledge") == [201]
    problems = "\n".join(summary.problems)
    assert f"order {huge}: order_items[0].item_price.base_price: 100000000000000000000000000 is too large an amount" in problems
    assert f"order {html}: " in problems and "unexpected answer for Order" in problems
    assert "listing created orders: GET /orders/created: unexpected list answer" in problems
    assert len(errors_about(f"Jet order {huge} could not be read and was skipped")) == 1
    assert len(errors_about(f"Jet order {html} could not be read and was skipped")) == 1

    tampering.json_edits.clear()
    tampering.answers.clear()  # Jet answers properly again: the skipped orders are read on the next run
    again = fetch_orders()
    assert (again.created, again.acknowledged, again.failed) == (2, 2, 0), again.line()


@pytest.mark.parametrize("body", [b'{"order_urls": "notalist"}', HTML], ids=["string-not-list", "html"])
def test_should_refuse_a_malformed_list_answer_without_iterating_it(tampered, body):
    live, proxy, tampering = tampered
    live.generate({"HTC-TOUCH": 1})
    tampering.answers["/orders/ready"] = (200, body, "application/json" if body.startswith(b"{") else "text/html")

    summary = fetch_orders()

    assert not summary.ok and summary.fetched == 0
    assert any(p.startswith("listing ready orders: GET /orders/ready: unexpected list answer") for p in summary.problems)
    assert proxy.statuses("GET", "/withoutShipmentDetail/") == []  # never read order "n", "o", "t"…


def test_should_skip_an_unreadable_return_and_save_the_others(tampered):
    live, proxy, tampering = tampered
    first, second = shipped_order(live, {"HTC-TOUCH": 1}), shipped_order(live, {"HTC-TOUCH": 1})
    good = live.client.returns.generate(first.merchant_order_id)
    bad = live.client.returns.generate(second.merchant_order_id)
    tampering.json_edits[f"/returns/state/{bad}"] = lambda document: document.update(merchant_return_charge=1e26)

    summary = fetch_returns()

    assert (summary.new, summary.failed) == (1, 1), summary.line()
    assert JetReturn.objects.filter(merchant_return_authorization_id=good).exists()
    assert not JetReturn.objects.filter(merchant_return_authorization_id=bad).exists()
    assert any(f"return {bad}: merchant_return_charge: 100000000000000000000000000 is too large" in p for p in summary.problems)
    assert len(errors_about(f"Jet return {bad} could not be read and was skipped")) == 1


def test_should_skip_an_unreadable_refund_answer_and_follow_the_others(tampered):
    from jetcart.connector.models import JetRefund, RefundState
    from jetcart.connector.refunds import create as refunding
    from jetcart.connector.refunds.follow import follow_refunds
    from tests.connector.refunds.test_refunds_sandbox import one_unit

    live, proxy, tampering = tampered
    first, second = shipped_order(live, {"HTC-TOUCH": 1}), shipped_order(live, {"HTC-TOUCH": 1})
    refunding.create_refund(order=first, data=one_unit(first), alt_refund_id="R-GOOD")
    bad = refunding.create_refund(order=second, data=one_unit(second), alt_refund_id="R-BAD")
    tampering.answers[f"/refunds/state/{bad.refund_authorization_id}"] = (200, HTML, "text/html")

    summary = follow_refunds()

    assert (summary.checked, summary.accepted) == (2, 1), summary.line()
    assert JetRefund.objects.get(alt_refund_id="R-GOOD").state == RefundState.ACCEPTED
    assert JetRefund.objects.get(alt_refund_id="R-BAD").state == RefundState.CREATED  # kept; read again next run
    assert len(summary.problems) == 1 and "unexpected answer for Refund" in summary.problems[0], summary.problems
    tampering.answers.clear()
    tampering.json_edits.clear()
    assert follow_refunds().accepted == 1
