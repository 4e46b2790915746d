"""One returns run ("Fetch Returns", the schedule, `jetcart returns fetch`): every step safe to repeat."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from jetcart.connector import activity
from jetcart.connector.jet_values import UNREADABLE_DOCUMENT, JetValueError
from jetcart.connector.models import JetReturn, ReturnState
from jetcart.connector.outbox import deliver_open_messages
from jetcart.connector.outcomes import RunSummary
from jetcart.connector.returns import jet_returns
from jetcart.connector.returns.records import note_jet_completion, save_jet_return
from jetcart.connector.returns.store_returns import complete_store_returns, create_store_returns
from jetcart.jet.errors import JetError
from jetcart.store.errors import StoreError

if TYPE_CHECKING:
    from jetcart.jet.client import JetClient
    from jetcart.store.gateway import StoreGateway

FETCHED_STATUSES = ("created",)
OPEN_JET_STATUSES = ("created", "inprogress")


@dataclass
class ReturnsSummary(RunSummary):
    fetched: int = 0
    new: int = 0
    in_store: int = 0
    completed: int = 0
    failed: int = 0  # returns that could not be read (each skipped; the others went on)

    def headline(self) -> str:
        return (f"fetched {self.fetched} Jet return(s) ({self.new} new): {self.in_store} written to OpenCart, "
                f"{self.completed} completed in OpenCart")


def _read(client: JetClient, return_id: str, summary: ReturnsSummary) -> JetReturn | None:
    try:
        jet_return = jet_returns.get_return(client, return_id)
    except JetError as exc:
        summary.problems.append(f"return {return_id}: {exc}")
        return None
    try:
        ret, created = save_jet_return(jet_return)
    except UNREADABLE_DOCUMENT as exc:  # nothing of this return was saved; the others go on
        reason = str(exc) if isinstance(exc, JetValueError) else f"{type(exc).__name__}: {exc}"
        summary.failed += 1
        summary.problems.append(f"return {return_id}: {reason}")
        activity.record("return", f"Jet return {return_id} could not be read and was skipped: {reason}",
                        level="ERROR", return_id=return_id)
        return None
    summary.fetched += 1
    if created:
        summary.new += 1
        activity.record("return", f"Jet return {ret} received for order {ret.reference_order_id or ret.merchant_order_id}",
                        return_id=return_id, merchant_order_id=ret.merchant_order_id)
    note_jet_completion(ret)
    return ret


def fetch_returns(*, client: JetClient | None = None, gateway: StoreGateway | None = None) -> ReturnsSummary:
    """Re-delivers unfinished completions, saves returns Jet lists as created, re-reads the ones still open, writes
    each line as an OpenCart return once, and completes in OpenCart what Jet shows completed."""
    from jetcart.connector.jet_and_store import jet_client, store_gateway

    client = client or jet_client()
    gateway = gateway or store_gateway()
    summary = ReturnsSummary()
    deliver_open_messages(client=client, kinds=["return_complete"])
    seen: set[str] = set()
    for status in FETCHED_STATUSES:
        try:
            ids = jet_returns.list_return_ids(client, status)
        except JetError as exc:
            summary.problems.append(f"listing {status} returns: {exc}")
            continue
        for return_id in ids:
            if return_id not in seen:
                seen.add(return_id)
                _read(client, return_id, summary)
    stale = JetReturn.objects.filter(jet_status__in=OPEN_JET_STATUSES).exclude(
        merchant_return_authorization_id__in=seen).exclude(state=ReturnState.COMPLETING)
    for ret in stale.order_by("id")[:200]:
        _read(client, ret.merchant_return_authorization_id, summary)
    for ret in JetReturn.objects.filter(lines__store_return_id__isnull=True).distinct().order_by("id"):
        before = ret.lines.filter(store_return_id__isnull=False).count()
        try:
            summary.problems.extend(create_store_returns(ret, gateway=gateway))
        except StoreError as exc:
            summary.problems.append(f"return {ret}: {exc}")
            continue
        summary.in_store += ret.lines.filter(store_return_id__isnull=False).count() - before
    for ret in JetReturn.objects.filter(state=ReturnState.COMPLETED, store_completed=False).order_by("id"):
        try:
            if complete_store_returns(ret, gateway=gateway):
                summary.completed += 1
        except StoreError as exc:
            summary.problems.append(f"return {ret}: {exc}")
    return summary
