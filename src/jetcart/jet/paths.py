"""Path helpers: escape merchant SKUs and ids into URL segments, read ids back from Jet's URL lists."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import quote, unquote

from jetcart.jet.errors import JetValidationError, Problem

__all__ = ["id_from_url", "ids_from_list", "segment", "sku_segment"]


def segment(value: str) -> str:
    """One URL path segment: everything but unreserved characters percent-encoded (`/` included)."""
    if not isinstance(value, str) or not value:
        raise ValueError("a path segment must be a non-empty string")
    return quote(value, safe="")


def sku_segment(sku: str) -> str:
    """A merchant SKU as a path segment. Jet refuses SKUs containing `/` (its server decodes `%2F` before
    routing, jet-api.md §1.1), so such a SKU raises JetValidationError here and nothing is sent."""
    if not isinstance(sku, str) or not sku.strip():
        raise JetValidationError(
            [Problem("merchant_sku", "must be a non-empty string")], model="merchant SKU"
        )
    if "/" in sku:
        raise JetValidationError([Problem("merchant_sku", f"{sku!r} contains '/', which Jet does not accept")],
                                 model="merchant SKU")  # fmt: skip
    return segment(sku)


def id_from_url(url: str) -> str:
    """The last path segment of a list URL, decoded: `/orders/withoutShipmentDetail/ab12` → `ab12`.

    Leading slash optional (`merchant-skus/sku1`), a trailing slash or query string ignored.
    """
    path = url.split("?", 1)[0].rstrip("/")
    return unquote(path.rsplit("/", 1)[-1])


def ids_from_list(body: Any, *keys: str) -> list[str]:
    """Ids from a list response such as `{"order_urls": [...]}`: the first of `keys` present wins.

    A bare JSON array of URLs and an empty/absent body (no items) are tolerated.
    """
    if body is None or body == "":
        return []
    urls: Iterable[Any]
    if isinstance(body, list):
        urls = body
    elif isinstance(body, Mapping):
        urls = next((body[key] for key in keys if body.get(key) is not None), [])
    else:
        raise ValueError(f"expected an object with one of {keys}, got {type(body).__name__}")
    return [id_from_url(url) for url in urls if isinstance(url, str) and url.strip()]
