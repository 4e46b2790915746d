"""Rejected Files: read back the status and errors of bulk files Jet has not finished with, link each file
with errors to the products it carried, clear the list, and resubmit the products once fixed."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q
from django.utils import timezone

from jetcart.connector.jet_and_store import jet_client
from jetcart.connector.models import JetFile, ProductAction, ProductRun, RejectedFileProduct
from jetcart.connector.products.file_outcomes import apply_outcomes
from jetcart.connector.products.jet_files import record_file_status
from jetcart.connector.products.runs import RunReporter, create_run
from jetcart.connector.products.snapshot import update_product_statuses
from jetcart.connector.products.tasks import enqueue_run
from jetcart.jet.models.files import FILE_FINAL_STATUSES

FINAL = {s.value for s in FILE_FINAL_STATUSES}


def fetch_file_errors(reporter: RunReporter | None = None) -> str:
    """Polls every file not yet final or not yet applied, and records its outcome on the listings."""
    client = jet_client()
    files = list(JetFile.objects.filter(Q(applied=False) | ~Q(status__in=FINAL)).order_by("id"))
    touched: set[int] = set()
    finished = rejected = 0
    for file in files:
        status = client.files.get(file.jet_file_id)
        outcome = record_file_status(file, status, client)
        if outcome.final:
            finished += 1
            apply_outcomes([outcome], archived=None)
            touched.update(outcome.manifest.values())
            if outcome.errors or outcome.general_errors:
                rejected += 1
    if touched:
        update_product_statuses(touched)
    if reporter is not None:
        reporter.set_total(len(files))
        reporter.flush()
    total = RejectedFileProduct.objects.count()
    return f"{len(files)} files checked, {finished} processed, {rejected} with errors; {total} rejected products listed"


def clear_rejected_files() -> int:
    """Empties the Rejected Files list (the files' history stays)."""
    deleted, _ = RejectedFileProduct.objects.all().delete()
    return deleted


def resubmit_products(*, rejected_ids: Iterable[int]) -> ProductRun | None:
    """Uploads again the products of the chosen Rejected Files rows (after the merchant fixed them)."""
    rows = RejectedFileProduct.objects.filter(pk__in=list(rejected_ids))
    product_ids = sorted(set(rows.values_list("product_id", flat=True)))
    if not product_ids:
        return None
    run = create_run(action=ProductAction.UPLOAD, product_ids=product_ids)
    rows.update(resubmitted_at=timezone.now())
    enqueue_run(run)
    return run


def errors_run(run: ProductRun, reporter: RunReporter) -> str:
    return fetch_file_errors(reporter)


