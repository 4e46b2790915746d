"""Maps store categories to Jet categories: one by one, all to one, and bulk by CSV."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from jetcart.connector.mapping import categories as category_mapping
from jetcart.connector.mapping import csv_transfer as mapping_csv
from jetcart.connector.mapping import large_import as mapping_import
from jetcart.connector.mapping.tasks import enqueue_mapping_import, is_stalled
from jetcart.connector.models import MappingImport
from jetcart.connector.taxonomy import categories as taxonomy
from jetcart.connector.ui.site import render_page

SEARCH_LIMIT = 30


def mapping_page(request, *, confirm_map_all: dict | None = None):
    try:
        rows = category_mapping.category_mapping_rows()
        orphans = category_mapping.orphan_mappings()
        store_error = ""
    except Exception as exc:  # noqa: BLE001 - the store may be unreachable; say so on the page
        rows, orphans, store_error = [], [], f"The store could not be read: {exc}"
    return render_page(request, "jetcart/category_mapping/index.html", {
        "rows": rows, "orphans": orphans, "store_error": store_error,
        "taxonomy_ready": taxonomy.taxonomy_is_imported(),
        "csv_help": mapping_csv.HELP, "csv_columns": ",".join(mapping_csv.COLUMNS),
        "confirm_map_all": confirm_map_all,
        "latest_import": MappingImport.objects.first(),
    }, title="Map categories to Jet")


def _jet_id(request) -> int | None:
    return taxonomy.parse_category_reference(request.POST.get("jet_category", ""))


@require_POST
def map_one(request):
    store_id = request.POST.get("store_category_id", "")
    jet_id = _jet_id(request)
    if jet_id is None or not store_id.isdigit():
        messages.error(request, "Choose a Jet category from the list (or type its ID) for the store category.")
        return redirect("admin:jet-category-mapping:index")
    try:
        mapping = category_mapping.map_category(store_category_id=int(store_id), jet_category_id=jet_id)
    except category_mapping.CategoryMappingError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"{mapping.store_category_path} is mapped to {mapping.jet_category}.")
    return redirect("admin:jet-category-mapping:index")


@require_POST
def unmap_one(request):
    store_id = request.POST.get("store_category_id", "")
    if store_id.isdigit() and category_mapping.unmap_category(store_category_id=int(store_id)):
        messages.success(request, "The mapping was removed.")
    return redirect("admin:jet-category-mapping:index")


@require_POST
def map_all(request):
    jet_id = _jet_id(request)
    if jet_id is None:
        messages.error(request, "Choose the Jet category every store category should map to.")
        return redirect("admin:jet-category-mapping:index")
    try:
        replaced = category_mapping.mappings_replaced_by_map_all(jet_category_id=jet_id)
        if replaced and request.POST.get("confirm") != "replace":  # say what goes, and ask
            return mapping_page(request, confirm_map_all={
                "jet_category": category_mapping.usable_jet_category(jet_id), "replaced": replaced,
                "typed": request.POST.get("jet_category", "")})
        count = category_mapping.map_all_categories(jet_category_id=jet_id)
    except category_mapping.CategoryMappingError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"All {count} store categories are mapped to Jet category {jet_id}"
                                  + (f"; {len(replaced)} earlier mapping(s) replaced." if replaced else "."))
    return redirect("admin:jet-category-mapping:index")


def search_jet_categories(request):
    """Jet categories for the pickers: those that take products first, each saying why when it cannot."""
    query = request.GET.get("q", "")
    found = taxonomy.search_categories(query=query)[: SEARCH_LIMIT * 2] if query.strip() else []
    results = [{"id": c.jet_node_id, "label": f"{c.name} ({c.jet_node_id})", "path": c.path,
                "problem": c.browse_node_problem} for c in found]
    results.sort(key=lambda r: bool(r["problem"]))
    return JsonResponse({"results": results[:SEARCH_LIMIT]})


def export_csv(request):
    response = HttpResponse(mapping_csv.export_mappings_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="jetcart-mappings.csv"'
    return response


@require_POST
def import_csv(request):
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, "Choose the CSV file to import.")
        return redirect("admin:jet-category-mapping:index")
    if upload.size > mapping_import.MAX_IMPORT_BYTES:
        messages.error(request, f"The file is {upload.size / 1_048_576:.1f} MB; at most "
                                f"{mapping_import.MAX_IMPORT_BYTES // 1_048_576} MB can be imported at once. "
                                "Split it into several files.")
        return redirect("admin:jet-category-mapping:index")
    try:
        text = upload.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        messages.error(request, "The file is not UTF-8 text; save it as CSV UTF-8 and try again.")
        return redirect("admin:jet-category-mapping:index")
    if mapping_import.is_large(text):  # checked and applied in the background, in short transactions
        record = mapping_import.create_import(text, file_name=upload.name or "", user=request.user.get_username())
        enqueue_mapping_import(record)
        return redirect("admin:jet-category-mapping:import-status", pk=record.pk)
    result = mapping_csv.import_mappings_csv(text)
    if result.ok:
        messages.success(request, f"Imported {result.applied} mapping rows.")
    else:
        messages.error(request, f"Nothing was imported: {len(result.errors)} row(s) were refused.")
        for error in result.errors[:50]:
            messages.error(request, str(error))
    return redirect("admin:jet-category-mapping:index")


def import_status(request, pk: int):
    """A background import's stage and progress (the page refreshes itself until it has finished)."""
    record = get_object_or_404(MappingImport, pk=pk)
    return render_page(request, "jetcart/category_mapping/import.html", {
        "record": record, "stalled": is_stalled(record), "refresh": not record.finished and not is_stalled(record),
    }, title=f"Mapping import {record.pk}")


@require_POST
def resume_import(request, pk: int):
    """Queues again an import whose worker died; it goes on after its last applied chunk."""
    record = get_object_or_404(MappingImport, pk=pk)
    if is_stalled(record):
        enqueue_mapping_import(record)
        messages.info(request, "The import was queued again; it goes on where it stopped.")
    return redirect("admin:jet-category-mapping:import-status", pk=pk)
