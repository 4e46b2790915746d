"""Lists the products of files Jet processed with errors; fetches errors, clears the list, resubmits."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect

from jetcart.connector.jet_and_store import GatewayNotConfigured
from jetcart.connector.models import RejectedFileProduct
from jetcart.connector.products.rejected_files import (
    clear_rejected_files,
    fetch_file_errors,
    resubmit_products,
)
from jetcart.connector.ui.site import render_page
from jetcart.jet.errors import JetError


def rejected_files_page(request):
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "fetch":
            try:
                messages.success(request, fetch_file_errors())
            except (GatewayNotConfigured, JetError) as exc:
                messages.error(request, f"Could not fetch the errors: {exc}")
        elif action == "clear":
            messages.success(request, f"Cleared {clear_rejected_files()} rows.")
        elif action == "resubmit":
            ids = [int(i) for i in request.POST.getlist("selected") if i.isdigit()]
            run = resubmit_products(rejected_ids=ids) if ids else None
            if run is None:
                messages.error(request, "Select the rows to resubmit.")
            else:
                return redirect("admin:jet-products:run", run.pk)
        return redirect("admin:jet-rejected-files:index")
    rows = RejectedFileProduct.objects.select_related("file").order_by("-id")
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render_page(request, "jetcart/products/rejected_files.html", {"page": page}, title="Uploaded Files Error")
