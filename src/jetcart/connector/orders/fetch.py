"""One order run ("Fetch Orders", the schedule, `jetcart orders fetch`): every step safe to repeat after a crash."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar

from django.db.models import Q, QuerySet

from jetcart.batches import batches
from jetcart.connector import activity
from jetcart.connector.jet_values import UNREADABLE_DOCUMENT, JetValueError
from jetcart.connector.models import (
    AckState,
    Decision,
    ImportState,
    JetConfiguration,
    JetOrder,
    ShipmentState,
)
from jetcart.connector.orders import jet_orders, store_orders
from jetcart.connector.orders.acknowledge import acknowledge_orders
from jetcart.connector.orders.directed_cancel import confirm_directed_cancel
from jetcart.connector.orders.import_orders import (
    create_store_order,
    decide_orders,
    orders_to_create,
    orders_to_decide,
    orders_to_record,
    record_rejected_order,
    save_jet_order,
)
from jetcart.connector.orders.ship import follow_in_store
from jetcart.connector.outbox import deliver_open_messages
from jetcart.connector.outcomes import RunSummary
from jetcart.jet.errors import JetError
from jetcart.store.errors import StoreError
from jetcart.store.models import Product

if TYPE_CHECKING:
    from jetcart.jet.client import JetClient
    from jetcart.store.gateway import StoreGateway

FETCHED_STATUSES = ("ready", "created")
PAGE = 100  # orders read, then decided with one read of their products, created and acknowledged, at a time
UNREADABLE = (JetError, *UNREADABLE_DOCUMENT)  # reading one order: it is recorded as failed and skipped

log = logging.getLogger(__name__)


@dataclass
class FetchSummary(RunSummary):
    fetched: int = 0
    new: int = 0
    created: int = 0
    rejected: int = 0
    acknowledged: int = 0
    cancelled: int = 0
    failed: int = 0
    COUNTS_PROBLEMS: ClassVar[bool] = False

    def headline(self) -> str:
        return (f"fetched {self.fetched} Jet order(s) ({self.new} new): {self.created} created in OpenCart, "
                f"{self.acknowledged} acknowledged, {self.rejected} rejected, {self.cancelled} cancelled, "
                f"{self.failed} failed")

    @property
    def ok(self) -> bool:
        """False when any order failed or any call or document had a problem (the command then exits 1)."""
        return not self.failed and not self.problems


def _pages(orders: QuerySet) -> Iterator[list[JetOrder]]:
    """The orders in pages of PAGE, each page read in one query (and its prefetches)."""
    last = 0
    while True:
        page = list(orders.filter(pk__gt=last)[:PAGE])
        if not page:
            return
        yield page
        last = page[-1].pk


def _unreadable(summary: FetchSummary, merchant_order_id: str, exc: Exception) -> None:
    """Records an order jetcart could not read or save as failed, with the reason; the run goes on without it."""
    if not isinstance(exc, (JetError, JetValueError)):  # not a known shape of bad document: keep the traceback
        log.error("Jet order %s could not be read", merchant_order_id, exc_info=exc)
    reason = f"{type(exc).__name__}: {exc}" if not isinstance(exc, (JetError, JetValueError)) else str(exc)
    summary.failed += 1
    summary.problems.append(f"order {merchant_order_id}: {reason}")
    activity.record("order", f"Jet order {merchant_order_id} could not be read and was skipped: {reason}",
                    level="ERROR", merchant_order_id=merchant_order_id)


def _read_orders(client: JetClient, ids: list[str], summary: FetchSummary) -> None:
    """Reads and saves each order of one page of a list; an unreadable one is recorded as failed and skipped."""
    for merchant_order_id in ids:
        try:
            jet_order = jet_orders.get_order(client, merchant_order_id)
            _, created = save_jet_order(jet_order)
        except UNREADABLE as exc:  # nothing of this order was saved; the others go on
            _unreadable(summary, merchant_order_id, exc)
            continue
        summary.fetched += 1
        summary.new += int(created)
        if created:
            activity.record("order", f"Jet order {jet_order.reference_order_id or merchant_order_id} "
                            f"received ({jet_order.status})", merchant_order_id=merchant_order_id)


def _refresh_open_orders(client: JetClient, seen: set[str], summary: FetchSummary) -> None:
    """Re-reads orders jetcart holds as open but Jet no longer lists as such (cancelled by Jet, moved on)."""
    stale = JetOrder.objects.filter(jet_status__in=["created", "ready"]).exclude(merchant_order_id__in=seen)
    for order in stale.order_by("id")[:200]:
        try:
            save_jet_order(jet_orders.get_order(client, order.merchant_order_id))
        except UNREADABLE as exc:
            summary.problems.append(f"order {order}: {exc}")


@dataclass
class _Run:
    """What one order run carries from page to page."""

    client: JetClient
    gateway: StoreGateway
    config: JetConfiguration
    summary: FetchSummary
    products: dict[int, Product] = field(default_factory=dict)  # read by the decision, reused by the creation
    decided: set[int] = field(default_factory=set)  # orders this run already tried to decide
    created: set[int] = field(default_factory=set)  # ... and to create in OpenCart (a failure is retried next run)


def _process_ready(run: _Run) -> None:
    """Decides, creates in OpenCart and acknowledges every ready order saved so far (each tried once per run): run
    after each page read, so a run cut short has still answered Jet for the pages it got through (Jet's
    15-minute window)."""
    for page in _pages(orders_to_decide()):
        page = [order for order in page if order.pk not in run.decided]
        run.decided.update(order.pk for order in page)
        try:
            decide_orders(page, gateway=run.gateway, products=run.products)
        except StoreError as exc:
            run.summary.problems.extend(f"order {order}: {exc}" for order in page)
    _create_in_store(run)
    if run.config.record_rejected_orders:
        _record_rejected(run)
    _acknowledge_decided(run)


def _create_in_store(run: _Run) -> None:
    """Creates each accepted order in OpenCart (at most once); logs creations, failures and rejections."""
    summary = run.summary
    for order in (order for page in _pages(orders_to_create().prefetch_related("lines")) for order in page):
        if order.pk in run.created:
            continue
        run.created.add(order.pk)
        order = create_store_order(order, gateway=run.gateway, products=run.products, config=run.config)
        if order.store_order_id:
            if order.created_now:  # counted and logged by the run that created it, never by a run that saw it done
                summary.created += 1
                activity.record("order", f"Jet order {order} created in OpenCart as #{order.store_order_id}",
                                merchant_order_id=order.merchant_order_id, store_order_id=order.store_order_id)
        elif order.import_state == ImportState.FAILED:
            summary.failed += 1
            summary.problems.append(f"order {order} not created in OpenCart: {order.last_error}")
            activity.record("order", f"Jet order {order} could not be created in OpenCart: {order.last_error}",
                            level="ERROR", merchant_order_id=order.merchant_order_id)
        elif order.decision == Decision.REJECT:
            activity.record("order", f"Jet order {order} rejected: {order.rejection_reason}", level="WARNING",
                            merchant_order_id=order.merchant_order_id)


def _record_rejected(run: _Run) -> None:
    """Records each rejected order in OpenCart as a cancelled order (the configuration's choice)."""
    for order in orders_to_record():
        order = record_rejected_order(order, gateway=run.gateway)
        if order.store_order_id:
            activity.record("order", f"Rejected Jet order {order} recorded in OpenCart as #{order.store_order_id} "
                            "(cancelled)", merchant_order_id=order.merchant_order_id,
                            store_order_id=order.store_order_id)
        elif order.last_error:
            run.summary.problems.append(f"rejected order {order}: {order.last_error}")
            activity.record("order", f"Rejected Jet order {order}: {order.last_error}", level="WARNING",
                            merchant_order_id=order.merchant_order_id)


def _acknowledge_decided(run: _Run) -> None:
    """Sends rejections, and acceptances of orders in OpenCart when auto-acknowledge is on."""
    to_send = Q(decision=Decision.REJECT)
    if run.config.auto_acknowledge:
        to_send |= Q(decision=Decision.ACCEPT, store_order_id__isnull=False)
    waiting = JetOrder.objects.filter(to_send, jet_status="ready", ack_state=AckState.NOT_SENT, is_cancelled=False)
    result = acknowledge_orders(orders=list(waiting.order_by("id").prefetch_related("lines")), client=run.client)
    run.summary.acknowledged += len(result.acknowledged)
    run.summary.rejected += len(result.rejected)
    run.summary.problems.extend(result.refused)  # acknowledgements and rejections are logged as Jet confirms them


def _mark_jet_cancellations(gateway: StoreGateway, summary: FetchSummary) -> None:
    """Orders Jet closed without shipping (e.g. not acknowledged in time): cancelled here and in OpenCart."""
    config = JetConfiguration.load()
    closed = JetOrder.objects.filter(jet_status="complete", is_cancelled=False).exclude(
        payload__exception_state__isnull=True).exclude(decision=Decision.REJECT)
    for order in closed:
        exception = order.jet_order.exception_state or ""
        if "cancel" not in exception and "rejected" not in exception:
            continue
        if not JetOrder.objects.filter(pk=order.pk, is_cancelled=False).update(is_cancelled=True):
            continue  # another run took it
        if order.store_order_id and order.store_status_id != config.order_status_cancelled:
            try:
                store_orders.change_store_order_status(
                    gateway, marketplace_order_id=order.merchant_order_id, order_id=order.store_order_id,
                    status_id=config.order_status_cancelled, comment=f"Cancelled on Jet ({exception}).")
            except StoreError as exc:
                summary.problems.append(f"order {order}: {exc}")
                JetOrder.objects.filter(pk=order.pk).update(is_cancelled=False)  # the next run tries again
                continue
            JetOrder.objects.filter(pk=order.pk).update(store_status_id=config.order_status_cancelled)
        elif not order.store_order_id and order.import_state == ImportState.RECEIVED:
            JetOrder.objects.filter(pk=order.pk).update(import_state=ImportState.CANCELLED)
        summary.cancelled += 1
        activity.record("order", f"Jet order {order} cancelled by Jet ({exception})", level="WARNING",
                        merchant_order_id=order.merchant_order_id)


def _directed_cancels(client: JetClient, gateway: StoreGateway, summary: FetchSummary) -> None:
    try:
        ids = jet_orders.list_directed_cancel_ids(client)
    except JetError as exc:
        summary.problems.append(f"listing directed cancels: {exc}")
        return
    for merchant_order_id in ids:
        try:
            order, _ = save_jet_order(jet_orders.get_order(client, merchant_order_id))
            if order.jet_status not in ("acknowledged", "inprogress"):
                continue  # confirmed once the order is acknowledged (a later run), never before
            shipment = confirm_directed_cancel(order, client=client)
        except (*UNREADABLE, StoreError) as exc:
            summary.problems.append(f"directed cancel of {merchant_order_id}: {exc}")
            continue
        if shipment is not None and shipment.closed_now:  # counted by the run whose call Jet confirmed
            summary.cancelled += 1
            activity.record("order", f"Directed cancel of Jet order {order} confirmed "
                            f"({shipment.state})", merchant_order_id=merchant_order_id)


def fetch_orders(*, client: JetClient | None = None, gateway: StoreGateway | None = None) -> FetchSummary:
    """Re-delivers any unfinished Jet call, then reads ready and created orders a page at a time and, after each
    page, decides them, creates accepted ones in OpenCart once, sends rejections and (with auto-acknowledge)
    acknowledgements; then applies directed cancels and Jet's cancellations. Counts only what this run did."""
    from jetcart.connector.jet_and_store import jet_client, store_gateway

    client = client or jet_client()
    gateway = gateway or store_gateway()
    summary = FetchSummary()
    run = _Run(client, gateway, JetConfiguration.load(), summary)
    deliver_open_messages(client=client)  # what an earlier run left: unknown outcomes, follow-ups cut short
    seen: set[str] = set()
    for status in FETCHED_STATUSES:
        try:
            ids = jet_orders.list_order_ids(client, status)
        except JetError as exc:  # a list answer that is not a list is refused by the client, never iterated
            summary.problems.append(f"listing {status} orders: {exc}")
            continue
        ids = [moid for moid in dict.fromkeys(ids) if moid not in seen]
        seen.update(ids)
        for page in batches(ids, PAGE):
            _read_orders(client, page, summary)
            _process_ready(run)
    _refresh_open_orders(client, seen, summary)
    _process_ready(run)
    _directed_cancels(client, gateway, summary)
    _mark_jet_cancellations(gateway, summary)
    for order in JetOrder.objects.filter(shipments__state=ShipmentState.CONFIRMED, shipments__store_noted=False,
                                         store_order_id__isnull=False).distinct():
        try:
            follow_in_store(order, gateway=gateway)
        except StoreError as exc:
            summary.problems.append(f"order {order}: {exc}")
    return summary
