"""Edits which store field fills each Jet product field, and maps store options to Jet variant attributes."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from jetcart.connector.mapping import fields as field_mapping
from jetcart.connector.mapping import options as option_mapping
from jetcart.connector.ui.site import render_page


def field_mapping_page(request):
    rows, errors = None, {}
    if request.method == "POST":
        if "reset" in request.POST:
            field_mapping.reset_field_mappings()
            messages.success(request, "Field mappings are back to the defaults.")
            return redirect(request.path)
        typed = {name: (request.POST[f"source-{name}"], request.POST.get(f"fixed-{name}", ""))
                 for name in field_mapping.JET_FIELDS_BY_NAME if f"source-{name}" in request.POST}
        try:
            field_mapping.save_field_mappings(typed)
        except field_mapping.FieldMappingsRefused as exc:
            rows, errors = exc.rows, exc.errors
            messages.error(request, "Nothing was saved: correct the fields marked below.")
        else:
            messages.success(request, "Field mappings saved.")
            return redirect(request.path)
    return render_page(request, "jetcart/field_mapping/index.html", {
        "rows": rows or field_mapping.field_mappings(), "store_fields": field_mapping.STORE_FIELDS, "errors": errors,
    }, title="Product's fields mapping")


def option_mapping_page(request):
    if request.method == "POST":
        try:
            option_id = int(request.POST.get("option_id", "0"))
            values = {int(key[6:]): value for key, value in request.POST.items() if key.startswith("value-")}
            done = option_mapping.save_option_mapping(option_id=option_id,
                                                      jet_attribute=request.POST.get("jet_attribute"), values=values)
        except (ValueError, option_mapping.OptionMappingError) as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, done)
        return redirect(request.path)
    try:
        rows = option_mapping.option_mapping_rows()
        store_error = ""
    except Exception as exc:  # noqa: BLE001 - the store may be unreachable; say so on the page
        rows, store_error = [], f"The store could not be read: {exc}"
    attributes = option_mapping.variant_attributes()
    allowed = {}
    for row in rows:
        if row.mapping:
            allowed[row.option.option_id] = option_mapping.allowed_values(row.mapping.jet_attribute)
    return render_page(request, "jetcart/field_mapping/options.html", {
        "rows": [(row, allowed.get(row.option.option_id)) for row in rows],
        "attributes": attributes,
        "suggestions": option_mapping.suggest_option_mappings() if not store_error else [],
        "store_error": store_error,
    }, title="Options to Jet variants")


@require_POST
def accept_option_suggestions(request):
    wanted = set(request.POST.getlist("suggestion"))
    suggestions = [s for s in option_mapping.suggest_option_mappings() if not wanted or s.key in wanted]
    try:
        saved = option_mapping.accept_suggestions(suggestions)
    except option_mapping.OptionMappingError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Accepted {saved} suggested mapping(s).")
    return redirect("admin:jet-field-mapping:options")
