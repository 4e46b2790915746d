"""Applies every timed transition that is due for a merchant, at the start of each of its requests.

No threads drive state: orders (created → ready, unacknowledged → cancelled), returns and refunds
keep `next_transition_at`; SKU reviews keep `review_due_at`. The merchant row keeps the earliest of
them (`next_due_at`), so a request with nothing due costs no query at all; writers call `note_due`.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.db.models import Min, Q

from jetcart.sandbox.models import Merchant, Order, Refund, Return, Sku


def note_due(merchant: Merchant, moment: datetime | None) -> None:
    """Records that something of this merchant falls due at `moment` (keeps the earliest)."""
    if moment is None:
        return
    Merchant.objects.filter(pk=merchant.pk).filter(Q(next_due_at__isnull=True) | Q(next_due_at__gt=moment)) \
        .update(next_due_at=moment)
    if merchant.next_due_at is None or merchant.next_due_at > moment:
        merchant.next_due_at = moment


def _earliest(merchant: Merchant) -> datetime | None:
    dues = [
        model.objects.filter(merchant=merchant).aggregate(due=Min(column))["due"]
        for model, column in ((Order, "next_transition_at"), (Return, "next_transition_at"),
                              (Refund, "next_transition_at"), (Sku, "review_due_at"))
    ]
    dues = [d for d in dues if d is not None]
    return min(dues) if dues else None


def settle(merchant: Merchant, now: datetime) -> None:
    if merchant.next_due_at is None or merchant.next_due_at > now:
        return
    from jetcart.sandbox.orders.state import advance_order
    from jetcart.sandbox.refunds.state import advance_refund
    from jetcart.sandbox.returns.state import advance_return
    from jetcart.sandbox.skus.state import settle_reviews

    for model, advance in ((Order, advance_order), (Return, advance_return), (Refund, advance_refund)):
        due = list(model.objects.filter(merchant=merchant, next_transition_at__lte=now).values_list("pk", flat=True))
        for pk in due:
            with transaction.atomic(using="sandbox"):
                row = model.objects.select_for_update().filter(pk=pk).first()
                if row is not None and row.next_transition_at is not None and row.next_transition_at <= now:
                    row.merchant = merchant
                    advance(row, now)
                    row.save()
    settle_reviews(merchant, now)
    earliest = _earliest(merchant)
    Merchant.objects.filter(pk=merchant.pk).update(next_due_at=earliest)
    merchant.next_due_at = earliest
