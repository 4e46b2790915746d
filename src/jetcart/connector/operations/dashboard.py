"""Reads for the dashboard (the admin home): connection health, products by Jet status, errors by cause,
orders waiting for acknowledgement or shipment, open returns, and orders and sync activity over time."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from jetcart.connector.models import (
    AckState,
    CatalogProduct,
    Decision,
    JetListing,
    JetOrder,
    JetReturn,
    JobRun,
    ListingStatus,
    ReturnState,
    RunOutcome,
)
from jetcart.connector.operations.connection_test import ConnectionCheck, last_connection_check
from jetcart.connector.operations.jobs import JobStatus, job_statuses
from jetcart.connector.orders.selectors import Deadline, acknowledge_deadline
from jetcart.connector.products.snapshot import snapshot_ready

CHART_DAYS = 14
TOP_CAUSES = 10
LIST_LIMIT = 10


@dataclass(frozen=True)
class Bar:
    label: str
    parts: list[tuple[str, int]]  # (css class, count), stacked

    @property
    def total(self) -> int:
        return sum(count for _, count in self.parts)


@dataclass(frozen=True)
class Chart:
    title: str
    bars: list[Bar]
    legend: list[tuple[str, str]]  # (css class, label)

    @property
    def peak(self) -> int:
        return max([bar.total for bar in self.bars] + [1])


@dataclass(frozen=True)
class WaitingOrder:
    order: JetOrder
    deadline: Deadline


@dataclass
class Dashboard:
    connection: ConnectionCheck | None
    failing_jobs: list[JobStatus]
    last_order_fetch: JobRun | None
    products_by_status: list[StatusCount]
    error_causes: list[tuple[str, int]]
    awaiting_ack: list[WaitingOrder]
    awaiting_ack_count: int
    to_ship: list[JetOrder]
    to_ship_count: int
    open_returns: list[JetReturn]
    open_returns_count: int
    charts: list[Chart] = field(default_factory=list)
    catalog_read: bool = True  # False until the store's catalog was read once (no product counted yet)

    @property
    def healthy(self) -> bool:
        return bool(self.connection and self.connection.ok) and not self.failing_jobs


@dataclass(frozen=True)
class StatusCount:
    """One Jet status: how many store products have a SKU in it, and how many SKUs (a configurable product has
    a parent SKU and one per option combination, and its SKUs may be in different statuses)."""

    status: str
    products: int
    skus: int


def products_by_status() -> list[StatusCount]:
    """Per Jet status, the products with a SKU in it and their SKUs; a store product that never had a SKU
    (never uploaded) counts as a Not Uploaded product without SKUs."""
    counts = JetListing.objects.order_by().values("jet_status").annotate(
        skus=Count("id"), products=Count("product_id", distinct=True))
    found = {row["jet_status"]: row for row in counts}
    without_sku = never_uploaded_products()
    return [StatusCount(status,
                        found.get(status, {}).get("products", 0)
                        + (without_sku if status == ListingStatus.NOT_UPLOADED else 0),
                        found.get(status, {}).get("skus", 0))
            for status in ListingStatus.values]


def never_uploaded_products() -> int:
    """Store products (as last read from the store) that have no Jet SKU at all."""
    return CatalogProduct.objects.filter(~Exists(JetListing.objects.filter(product_id=OuterRef("product_id")))) \
        .order_by().count()


def _cause(text: str, sku: str) -> str:
    text = " ".join(str(text).split())
    return text.replace(sku, "‹SKU›") if sku else text


def error_causes(limit: int = TOP_CAUSES) -> list[tuple[str, int]]:
    """Why SKUs are not selling: jetcart's and Jet's problems plus Jet's sub-statuses, counted per cause."""
    causes: Counter[str] = Counter()
    rows = JetListing.objects.filter(~Q(problems=[]) | ~Q(sub_statuses=[])).values_list(
        "merchant_sku", "problems", "sub_statuses")
    for sku, problems, sub_statuses in rows.iterator(chunk_size=2000):
        seen = set()
        for problem in problems or []:
            if isinstance(problem, dict):
                text = _cause(problem.get("message", ""), sku)
                where = problem.get("field") or ""
                seen.add(f"{where}: {text}" if where else text)
            else:
                seen.add(_cause(problem, sku))
        seen.update(f"Jet: {status}" for status in sub_statuses or [] if status)
        causes.update(seen)
    return causes.most_common(limit)


def _awaiting_acknowledgement():
    return JetOrder.objects.filter(jet_status="ready", is_cancelled=False).exclude(
        ack_state=AckState.DONE).exclude(decision=Decision.REJECT).order_by("ready_at", "id")


def _to_ship():
    return JetOrder.objects.filter(store_order_id__isnull=False, jet_status__in=("acknowledged", "inprogress"),
                                   is_cancelled=False).order_by("request_ship_by", "id")


def open_returns():
    """Jet returns the merchant has not completed yet (oldest first)."""
    return JetReturn.objects.exclude(state=ReturnState.COMPLETED).order_by("return_date", "id")


def _days(now: datetime, days: int) -> list[date]:
    today = timezone.localdate(now)
    return [today - timedelta(days=offset) for offset in range(days - 1, -1, -1)]


def orders_chart(now: datetime, days: int = CHART_DAYS) -> Chart:
    since = now - timedelta(days=days)
    rows = (JetOrder.objects.filter(created_at__gte=since).annotate(day=TruncDate("created_at"))
            .order_by().values("day").annotate(accepted=Count("id", filter=~Q(decision=Decision.REJECT)),
                                               rejected=Count("id", filter=Q(decision=Decision.REJECT))))
    by_day = {row["day"]: row for row in rows}
    bars = [Bar(day.strftime("%m-%d"), [("bar-ok", by_day.get(day, {}).get("accepted", 0)),
                                         ("bar-bad", by_day.get(day, {}).get("rejected", 0))])
            for day in _days(now, days)]
    return Chart("Jet orders per day", bars, [("bar-ok", "accepted"), ("bar-bad", "rejected")])


def sync_activity_chart(now: datetime, days: int = CHART_DAYS) -> Chart:
    since = now - timedelta(days=days)
    rows = (JobRun.objects.filter(started_at__gte=since).annotate(day=TruncDate("started_at")).order_by()
            .values("day").annotate(ok=Count("id", filter=Q(outcome=RunOutcome.SUCCEEDED)),
                                    bad=Count("id", filter=Q(outcome__in=[RunOutcome.FAILED,
                                                                          RunOutcome.ABANDONED]))))
    by_day: dict[Any, dict] = {row["day"]: row for row in rows}
    bars = [Bar(day.strftime("%m-%d"), [("bar-ok", by_day.get(day, {}).get("ok", 0)),
                                         ("bar-bad", by_day.get(day, {}).get("bad", 0))])
            for day in _days(now, days)]
    return Chart("Job runs per day (syncs, orders, statuses)", bars, [("bar-ok", "succeeded"), ("bar-bad", "failed")])


def build_dashboard(*, now: datetime | None = None) -> Dashboard:
    now = now or timezone.now()
    statuses = job_statuses(now=now)
    waiting = _awaiting_acknowledgement()
    to_ship = _to_ship()
    returns = open_returns()
    return Dashboard(
        connection=last_connection_check(),
        failing_jobs=[s for s in statuses if s.last_run and s.last_run.outcome in (RunOutcome.FAILED,
                                                                                   RunOutcome.ABANDONED)],
        last_order_fetch=JobRun.objects.filter(job="create-orders", outcome=RunOutcome.SUCCEEDED)
        .order_by("-started_at").first(),
        products_by_status=products_by_status(),
        error_causes=error_causes(),
        awaiting_ack=[WaitingOrder(o, acknowledge_deadline(o, now)) for o in waiting[:LIST_LIMIT]],
        awaiting_ack_count=waiting.count(),
        to_ship=list(to_ship[:LIST_LIMIT]),
        to_ship_count=to_ship.count(),
        open_returns=list(returns[:LIST_LIMIT]),
        open_returns_count=returns.count(),
        charts=[orders_chart(now), sync_activity_chart(now)],
        catalog_read=snapshot_ready(),
    )
