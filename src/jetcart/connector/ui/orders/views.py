"""The orders grid (fetch, acknowledge), one order's page (lines, shipments, cancel) and the shipment form."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse

from jetcart.connector.models import JetOrder, ShipmentState
from jetcart.connector.operations.sandbox_portal import partner_portal_url
from jetcart.connector.orders.acknowledge import acknowledge_orders
from jetcart.connector.orders.fetch import fetch_orders
from jetcart.connector.orders.selectors import acknowledge_deadline, can_ship, order_grid
from jetcart.connector.orders.ship import ShipmentInvalid, cancel_order, open_units, ship_order
from jetcart.connector.ui.orders.forms import OrderFilterForm, ShipmentForm
from jetcart.connector.ui.page_errors import CALL_FAILURES, show_problems
from jetcart.connector.ui.site import render_page


def _report_acknowledgements(request, result) -> None:
    if result.acknowledged or result.rejected or result.already:
        messages.success(request, f"Acknowledgement: {result.summary()}.")
    if result.pending:
        messages.warning(request, f"Jet did not answer for {', '.join(result.pending)}; jetcart will check Jet and "
                                  "finish on the next run (nothing is sent twice).")
    for problem in result.refused:
        messages.error(request, problem)


def orders_page(request):
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "fetch":
                summary = fetch_orders()
                line = summary.line()
                messages.success(request, line[:1].upper() + line[1:] + ".")
            elif action == "acknowledge":
                ids = [int(x) for x in request.POST.getlist("selected") if x.isdigit()]
                if not ids:
                    messages.error(request, "Select the orders to acknowledge first.")
                else:
                    _report_acknowledgements(request, acknowledge_orders(
                        orders=list(JetOrder.objects.filter(pk__in=ids).order_by("id"))))
        except CALL_FAILURES as exc:
            messages.error(request, f"Nothing more was done: {exc}")
        return redirect(request.get_full_path())
    filter_form = OrderFilterForm(request.GET or None)
    page = Paginator(order_grid(filter_form.filters()), 50).get_page(request.GET.get("page"))
    rows = [{"order": o, "deadline": acknowledge_deadline(o), "can_ship": can_ship(o)} for o in page]
    return render_page(request, "jetcart/orders/index.html",
                       {"filter_form": filter_form, "page": page, "rows": rows,
                        "portal_url": partner_portal_url()}, title="Jet orders")


def order_page(request, pk: int):
    order = get_object_or_404(JetOrder, pk=pk)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "acknowledge":
                _report_acknowledgements(request, acknowledge_orders(orders=[order]))
            elif action == "cancel":
                token = request.POST.get("token") or uuid.uuid4().hex
                shipment = cancel_order(order=order, alt_shipment_id=f"{order.store_order_id or 'J'}-X{token[:11]}")
                _report_shipment(request, shipment, "Cancellation")
        except ShipmentInvalid as exc:
            for problems in exc.errors.values():
                for problem in problems:
                    messages.error(request, problem)
        except CALL_FAILURES as exc:
            messages.error(request, f"Nothing more was done: {exc}")
        return redirect(request.path)
    context = {"order": order, "lines": order.lines.all(), "shipments": order.shipments.all(),
               "deadline": acknowledge_deadline(order), "can_ship": can_ship(order),
               "has_open_units": any(open_units(order).values()), "token": uuid.uuid4().hex}
    return render_page(request, "jetcart/orders/detail.html", context, title=f"Jet order {order}")


def _report_shipment(request, shipment, what: str) -> None:
    if shipment.state == ShipmentState.CONFIRMED:
        messages.success(request, f"{what} {shipment.alt_shipment_id} confirmed by Jet.")
    elif shipment.state == ShipmentState.FAILED:
        messages.error(request, f"Jet refused {what.lower()} {shipment.alt_shipment_id}: {shipment.last_error}")
    else:
        messages.warning(request, f"Jet did not answer for {what.lower()} {shipment.alt_shipment_id}; jetcart will "
                                  "check Jet and finish it on the next run (it is never sent twice).")


def ship_page(request, pk: int):
    order = get_object_or_404(JetOrder, pk=pk)
    if not can_ship(order):
        messages.error(request, f"Order {order} cannot be shipped: it is {order.jet_status} on Jet"
                                f"{'' if order.store_order_id else ' and not created in OpenCart'}.")
        return redirect(reverse("admin:jet-orders:detail", args=[order.pk]))
    form = ShipmentForm(request.POST or None, order=order)
    if request.method == "POST" and form.is_valid():
        try:
            shipment = ship_order(order=order, data=form.shipment_input(), alt_shipment_id=form.alt_shipment_id)
        except ShipmentInvalid as exc:
            show_problems(form, exc.errors)
        except CALL_FAILURES as exc:
            form.add_error(None, f"Nothing was sent: {exc}")
        else:
            _report_shipment(request, shipment, "Shipment")
            return redirect(reverse("admin:jet-orders:detail", args=[order.pk]))
    elif request.method == "POST":
        messages.error(request, "Please correct the fields marked below; nothing was sent to Jet.")
    return render_page(request, "jetcart/orders/ship.html", {"order": order, "form": form},
                       title=f"Ship Jet order {order}")
