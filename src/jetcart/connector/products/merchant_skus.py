"""Merchant SKUs jetcart generates: stable, readable, within Jet's 50 characters."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

from jetcart.connector.models.listings import MERCHANT_SKU_MAX_LENGTH

PREFIX = "OC"
_ALLOWED = re.compile(r"^[A-Za-z0-9._\-]+$")


def product_sku(product_id: int) -> str:
    """The merchant SKU of a simple product or of a configurable product's parent."""
    return f"{PREFIX}{int(product_id)}"


def child_sku(product_id: int, option_value_ids: Iterable[int]) -> str:
    """The merchant SKU of one option combination; the same combination always gets the same SKU."""
    ids = sorted(int(i) for i in option_value_ids)
    sku = f"{product_sku(product_id)}-" + "-".join(str(i) for i in ids)
    if len(sku) <= MERCHANT_SKU_MAX_LENGTH:
        return sku
    digest = hashlib.sha1("-".join(map(str, ids)).encode(), usedforsecurity=False).hexdigest()[:12]
    return f"{product_sku(product_id)}-H{digest}"


def merchant_sku_problem(sku: str) -> str:
    """Why a merchant SKU the merchant typed cannot be used; empty when it can."""
    if not sku:
        return "enter a merchant SKU"
    if len(sku) > MERCHANT_SKU_MAX_LENGTH:
        return f"at most {MERCHANT_SKU_MAX_LENGTH} characters (this has {len(sku)})"
    if not _ALLOWED.match(sku):
        return "use letters, digits, '.', '_' and '-' only"
    return ""
