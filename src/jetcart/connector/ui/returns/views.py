"""The returns grid (Fetch Returns) and one return's view/complete page."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse

from jetcart.connector.models import JetReturn, ReturnState
from jetcart.connector.operations.sandbox_portal import partner_portal_url
from jetcart.connector.returns.complete import CompletionInvalid, complete_return
from jetcart.connector.returns.fetch import fetch_returns
from jetcart.connector.returns.selectors import return_rows
from jetcart.connector.ui.page_errors import CALL_FAILURES, show_problems
from jetcart.connector.ui.returns.forms import CompletionForm
from jetcart.connector.ui.site import render_page


def returns_page(request):
    if request.method == "POST":
        try:
            summary = fetch_returns()
        except CALL_FAILURES as exc:
            messages.error(request, f"Nothing more was done: {exc}")
        else:
            report = messages.warning if summary.problems else messages.success
            report(request, summary.line().capitalize() + ".")
        return redirect(request.get_full_path())
    page = Paginator(return_rows(), 50).get_page(request.GET.get("page"))
    return render_page(request, "jetcart/returns/index.html", {"page": page, "portal_url": partner_portal_url()},
                       title="Product Returns")


def _report(request, ret: JetReturn) -> None:
    if ret.state == ReturnState.COMPLETED:
        messages.success(request, f"Return {ret} completed on Jet; it is now completed by merchant.")
    elif ret.state == ReturnState.REFUSED:
        messages.error(request, f"Jet refused the completion of return {ret}: {ret.last_error}")
    else:
        messages.warning(request, f"Jet did not answer for return {ret}; jetcart will check Jet and finish it on the "
                                  "next run (it is never sent twice).")


def return_page(request, pk: int):
    ret = get_object_or_404(JetReturn.objects.select_related("order"), pk=pk)
    form = CompletionForm(request.POST or None, ret=ret)
    if request.method == "POST" and ret.can_complete and form.is_valid():
        try:
            ret = complete_return(ret=ret, data=form.completion_input())
        except CompletionInvalid as exc:
            show_problems(form, exc.errors)
        except CALL_FAILURES as exc:
            form.add_error(None, f"Nothing was sent: {exc}")
        else:
            _report(request, ret)
            return redirect(reverse("admin:jet-returns:detail", args=[ret.pk]))
    elif request.method == "POST" and ret.can_complete:
        messages.error(request, "Please correct the fields marked below; nothing was sent to Jet.")
    elif request.method == "POST":
        messages.error(request, f"Return {ret} is {ret.get_state_display()}; it cannot be completed again.")
        return redirect(reverse("admin:jet-returns:detail", args=[ret.pk]))
    return render_page(request, "jetcart/returns/detail.html", {"ret": ret, "form": form},
                       title=f"Jet return {ret}")
