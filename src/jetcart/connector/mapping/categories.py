"""Category mapping use cases: map store categories to Jet categories one by one, all at once, or by
creating the store category from the Jet one; and which Jet category a store category's products go to."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction

from jetcart.connector.mapping import store_catalog
from jetcart.connector.models import CategoryMapping, JetCategory
from jetcart.connector.taxonomy.categories import TaxonomyError, get_category

if TYPE_CHECKING:
    from jetcart.store.models import Category


class CategoryMappingError(ValueError):
    """A mapping that was refused; the message says why in the merchant's words."""


def usable_jet_category(jet_category_id: int) -> JetCategory:
    """The Jet category, if Jet accepts products in it; else CategoryMappingError saying why not."""
    try:
        category = get_category(jet_category_id)
    except TaxonomyError as exc:
        raise CategoryMappingError(f"{exc} Import the taxonomy first, or check the ID.") from None
    if category.browse_node_problem:
        raise CategoryMappingError(f"{category.name} ({category.pk}) cannot hold products: "
                                   f"{category.browse_node_problem}")
    return category


@dataclass(frozen=True)
class CategoryMappingRow:
    """One store category and the Jet category its products go to (None when unmapped)."""

    store_category: Category
    mapping: CategoryMapping | None


def category_mapping_rows() -> list[CategoryMappingRow]:
    """Every store category in path order, with its mapping."""
    mappings = {m.store_category_id: m for m in CategoryMapping.objects.select_related("jet_category")}
    categories = sorted(store_catalog.categories(), key=lambda c: c.full_path.lower())
    return [CategoryMappingRow(c, mappings.get(c.category_id)) for c in categories]


def orphan_mappings() -> list[CategoryMapping]:
    """Mappings whose store category no longer exists."""
    ids = {c.category_id for c in store_catalog.categories()}
    return [m for m in CategoryMapping.objects.select_related("jet_category") if m.store_category_id not in ids]


def _store_category(store_category_id: int) -> Category:
    for category in store_catalog.categories():
        if category.category_id == store_category_id:
            return category
    raise CategoryMappingError(f"The store has no category with ID {store_category_id}.")


@transaction.atomic
def map_category(*, store_category_id: int, jet_category_id: int) -> CategoryMapping:
    """Maps one store category to a Jet category that accepts products."""
    jet_category = usable_jet_category(jet_category_id)
    store_category = _store_category(store_category_id)
    mapping, _ = CategoryMapping.objects.update_or_create(
        store_category_id=store_category_id,
        defaults={"jet_category": jet_category, "store_category_path": store_category.full_path[:1000]},
    )
    return mapping


def unmap_category(*, store_category_id: int) -> bool:
    deleted, _ = CategoryMapping.objects.filter(store_category_id=store_category_id).delete()
    return bool(deleted)


def mappings_replaced_by_map_all(*, jet_category_id: int) -> list[CategoryMapping]:
    """The mappings "Map all" to this Jet category would replace (those to another Jet category), by path."""
    usable_jet_category(jet_category_id)
    return list(CategoryMapping.objects.exclude(jet_category_id=jet_category_id).select_related("jet_category")
                .order_by("store_category_path", "store_category_id"))


@transaction.atomic
def map_all_categories(*, jet_category_id: int) -> int:
    """Maps every store category to one Jet category; returns how many store categories were mapped."""
    jet_category = usable_jet_category(jet_category_id)
    categories = list(store_catalog.categories())
    existing = {m.store_category_id: m for m in CategoryMapping.objects.all()}
    changed, created = [], []
    for category in categories:
        mapping = existing.get(category.category_id)
        if mapping is None:
            created.append(CategoryMapping(store_category_id=category.category_id, jet_category=jet_category,
                                           store_category_path=category.full_path[:1000]))
        else:
            mapping.jet_category = jet_category
            mapping.store_category_path = category.full_path[:1000]
            changed.append(mapping)
    CategoryMapping.objects.bulk_create(created, batch_size=500)
    CategoryMapping.objects.bulk_update(changed, ["jet_category", "store_category_path"], batch_size=500)
    return len(categories)


def create_category_and_map(*, jet_category_id: int, parent_store_category_id: int = 0,
                            name: str = "") -> CategoryMapping:
    """Creates a store category named after the Jet category (or `name`) and maps it to that Jet category."""
    jet_category = usable_jet_category(jet_category_id)
    name = (name or jet_category.name).strip()
    if parent_store_category_id:
        _store_category(parent_store_category_id)
    store_category_id = store_catalog.create_category(name=name, parent_id=parent_store_category_id)
    return map_category(store_category_id=store_category_id, jet_category_id=jet_category.pk)


def jet_category_by_store_category() -> dict[int, int]:
    """Store category id → Jet category id, for every mapped store category."""
    return dict(CategoryMapping.objects.values_list("store_category_id", "jet_category_id"))
