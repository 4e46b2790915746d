"""Return documents missing a line's id, quantity or requested amounts: reported, nothing of that return saved, the
other returns fetched as usual (the sandbox over HTTP, the demo store)."""

from __future__ import annotations

import pytest

from jetcart.connector.models import ActivityEvent, JetReturn, JetReturnLine
from jetcart.connector.returns.fetch import fetch_returns
from jetcart.jet.models.returns import Return
from tests.fixtures.returns_world import shipped_order

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


class DamagedReturns:
    """Jet's return endpoints, except that one return's document reads with a field of its second line removed (and is
    then read by the client's model, as an answer over HTTP is)."""

    def __init__(self, returns, return_id: str, damage):
        self._returns, self._return_id, self._damage = returns, return_id, damage

    def __getattr__(self, name):
        return getattr(self._returns, name)

    def get(self, return_id):
        answer = self._returns.get(return_id)
        if return_id != self._return_id:
            return answer
        document = answer.model_dump(mode="json", by_alias=True, exclude_none=True)
        self._damage(document["return_merchant_SKUs"][1])
        return Return.model_validate(document)


class DamagedClient:
    def __init__(self, client, return_id: str, damage):
        self._client = client
        self.returns = DamagedReturns(client.returns, return_id, damage)

    def __getattr__(self, name):
        return getattr(self._client, name)


DAMAGES = {
    "order_item_id": lambda line: line.pop("order_item_id"),
    "return_quantity": lambda line: line.pop("return_quantity"),
    "requested_refund_amount.principal": lambda line: line["requested_refund_amount"].pop("principal"),
    "requested_refund_amount": lambda line: line.pop("requested_refund_amount"),
}


@pytest.mark.parametrize("field", list(DAMAGES))
def test_should_report_a_return_line_missing_a_required_field_and_save_nothing_of_that_return(live, field):
    damaged_order = shipped_order(live, {"HTC-TOUCH": 1, "CANON-RED": 1})
    good_order = shipped_order(live, {"HTC-TOUCH": 1})
    damaged_id = live.client.returns.generate(damaged_order.merchant_order_id)
    good_id = live.client.returns.generate(good_order.merchant_order_id)
    summary = fetch_returns(client=DamagedClient(live.client, damaged_id, DAMAGES[field]))
    assert summary.new == 1 and len(summary.problems) == 1, summary.line()
    said = "0 is not a number of units (1 or more)" if field == "return_quantity" else "missing"  # the client reads an absent quantity as 0
    assert damaged_id in summary.problems[0] and f"return_merchant_SKUs[1].{field}: {said}" in summary.problems[0]
    assert not JetReturn.objects.filter(merchant_return_authorization_id=damaged_id).exists()
    assert [r.merchant_return_authorization_id for r in JetReturn.objects.all()] == [good_id]
    assert JetReturnLine.objects.count() == 1
    assert live.sql("SELECT count(*) FROM oc_return")[0][0] == 1  # only the good return reached OpenCart
    assert ActivityEvent.objects.filter(kind="return", level=40, message__contains=field).count() == 1
    again = fetch_returns()  # the document reads whole again: the return is saved then
    assert again.new == 1 and not again.problems, again.line()
    assert JetReturn.objects.get(merchant_return_authorization_id=damaged_id).lines.count() == 2
