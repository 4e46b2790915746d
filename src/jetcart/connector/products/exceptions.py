"""The product edit page's Jet calls: shipping and return exceptions for every SKU of a product (sent, and
read back as Jet holds them), the merchant's return locations, and the product's data as Jet holds it now."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from jetcart.connector.jet_and_store import GatewayNotConfigured, jet_client
from jetcart.connector.models import JetConfiguration, JetListing, ListingStatus
from jetcart.jet.errors import JetAPIError, JetError, JetNotFound, JetValidationError
from jetcart.jet.models.products import ShippingExceptionInfo

# The exception fields a Jet problem may name (the last part of its path: `…shipping_exceptions[0].override_type`).
EXCEPTION_FIELDS = ("shipping_method", "service_level", "override_type", "shipping_charge_amount",
                    "shipping_exception_type", "return_location_ids", "time_to_return")
_FIELD_IN_PATH = re.compile(r"(?:^|[.\]])(" + "|".join(EXCEPTION_FIELDS) + r")(?:\[\d+\])?$")
_PATH_PREFIX = re.compile(r"^\s*([\w\[\].]+)\s*:\s*(.+)$", re.DOTALL)


@dataclass(frozen=True)
class SkuOutcome:
    merchant_sku: str
    ok: bool
    message: str
    problems: tuple[tuple[str, str], ...] = field(default=())  # (exception field or '', message) when refused


def field_of(path: str) -> str:
    """The exception field a Jet field path ends in ('' when it names none)."""
    found = _FIELD_IN_PATH.search(path.strip())
    return found.group(1) if found else ""


def refusal_by_field(exc: JetError) -> tuple[tuple[str, str], ...]:
    """Jet's refusal as (field, message) pairs, whether the client's rules or Jet's answer refused it."""
    if isinstance(exc, JetValidationError):
        return tuple((field_of(path), message) for path, message in exc.as_pairs())
    if isinstance(exc, JetAPIError) and exc.errors:
        pairs = []
        for error in exc.errors:
            match = _PATH_PREFIX.match(str(error))
            name = field_of(match.group(1)) if match else ""
            pairs.append((name, match.group(2) if name else str(error)))
        return tuple(pairs)
    return (("", str(exc)),)


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
        except JetError as exc:
            problems = refusal_by_field(exc)
            outcomes.append(SkuOutcome(sku, False, "; ".join(message for _, message in problems), problems))
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
class CurrentExceptions:
    """The exceptions Jet holds for the product (read from its first SKU on Jet; all its SKUs get the same)."""

    merchant_sku: str = ""
    shipping: list[ShippingExceptionInfo] = field(default_factory=list)  # at the configured fulfillment node
    time_to_return: int | None = None
    return_location_ids: list[str] = field(default_factory=list)
    error: str = ""


def current_exceptions(product_id: int, *, returns: bool = False) -> CurrentExceptions:
    """The product's shipping exceptions (or, with `returns`, its return exception) as Jet holds them now."""
    skus = _skus_on_jet(product_id)
    if not skus:
        return CurrentExceptions()
    sku = skus[0]
    try:
        client = jet_client()
        if returns:
            found = client.products.get_returns_exception(sku)
            return CurrentExceptions(sku, time_to_return=found.time_to_return,
                                     return_location_ids=list(found.return_location_ids))
        node = JetConfiguration.load().fulfillment_node_id
        entries = [entry
                   for found in client.products.get_shipping_exception(sku).fulfillment_nodes
                   if found.fulfillment_node_id == node for entry in found.shipping_exceptions]
        return CurrentExceptions(sku, shipping=entries)
    except JetNotFound:
        return CurrentExceptions(sku)
    except (JetError, GatewayNotConfigured) as exc:
        return CurrentExceptions(sku, error=str(exc))


@dataclass(frozen=True)
class ReturnLocation:
    location_id: str
    label: str


def return_locations() -> list[ReturnLocation]:
    """The merchant's return locations as Jet lists them (`GET /setup/returnsLocations`); JetError if unreadable."""
    locations = []
    for row in jet_client().merchant.setup_returns_locations():
        if not row.return_location_id:
            continue
        place = ", ".join(part for part in (row.name, row.address1, row.city, row.state) if part)
        location_id = row.return_location_id
        locations.append(ReturnLocation(location_id, f"{place} ({location_id})" if place else location_id))
    return locations


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
