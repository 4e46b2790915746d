"""The products grid's reads: filter, sort and page the catalog snapshot; the ids a bulk action selects."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db.models import QuerySet

from jetcart.connector.models import CatalogProduct

SORTS = {
    "name": "name", "model": "model", "price": "price", "quantity": "quantity", "status": "enabled",
    "jet_status": "jet_status", "id": "product_id",
}
PAGE_SIZES = (25, 50, 100, 200)
FILTER_KEYS = ("name", "model", "price", "quantity", "status", "jet_status", "mapped")


@dataclass(frozen=True)
class GridPage:
    rows: list[CatalogProduct]
    total: int
    page: int
    pages: int
    per_page: int

    @property
    def first(self) -> int:
        return (self.page - 1) * self.per_page + 1 if self.total else 0

    @property
    def last(self) -> int:
        return min(self.page * self.per_page, self.total)


def clean_filters(raw: Mapping[str, str]) -> dict[str, str]:
    """The grid filters present in a request's query (empty values dropped)."""
    return {k: str(raw[k]).strip() for k in FILTER_KEYS if raw.get(k) not in (None, "") and str(raw[k]).strip()}


def range_problem(text: str) -> str | None:
    """Why a price or quantity filter cannot be read (it takes `100`, `10-50`, `10-` or `-50`), or None."""
    low, dash, high = text.strip().partition("-")
    parts = [low, high] if dash else [low]
    try:
        values = [Decimal(part) for part in parts if part.strip()]
    except InvalidOperation:
        return "Enter a number, or a range such as 10-50."
    if not values or any(not value.is_finite() or value < 0 for value in values):
        return "Enter a number, or a range such as 10-50."
    if len(values) == 2 and values[0] > values[1]:
        return "The range's first number must not be larger than the second."
    return None


def filtered(filters: Mapping[str, str]) -> QuerySet[CatalogProduct]:
    """Snapshot rows matching the filters. Text filters match from the start (an index range), like the
    manual's grid; price and quantity match exactly, or as a range written `10-20`."""
    qs = CatalogProduct.objects.all()
    if filters.get("name"):
        qs = qs.filter(name__istartswith=filters["name"])
    if filters.get("model"):
        qs = qs.filter(model__istartswith=filters["model"])
    for key in ("price", "quantity"):
        if filters.get(key):
            low, _, high = filters[key].partition("-")
            try:
                low_value = Decimal(low) if low.strip() else None
                high_value = Decimal(high) if high.strip() else None
            except InvalidOperation:
                continue
            if not _:
                qs = qs.filter(**{key: low_value})
            else:
                if low_value is not None:
                    qs = qs.filter(**{f"{key}__gte": low_value})
                if high_value is not None:
                    qs = qs.filter(**{f"{key}__lte": high_value})
    if filters.get("status") in ("1", "0"):
        qs = qs.filter(enabled=filters["status"] == "1")
    if filters.get("jet_status"):
        qs = qs.filter(jet_status=filters["jet_status"])
    if filters.get("mapped") == "1":
        qs = qs.filter(mapped=True)  # kept current by catalog_snapshot.update_mapped_flags
    return qs


def grid_page(filters: Mapping[str, str], *, sort: str = "name", descending: bool = False, page: int = 1,
              per_page: int = 50) -> GridPage:
    """One page of the grid. The page's ids come from the sort column's index alone (LIMIT/OFFSET over
    (column, product_id, mapped, enabled), which also answers the flag filters, so skipped rows are never
    fetched), read from the nearer end, and only those rows are then fetched."""
    per_page = per_page if per_page in PAGE_SIZES else 50
    column = SORTS.get(sort, "name")
    qs = filtered(filters)
    total = qs.count()
    pages = max(1, -(-total // per_page))
    page = min(max(1, page), pages)
    start = (page - 1) * per_page
    end = min(start + per_page, total)
    forward = [f"-{column}", "-product_id"] if descending else [column, "product_id"]
    if start <= total - end:
        ids = list(qs.order_by(*forward).values_list("product_id", flat=True)[start:end])
    else:  # the back half: read it backwards from the end, then put it the right way round
        backward = [o[1:] if o.startswith("-") else f"-{o}" for o in forward]
        ids = list(qs.order_by(*backward).values_list("product_id", flat=True)[total - end:total - start])[::-1]
    found = CatalogProduct.objects.in_bulk(ids)
    return GridPage([found[i] for i in ids if i in found], total, page, pages, per_page)


def selected_product_ids(filters: Mapping[str, str], *, chunk: int = 5000) -> Iterator[int]:
    """Every product id matching the filters, ascending (for "all matching the filter")."""
    yield from filtered(filters).order_by("product_id").values_list("product_id", flat=True).iterator(chunk)
