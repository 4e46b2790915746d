"""`{% load stock_watch %}`: the pushed quantities of a product and the dashboard's capture, drift and clone tiles."""

from __future__ import annotations

from django import template

register = template.Library()


@register.simple_tag
def pushed_quantities(product_id: int) -> list[dict]:
    """Each SKU of the product with the derivation of the quantity last pushed to Jet."""
    from jetcart.connector.models import PushedQuantity
    from jetcart.connector.products.sellable import archived_skus, explain

    rows = list(PushedQuantity.objects.filter(product_id=product_id).order_by("merchant_sku"))
    archived = archived_skus(row.merchant_sku for row in rows)
    return [{"sku": row.merchant_sku, "text": explain(row, archived=row.merchant_sku in archived), "row": row}
            for row in rows]


@register.simple_tag
def stock_watch_tiles() -> dict:
    """What the dashboard shows about change capture, the last drift check and the clone guard."""
    from jetcart.connector.models import CaptureState, DriftCheck, DriftFinding, Installation

    capture = CaptureState.objects.filter(pk=1).first()
    drift = DriftCheck.objects.first()
    findings = list(DriftFinding.objects.filter(check_run=drift)[:5]) if drift else []
    return {"capture": capture, "drift": drift, "findings": findings,
            "installation": Installation.objects.filter(pk=1).first()}
