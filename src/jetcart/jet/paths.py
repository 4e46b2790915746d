"""Path helpers: escape merchant SKUs and ids into URL segments, read ids back from Jet's URL lists."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote, unquote

from jetcart.jet.errors import JetResponseInvalid, JetValidationError, Problem, RequestInfo

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


def ids_from_list(body: Any, *keys: str, request: RequestInfo | None = None) -> list[str]:
    """Ids from a list response such as `{"order_urls": [...]}`: the first of `keys` present wins.

    A bare JSON array of URLs and an empty/absent body (no items) are tolerated. Anything else (an HTML page or
    other text, a number, `{"order_urls": "notalist"}`, an item that is not a URL string) raises
    JetResponseInvalid naming the call: a malformed answer is never iterated.
    """
    if body is None or body == "":
        return []
    urls: Any
    if isinstance(body, list):
        urls = body
    elif isinstance(body, Mapping):
        urls = next((body[key] for key in keys if body.get(key) is not None), [])
    else:
        raise _not_a_list(f"expected an object with one of {', '.join(keys)}, got {_shown(body)}", body, request)
    if not isinstance(urls, list):
        raise _not_a_list(f"expected a list of URLs, got {_shown(urls)}", body, request)
    wrong = next((url for url in urls if not isinstance(url, str)), None)
    if wrong is not None:
        raise _not_a_list(f"expected a list of URLs, got an item {_shown(wrong)}", body, request)
    return [id_from_url(url) for url in urls if url.strip()]


def _shown(value: Any) -> str:
    if not isinstance(value, str):
        text = repr(value)
        return f"{type(value).__name__} {text[:80]}" + ("…" if len(text) > 80 else "")
    return f"text {value[:80]!r}" + ("…" if len(value) > 80 else "")


def _not_a_list(problem: str, body: Any, request: RequestInfo | None) -> JetResponseInvalid:
    where = f"{request}: " if request else ""
    return JetResponseInvalid(f"{where}unexpected list answer: {problem}", request=request, body=body)
