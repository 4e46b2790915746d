"""The refunds grid (check status), create refund (pick the order, then the form) and one refund's page."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse

from jetcart.connector.models import JetRefund, RefundState
from jetcart.connector.refunds.create import RefundInvalid, create_refund, refundable_orders
from jetcart.connector.refunds.follow import follow_refunds
from jetcart.connector.refunds.selectors import refund_rows
from jetcart.connector.ui.page_errors import CALL_FAILURES, show_problems
from jetcart.connector.ui.refunds.forms import PickOrderForm, RefundForm
from jetcart.connector.ui.site import render_page


def refunds_page(request):
    if request.method == "POST":
        try:
            summary = follow_refunds()
        except CALL_FAILURES as exc:
            messages.error(request, f"Nothing more was done: {exc}")
        else:
            (messages.warning if summary.problems else messages.success)(request, summary.line().capitalize() + ".")
        return redirect(request.get_full_path())
    page = Paginator(refund_rows(), 50).get_page(request.GET.get("page"))
    return render_page(request, "jetcart/refunds/index.html", {"page": page}, title="Refunds")


def _report(request, refund: JetRefund) -> None:
    if refund.state == RefundState.REFUSED:
        messages.error(request, f"Jet refused refund {refund}: {refund.last_error}")
    elif refund.state == RefundState.SENDING:
        messages.warning(request, f"Jet did not answer for refund {refund}; jetcart will check Jet and finish it on "
                                  "the next run (it is never sent twice).")
    else:
        messages.success(request, f"Refund {refund} of ${refund.amount:.2f} sent to Jet: {refund.get_state_display()}.")


def create_refund_page(request):
    order_id = request.GET.get("order")
    if not order_id:
        pick = PickOrderForm(request.GET if "order" in request.GET else None)
        return render_page(request, "jetcart/refunds/pick.html", {"form": pick}, title="Create refund")
    order = get_object_or_404(refundable_orders(), pk=order_id)
    form = RefundForm(request.POST or None, order=order)
    if request.method == "POST" and form.is_valid():
        try:
            refund = create_refund(order=order, data=form.refund_input(), alt_refund_id=form.alt_refund_id)
        except RefundInvalid as exc:
            show_problems(form, exc.errors)
        except CALL_FAILURES as exc:
            form.add_error(None, f"Nothing was sent: {exc}")
        else:
            _report(request, refund)
            return redirect(reverse("admin:jet-refunds:detail", args=[refund.pk]))
    elif request.method == "POST":
        messages.error(request, "Please correct the fields marked below; nothing was sent to Jet.")
    return render_page(request, "jetcart/refunds/create.html", {"order": order, "form": form},
                       title=f"Create refund for order {order}")


def refund_page(request, pk: int):
    refund = get_object_or_404(JetRefund.objects.select_related("order"), pk=pk)
    return render_page(request, "jetcart/refunds/detail.html", {"refund": refund}, title=f"Jet refund {refund}")
