"""HTTP handlers of /settlement/… and /reports/…."""

from __future__ import annotations

from datetime import timedelta

from jetcart.jet.models.vocabulary import ReportType, match_folded
from jetcart.jet.timestamps import jet_utc
from jetcart.sandbox import ids
from jetcart.sandbox import messages as m
from jetcart.sandbox.config import tunable
from jetcart.sandbox.files import blobs
from jetcart.sandbox.models import Report, Sku
from jetcart.sandbox.settlement import state
from jetcart.sandbox.transport.errors import BadRequest, NotFound
from jetcart.sandbox.transport.router import Call

MAX_SETTLEMENT_DAYS = 36_500
"""Longest look-back [G]: a century, far beyond Jet's five years, short of any date arithmetic overflow."""


def list_reports(call: Call):
    days = call.args["days"]
    digits = days.lstrip("0")
    if not (days.isascii() and days.isdigit() and digits):
        raise BadRequest(m.SETTLEMENT_DAYS)
    if len(digits) > 6 or int(digits) > MAX_SETTLEMENT_DAYS:
        raise BadRequest(m.SETTLEMENT_DAYS_RANGE.format(maximum=MAX_SETTLEMENT_DAYS))
    starts = state.periods(call.merchant, call.now, int(digits))
    return {"settlement_report_urls": [f"/settlement/report/{state.report_id(call.merchant, s)}" for s in starts]}


def _period(call: Call):
    start = state.find_period(call.merchant, call.now, call.args["report_id"])
    if start is None:
        raise NotFound(m.SETTLEMENT_NOT_FOUND.format(report_id=call.args["report_id"]))
    return start


def get_report(call: Call):
    return state.report(call.merchant, _period(call), call.now)


def get_report_orders(call: Call):
    return {"orders": state.report_orders(call.merchant, _period(call))}


def get_report_returns(call: Call):
    return {"returns": state.report_returns(call.merchant, _period(call))}


def _content(call: Call, report_type: str) -> list[dict]:
    if report_type == "ProductStatus":
        rows = Sku.objects.filter(merchant=call.merchant).order_by("id").values_list("merchant_sku", "status",
                                                                                      "sub_status")
        return [{"merchant_sku": s, "status": st, "sub_status": sub} for s, st, sub in rows]
    if report_type == "SalesData":
        totals: dict[str, int] = {}
        for document in call.merchant.orders.values_list("document", flat=True):
            for item in document["order_items"]:
                totals[item["merchant_sku"]] = totals.get(item["merchant_sku"], 0) + item["request_order_quantity"]
        return [{"merchant_sku": sku, "units_ordered": units} for sku, units in sorted(totals.items())]
    return [state.report(call.merchant, start, call.now) for start in state.periods(call.merchant, call.now, 90)]


def post_report(call: Call):
    report_type = match_folded(call.args["report_type"], ReportType)
    if report_type is None:
        raise BadRequest(m.REPORT_TYPE.format(choices=", ".join(ReportType)))
    report_type = str(report_type)
    delay = timedelta(seconds=float(tunable(call.merchant, "report_delay")))
    report = Report.objects.create(merchant=call.merchant, report_id=ids.jet_id(), report_type=report_type,
                                   requested_at=call.now, ready_at=call.now + delay, content=_content(call, report_type))
    return {"report_id": report.report_id}


def get_report_state(call: Call):
    report = Report.objects.filter(merchant=call.merchant, report_id=call.args["report_id"].lower()).first()
    if report is None:
        raise NotFound(m.REPORT_NOT_FOUND.format(report_id=call.args["report_id"]))
    ready = call.now >= report.ready_at
    shown = {"merchant_id": call.merchant.merchant_id, "report_id": report.report_id,
             "report_type": report.report_type, "report_status": "Ready" if ready else "Requested",
             "report_requested_date": jet_utc(report.requested_at),
             "processing_start": jet_utc(report.requested_at), "processing_end": None, "report_url": None,
             "report_expiration_date": None}
    if ready:
        expires = report.ready_at + timedelta(days=7)
        shown.update({"processing_end": jet_utc(report.ready_at), "report_expiration_date": jet_utc(expires),
                      "report_url": blobs.signed_url(call.base_url, "reports", report.report_id, expires, "r")})
    return shown


def get_report_file(call: Call):
    from jetcart.sandbox.files.views import BlobError

    report_id = call.args["report_id"].lower()
    if blobs.check_signature("reports", report_id, call.request.GET, "r") is None:
        raise BlobError(m.BLOB_SIGNATURE)
    report = Report.objects.filter(report_id=report_id).first()
    if report is None:
        raise NotFound(m.REPORT_NOT_FOUND.format(report_id=report_id))
    return report.content
