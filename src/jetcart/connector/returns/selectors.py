"""Reads for the returns pages: the grid's rows (one per OpenCart return, as the manual's grid) and a return's lines."""

from __future__ import annotations

from django.db.models import QuerySet

from jetcart.connector.models import JetReturnLine


def return_rows() -> QuerySet[JetReturnLine]:
    """Each returned line with its return and order, newest return first."""
    return JetReturnLine.objects.select_related("ret", "ret__order").order_by("-ret__created_at", "-ret_id", "id")
