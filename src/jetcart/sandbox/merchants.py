"""Creates emulated Jet merchants (credentials, node, return location) and finds them by API user."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from jetcart.sandbox import ids
from jetcart.sandbox.models import FulfillmentNode, Merchant, ReturnLocation

DEMO_NODE_ADDRESS = {"name": "Demo warehouse", "address1": "100 Demo Street", "city": "Hoboken",
                     "state": "NJ", "zip_code": "07030"}
DEMO_RETURN_ADDRESS = {"name": "Demo returns desk", "address1": "100 Demo Street", "address2": "Dock 2",
                       "city": "Hoboken", "state": "NJ", "zip_code": "07030"}


@dataclass(frozen=True)
class MerchantCredentials:
    """What Jet's partner portal showed a merchant: API keys, merchant id, fulfillment node id."""

    user: str
    secret: str
    merchant_id: str
    fulfillment_node_id: str
    live_user: str
    live_secret: str
    return_location_id: str


def credentials_of(merchant: Merchant) -> MerchantCredentials:
    node = merchant.nodes.order_by("id").first()
    location = merchant.return_locations.order_by("id").first()
    return MerchantCredentials(
        user=merchant.test_user, secret=merchant.test_secret, merchant_id=merchant.merchant_id,
        fulfillment_node_id=node.node_id if node else "", live_user=merchant.live_user,
        live_secret=merchant.live_secret, return_location_id=location.location_id if location else "",
    )


@transaction.atomic(using="sandbox")
def create_merchant(*, name: str = "", user: str | None = None, secret: str | None = None,
                    fulfillment_node_id: str | None = None, is_demo: bool = False) -> MerchantCredentials:
    """A new merchant with generated (or given) test keys, live keys, one node and one return location."""
    merchant = Merchant.objects.create(
        merchant_id=ids.jet_id(), name=name or "Sandbox merchant",
        test_user=user or ids.api_user(), test_secret=secret or ids.api_secret(),
        live_user=ids.api_user(), live_secret=ids.api_secret(), is_demo=is_demo,
    )
    FulfillmentNode.objects.create(merchant=merchant, node_id=fulfillment_node_id or ids.jet_id(), **DEMO_NODE_ADDRESS)
    ReturnLocation.objects.create(merchant=merchant, location_id=ids.jet_id(), **DEMO_RETURN_ADDRESS)
    return credentials_of(merchant)


@transaction.atomic(using="sandbox")
def ensure_test_merchant(user: str | None = None, secret: str | None = None,
                         fulfillment_node_id: str | None = None) -> MerchantCredentials:
    """The demo's test merchant, created on first use; given values replace the stored ones (scripted runs)."""
    merchant = Merchant.objects.select_for_update().filter(is_demo=True).order_by("id").first()
    if merchant is None:
        return create_merchant(name="Demo merchant", user=user, secret=secret,
                               fulfillment_node_id=fulfillment_node_id, is_demo=True)
    changed = []
    if user and merchant.test_user != user:
        merchant.test_user = user
        changed.append("test_user")
    if secret and merchant.test_secret != secret:
        merchant.test_secret = secret
        changed.append("test_secret")
    if changed:
        merchant.save(update_fields=changed)
    if fulfillment_node_id and not merchant.nodes.filter(node_id=fulfillment_node_id).exists():
        first = merchant.nodes.order_by("id").first()
        if first is not None:
            first.node_id = fulfillment_node_id
            first.save(update_fields=["node_id"])
        else:
            FulfillmentNode.objects.create(merchant=merchant, node_id=fulfillment_node_id, **DEMO_NODE_ADDRESS)
    return credentials_of(merchant)


def find_by_user(user: str) -> tuple[Merchant, bool] | None:
    """(merchant, is_live) for an API user name, or None."""
    merchant = Merchant.objects.filter(test_user=user).first()
    if merchant is not None:
        return merchant, False
    merchant = Merchant.objects.filter(live_user=user).first()
    if merchant is not None:
        return merchant, True
    return None
