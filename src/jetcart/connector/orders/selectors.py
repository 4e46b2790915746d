"""Reads for the orders pages: the filtered grid, time left to acknowledge, rejected orders."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.utils import timezone

from jetcart.connector.models import AckState, Decision, JetOrder

NEAR_DEADLINE = timedelta(minutes=5)
JET_STATUSES = ["created", "ready", "acknowledged", "inprogress", "complete"]


@dataclass(frozen=True)
class OrderFilters:
    order_id: str = ""
    status: str = ""
    customer: str = ""
    total: Decimal | None = None
    added_from: date | None = None
    added_to: date | None = None
    modified_from: date | None = None
    modified_to: date | None = None


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_current_timezone())


def order_grid(filters: OrderFilters) -> QuerySet[JetOrder]:
    """Accepted and undecided orders (rejected ones have their own page), newest first, filtered."""
    rows = JetOrder.objects.exclude(decision=Decision.REJECT)
    if filters.order_id:
        text = filters.order_id.strip()
        query = Q(merchant_order_id__icontains=text) | Q(reference_order_id__icontains=text)
        if text.isdigit():
            query |= Q(store_order_id=int(text))
        rows = rows.filter(query)
    if filters.status:
        rows = rows.filter(jet_status=filters.status)
    if filters.customer:
        rows = rows.filter(customer_name__icontains=filters.customer.strip())
    if filters.total is not None:
        rows = rows.filter(total=filters.total)
    if filters.added_from:
        rows = rows.filter(created_at__gte=_day_start(filters.added_from))
    if filters.added_to:
        rows = rows.filter(created_at__lt=_day_start(filters.added_to + timedelta(days=1)))
    if filters.modified_from:
        rows = rows.filter(updated_at__gte=_day_start(filters.modified_from))
    if filters.modified_to:
        rows = rows.filter(updated_at__lt=_day_start(filters.modified_to + timedelta(days=1)))
    return rows.order_by("-created_at", "-id")


def rejected_orders() -> QuerySet[JetOrder]:
    return JetOrder.objects.filter(decision=Decision.REJECT).order_by("-created_at", "-id")


@dataclass(frozen=True)
class Deadline:
    text: str
    near: bool = False
    overdue: bool = False


def acknowledge_deadline(order: JetOrder, now: datetime | None = None) -> Deadline:
    """Time left in Jet's 15-minute window, for ready orders not yet acknowledged."""
    if order.ack_state == AckState.DONE:
        return Deadline("acknowledged")
    if order.jet_status != "ready" or order.acknowledge_deadline is None or order.is_cancelled:
        return Deadline("—")
    left = order.acknowledge_deadline - (now or timezone.now())
    if left <= timedelta(0):
        return Deadline("overdue", near=True, overdue=True)
    minutes, seconds = divmod(int(left.total_seconds()), 60)
    return Deadline(f"{minutes} min {seconds:02d} s", near=left <= NEAR_DEADLINE)


def can_ship(order: JetOrder) -> bool:
    return bool(order.store_order_id) and order.jet_status in ("acknowledged", "inprogress") and \
        not order.is_cancelled
