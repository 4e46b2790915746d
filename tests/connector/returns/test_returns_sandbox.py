"""Returns on the real parts: the sandbox's return generator over HTTP, the Jet client, the demo store via the gateway."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jetcart.connector.jet_and_store import override_gateways
from jetcart.connector.models import JetConfiguration, JetReturn, OutboxMessage, OutboxState, ReturnState
from jetcart.connector.returns import complete as completing
from jetcart.connector.returns.complete import CompletionInput, CompletionInvalid, CompletionLineInput
from jetcart.connector.returns.fetch import fetch_returns
from tests.fixtures.live_world import build_live_world
from tests.fixtures.returns_world import calls, shipped_order

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def full_refund(ret: JetReturn, **overrides) -> CompletionInput:
    lines = [CompletionLineInput(line_id=line.pk, total_quantity_returned=line.return_quantity,
                                 order_return_refund_qty=line.return_quantity, principal=line.requested_principal,
                                 tax=line.requested_tax, shipping_cost=line.requested_shipping_cost,
                                 shipping_tax=line.requested_shipping_tax) for line in ret.lines.all()]
    return CompletionInput(**{"agree_to_return_charge": True, "lines": lines, **overrides})


def returned(live, order) -> JetReturn:
    return_id = live.client.returns.generate(order.merchant_order_id)
    summary = fetch_returns()
    assert summary.new == 1, summary.line()
    return JetReturn.objects.get(merchant_return_authorization_id=return_id)


def test_should_fetch_a_generated_return_into_jetcart_and_opencart_once(live):
    order = shipped_order(live, {"HTC-TOUCH": 2, "CANON-RED": 1})
    ret = returned(live, order)
    assert ret.state == ReturnState.CREATED and ret.jet_status == "created" and ret.order == order
    lines = {line.merchant_sku: line for line in ret.lines.all()}
    assert {s: ln.return_quantity for s, ln in lines.items()} == {"HTC-TOUCH": 2, "CANON-RED": 1}
    assert lines["HTC-TOUCH"].requested_principal == order.lines.get(merchant_sku="HTC-TOUCH").unit_price * 2
    rows = live.sql("SELECT return_id, order_id, product_id, quantity, return_status_id, model, comment "
                    "FROM oc_return ORDER BY product_id")
    assert [(r.order_id, r.product_id, r.quantity, r.return_status_id) for r in rows] == [
        (order.store_order_id, 28, 2, 2), (order.store_order_id, 30, 1, 2)]  # 2 = Awaiting Products
    assert lines["HTC-TOUCH"].store_return_id == rows[0].return_id and lines["HTC-TOUCH"].model == rows[0].model
    assert live.sql("SELECT count(*) FROM oc_return_history")[0][0] == 2
    again = fetch_returns()
    assert (again.new, again.in_store) == (0, 0), again.line()
    assert live.sql("SELECT count(*) FROM oc_return")[0][0] == 2


def test_should_refuse_a_completion_breaking_the_rules_with_each_message_by_its_field(live):
    order = shipped_order(live, {"HTC-TOUCH": 2})
    ret = returned(live, order)
    [line] = ret.lines.all()
    bad = CompletionInput(agree_to_return_charge=False, lines=[CompletionLineInput(
        line_id=line.pk, total_quantity_returned=3, order_return_refund_qty=4,
        principal=line.requested_principal + 100, tax=Decimal("-1"))])
    with pytest.raises(CompletionInvalid) as caught:
        completing.complete_return(ret=ret, data=bad)
    prefix = f"line-{line.pk}"
    assert caught.value.errors == {
        "return_charge_feedback": [completing.CHARGE_FEEDBACK_REQUIRED],
        f"{prefix}-tax": [completing.NEGATIVE],
        f"{prefix}-total_quantity_returned": [completing.RETURNED_TOO_MANY.format(maximum=2, requested=2, shipped=2)],
        f"{prefix}-order_return_refund_qty": [completing.REFUNDED_MORE_THAN_RETURNED.format(refunded=4, returned=3)],
        f"{prefix}-principal": [completing.AMOUNT_TOO_HIGH.format(maximum=f"{line.requested_principal:.2f}")],
    }
    partial = full_refund(ret)
    partial.lines[0].order_return_refund_qty = 1
    with pytest.raises(CompletionInvalid) as caught:
        completing.complete_return(ret=ret, data=partial)
    assert caught.value.errors == {f"{prefix}-return_refund_feedback": [completing.FEEDBACK_REQUIRED]}
    assert calls(live, "PUT", "/complete") == [] and not OutboxMessage.objects.filter(kind="return_complete")


@pytest.mark.parametrize("restock", [False, True])
def test_should_complete_a_return_on_jet_and_in_opencart_restocking_only_when_set(live, restock):
    config = JetConfiguration.load()
    config.restock_returns = restock
    config.save()
    order = shipped_order(live, {"HTC-TOUCH": 2, "CANON-RED": 1})
    stock_before = live.sql("SELECT quantity FROM oc_product WHERE product_id = 28")[0][0]
    option_before = live.sql("SELECT quantity FROM oc_product_option_value WHERE product_option_value_id = 15")[0][0]
    ret = returned(live, order)
    data = full_refund(ret)
    canon = next(i for i in data.lines if ret.lines.get(pk=i.line_id).merchant_sku == "CANON-RED")
    canon.order_return_refund_qty, canon.principal = 0, Decimal("0")
    canon.return_refund_feedback = "Item damaged"
    done = completing.complete_return(ret=ret, data=data)
    assert done.state == ReturnState.COMPLETED and done.store_completed
    jet = live.client.returns.get(ret.merchant_return_authorization_id)
    assert jet.is_completed and jet.agree_to_return_charge is True and jet.alt_order_id == str(order.store_order_id)
    assert calls(live, "PUT", "/complete") == [201]
    assert {r[0] for r in live.sql("SELECT return_status_id FROM oc_return")} == {3}  # Complete
    history = live.sql("SELECT comment FROM oc_return_history WHERE return_status_id = 3 ORDER BY return_id")
    assert len(history) == 2 and "Completed by merchant on Jet" in history[0][0]
    stock = live.sql("SELECT quantity FROM oc_product WHERE product_id = 28")[0][0]
    option = live.sql("SELECT quantity FROM oc_product_option_value WHERE product_option_value_id = 15")[0][0]
    assert (stock, option) == ((stock_before + 2, option_before + 1) if restock else (stock_before, option_before))
    fetch_returns()  # Jet moves it to "completed by merchant"; nothing changes twice in OpenCart
    ret.refresh_from_db()
    assert ret.jet_status == "completed by merchant"
    assert live.sql("SELECT count(*) FROM oc_return_history")[0][0] == 4
    assert live.sql("SELECT quantity FROM oc_product WHERE product_id = 28")[0][0] == stock


def test_should_send_a_completion_once_when_its_answer_is_lost_and_under_faults(live, sandbox_server):
    order = shipped_order(live, {"HTC-TOUCH": 1})
    ret = returned(live, order)
    live.wire.lose_answer[("PUT", "complete")] = 1
    sent = completing.complete_return(ret=ret, data=full_refund(ret))
    assert sent.state == ReturnState.COMPLETING
    assert OutboxMessage.objects.get(key=ret.outbox_key).state == OutboxState.SENT
    sandbox_server.set_controls(live.merchant, faults={"500": 0.3, "503": 0.2, "drop": 0.2}, fault_seed=3)
    for _ in range(3):
        completing.complete_return(ret=ret, data=full_refund(ret))  # double submits: Jet is read back first
        fetch_returns()
    sandbox_server.clear_controls(live.merchant)
    assert any(status >= 500 for *_, status in live.wire.calls)  # the faults did happen
    fetch_returns()
    ret.refresh_from_db()
    assert ret.state == ReturnState.COMPLETED and ret.store_completed
    assert calls(live, "PUT", "/complete") == [201]  # the one call; the sandbox's record shows it applied once
    assert live.client.returns.get(ret.merchant_return_authorization_id).is_completed
    assert {r[0] for r in live.sql("SELECT return_status_id FROM oc_return")} == {3}


def test_should_write_each_opencart_return_once_after_a_crash_between_the_write_and_the_binding(live, monkeypatch):
    order = shipped_order(live, {"HTC-TOUCH": 1, "CANON-RED": 1})
    return_id = live.client.returns.generate(order.merchant_order_id)
    real_create = live.gateway.create_return
    crashed: list[int] = []

    def create_then_die_once(new):
        created = real_create(new)
        if not crashed:
            crashed.append(created)
            raise SystemExit("worker killed between the OpenCart write and the binding")
        return created

    monkeypatch.setattr(live.gateway, "create_return", create_then_die_once)
    with pytest.raises(SystemExit):
        fetch_returns()
    monkeypatch.setattr(live.gateway, "create_return", real_create)
    summary = fetch_returns()
    assert summary.in_store == 2 and not summary.problems, summary.line()
    ret = JetReturn.objects.get(merchant_return_authorization_id=return_id)
    assert sorted(ret.lines.values_list("store_return_id", flat=True)) == sorted(
        r[0] for r in live.sql("SELECT return_id FROM oc_return"))
    assert crashed[0] in ret.lines.values_list("store_return_id", flat=True)
    assert live.sql("SELECT count(*) FROM oc_return")[0][0] == 2


@pytest.mark.mariadb
def test_should_fetch_and_complete_with_restock_on_mariadb_myisam(sandbox_server, jet_merchant,
                                                                  empty_mariadb_store_url):
    world = build_live_world(sandbox_server, jet_merchant, store_url=empty_mariadb_store_url)
    try:
        with override_gateways(jet=world.client, store=world.gateway):
            config = JetConfiguration.load()
            config.restock_returns = True
            config.save()
            order = shipped_order(world, {"CANON-RED": 1})
            before = world.sql("SELECT quantity FROM oc_product_option_value WHERE product_option_value_id = 15")
            ret = returned(world, order)
            done = completing.complete_return(ret=ret, data=full_refund(ret))
            assert done.state == ReturnState.COMPLETED and done.store_completed
            fetch_returns()
            assert world.sql("SELECT return_status_id FROM oc_return") == [(3,)]
            after = world.sql("SELECT quantity FROM oc_product_option_value WHERE product_option_value_id = 15")
            assert after[0][0] == before[0][0] + 1
            assert calls(world, "PUT", "/complete") == [201]
    finally:
        world.close()
