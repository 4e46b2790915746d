"""API activation (the manual's "Activate API"): the test calls Jet requires before it issues live keys.

Three groups, as in the manual and jet-api.md §9.2, each step sent on its own and its result kept:
product API (send the test SKU, its price, its inventory), order API (generate an order, acknowledge it,
ship it; generate an order with a cancel quantity, cancel it), return API (generate a return for the shipped
order, complete it). Steps read Jet's state first, so sending one again after it worked changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from jetcart.connector import activity
from jetcart.connector.jet_and_store import GatewayNotConfigured, jet_client
from jetcart.connector.models.api_checks import ApiCheck
from jetcart.connector.models.configuration import JetConfiguration
from jetcart.connector.operations.jet_problems import describe_jet_error
from jetcart.jet.errors import JetError, JetNotFound

if TYPE_CHECKING:
    from jetcart.jet.client import JetClient

TEST_SKU = "test_product"
TEST_BROWSE_NODE = 4000188
TEST_PRICE = Decimal("38.00")
TEST_QUANTITY = 20
TEST_UPC = "036000291452"
TEST_IMAGE = "https://jetcart.invalid/images/test_product.jpg"
DAYS_TO_RETURN = 30
DEFAULT_SHIP_FROM_ZIP = "10001"


class StepBlocked(Exception):
    """A step cannot be sent yet; the message says which step or setting comes first."""


@dataclass(frozen=True)
class StepOutcome:
    message: str
    data: dict[str, Any]


@dataclass(frozen=True)
class Step:
    key: str
    group: str
    title: str
    send: Callable[[Any, JetConfiguration], StepOutcome]


@dataclass(frozen=True)
class StepResult:
    step: Step
    ok: bool | None  # None: never sent
    message: str
    checked_at: Any


def _node(config: JetConfiguration) -> str:
    if not config.fulfillment_node_id:
        raise StepBlocked("Fill in the fulfillment node ID on the configuration page first.")
    return config.fulfillment_node_id


def _data_of(key: str, needed: str, title: str) -> str:
    row = ApiCheck.objects.filter(key=key, ok=True).first()
    if not row or not row.data.get(needed):
        raise StepBlocked(f"Send “{title}” first.")
    return row.data[needed]


# --- product API -------------------------------------------------------------------------------------


def send_test_sku(client: JetClient, config: JetConfiguration) -> StepOutcome:
    client.products.put(TEST_SKU, {
        "product_title": "jetcart API activation test product",
        "jet_browse_node_id": TEST_BROWSE_NODE,
        "brand": "jetcart",
        "standard_product_codes": [{"standard_product_code": TEST_UPC, "standard_product_code_type": "UPC"}],
        "multipack_quantity": 1,
        "product_description": "A product sent only to activate the Jet API in test mode.",
        "main_image_url": TEST_IMAGE,
    })
    detail = client.products.get(TEST_SKU)
    status = getattr(detail, "status", None) or "saved"
    return StepOutcome(f"Merchant SKU {TEST_SKU} sent; Jet shows it ({status}).", {"sku": TEST_SKU})


def send_test_price(client: JetClient, config: JetConfiguration) -> StepOutcome:
    node = _node(config)
    _data_of("sku", "sku", "Send Merchant SKU")
    client.products.put_price(TEST_SKU, {
        "price": TEST_PRICE,
        "fulfillment_nodes": [{"fulfillment_node_id": node, "fulfillment_node_price": TEST_PRICE}],
    })
    return StepOutcome(f"Price {TEST_PRICE} sent for {TEST_SKU} at node {node}.", {"price": str(TEST_PRICE)})


def send_test_inventory(client: JetClient, config: JetConfiguration) -> StepOutcome:
    node = _node(config)
    _data_of("sku", "sku", "Send Merchant SKU")
    client.products.patch_inventory(TEST_SKU, {
        "fulfillment_nodes": [{"fulfillment_node_id": node, "quantity": TEST_QUANTITY}],
    })
    return StepOutcome(f"Inventory {TEST_QUANTITY} sent for {TEST_SKU} at node {node}.", {"quantity": TEST_QUANTITY})


# --- order API ---------------------------------------------------------------------------------------


def _generate(client: JetClient, config: JetConfiguration, *, quantity: int, cancel: int) -> str:
    node = _node(config)
    _data_of("price", "price", "Send Price")
    _data_of("inventory", "quantity", "Send Inventory")
    ids = client.orders.generate(1, {
        "fulfillment_node": node,
        "items": [{"sku": TEST_SKU, "order_quantity": quantity, "order_cancel_quantity": cancel}],
    })
    if not ids:
        raise StepBlocked("Jet's order generator answered without an order.")
    return ids[0]


def generate_test_order(client: JetClient, config: JetConfiguration) -> StepOutcome:
    order_id = _generate(client, config, quantity=1, cancel=0)
    return StepOutcome(f"Order {order_id} generated.", {"merchant_order_id": order_id})


def acknowledge_test_order(client: JetClient, config: JetConfiguration) -> StepOutcome:
    order_id = _data_of("generate-order", "merchant_order_id", "Order generator")
    order = client.orders.get(order_id)
    if order.status == "ready":
        client.orders.acknowledge(order_id, {
            "acknowledgement_status": "accepted",
            "order_items": [{"order_item_id": item.order_item_id,
                             "order_item_acknowledgement_status": "fulfillable"} for item in order.order_items],
        })
        return StepOutcome(f"Order {order_id} acknowledged.", {"merchant_order_id": order_id})
    if order.acknowledgement_status == "accepted":
        return StepOutcome(f"Order {order_id} was already acknowledged ({order.status}).",
                           {"merchant_order_id": order_id})
    raise StepBlocked(f"Order {order_id} is {order.status}; generate a new order and acknowledge it.")


def _return_location(config: JetConfiguration) -> dict[str, str] | None:
    if not (config.return_address1 and config.return_city and config.return_state and config.return_postcode):
        return None
    place = {"address1": config.return_address1, "city": config.return_city, "state": config.return_state,
             "zip_code": config.return_postcode}
    if config.return_address2:
        place["address2"] = config.return_address2
    return place


def _shipment(order, config: JetConfiguration, *, ship: bool, alt_id: str) -> dict[str, Any]:
    now = timezone.now().replace(microsecond=0)
    items = []
    for line in order.order_items:
        item: dict[str, Any] = {
            "merchant_sku": line.merchant_sku,
            "response_shipment_sku_quantity": line.request_order_quantity if ship else 0,
            "response_shipment_cancel_qty": 0 if ship else line.request_order_cancel_qty,
            "RMA_number": f"RMA-{order.merchant_order_id[:20]}",
            "days_to_return": DAYS_TO_RETURN,
        }
        location = _return_location(config)
        if location:
            item["return_location"] = location
        items.append(item)
    shipment: dict[str, Any] = {"alt_shipment_id": alt_id, "shipment_items": items}
    if ship:
        detail = order.order_detail
        shipment.update({
            "shipment_tracking_number": f"1Z{order.merchant_order_id[:16].upper()}",
            "response_shipment_date": now,
            "expected_delivery_date": now + timedelta(days=3),
            "carrier_pick_up_date": now,
            "ship_from_zip_code": config.return_postcode or DEFAULT_SHIP_FROM_ZIP,
            "carrier": (detail.request_shipping_carrier if detail else None) or "UPS",
        })
        if detail and detail.request_shipping_method:
            shipment["response_shipment_method"] = detail.request_shipping_method
    return shipment


def ship_test_order(client: JetClient, config: JetConfiguration) -> StepOutcome:
    order_id = _data_of("acknowledge", "merchant_order_id", "Acknowledge order")
    order = client.orders.get(order_id)
    if order.status == "complete":
        return StepOutcome(f"Order {order_id} was already shipped.", {"merchant_order_id": order_id})
    client.orders.shipped(order_id, {"shipments": [_shipment(order, config, ship=True, alt_id=f"ship-{order_id}")]})
    return StepOutcome(f"Order {order_id} shipped.", {"merchant_order_id": order_id})


def generate_cancel_order(client: JetClient, config: JetConfiguration) -> StepOutcome:
    order_id = _generate(client, config, quantity=0, cancel=1)
    return StepOutcome(f"Order {order_id} generated with a cancel quantity of 1.", {"merchant_order_id": order_id})


def cancel_test_order(client: JetClient, config: JetConfiguration) -> StepOutcome:
    order_id = _data_of("generate-cancel-order", "merchant_order_id", "Order generator (with cancel quantity)")
    order = client.orders.get(order_id)
    if order.status == "complete":
        return StepOutcome(f"Order {order_id} was already cancelled.", {"merchant_order_id": order_id})
    client.orders.shipped(order_id, {"shipments": [_shipment(order, config, ship=False,
                                                              alt_id=f"cancel-{order_id}")]})
    return StepOutcome(f"Order {order_id} cancelled.", {"merchant_order_id": order_id})


# --- return API --------------------------------------------------------------------------------------


def generate_test_return(client: JetClient, config: JetConfiguration) -> StepOutcome:
    order_id = _data_of("ship", "merchant_order_id", "Ship order")
    return_id = client.returns.generate(order_id)
    if not return_id:
        raise StepBlocked("Jet's return generator answered without a return.")
    return StepOutcome(f"Return {return_id} generated for order {order_id}.",
                       {"return_id": return_id, "merchant_order_id": order_id})


def complete_test_return(client: JetClient, config: JetConfiguration) -> StepOutcome:
    return_id = _data_of("generate-return", "return_id", "Return generator")
    ret = client.returns.get(return_id)
    if ret.is_completed:
        return StepOutcome(f"Return {return_id} was already completed.", {"return_id": return_id})
    items = []
    for line in ret.return_merchant_skus:
        asked = line.requested_refund_amount
        amount = {key: (getattr(asked, key, None) or Decimal("0")) if asked else Decimal("0")
                  for key in ("principal", "tax", "shipping_cost", "shipping_tax")}
        items.append({
            "order_item_id": line.order_item_id,
            "total_quantity_returned": line.return_quantity,
            "order_return_refund_qty": line.return_quantity,
            "return_refund_feedback": "item damaged",
            "refund_amount": {key: Decimal(value).quantize(Decimal("0.01")) for key, value in amount.items()},
        })
    client.returns.complete(return_id, {
        "merchant_order_id": ret.merchant_order_id, "agree_to_return_charge": True, "items": items,
    })
    return StepOutcome(f"Return {return_id} completed.", {"return_id": return_id})


PRODUCT, ORDER, RETURN = "Enable Product API", "Enable Order API", "Enable Return API"
STEPS: list[Step] = [
    Step("sku", PRODUCT, "Send Merchant SKU", send_test_sku),
    Step("price", PRODUCT, "Send Price", send_test_price),
    Step("inventory", PRODUCT, "Send Inventory", send_test_inventory),
    Step("generate-order", ORDER, "Order generator", generate_test_order),
    Step("acknowledge", ORDER, "Acknowledge order", acknowledge_test_order),
    Step("ship", ORDER, "Ship order", ship_test_order),
    Step("generate-cancel-order", ORDER, "Order generator (with cancel quantity)", generate_cancel_order),
    Step("cancel", ORDER, "Cancel order", cancel_test_order),
    Step("generate-return", RETURN, "Return generator", generate_test_return),
    Step("complete-return", RETURN, "Complete return", complete_test_return),
]
STEPS_BY_KEY = {step.key: step for step in STEPS}


class UnknownStep(LookupError):
    pass


def send_activation_step(key: str) -> StepResult:
    """Sends one step to Jet with the saved keys; the result (success or why not) is saved and returned."""
    step = STEPS_BY_KEY.get(key)
    if step is None:
        raise UnknownStep(f"no activation step {key!r}; steps are: {', '.join(STEPS_BY_KEY)}")
    config = JetConfiguration.load()
    data: dict[str, Any] = {}
    try:
        outcome = step.send(jet_client(), config)
    except (StepBlocked, GatewayNotConfigured) as exc:
        ok, message = False, str(exc)
    except JetNotFound as exc:
        ok, message = False, describe_jet_error(exc) + " Generate it again."
    except JetError as exc:
        ok, message = False, describe_jet_error(exc)
    else:
        ok, message, data = True, outcome.message, outcome.data
    now = timezone.now()
    ApiCheck.objects.update_or_create(key=step.key, defaults={"ok": ok, "message": message, "data": data,
                                                             "checked_at": now})
    activity.record("activation", f"{step.title}: {message}", level="INFO" if ok else "ERROR", step=step.key)
    return StepResult(step, ok, message, now)


def activation_results() -> list[StepResult]:
    """Every step with its last result (ok None for steps never sent), in the manual's order."""
    rows = {row.key: row for row in ApiCheck.objects.filter(key__in=STEPS_BY_KEY)}
    return [
        StepResult(step, rows[step.key].ok, rows[step.key].message, rows[step.key].checked_at)
        if step.key in rows else StepResult(step, None, "", None)
        for step in STEPS
    ]
