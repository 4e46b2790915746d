"""Drift reconciliation: what Jet shows for each listed SKU, compared with what jetcart last sent, healed by
sending the store's value again, each difference reported (dashboard tile, activity log).

Jet's view is read the cheapest way the API allows: the portal's SKU list (`GET /portal/merchantskus`), 1,000
SKUs with price and inventory per call; if that list cannot be read, one `GET /merchant-skus/{sku}` per SKU
for at most PER_SKU_LIMIT SKUs. A SKU Jet did not return is counted, never zeroed, archived or re-uploaded:
healing only ever sends what the ordinary sync computes from the store now, and only for SKUs whose Jet
values were read.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db.models import Q
from django.utils import timezone

from jetcart.connector import activity
from jetcart.connector.jet_and_store import jet_client
from jetcart.connector.models import (
    DriftCheck,
    DriftFinding,
    JetConfiguration,
    ListingKind,
    ProductAction,
    ProductRun,
    ProductRunResult,
    RunState,
)
from jetcart.connector.products.sync import synced_listings
from jetcart.jet.client import JetClient
from jetcart.jet.errors import JetError

log = logging.getLogger(__name__)
PORTAL_PAGE = 1000
PER_SKU_LIMIT = 2000
LOGGED_FINDINGS = 20  # one activity event per difference up to this many per check, then a summary line
CENT = Decimal("0.01")


@dataclass(frozen=True)
class JetView:
    price: Decimal | None
    inventory: int | None


def _price(value) -> Decimal | None:
    try:
        return None if value is None else Decimal(str(value)).quantize(CENT)
    except InvalidOperation:
        return None


def read_portal(client: JetClient) -> tuple[dict[str, JetView], bool]:
    """Every SKU of Jet's list with its price and total inventory; False when a page failed (incomplete)."""
    found: dict[str, JetView] = {}
    start = 0
    while True:
        try:
            page = client.products.portal_skus(start=start, size=PORTAL_PAGE)
        except JetError as exc:
            log.warning("drift: Jet's SKU list failed at %s (%s)", start, exc)
            return found, False
        for row in page:
            if row.merchant_sku:
                found[row.merchant_sku] = JetView(_price(row.price), row.inventory)
        if len(page) < PORTAL_PAGE:
            return found, True
        start += PORTAL_PAGE


def read_each(client: JetClient, skus: list[str], node_id: str) -> tuple[dict[str, JetView], bool]:
    """The SKUs one by one (the fallback); False when any read failed."""
    found: dict[str, JetView] = {}
    complete = len(skus) <= PER_SKU_LIMIT
    for outcome in client.map_concurrently(client.products.get, skus[:PER_SKU_LIMIT]):
        if not outcome.ok:
            complete = False
            continue
        detail = outcome.result
        nodes = detail.inventory_by_fulfillment_node or []
        quantity = sum(n.quantity for n in nodes if not node_id or n.fulfillment_node_id == node_id)
        found[outcome.item] = JetView(_price(detail.price), quantity if nodes else None)
    return found, complete


@dataclass
class DriftSummary:
    check: DriftCheck

    def line(self) -> str:
        c = self.check
        read = "complete" if c.complete else "INCOMPLETE (nothing zeroed or archived)"
        return (f"drift check: {c.skus_read} SKUs read from Jet ({read}), {c.skus_compared} compared, "
                f"{c.differences} difference(s), {c.healed} healed")


def check_drift(*, heal: bool = True) -> DriftSummary:
    """Reads Jet's view, compares it with what was last sent, heals and reports (see the module)."""
    from jetcart.connector.products.runs import create_run, execute_run

    check = DriftCheck.objects.create(started_at=timezone.now())
    client = jet_client()
    node = JetConfiguration.load().fulfillment_node_id
    listings = (synced_listings().filter(Q(price_sent__isnull=False) | Q(inventory_sent__isnull=False))
                .values_list("merchant_sku", "product_id", "kind", "price_sent", "inventory_sent"))
    view, complete = read_portal(client)
    if not complete and not view:
        view, complete = read_each(client, list(listings.values_list("merchant_sku", flat=True)), node)
    drifted: dict[str, list[DriftFinding]] = {}
    compared = missing = 0
    for sku, product_id, kind, price_sent, inventory_sent in listings.iterator(chunk_size=5000):
        seen = view.get(sku)
        if seen is None:
            missing += 1
            continue
        compared += 1
        found = []
        if price_sent is not None and seen.price is not None and seen.price != _price(price_sent):
            found.append(("price", seen.price, price_sent))
        if (kind != ListingKind.PARENT and inventory_sent is not None and seen.inventory is not None
                and seen.inventory != inventory_sent):
            found.append(("inventory", seen.inventory, inventory_sent))
        for field, jet_value, sent in found:
            drifted.setdefault(sku, []).append(DriftFinding(
                check_run=check, merchant_sku=sku, product_id=product_id, field=field, jet_value=str(jet_value),
                sent_value=str(sent)))
    findings = [f for items in drifted.values() for f in items]
    healed = 0
    if findings and heal:
        healed = _heal(drifted, create_run, execute_run)
    DriftFinding.objects.bulk_create(findings, batch_size=500)
    message = f"{missing} listed SKU(s) not in what Jet returned (left alone)" if missing else ""
    DriftCheck.objects.filter(pk=check.pk).update(
        finished_at=timezone.now(), complete=complete, skus_read=len(view), skus_compared=compared,
        differences=len(findings), healed=healed, message=message)
    check.refresh_from_db()
    summary = DriftSummary(check)
    for finding in findings[:LOGGED_FINDINGS]:
        activity.record("sync", f"Drift on Jet: {finding.merchant_sku} {finding.field} is {finding.jet_value} on "
                        f"Jet, {finding.sent_value} was sent; store now {finding.store_value or '?'}; "
                        f"{'healed' if finding.healed else 'not healed: ' + finding.note}",
                        level="WARNING", merchant_sku=finding.merchant_sku, drift_check=check.pk)
    level = "WARNING" if findings or not complete else "INFO"
    activity.record("sync", summary.line()[0].upper() + summary.line()[1:], level=level, drift_check=check.pk)
    return summary


def _heal(drifted: dict[str, list[DriftFinding]], create_run, execute_run) -> int:
    """Forgets what Jet accepted for the drifted SKUs, so the sync sends the store's values again."""
    from jetcart.connector.models import JetListing, PushedQuantity

    skus = list(drifted)
    for field in ("price", "inventory"):
        names = [s for s, items in drifted.items() if any(f.field == field for f in items)]
        JetListing.objects.filter(merchant_sku__in=names).update(**{f"{field}_hash": ""})
    product_ids = sorted({f.product_id for items in drifted.values() for f in items})
    run = create_run(action=ProductAction.SYNC, product_ids=product_ids)
    ProductRun.objects.filter(pk=run.pk).update(selection={**run.selection, "source": "drift"})
    run = execute_run(run.pk)
    failed = set(ProductRunResult.objects.filter(run_id=run.pk, ok=False).values_list("product_id", flat=True))
    now_values = {li.merchant_sku: li for li in JetListing.objects.filter(merchant_sku__in=skus)}
    pushed = dict(PushedQuantity.objects.filter(merchant_sku__in=skus).values_list("merchant_sku", "quantity"))
    healed = 0
    for sku, items in drifted.items():
        listing = now_values.get(sku)
        for finding in items:
            if listing is not None:
                finding.store_value = str(listing.price_sent if finding.field == "price"
                                          else pushed.get(sku, listing.inventory_sent))
            if run.state == RunState.DONE and finding.product_id not in failed:
                finding.healed = True
                healed += 1
            else:
                finding.note = run.message[:500] if run.state != RunState.DONE else "Jet refused the new value"
    return healed


def run_drift_job() -> str:
    """The scheduled "drift-check" job."""
    return check_drift().line()
