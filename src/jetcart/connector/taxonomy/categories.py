"""Use cases and selectors of Jet's taxonomy: store imported records, import files, find categories."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from jetcart.batches import batches
from jetcart.bulk_rows import update_values, upsert_values
from jetcart.connector.models import (
    AttributeKind,
    JetAttribute,
    JetAttributeValue,
    JetCategory,
    JetCategoryAttribute,
    TaxonomyImport,
)
from jetcart.connector.taxonomy import files as taxonomy_files
from jetcart.connector.taxonomy.records import (
    AttributeRecord,
    CategoryRecord,
    LinkRecord,
    ProgressCallback,
    ValueRecord,
)

logger = logging.getLogger(__name__)

BATCH_SIZE = 1000
PATH_SEPARATOR = " > "


class TaxonomyError(Exception):
    """The taxonomy could not be imported or read; the message says why."""


def _quiet(stage: str, done: int, total: int | None) -> None:
    """The default progress callback: nothing to show."""



# --- storing records --------------------------------------------------------------------------------------


def save_categories(records: Iterable[CategoryRecord]) -> int:
    """Inserts or updates categories; returns how many were written."""
    count = 0
    for batch in batches(records, BATCH_SIZE):
        upsert_values(
            JetCategory,
            [{"jet_node_id": r.jet_node_id, "name": r.name, "parent_id": r.parent_id, "level": r.level,
              "path": r.path, "active": r.active, "retired": r.retired, "suggested_tax_code": r.suggested_tax_code,
              "amazon_node_ids": list(r.amazon_node_ids)} for r in batch],
            unique=["jet_node_id"],
            update=["name", "parent_id", "level", "path", "active", "retired", "suggested_tax_code",
                    "amazon_node_ids"],
        )
        count += len(batch)
    return count


def save_attributes(records: Iterable[AttributeRecord]) -> int:
    """Inserts or updates attributes (the last record of an id wins); returns how many were written."""
    unique = {r.attribute_id: r for r in records}
    for batch in batches(unique.values(), BATCH_SIZE):
        upsert_values(
            JetAttribute,
            [{"attribute_id": r.attribute_id, "name": r.name[:255], "description": r.description[:255],
              "kind": r.kind, "variant": r.variant, "variant_pair": r.variant_pair, "display": r.display,
              "facet_filter": r.facet_filter, "units": list(r.units)} for r in batch],
            unique=["attribute_id"],
            update=["name", "description", "kind", "variant", "variant_pair", "display", "facet_filter", "units"],
        )
    return len(unique)


def save_attribute_values(records: Iterable[ValueRecord], *, known_attributes: set[int] | None = None) -> int:
    """Inserts or updates attribute values, once per (attribute, value); values of unknown attributes are
    skipped. Returns how many were written."""
    if known_attributes is None:
        known_attributes = set(JetAttribute.objects.values_list("attribute_id", flat=True))
    seen: set[tuple[int, str]] = set()

    def unique_values() -> Iterator[ValueRecord]:
        for r in records:
            key = (r.attribute_id, r.value)
            if r.attribute_id in known_attributes and r.value and key not in seen:
                seen.add(key)
                yield r

    for batch in batches(unique_values(), BATCH_SIZE):
        upsert_values(
            JetAttributeValue,
            [{"attribute_id": r.attribute_id, "value": r.value[:255], "units": r.units[:50], "retired": r.retired}
             for r in batch],
            unique=["attribute", "value"],
            update=["units", "retired"],
        )
    return len(seen)


def save_category_attributes(records: Iterable[LinkRecord], *, known_categories: set[int] | None = None,
                             known_attributes: set[int] | None = None) -> int:
    """Inserts or updates which attributes each category takes; links to unknown ids are skipped."""
    if known_categories is None:
        known_categories = set(JetCategory.objects.values_list("jet_node_id", flat=True))
    if known_attributes is None:
        known_attributes = set(JetAttribute.objects.values_list("attribute_id", flat=True))
    seen: set[tuple[int, int]] = set()

    def unique_links() -> Iterator[LinkRecord]:
        for r in records:
            key = (r.category_id, r.attribute_id)
            if r.category_id in known_categories and r.attribute_id in known_attributes and key not in seen:
                seen.add(key)
                yield r

    for batch in batches(unique_links(), BATCH_SIZE):
        upsert_values(
            JetCategoryAttribute,
            [{"category_id": r.category_id, "attribute_id": r.attribute_id, "active": r.active} for r in batch],
            unique=["category", "attribute"],
            update=["active"],
        )
    return len(seen)


def set_units_from_values() -> None:
    """Fills the unit list of free-text-with-unit attributes from their value rows (the files' way)."""
    units: dict[int, list[str]] = {}
    rows = (JetAttributeValue.objects.filter(attribute__kind=AttributeKind.FREE_TEXT_WITH_UNIT)
            .exclude(units="").values_list("attribute_id", "units").order_by("attribute_id", "id"))
    for attribute_id, unit in rows:
        bucket = units.setdefault(attribute_id, [])
        if unit not in bucket:
            bucket.append(unit)
    changed = []
    for attribute in JetAttribute.objects.filter(attribute_id__in=units):
        if attribute.units != units[attribute.attribute_id]:
            attribute.units = units[attribute.attribute_id]
            changed.append(attribute)
    JetAttribute.objects.bulk_update(changed, ["units"], batch_size=BATCH_SIZE)


def complete_category_tree() -> int:
    """Works out each category's full path (root first) and whether it is a leaf; returns the rows changed."""
    rows = {pk: (name, parent, path, leaf) for pk, name, parent, path, leaf in
            JetCategory.objects.values_list("jet_node_id", "name", "parent_id", "path", "is_leaf")}
    parents = {parent for _, parent, _, _ in rows.values() if parent}
    paths: dict[int, str] = {}

    def full_path(pk: int) -> str:
        chain, seen, current = [], set(), pk
        while current in rows and current not in seen:
            seen.add(current)
            name, parent, _, _ = rows[current]
            chain.append(name)
            current = parent
        if current and current not in rows:  # a broken chain: keep what the source said
            return rows[pk][2] or PATH_SEPARATOR.join(reversed(chain))
        return PATH_SEPARATOR.join(reversed(chain))

    changed = []
    for pk, (_name, _parent, path, leaf) in rows.items():
        paths[pk] = full_path(pk)
        is_leaf = pk not in parents
        if paths[pk] != path or is_leaf != leaf:
            changed.append((paths[pk][:1000], is_leaf, pk))
    update_values(JetCategory, "jet_node_id", ["path", "is_leaf"], changed)
    return len(changed)


def _finish(run: TaxonomyImport) -> TaxonomyImport:
    run.status = TaxonomyImport.Status.DONE
    run.finished_at = timezone.now()
    run.save()
    return run


def fail_import(run: TaxonomyImport, error: BaseException) -> None:
    run.status = TaxonomyImport.Status.FAILED
    run.error = f"{type(error).__name__}: {error}"[:2000]
    run.finished_at = timezone.now()
    run.save()


# --- import from files ------------------------------------------------------------------------------------


def import_taxonomy_from_files(*, path: Path, progress: ProgressCallback = _quiet) -> TaxonomyImport:
    """Imports Jet's taxonomy CSV files (the folder, or any one of its four files) in one transaction."""
    files = taxonomy_files.locate_taxonomy_files(Path(path))
    run = TaxonomyImport.objects.create(source=TaxonomyImport.Source.FILE)
    try:
        with transaction.atomic():
            progress("attributes", 0, None)
            run.attributes = save_attributes(taxonomy_files.read_attributes(files["attributes"]))
            progress("attributes", run.attributes, run.attributes)
            progress("attribute values", 0, None)
            run.attribute_values = save_attribute_values(
                taxonomy_files.read_attribute_values(files["attribute_values"]))
            set_units_from_values()
            progress("attribute values", run.attribute_values, run.attribute_values)
            progress("categories", 0, None)
            run.categories = save_categories(taxonomy_files.read_categories(files["categories"]))
            complete_category_tree()
            progress("categories", run.categories, run.categories)
            progress("category attributes", 0, None)
            run.category_attributes = save_category_attributes(
                taxonomy_files.read_category_attributes(files["category_attribute_mappings"]))
            JetCategory.objects.filter(jet_node_id__in=JetCategoryAttribute.objects.values("category_id")
                                       ).update(attributes_imported=True)
            progress("category attributes", run.category_attributes, run.category_attributes)
    except Exception as exc:
        fail_import(run, exc)
        raise
    return _finish(run)


# --- selectors --------------------------------------------------------------------------------------------


def taxonomy_is_imported() -> bool:
    return JetCategory.objects.exists()


def last_taxonomy_import() -> TaxonomyImport | None:
    return TaxonomyImport.objects.order_by("-started_at", "-id").first()


def taxonomy_counts() -> dict[str, int]:
    return {
        "categories": JetCategory.objects.count(),
        "attributes": JetAttribute.objects.count(),
        "attribute_values": JetAttributeValue.objects.count(),
        "category_attributes": JetCategoryAttribute.objects.count(),
    }


def search_categories(*, query: str = "", level: int | None = None, usable: bool | None = None,
                      parent_id: int | None = None) -> QuerySet[JetCategory]:
    """Categories whose name or path holds the query (or whose id is it), with optional filters."""
    categories = JetCategory.objects.all()
    query = query.strip()
    if query:
        match = Q(name__icontains=query) | Q(path__icontains=query)
        if query.isdigit():
            match |= Q(jet_node_id=int(query))
        categories = categories.filter(match)
    if level is not None:
        categories = categories.filter(level=level)
    if parent_id is not None:
        categories = categories.filter(parent_id=parent_id)
    usable_filter = Q(active=True, retired=False, is_leaf=True)
    if usable is True:
        categories = categories.filter(usable_filter)
    elif usable is False:
        categories = categories.exclude(usable_filter)
    return categories.order_by("name", "jet_node_id")


def get_category(jet_node_id: int) -> JetCategory:
    """The category, or TaxonomyError naming the id when it is not in the imported taxonomy."""
    try:
        return JetCategory.objects.get(jet_node_id=jet_node_id)
    except JetCategory.DoesNotExist:
        raise TaxonomyError(f"Jet category {jet_node_id} is not in the imported taxonomy.") from None


@dataclass(frozen=True)
class CategoryAttributeView:
    """One attribute as the category's page shows it."""

    attribute_id: int
    name: str
    description: str
    kind: int
    kind_label: str
    variant: bool
    values: list[str]
    units: list[str]


def category_attributes(jet_node_id: int) -> list[CategoryAttributeView]:
    """The attributes a category takes, each with its allowed values (list attributes) or units."""
    attributes = list(
        JetAttribute.objects.filter(category_links__category_id=jet_node_id, category_links__active=True)
        .order_by("name", "attribute_id")
    )
    values: dict[int, list[str]] = {}
    list_ids = [a.attribute_id for a in attributes if a.kind == AttributeKind.LIST]
    for attribute_id, value in (JetAttributeValue.objects.filter(attribute_id__in=list_ids, retired=False)
                                .order_by("attribute_id", "id").values_list("attribute_id", "value")):
        values.setdefault(attribute_id, []).append(value)
    return [
        CategoryAttributeView(
            attribute_id=a.attribute_id, name=a.name, description=a.description, kind=a.kind,
            kind_label=AttributeKind(a.kind).label, variant=a.variant, values=values.get(a.attribute_id, []),
            units=list(a.units or []),
        )
        for a in attributes
    ]


def parse_category_reference(text: str) -> int | None:
    """The Jet category id in what a merchant typed: "8000195" or "3-D Puzzles (8000195)"."""
    text = (text or "").strip()
    if text.endswith(")") and "(" in text:
        text = text.rsplit("(", 1)[1].rstrip(")").strip()
    return int(text) if text.isdigit() else None
