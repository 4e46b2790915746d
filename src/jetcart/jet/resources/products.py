"""Merchant SKU endpoints (jet-api.md §2): product data, price, inventory, image, archive, variation, exceptions."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from jetcart.jet.models.products import (
    ArchiveUpdate,
    ImageUpdate,
    InventoryUpdate,
    MerchantSku,
    PortalSku,
    PriceUpdate,
    ReturnsExceptionUpdate,
    ShippingExceptionUpdate,
    SkuDetail,
    SkuInventory,
    SkuPrice,
    SkuReturnsException,
    SkuSalesData,
    SkuShippingExceptions,
    SkuVariation,
    VariationUpdate,
)
from jetcart.jet.paths import ids_from_list, segment, sku_segment
from jetcart.jet.resources.base import Resource, as_body

__all__ = ["Products"]


def _sku(sku: str) -> str:
    return f"/merchant-skus/{sku_segment(sku)}"


class Products(Resource):
    """`client.products`: every PUT/PATCH here sends a whole value, so repeating it is harmless (retried)."""

    group = "products"

    def put(self, sku: str, product: MerchantSku | Mapping[str, Any]) -> None:
        """Create or replace the product data (`PUT /merchant-skus/{sku}`)."""
        self._send("PUT", _sku(sku), idempotent=True, json=as_body(MerchantSku, product))

    def get(self, sku: str) -> SkuDetail:
        return self._get(SkuDetail, _sku(sku))

    def list(self, *, offset: int = 0, limit: int = 100) -> list[str]:
        """One page of merchant SKUs (`GET /merchant-skus?offset&limit`)."""
        body = self._send("GET", "/merchant-skus", idempotent=True, params={"offset": offset, "limit": limit})
        return ids_from_list(body, "sku_urls")

    def iter_skus(self, *, page_size: int = 100) -> Iterator[str]:
        """Every merchant SKU, page by page, until a short page."""
        offset = 0
        while True:
            page = self.list(offset=offset, limit=page_size)
            yield from page
            if len(page) < page_size:
                return
            offset += page_size

    def by_status(self, status: str, *, start: int = 0, count: int = 100) -> list[str]:
        """SKUs in a product status (`GET /merchant-skus/bystatus/{status}/{from}/{count}`)."""
        path = f"/merchant-skus/bystatus/{segment(status)}/{int(start)}/{int(count)}"
        return ids_from_list(self._send("GET", path, idempotent=True), "sku_urls")

    def put_price(self, sku: str, price: PriceUpdate | Mapping[str, Any]) -> None:
        self._send("PUT", f"{_sku(sku)}/price", idempotent=True, json=as_body(PriceUpdate, price))

    def get_price(self, sku: str) -> SkuPrice:
        return self._get(SkuPrice, f"{_sku(sku)}/price")

    def patch_inventory(self, sku: str, inventory: InventoryUpdate | Mapping[str, Any]) -> None:
        """Set quantities at the listed nodes (`PATCH …/inventory`); other nodes keep theirs."""
        self._send(
            "PATCH", f"{_sku(sku)}/inventory", idempotent=True, json=as_body(InventoryUpdate, inventory)
        )

    def put_inventory(self, sku: str, inventory: InventoryUpdate | Mapping[str, Any]) -> None:
        """Pre-2018 replace semantics (`PUT …/inventory`): unlisted nodes drop to 0. Jet removed it in 2018."""
        self._send("PUT", f"{_sku(sku)}/inventory", idempotent=True, json=as_body(InventoryUpdate, inventory))

    def get_inventory(self, sku: str) -> SkuInventory:
        return self._get(SkuInventory, f"{_sku(sku)}/inventory")

    def put_image(self, sku: str, image: ImageUpdate | Mapping[str, Any]) -> None:
        self._send("PUT", f"{_sku(sku)}/image", idempotent=True, json=as_body(ImageUpdate, image))

    def delete_image(self, sku: str, images: Mapping[str, Any] | None = None) -> None:
        """Drop images (`DELETE …/image`, body lists what to drop; shape per §2.1 is loosely recorded)."""
        self._send("DELETE", f"{_sku(sku)}/image", idempotent=True, json=dict(images) if images else None)

    def archive(self, sku: str, is_archived: bool = True) -> None:
        """Archive (or with False, un-archive) a SKU (`PUT …/status/archive`)."""
        body = as_body(ArchiveUpdate, {"is_archived": is_archived})
        self._send("PUT", f"{_sku(sku)}/status/archive", idempotent=True, json=body)

    def put_variation(self, parent_sku: str, variation: VariationUpdate | Mapping[str, Any]) -> None:
        body = as_body(VariationUpdate, variation)
        self._send("PUT", f"{_sku(parent_sku)}/variation", idempotent=True, json=body)

    def get_variation(self, parent_sku: str) -> SkuVariation:
        return self._get(SkuVariation, f"{_sku(parent_sku)}/variation")

    def put_shipping_exception(
        self, sku: str, exceptions: ShippingExceptionUpdate | Mapping[str, Any]
    ) -> None:
        body = as_body(ShippingExceptionUpdate, exceptions)
        self._send("PUT", f"{_sku(sku)}/shippingexception", idempotent=True, json=body)

    def get_shipping_exception(self, sku: str) -> SkuShippingExceptions:
        return self._get(SkuShippingExceptions, f"{_sku(sku)}/shippingexception")

    def put_returns_exception(self, sku: str, exception: ReturnsExceptionUpdate | Mapping[str, Any]) -> None:
        body = as_body(ReturnsExceptionUpdate, exception)
        self._send("PUT", f"{_sku(sku)}/returnsexception", idempotent=True, json=body)

    def get_returns_exception(self, sku: str) -> SkuReturnsException:
        return self._get(SkuReturnsException, f"{_sku(sku)}/returnsexception")

    def get_sales_data(self, sku: str) -> SkuSalesData:
        return self._get(SkuSalesData, f"{_sku(sku)}/salesdata")

    def portal_skus(
        self, *, start: int = 0, size: int = 100, statuses: list[str] | None = None
    ) -> list[PortalSku]:
        """The portal's SKU list (`GET /portal/merchantskus?from&size&statuses`): status, price, inventory per SKU."""
        params: dict[str, Any] = {"from": start, "size": size}
        if statuses:
            params["statuses"] = "+".join(statuses)
        body = self._send("GET", "/portal/merchantskus", idempotent=True, params=params)
        rows = body.get("merchant_skus") or [] if isinstance(body, Mapping) else body or []
        return [self._parse(PortalSku, row, "GET", "/portal/merchantskus") for row in rows]

    def portal_export(self, *, statuses: list[str] | None = None) -> Any:
        """`GET /portal/merchantskus/export` (format not recorded: returned as decoded)."""
        params = {"statuses": "+".join(statuses)} if statuses else None
        return self._send("GET", "/portal/merchantskus/export", idempotent=True, params=params)
