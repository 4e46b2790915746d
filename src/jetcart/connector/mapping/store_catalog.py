"""What the mapping pages read from and write to the store, through the store gateway."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from jetcart.connector.jet_and_store import store_gateway

if TYPE_CHECKING:
    from jetcart.store.gateway import StoreGateway
    from jetcart.store.models import Category, Product

VARIANT_OPTION_TYPES = ("select", "radio")


@dataclass(frozen=True)
class StoreOptionValue:
    option_value_id: int
    name: str


@dataclass(frozen=True)
class StoreOption:
    """A store-wide select/radio option (e.g. Color) and every value products use."""

    option_id: int
    name: str
    type: str
    values: tuple[StoreOptionValue, ...]


# Set inside reusing_categories(): the store's categories read once for a bulk operation.
_categories_snapshot: ContextVar[list[Category] | None] = ContextVar("store_categories_snapshot", default=None)


def categories() -> list[Category]:
    """The store's category tree with full paths (`jetcart.store` Category values)."""
    snapshot = _categories_snapshot.get()
    if snapshot is not None:
        return list(snapshot)
    return list(store_gateway().categories())


@contextmanager
def reusing_categories() -> Iterator[None]:
    """Within the block the store's categories are read once: a mapping import checks thousands of rows
    against them (categories created meanwhile are not seen; the import creates none)."""
    token = _categories_snapshot.set(list(store_gateway().categories()))
    try:
        yield
    finally:
        _categories_snapshot.reset(token)


def create_category(*, name: str, parent_id: int = 0) -> int:
    """Creates a store category as OpenCart would; returns its id."""
    return int(store_gateway().create_category(name=name, parent_id=parent_id))


def iter_products():
    return store_gateway().iter_products()


def product(product_id: int) -> Product | None:
    found = store_gateway().get_products([product_id])
    return found[0] if found else None


def search_products(*, query: str = "", offset: int = 0, limit: int = 50) -> tuple[list[Product], int]:
    """Products whose name, model or id matches, a page of them and the number matching. Reads the products
    grid's local catalog snapshot when it has been filled (indexed, fast on large stores), else the store."""
    from django.db.models import Q

    from jetcart.connector.models import CatalogProduct

    if CatalogProduct.objects.exists():
        found = CatalogProduct.objects.only("product_id", "name", "model")
        if query.strip():
            match = Q(name__icontains=query.strip()) | Q(model__icontains=query.strip())
            if query.strip().isdigit():
                match |= Q(product_id=int(query.strip()))
            found = found.filter(match)
        return list(found.order_by("name", "product_id")[offset:offset + limit]), found.count()
    needle = query.strip().lower()
    matches = []
    for item in iter_products():
        if not needle or needle in item.name.lower() or needle in item.model.lower() or needle == str(item.product_id):
            matches.append(item)
    matches.sort(key=lambda p: (p.name.lower(), p.product_id))
    return matches[offset:offset + limit], len(matches)


OPTIONS_TTL_SECONDS = 60.0
_options_cache: list[tuple[StoreGateway, float, list[StoreOption]]] = []  # (gateway, read at, options): one entry


def options(*, refresh: bool = False) -> list[StoreOption]:
    """The select/radio options the store's products use, each with the values in use, by name. Reading
    them scans the catalog, so the result is kept for a minute per gateway (`refresh` reads again)."""
    gateway = store_gateway()
    if _options_cache and not refresh:
        cached_gateway, read_at, cached = _options_cache[0]
        if cached_gateway is gateway and time.monotonic() - read_at < OPTIONS_TTL_SECONDS:
            return cached
    result = _read_options()
    _options_cache[:] = [(gateway, time.monotonic(), result)]
    return result


def _read_options() -> list[StoreOption]:
    found: dict[int, dict[str, Any]] = {}
    for item in iter_products():
        for option in item.options:
            if option.type not in VARIANT_OPTION_TYPES:
                continue
            entry = found.setdefault(option.option_id, {"name": option.name, "type": option.type, "values": {}})
            for value in option.values:
                entry["values"].setdefault(value.option_value_id, value.name)
    result = [
        StoreOption(option_id, e["name"], e["type"],
                    tuple(StoreOptionValue(vid, name) for vid, name in sorted(e["values"].items())))
        for option_id, e in found.items()
    ]
    return sorted(result, key=lambda o: (o.name.lower(), o.option_id))
