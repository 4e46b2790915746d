"""Sellable quantity: what the merchant can really ship, and how each pushed quantity was made.

    sent = on hand − units of open Jet orders not yet written to OpenCart − units held by OpenCart orders that
           have not taken their stock yet − the inventory buffer, never below 0 (0 for a disabled product)

On hand is the store's quantity (for a configurable child the smallest among the product and its option values
that track stock). Open Jet orders are orders jetcart has received and not yet created in OpenCart (nor
rejected or cancelled): once created, OpenCart's own stock has moved. Held units come from
`jetcart.store.held_stock` and are non-zero only when the store's new-order status takes no stock.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Protocol

from django.db import transaction
from django.utils import timezone

from jetcart.bulk_rows import upsert_values
from jetcart.connector.models import (
    Decision,
    ImportState,
    JetListing,
    JetOrderLine,
    ListingKind,
    PushedQuantity,
)
from jetcart.connector.products.offers import OfferRules
from jetcart.store.models import Product

if TYPE_CHECKING:
    from jetcart.store.gateway import StoreGateway

HOLD_WINDOW = timedelta(days=7)  # an OpenCart order pending longer than this no longer holds stock
OPEN_STATES = (ImportState.RECEIVED, ImportState.FAILED)


class SkuShape(Protocol):
    """What a quantity's derivation needs of a SKU: a listing, or an upload's SKU being built."""

    merchant_sku: str
    kind: str
    option_value_ids: list


@dataclass(frozen=True)
class Derivation:
    """The parts of one SKU's sellable quantity."""

    merchant_sku: str
    product_id: int
    on_hand: int
    jet_open: int
    store_held: int
    buffer: int
    enabled: bool
    quantity: int

    def equation(self) -> str:
        """"7 = 12 on hand − 3 in open Jet orders − 2 buffer" (terms that are 0 left out)."""
        if not self.enabled:
            return f"{self.quantity} (the product is disabled in the store)"
        terms = [f"{self.on_hand} on hand"]
        if self.jet_open:
            terms.append(f"{self.jet_open} in open Jet orders")
        if self.store_held:
            terms.append(f"{self.store_held} in OpenCart orders not yet subtracted")
        if self.buffer:
            terms.append(f"{self.buffer} buffer")
        text = " − ".join(terms)
        floor = " (never below 0)" if self.quantity == 0 and self.on_hand - self.jet_open - self.store_held - \
            self.buffer < 0 else ""
        return f"{self.quantity} = {text}{floor}"


def explain(row: PushedQuantity, *, jet_shows: bool = True, archived: bool = False) -> str:
    """"Jet shows 7 = 12 on hand − 3 in open Jet orders − 2 buffer, sent 16:02:11 UTC"; for an archived SKU
    (inventory 0 on Jet) "Archived on Jet (inventory 0); the last quantity pushed before: 7 = …"."""
    derivation = Derivation(row.merchant_sku, row.product_id, row.on_hand, row.jet_open, row.store_held, row.buffer,
                            row.enabled, row.quantity)
    sent = row.sent_at.astimezone(UTC)
    made = f"{derivation.equation()}, sent {sent:%Y-%m-%d %H:%M:%S} UTC ({row.source or 'sync'})"
    if archived:
        return f"Archived on Jet (inventory 0); the last quantity pushed before: {made}"
    return f"{'Jet shows ' if jet_shows else ''}{made}"


def archived_skus(skus: Iterable[str]) -> set[str]:
    """The SKUs archived on Jet: Jet shows no inventory for them, whatever was pushed before."""
    return set(JetListing.objects.filter(merchant_sku__in=list(skus), is_archived=True)
               .values_list("merchant_sku", flat=True))


@dataclass
class OpenUnits:
    """Units not yet in OpenCart's stock figures, per SKU's product and per option value."""

    products: dict[int, int]
    option_values: dict[int, int]

    def of(self, product_id: int, value_ids: Iterable[int]) -> tuple[int, dict[int, int]]:
        return self.products.get(product_id, 0), {v: self.option_values.get(v, 0) for v in value_ids}


def open_jet_units(product_ids: Iterable[int]) -> OpenUnits:
    """Units of Jet orders received but not yet created in OpenCart (nor rejected or cancelled)."""
    lines = (JetOrderLine.objects.filter(product_id__in=list(product_ids), order__import_state__in=OPEN_STATES,
                                         order__is_cancelled=False)
             .exclude(order__decision=Decision.REJECT)
             .values_list("product_id", "option_value_ids", "quantity", "shipped", "cancelled", "cancel_requested"))
    products: dict[int, int] = {}
    values: dict[int, int] = {}
    for product_id, value_ids, quantity, shipped, cancelled, cancel_requested in lines:
        units = max(quantity - shipped - max(cancelled, cancel_requested), 0)
        if not units:
            continue
        products[product_id] = products.get(product_id, 0) + units
        for value_id in value_ids or []:
            values[int(value_id)] = values.get(int(value_id), 0) + units
    return OpenUnits(products, values)


class SellableContext:
    """What one batch of products needs to derive its sellable quantities (read once per batch)."""

    def __init__(self, rules: OfferRules, jet: OpenUnits, held: OpenUnits):
        self.rules, self.jet, self.held = rules, jet, held

    @classmethod
    def load(cls, product_ids: list[int], rules: OfferRules, gateway: StoreGateway, *, now: datetime | None = None
             ) -> SellableContext:
        now = now or timezone.now()
        held = OpenUnits({}, {})
        if hasattr(gateway, "held_units"):
            units = gateway.held_units(product_ids, since=now - HOLD_WINDOW)
            held = OpenUnits(dict(units.products), dict(units.option_values))
        return cls(rules, open_jet_units(product_ids), held)

    def derive(self, product: Product, listing: SkuShape) -> Derivation | None:
        """The derivation of a simple product's or a child's quantity; None for a parent or a lost combination."""
        if listing.kind == ListingKind.PARENT:
            return None
        tracked: list[tuple[int, int]] = []  # (product_option_value_id, quantity) of values that track stock
        if listing.kind == ListingKind.CHILD:
            values = {v.product_option_value_id: v for o in product.options for v in o.values}
            chosen = [values.get(int(i)) for i in listing.option_value_ids]
            if not chosen or any(v is None for v in chosen):
                return None
            tracked = [(v.product_option_value_id, v.quantity) for v in chosen if v.subtract]
        jet_product, jet_values = self.jet.of(product.product_id, [v for v, _ in tracked])
        held_product, held_values = self.held.of(product.product_id, [v for v, _ in tracked])
        on_hand = min([product.quantity, *[q for _, q in tracked]])
        after_jet = min([product.quantity - jet_product, *[q - jet_values[v] for v, q in tracked]])
        after_held = min([product.quantity - jet_product - held_product,
                          *[q - jet_values[v] - held_values[v] for v, q in tracked]])
        buffer = self.rules.inventory_buffer
        enabled = bool(product.status)
        quantity = max(0, after_held - buffer) if enabled and on_hand > 0 else 0
        return Derivation(listing.merchant_sku, product.product_id, on_hand, on_hand - after_jet,
                          after_jet - after_held, buffer, enabled, quantity)

    def apply(self, product: Product, listings: Iterable[JetListing], offers: Mapping) -> tuple[dict, dict]:
        """The offers with each SKU's inventory replaced by its sellable quantity, and the derivations by SKU."""
        adjusted, derivations = dict(offers), {}
        for listing in listings:
            offer = adjusted.get(listing.merchant_sku)
            if offer is None:
                continue
            derivation = self.derive(product, listing)
            if derivation is None:
                continue
            derivations[listing.merchant_sku] = derivation
            adjusted[listing.merchant_sku] = replace(offer, inventory=derivation.quantity)
        return adjusted, derivations


def record_pushed(derivations: Iterable[Derivation], *, sent_at: datetime, source: str) -> None:
    """Stores the derivation of each quantity being pushed (one row per SKU, the latest): one upsert statement
    (an upload records a row per SKU of the catalog, so no model instances and no look-up of existing rows)."""
    rows = {d.merchant_sku: d for d in derivations}
    if not rows:
        return
    with transaction.atomic():  # one commit, not one per row (a third of the time on SQLite)
        upsert_values(PushedQuantity, [
            {"merchant_sku": sku, "product_id": d.product_id, "quantity": d.quantity, "on_hand": d.on_hand,
             "jet_open": d.jet_open, "store_held": d.store_held, "buffer": d.buffer, "enabled": d.enabled,
             "source": source, "sent_at": sent_at} for sku, d in rows.items()],
            unique=["merchant_sku"], update=_PUSHED_FIELDS)


_PUSHED_FIELDS = ["product_id", "quantity", "on_hand", "jet_open", "store_held", "buffer", "enabled", "source",
                  "sent_at"]
