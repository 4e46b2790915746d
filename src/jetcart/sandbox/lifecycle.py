"""Applies every timed transition that is due for a merchant, at the start of each of its requests.

No threads drive state: orders (created → ready, unacknowledged → cancelled), returns and refunds
keep `next_transition_at`; SKU reviews keep `review_due_at`. One indexed query per table finds them.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction

from jetcart.sandbox.models import Merchant, Order, Refund, Return


def settle(merchant: Merchant, now: datetime) -> None:
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
                    advance(row, now)
                    row.save()
    settle_reviews(merchant, now)
