"""Partner-portal pages. In the full app only logged-in staff see them; the standalone sandbox (a local
rehearsal tool, JETCART_ROLE=sandbox) serves them openly."""

from __future__ import annotations

from functools import wraps
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from jetcart.sandbox.clock import merchant_now
from jetcart.sandbox.models import Merchant, Order
from jetcart.sandbox.orders.generator import generate_orders as make_orders
from jetcart.sandbox.returns.state import generate_return as make_return
from jetcart.sandbox.transport.errors import JetError
from jetcart.sandbox.validate import is_count

LOGIN_PATH = "/login/"
PORTAL_PERMISSION = "connector.administer_jet"


def portal_access(view):
    @wraps(view)
    def guarded(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        standalone = getattr(settings, "JETCART_ROLE", "app") == "sandbox"
        if not standalone and not (request.user.is_authenticated and request.user.is_staff):
            return HttpResponseRedirect(f"{LOGIN_PATH}?next={quote(request.get_full_path())}")
        if not standalone and not request.user.has_perm(PORTAL_PERMISSION):  # the portal shows API secrets
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return guarded


def _api_base(request: HttpRequest) -> str:
    path = request.path
    return request.build_absolute_uri(path[: path.index("/portal/")])


@portal_access
def home(request: HttpRequest) -> HttpResponse:
    merchants = Merchant.objects.order_by("-is_demo", "id")[:50]
    if len(merchants) == 1:
        return redirect("sandbox:portal-merchant", merchant_id=merchants[0].merchant_id)
    return render(request, "sandbox/portal_home.html", {"merchants": merchants, "api_base": _api_base(request)})


@portal_access
def merchant_page(request: HttpRequest, merchant_id: str) -> HttpResponse:
    merchant = get_object_or_404(Merchant, merchant_id=merchant_id)
    orders = Order.objects.filter(merchant=merchant).order_by("-created_at")[:20]
    context = {
        "merchant": merchant, "api_base": _api_base(request),
        "nodes": merchant.nodes.order_by("id"), "locations": merchant.return_locations.order_by("id"),
        "orders": [{"id": o.merchant_order_id, "reference": o.document["reference_order_id"], "status": o.status,
                    "shipped": any(o.document["_sandbox"]["shipped"].values())} for o in orders],
        "sku_count": merchant.skus.count(), "now": merchant_now(merchant),
    }
    return render(request, "sandbox/portal_merchant.html", context)


@require_POST
@portal_access
def generate_orders(request: HttpRequest, merchant_id: str) -> HttpResponse:
    merchant = get_object_or_404(Merchant, merchant_id=merchant_id)
    count = request.POST.get("count", "1")
    try:
        made = make_orders(merchant, int(count) if is_count(count) else 0, {}, merchant_now(merchant))
        messages.success(request, f"{len(made)} order(s) generated.")
    except JetError as error:
        messages.error(request, "; ".join(error.errors))
    return redirect("sandbox:portal-merchant", merchant_id=merchant_id)


@require_POST
@portal_access
def generate_return(request: HttpRequest, merchant_id: str) -> HttpResponse:
    merchant = get_object_or_404(Merchant, merchant_id=merchant_id)
    order = get_object_or_404(Order, merchant=merchant, merchant_order_id=request.POST.get("order_id", ""))
    try:
        created = make_return(merchant, order, merchant_now(merchant))
        order.save(update_fields=["document"])
        messages.success(request, f"Return {created.document['reference_return_authorization_id']} generated.")
    except JetError as error:
        messages.error(request, "; ".join(error.errors))
    return redirect("sandbox:portal-merchant", merchant_id=merchant_id)
