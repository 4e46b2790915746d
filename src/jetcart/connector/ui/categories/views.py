"""Shows Jet's taxonomy with search, filters and paging; a category's attributes; imports the taxonomy;
creates store categories from Jet categories and maps them."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from jetcart.connector.mapping import categories as category_mapping
from jetcart.connector.taxonomy import categories as taxonomy
from jetcart.connector.taxonomy import tasks as taxonomy_tasks
from jetcart.connector.ui.site import render_page

PAGE_SIZE = 50


def _int_or_none(raw: str | None) -> int | None:
    return int(raw) if raw and raw.strip().isdigit() else None


def category_list(request):
    query = request.GET.get("q", "")
    level = _int_or_none(request.GET.get("level"))
    usable = {"yes": True, "no": False}.get(request.GET.get("usable", ""))
    parent_id = _int_or_none(request.GET.get("parent"))
    categories = taxonomy.search_categories(query=query, level=level, usable=usable, parent_id=parent_id)
    page = Paginator(categories, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render_page(request, "jetcart/categories/list.html", {
        "page": page,
        "query": query, "level": level, "usable": request.GET.get("usable", ""), "parent": parent_id,
        "levels": [0, 1, 2, 3],
        "querystring": params.urlencode(),
        "counts": taxonomy.taxonomy_counts(),
        "last_import": taxonomy.last_taxonomy_import(),
        "running_import": taxonomy_tasks.running_import(),
    }, title="Jet categories")


def category_detail(request, jet_node_id: int):
    try:
        category = taxonomy.get_category(jet_node_id)
    except taxonomy.TaxonomyError as exc:
        messages.error(request, str(exc))
        return redirect("admin:jet-categories:index")
    return render_page(request, "jetcart/categories/detail.html", {
        "category": category,
        "attributes": taxonomy.category_attributes(jet_node_id),
        "children": taxonomy.search_categories(parent_id=jet_node_id)[:200],
        "parent": taxonomy.search_categories().filter(jet_node_id=category.parent_id).first(),
    }, title=f"Jet category: {category.name}")


@require_POST
def import_taxonomy(request):
    previous = taxonomy.last_taxonomy_import()
    try:
        taxonomy_tasks.enqueue_taxonomy_import()
    except taxonomy_tasks.TaxonomyImportRunning as exc:
        messages.warning(request, str(exc))
        return redirect("admin:jet-categories:index")
    run = taxonomy.last_taxonomy_import()
    if run is None or (previous and run.pk == previous.pk) or run.status == run.Status.RUNNING:
        messages.info(request, "The taxonomy import has started; this page shows its progress.")
    elif run.status == run.Status.DONE:
        messages.success(request, f"Imported {run.categories} categories, {run.attributes} attributes and "
                                  f"{run.attribute_values} attribute values from Jet.")
    else:
        messages.error(request, f"The taxonomy import stopped: {run.error}. Importing again resumes where it stopped.")
    return redirect("admin:jet-categories:index")


@require_POST
def create_and_map(request):
    ids = [int(x) for x in request.POST.getlist("selected") if x.isdigit()]
    if not ids:
        messages.warning(request, "Tick the Jet categories to create in the store first.")
    for jet_node_id in ids:
        try:
            mapping = category_mapping.create_category_and_map(jet_category_id=jet_node_id)
        except category_mapping.CategoryMappingError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"Created the store category {mapping.store_category_path!r} "
                                      f"(ID {mapping.store_category_id}) and mapped it to {mapping.jet_category}.")
    return redirect(request.POST.get("next") or "admin:jet-categories:index")
