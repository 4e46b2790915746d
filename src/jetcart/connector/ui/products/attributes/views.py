"""Finds a store product and edits its Jet attributes (the manual's "Jet Attribute" tab)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect

from jetcart.connector.mapping import fields as field_mapping
from jetcart.connector.mapping import product_attributes, store_catalog
from jetcart.connector.ui.site import render_page

PAGE_SIZE = 50


def product_list(request):
    query = request.GET.get("q", "")
    page_number = max(1, int(request.GET.get("page", "1") or 1)) if request.GET.get("page", "1").isdigit() else 1
    products, total = store_catalog.search_products(query=query, offset=(page_number - 1) * PAGE_SIZE,
                                                    limit=PAGE_SIZE)
    paginator = Paginator(range(total), PAGE_SIZE)
    return render_page(request, "jetcart/products/list.html", {
        "products": products, "query": query, "page": paginator.get_page(page_number),
    }, title="Products' Jet attributes")


def product_attributes_page(request, product_id: int):
    product = store_catalog.product(product_id)
    if product is None:
        messages.error(request, f"The store has no product with ID {product_id}.")
        return redirect("admin:jet-field-mapping:products")
    jet_data = product_attributes.load_product_jet_data(product_id)
    chosen = product_attributes.product_jet_category(product_id=product_id,
                                                     store_category_ids=list(product.category_ids))
    attributes = product_attributes.category_attribute_models(chosen.category)
    if request.method == "POST":
        form = product_attributes.ProductJetDataForm(request.POST, instance=jet_data, attributes=attributes)
        if form.is_valid():
            product_attributes.save_product_jet_data(form=form)
            messages.success(request, f"Jet attributes of {product.name} saved.")
            return redirect(request.path)
        messages.error(request, "Jet would refuse the fields marked below; nothing was saved.")
    else:
        form = product_attributes.ProductJetDataForm(instance=jet_data, attributes=attributes)
    groups = [(title, [form[name] for name in names]) for title, names in product_attributes.FIELD_GROUPS]
    attribute_rows = [(attribute, form[name], form[unit] if unit else None)
                      for attribute, name, unit in form.attribute_fields]
    try:
        preview = field_mapping.resolve_product_fields(
            product, overrides=product_attributes.product_overrides(product_id))
    except field_mapping.FieldMappingError as exc:
        preview = {}
        messages.warning(request, f"Jet's fields cannot be built for this product: {exc}")
    return render_page(request, "jetcart/products/attributes.html", {
        "product": product, "form": form, "groups": groups, "attribute_rows": attribute_rows,
        "jet_category": chosen.category, "jet_category_source": chosen.source, "preview": preview,
    }, title=f"Jet attributes: {product.name}")
