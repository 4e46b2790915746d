"""The product edit page's Jet calls: shipping and return exceptions for every SKU of a product, and the
product's data as Jet holds it now."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from jetcart.connector.gateways import jet_client
from jetcart.connector.models import JetConfiguration, JetListing, ListingStatus
from jetcart.jet.errors import JetError, JetNotFound, JetValidationError


@dataclass(frozen=True)
class SkuOutcome:
    merchant_sku: str
    ok: bool
    message: str


def _skus_on_jet(product_id: int) -> list[str]:
    return list(JetListing.objects.filter(product_id=product_id).exclude(
        jet_status=ListingStatus.NOT_UPLOADED, uploaded_at__isnull=True).values_list("merchant_sku", flat=True))


def _send_each(product_id: int, call) -> list[SkuOutcome]:
    skus = _skus_on_jet(product_id)
    if not skus:
        return [SkuOutcome("", False, "the product is not on Jet yet: upload it first")]
    outcomes = []
    for sku in skus:
        try:
            call(sku)
        except JetValidationError as exc:
            outcomes.append(SkuOutcome(sku, False, "; ".join(str(p) for p in exc.problems)))
        except JetError as exc:
            outcomes.append(SkuOutcome(sku, False, str(exc)))
        else:
            outcomes.append(SkuOutcome(sku, True, "saved on Jet"))
    return outcomes


def send_shipping_exception(*, product_id: int, shipping_method: str = "", service_level: str = "",
                            exception_type: str, override_type: str = "",
                            charge: Decimal | None = None) -> list[SkuOutcome]:
    """Sets one shipping exception on every SKU of the product at the configured fulfillment node."""
    entry: dict[str, Any] = {"shipping_exception_type": exception_type}
    if shipping_method:
        entry["shipping_method"] = shipping_method
    if service_level:
        entry["service_level"] = service_level
    if override_type:
        entry["override_type"] = override_type
    if charge is not None:
        entry["shipping_charge_amount"] = charge
    node = JetConfiguration.load().fulfillment_node_id
    body = {"fulfillment_nodes": [{"fulfillment_node_id": node, "shipping_exceptions": [entry]}]}
    client = jet_client()
    return _send_each(product_id, lambda sku: client.products.put_shipping_exception(sku, body))


def send_returns_exception(*, product_id: int, return_location_ids: list[str],
                           time_to_return: int | None = None) -> list[SkuOutcome]:
    """Sets where (and how long) returns of every SKU of the product go."""
    body: dict[str, Any] = {"return_location_ids": return_location_ids}
    if time_to_return:
        body["time_to_return"] = time_to_return
    client = jet_client()
    return _send_each(product_id, lambda sku: client.products.put_returns_exception(sku, body))


@dataclass(frozen=True)
class SkuOnJet:
    merchant_sku: str
    data: dict[str, Any] | None
    error: str = ""


def product_data_on_jet(product_id: int) -> list[SkuOnJet]:
    """Every SKU of the product as Jet returns it now (`GET /merchant-skus/{sku}`)."""
    client = jet_client()
    found = []
    for sku in JetListing.objects.filter(product_id=product_id).values_list("merchant_sku", flat=True):
        try:
            detail = client.products.get(sku)
        except JetNotFound:
            found.append(SkuOnJet(sku, None, "not on Jet"))
        except JetError as exc:
            found.append(SkuOnJet(sku, None, str(exc)))
        else:
            found.append(SkuOnJet(sku, detail.model_dump(mode="json", exclude_none=True)))
    return found
