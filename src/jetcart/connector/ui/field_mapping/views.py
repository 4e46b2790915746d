"""Edits which store field fills each Jet product field, and maps store options to Jet variant attributes."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from jetcart.connector import field_mapping, option_mapping
from jetcart.connector.models import FieldSource
from jetcart.connector.ui.site import render_page


def field_mapping_page(request):
    rows = field_mapping.field_mappings()
    errors: dict[str, str] = {}
    if request.method == "POST":
        if "reset" in request.POST:
            field_mapping.reset_field_mappings()
            messages.success(request, "Field mappings are back to the defaults.")
            return redirect(request.path)
        for row in rows:
            name = row.field.name
            choice = request.POST.get(f"source-{name}", "")
            fixed = request.POST.get(f"fixed-{name}", "")
            if choice == FieldSource.FIXED:
                source, store_field = FieldSource.FIXED, ""
            elif choice == FieldSource.NONE:
                source, store_field = FieldSource.NONE, ""
            else:
                source, store_field = FieldSource.STORE, choice.removeprefix("store:")
            unchanged = (source == row.source and store_field == row.store_field
                         and (source != FieldSource.FIXED or fixed.strip() == row.fixed_value))
            if unchanged:
                continue
            try:
                field_mapping.set_field_mapping(jet_field=name, source=source, store_field=store_field,
                                                fixed_value=fixed)
            except field_mapping.FieldMappingError as exc:
                errors[name] = exc.message
        if errors:
            messages.error(request, "Some fields were not saved; see the messages beside them.")
        else:
            messages.success(request, "Field mappings saved.")
            return redirect(request.path)
        rows = field_mapping.field_mappings()
    return render_page(request, "jetcart/field_mapping/index.html", {
        "rows": rows, "store_fields": field_mapping.STORE_FIELDS, "errors": errors, "posted": request.POST,
    }, title="Product's fields mapping")


def option_mapping_page(request):
    if request.method == "POST":
        try:
            option_id = int(request.POST.get("option_id", "0"))
            if "jet_attribute" in request.POST:
                attribute = request.POST.get("jet_attribute", "")
                if attribute.isdigit():
                    option_mapping.map_option(option_id=option_id, jet_attribute_id=int(attribute))
                else:
                    option_mapping.unmap_option(option_id=option_id)
            for key, value in request.POST.items():
                if key.startswith("value-"):
                    option_mapping.map_option_value(option_id=option_id, option_value_id=int(key[6:]),
                                                    jet_value=value)
        except (ValueError, option_mapping.OptionMappingError) as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "Option mapping saved.")
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
