"""Reads for the refunds pages: the grid and the orders a refund may be created for."""

from __future__ import annotations

from django.db.models import QuerySet

from jetcart.connector.models import JetRefund


def refund_rows() -> QuerySet[JetRefund]:
    return JetRefund.objects.select_related("order").order_by("-created_at", "-id")
