"""The Jet products pages (manual, "Jet Product"): the grid with its bulk actions, a run's progress, and the
product edit page with its tabs."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from decimal import Decimal, InvalidOperation
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from jetcart.connector.jet_and_store import GatewayNotConfigured
from jetcart.connector.mapping import store_catalog
from jetcart.connector.models import (
    CatalogProduct,
    JetConfiguration,
    JetListing,
    ListingKind,
    ListingStatus,
    ProductAction,
    ProductRun,
)
from jetcart.connector.products.exceptions import (
    CurrentExceptions,
    current_exceptions,
    product_data_on_jet,
    return_locations,
    send_returns_exception,
    send_shipping_exception,
)
from jetcart.connector.products.grid import PAGE_SIZES, SORTS, clean_filters, grid_page, range_problem
from jetcart.connector.products.listings import ChildFields, ListingEditError, update_child_fields
from jetcart.connector.products.runs import run_results
from jetcart.connector.products.snapshot import snapshot_needs_refresh, snapshot_ready
from jetcart.connector.products.tasks import refresh_snapshot_task, start_run
from jetcart.connector.ui.site import render_page
from jetcart.jet.errors import JetError
from jetcart.jet.models.products import ShippingExceptionInfo
from jetcart.jet.models.vocabulary import SERVICE_LEVELS, SHIPPING_METHODS

log = logging.getLogger(__name__)
BULK_ACTIONS = {
    "upload": ProductAction.UPLOAD, "archive": ProductAction.ARCHIVE, "unarchive": ProductAction.UNARCHIVE,
    "sync": ProductAction.SYNC, "status": ProductAction.STATUS,
}
TABS = [("shipping", "Shipping Exception"), ("returns", "Return Exception"), ("attributes", "Jet Attributes"),
        ("children", "Config Products"), ("on-jet", "Products Data On Jet")]


class GridFilters(forms.Form):
    name = forms.CharField(label="Product Name", required=False)
    model = forms.CharField(required=False)
    price = forms.CharField(required=False, help_text="e.g. 100 or 10-50")
    quantity = forms.CharField(required=False, help_text="e.g. 0 or 1-10")
    status = forms.ChoiceField(choices=[("", "All"), ("1", "Enabled"), ("0", "Disabled")], required=False)
    jet_status = forms.ChoiceField(label="Jet Status", choices=[("", "All"), *ListingStatus.choices], required=False)
    mapped = forms.ChoiceField(label="Categories", required=False,
                               choices=[("1", "Mapped to Jet"), ("all", "All store categories")])

    def clean_price(self) -> str:
        return _checked_range(self.cleaned_data.get("price") or "")

    def clean_quantity(self) -> str:
        return _checked_range(self.cleaned_data.get("quantity") or "")


def _checked_range(text: str) -> str:
    problem = range_problem(text) if text.strip() else None
    if problem:
        raise forms.ValidationError(problem)
    return text


def _image_base() -> str:
    base = settings.JETCART_STORE_WEB_URL
    return f"{base.rstrip('/')}/image/" if base else ""


def demo_incomplete_products() -> list[tuple[int, str, str]]:
    """Under `jetcart demo`: the demo products kept incomplete on purpose (id, name, what is missing)."""
    if getattr(settings, "JETCART_ROLE", "") != "demo":
        return []
    from jetcart.store.demo_catalog import DELIBERATELY_INCOMPLETE, PRODUCTS

    names = {product[0]: product[1] for product in PRODUCTS}
    return [(pid, names[pid], missing) for pid, missing in DELIBERATELY_INCOMPLETE.items()]


def products_grid(request):
    query = request.GET.copy()
    query.setdefault("mapped", "1")
    try:  # GET never writes: a stale snapshot is refreshed by a background task, the page shows the last one
        if snapshot_ready():
            if snapshot_needs_refresh():
                refresh_snapshot_task(False)
        else:  # the first full read of a large catalog takes minutes: in the background
            refresh_snapshot_task(True)
            if not snapshot_ready():
                messages.info(request, "Reading the store's catalog in the background; reload in a moment.")
    except GatewayNotConfigured as exc:
        messages.error(request, str(exc))
    except Exception as exc:  # the grid still shows the last snapshot; the reason is shown and logged
        log.exception("catalog snapshot refresh failed")
        messages.error(request, f"Could not read the store's changes: {exc}")
    filters = clean_filters(query)
    if filters.get("mapped") == "all":
        filters.pop("mapped")
    filter_form = GridFilters(query)
    if not filter_form.is_valid():  # an unreadable filter is shown next to its field, not silently dropped
        for key in filter_form.errors:
            filters.pop(key, None)
        messages.error(request, "A filter could not be read; it is marked below and was not applied.")
    sort = query.get("sort", "name")
    descending = query.get("order") == "desc"
    try:
        page_number = int(query.get("page", "1"))
        per_page = int(query.get("per_page", "50"))
    except ValueError:
        page_number, per_page = 1, 50
    page = grid_page(filters, sort=sort, descending=descending, page=page_number, per_page=per_page)
    keep = {k: v for k, v in query.items() if k not in ("page", "sort", "order") and v}
    sort_links = {
        key: "?" + urlencode({**keep, "sort": key, "order": "asc" if sort != key or descending else "desc"})
        for key in SORTS
    }
    page_link = "?" + urlencode({**keep, "sort": sort, "order": "desc" if descending else "asc"}) + "&page="
    return render_page(request, "jetcart/products/grid.html", {
        "filter_form": filter_form, "page": page, "sort": sort, "descending": descending,
        "sort_links": sort_links, "page_link": page_link, "page_sizes": PAGE_SIZES, "image_base": _image_base(),
        "filters": filters, "recent_runs": ProductRun.objects.all()[:5],
        "demo_incomplete": demo_incomplete_products(),
    }, title="Jet Products")


@require_POST
def bulk_action(request):
    action = BULK_ACTIONS.get(request.POST.get("action", ""))
    if action is None:
        messages.error(request, "Choose an action.")
        return redirect("admin:jet-products:index")
    scope = request.POST.get("scope", "selected")
    try:
        if scope == "all":
            filters = clean_filters(request.POST)
            if filters.get("mapped") == "all":
                filters.pop("mapped")
            run = start_run(action=action, filters=filters)
        else:
            ids = [int(i) for i in request.POST.getlist("selected") if i.isdigit()]
            if not ids:
                messages.error(request, "Select at least one product, or choose “all matching the filter”.")
                return redirect(request.POST.get("back") or "admin:jet-products:index")
            run = start_run(action=action, product_ids=ids)
    except (ValueError, GatewayNotConfigured) as exc:
        messages.error(request, str(exc))
        return redirect("admin:jet-products:index")
    return redirect("admin:jet-products:run", run.pk)


@require_POST
def refresh_catalog(request):
    try:
        refresh_snapshot_task(True)
        messages.success(request, "Re-reading the store's catalog in the background.")
    except Exception as exc:  # shown to the merchant; nothing else changes
        messages.error(request, f"Could not read the store: {exc}")
    return redirect("admin:jet-products:index")


def run_page(request, run_id: int):
    run = get_object_or_404(ProductRun, pk=run_id)
    errors_only = request.GET.get("errors") == "1"
    paginator = Paginator(run_results(run, errors_only=errors_only), 100)
    results = paginator.get_page(request.GET.get("page"))
    return render_page(request, "jetcart/products/run.html", {
        "run": run, "results": results, "errors_only": errors_only, "refresh": not run.is_finished,
    }, title=f"{run.get_action_display()} — progress")


class ShippingExceptionForm(forms.Form):
    shipping_method = forms.ChoiceField(label="Shipping method", required=False,
                                        choices=[("", "Please Select an Option")]
                                        + [(m, m) for m in sorted(SHIPPING_METHODS)])
    service_level = forms.ChoiceField(label="Service level", required=False,
                                      choices=[("", "Please Select an Option")]
                                      + [(s, s) for s in sorted(SERVICE_LEVELS)])
    override_type = forms.ChoiceField(label="Override type", required=False, choices=[
        ("", "Please Select an Option"), ("Override charge", "Override charge"),
        ("Additional charge", "Additional charge")])
    shipping_charge_amount = forms.CharField(label="Shipping charge amount", required=False, initial="0",
                                             help_text="In dollars, 0 or more; sent with an override type.")
    shipping_exception_type = forms.ChoiceField(label="Shipping Exception", choices=[
        ("", "Please Select an Option"), ("exclusive", "Exclusive (only this method)"),
        ("restricted", "Restricted (never this method)")])

    def clean(self):
        data = super().clean()
        if bool(data.get("shipping_method")) == bool(data.get("service_level")):
            raise forms.ValidationError("Choose either a shipping method or a service level.")
        if not data.get("shipping_exception_type"):
            self.add_error("shipping_exception_type", "Choose exclusive or restricted.")
        amount = (data.get("shipping_charge_amount") or "").strip()
        data["charge"] = None
        if amount:
            try:
                charge = Decimal(amount)
            except InvalidOperation:
                self.add_error("shipping_charge_amount", "Enter the amount, e.g. 3.25.")
                return data
            if not charge.is_finite() or charge < 0:
                self.add_error("shipping_charge_amount", "Enter 0 or more: Jet takes no negative charge.")
            elif charge.as_tuple().exponent < -2:
                self.add_error("shipping_charge_amount", "Enter at most 2 decimals (cents).")
            elif data.get("override_type"):
                data["charge"] = charge
            elif charge:
                self.add_error("override_type", "Choose how the charge applies, or set the amount to 0.")
        return data


class ReturnsExceptionForm(forms.Form):
    return_location_ids = forms.MultipleChoiceField(label="Return locations", widget=forms.CheckboxSelectMultiple,
                                                    help_text="Where Jet sends returns of this product.")
    time_to_return = forms.IntegerField(label="Days to return", required=False, min_value=1, max_value=30)

    def __init__(self, *args, locations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["return_location_ids"].choices = [(loc.location_id, loc.label) for loc in locations]


def _short(size: int) -> forms.TextInput:
    return forms.TextInput(attrs={"size": size})


class ChildForm(forms.Form):
    merchant_sku = forms.CharField(label="Merchant SKU", max_length=50, widget=_short(16))
    upc = forms.CharField(label="UPC", required=False, max_length=12, widget=_short(12))
    ean = forms.CharField(label="EAN", required=False, max_length=13, widget=_short(13))
    asin = forms.CharField(label="ASIN", required=False, max_length=10, widget=_short(10))
    mfr_part_number = forms.CharField(label="MPN", required=False, max_length=50, widget=_short(14))


def _option_labels(product_id: int) -> dict[int, str]:
    """product_option_value_id → "Color: Blue", from the store (empty when it cannot be read)."""
    try:
        product = store_catalog.product(product_id)
    except Exception:  # the labels are a convenience; the ids are shown instead
        log.warning("could not read product %s for its option labels", product_id, exc_info=True)
        return {}
    if product is None:
        return {}
    return {v.product_option_value_id: f"{o.name}: {v.name}" for o in product.options for v in o.values}


def _apply_outcomes(request, form: forms.Form, outcomes) -> bool:
    """Reports each SKU's outcome; a refusal goes next to the form's field it names. True when all succeeded."""
    for outcome in outcomes:
        if outcome.ok:
            messages.success(request, f"{outcome.merchant_sku}: {outcome.message}")
            continue
        who = f"{outcome.merchant_sku}: " if outcome.merchant_sku else ""
        for name, message in outcome.problems or (("", outcome.message),):
            form.add_error(name if name in form.fields else None, f"{who}{message}")
    return all(outcome.ok for outcome in outcomes)


def _locations(request) -> list:
    """The merchant's return locations from Jet (an error message and none when Jet cannot be asked)."""
    try:
        return return_locations()
    except (GatewayNotConfigured, JetError) as exc:
        messages.error(request, f"Your return locations could not be read from Jet: {exc}")
        return []


def _shipping_initial(current: CurrentExceptions) -> dict:
    entry = current.shipping[0] if current.shipping else ShippingExceptionInfo()
    initial = {key: getattr(entry, key) or "" for key in ("shipping_method", "service_level", "override_type",
                                                          "shipping_exception_type")}
    if entry.shipping_charge_amount is not None:
        initial["shipping_charge_amount"] = entry.shipping_charge_amount
    return initial


@dataclass
class EditForms:
    """The edit page's forms as a POST left them (bound, with their errors); None: shown fresh."""

    shipping: ShippingExceptionForm | None = None
    returns: ReturnsExceptionForm | None = None
    locations: list = dataclass_field(default_factory=list)
    children: dict[int, ChildForm] = dataclass_field(default_factory=dict)


def _save_shipping(request, product_id: int, forms_: EditForms) -> bool:
    """The Shipping Exception form: sent to Jet for every SKU of the product; True when Jet took it for all."""
    form = forms_.shipping = ShippingExceptionForm(request.POST, prefix="ship")
    if not form.is_valid():
        return False
    d = form.cleaned_data
    return _apply_outcomes(request, form, send_shipping_exception(
        product_id=product_id, shipping_method=d["shipping_method"], service_level=d["service_level"],
        exception_type=d["shipping_exception_type"], override_type=d["override_type"], charge=d["charge"]))


def _save_returns(request, product_id: int, forms_: EditForms) -> bool:
    """The Return Exception form: sent to Jet for every SKU of the product; True when Jet took it for all."""
    forms_.locations = _locations(request)
    form = forms_.returns = ReturnsExceptionForm(request.POST, prefix="ret", locations=forms_.locations)
    if not form.is_valid():
        return False
    d = form.cleaned_data
    return _apply_outcomes(request, form, send_returns_exception(
        product_id=product_id, return_location_ids=d["return_location_ids"], time_to_return=d["time_to_return"]))


def _save_child(request, product_id: int, forms_: EditForms) -> bool:
    """One Config Products row: the child's SKU and identifiers, saved in one transaction (`update_child_fields`)."""
    listing = get_object_or_404(JetListing, pk=request.POST.get("listing"), product_id=product_id)
    form = forms_.children[listing.pk] = ChildForm(request.POST, prefix=f"child-{listing.pk}")
    if not form.is_valid():
        return False
    try:
        update_child_fields(listing_id=listing.pk, fields=ChildFields(**form.cleaned_data))
    except ListingEditError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        return False
    messages.success(request, f"Saved {form.cleaned_data['merchant_sku']}.")
    return True


# The edit page's forms (the POST's "form" field): the tab each belongs to, and its save.
EDIT_FORMS = {"shipping": ("shipping", _save_shipping), "returns": ("returns", _save_returns),
              "child": ("children", _save_child)}


def product_edit(request, product_id: int):
    """The product edit page: a POST saves one of its forms (a redirect when saved), else the page with its tabs."""
    product = CatalogProduct.objects.filter(pk=product_id).first()
    if product is None:
        raise Http404("No such product in the catalog snapshot")
    tab = request.GET.get("tab", "shipping")
    if tab not in dict(TABS):
        tab = "shipping"
    bound = EditForms()
    if request.method == "POST" and request.POST.get("form") in EDIT_FORMS:
        tab, save = EDIT_FORMS[request.POST["form"]]
        if save(request, product_id, bound):
            return redirect(f"{request.path}?tab={tab}")
    return _edit_page(request, product, tab, bound)


def _edit_page(request, product: CatalogProduct, tab: str, bound: EditForms):
    listings = list(JetListing.objects.filter(product_id=product.pk))
    current, shipping_form, returns_form = _exception_forms(request, product.pk, tab, bound)
    on_jet = []
    if tab == "on-jet":
        try:
            on_jet = product_data_on_jet(product.pk)
        except GatewayNotConfigured as exc:
            messages.error(request, str(exc))
    config = JetConfiguration.load()
    return render_page(request, "jetcart/products/edit.html", {
        "product": product, "listings": listings, "child_rows": _child_rows(product.pk, listings, tab, bound),
        "tab": tab, "tabs": TABS,
        "shipping_form": shipping_form, "returns_form": returns_form, "on_jet": on_jet, "current": current,
        "attributes_url": reverse("admin:jet-field-mapping:product-attributes", args=[product.pk]),
        "node_id": config.fulfillment_node_id, "image_base": _image_base(),
    }, title=f"Edit Product: {product.name}")


def _exception_forms(request, product_id: int, tab: str, bound: EditForms):
    """On the exception tabs: what Jet holds now, and the form (as posted, or filled from Jet's values)."""
    current, shipping_form, returns_form = None, bound.shipping, bound.returns
    if tab == "shipping":
        current = current_exceptions(product_id)
        shipping_form = shipping_form or ShippingExceptionForm(prefix="ship", initial=_shipping_initial(current))
    elif tab == "returns":
        current = current_exceptions(product_id, returns=True)
        if returns_form is None:
            returns_form = ReturnsExceptionForm(prefix="ret", locations=_locations(request), initial={
                "return_location_ids": current.return_location_ids, "time_to_return": current.time_to_return})
    return current, shipping_form, returns_form


def _child_rows(product_id: int, listings: list[JetListing], tab: str, bound: EditForms) -> list:
    """Each child SKU with its option labels and its row's form (as posted, or filled from the listing)."""
    children = [li for li in listings if li.kind == ListingKind.CHILD]
    labels = _option_labels(product_id) if children and tab == "children" else {}
    rows = []
    for li in children:
        li.option_labels = [labels.get(int(i), str(i)) for i in li.option_value_ids]
        form = bound.children.get(li.pk) or ChildForm(initial={
            "merchant_sku": li.merchant_sku, "upc": li.upc, "ean": li.ean, "asin": li.asin,
            "mfr_part_number": li.mfr_part_number}, prefix=f"child-{li.pk}")
        for field in form.fields.values():  # the inputs sit in table cells; each row's form is outside the table
            field.widget.attrs["form"] = f"child-{li.pk}"
        rows.append((li, form))
    return rows
