"""Taxonomy, fulfillment nodes and merchant setup, settlement and reports (jet-api.md §2.15, §7, §10)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from jetcart.jet.models.catalog import (
    FulfillmentNode,
    ReportRequested,
    ReportState,
    ReturnLocation,
    SettlementReport,
    TaxonomyAttribute,
    TaxonomyNode,
)
from jetcart.jet.paths import ids_from_list, segment
from jetcart.jet.resources.base import Resource

__all__ = ["Merchant", "Reports", "Settlement", "Taxonomy"]


class Taxonomy(Resource):
    """`client.taxonomy`."""

    group = "taxonomy"

    def links(self, version: str = "v1", *, offset: int = 0, limit: int = 1000) -> list[int]:
        """One page of node ids (`GET /taxonomy/links/{version}?offset&limit`, limit ≤ 1000)."""
        body = self._send(
            "GET",
            f"/taxonomy/links/{segment(version)}",
            idempotent=True,
            params={"offset": offset, "limit": limit},
        )
        return [int(node_id) for node_id in ids_from_list(body, "node_urls")]

    def iter_node_ids(self, version: str = "v1", *, page_size: int = 1000) -> Iterator[int]:
        offset = 0
        while True:
            page = self.links(version, offset=offset, limit=page_size)
            yield from page
            if len(page) < page_size:
                return
            offset += page_size

    def node(self, node_id: int) -> TaxonomyNode:
        return self._get(TaxonomyNode, f"/taxonomy/nodes/{int(node_id)}")

    def attributes(self, node_id: int) -> list[TaxonomyAttribute]:
        path = f"/taxonomy/nodes/{int(node_id)}/attributes"
        body = self._send("GET", path, idempotent=True)
        rows = body.get("attributes", []) if isinstance(body, Mapping) else body or []
        return [self._parse(TaxonomyAttribute, row, "GET", path) for row in rows]


class Merchant(Resource):
    """`client.merchant`: fulfillment nodes, returns locations and the portal's setup calls."""

    group = "merchant"

    def fulfillment_nodes(self) -> list[FulfillmentNode]:
        """The merchant's nodes (`GET /fulfillmentnodesbymerchantid`, PascalCase or snake_case rows)."""
        body = self._send("GET", "/fulfillmentnodesbymerchantid", idempotent=True)
        if isinstance(body, Mapping):
            body = body.get("fulfillment_nodes") or body.get("FulfillmentNodes") or []
        return [
            self._parse(FulfillmentNode, row, "GET", "/fulfillmentnodesbymerchantid") for row in body or []
        ]

    def fulfillment_node_ids(self) -> list[str]:
        """`GET /fulfillment-nodes` → node ids."""
        return ids_from_list(self._send("GET", "/fulfillment-nodes", idempotent=True), "fulfillment_nodes")

    def fulfillment_node(self, node_id: str) -> FulfillmentNode:
        return self._get(FulfillmentNode, f"/fulfillment-nodes/{segment(node_id)}")

    def setup_fulfillment_nodes(self) -> Any:
        """`GET /setup/fulfillmentNodes` (shape not recorded: decoded JSON)."""
        return self._send("GET", "/setup/fulfillmentNodes", idempotent=True)

    def setup_returns_locations(self) -> list[ReturnLocation]:
        """`GET /setup/returnsLocations`: `{"return_locations": [...]}` or a bare list (shape not recorded)."""
        path = "/setup/returnsLocations"
        body = self._send("GET", path, idempotent=True)
        rows = body.get("return_locations") or [] if isinstance(body, Mapping) else body or []
        return [self._parse(ReturnLocation, row, "GET", path) for row in rows]

    def setup_status(self) -> Any:
        """`GET /portal/merchantsetupstatus/`: which API groups are enabled (decoded JSON)."""
        return self._send("GET", "/portal/merchantsetupstatus/", idempotent=True)

    def returns_setup(self) -> Any:
        """`GET /portal/returnssetup/` (decoded JSON)."""
        return self._send("GET", "/portal/returnssetup/", idempotent=True)


class Settlement(Resource):
    """`client.settlement`: settlement reports (minimal)."""

    group = "settlement"

    def list(self, days: int) -> list[str]:
        """Report ids of the last `days` days (`GET /settlement/{days}`)."""
        body = self._send("GET", f"/settlement/{int(days)}", idempotent=True)
        return ids_from_list(body, "settlement_report_urls")

    def report(self, report_id: str) -> SettlementReport:
        return self._get(SettlementReport, f"/settlement/report/{segment(report_id)}")

    def report_orders(self, report_id: str) -> Any:
        return self._send("GET", f"/settlement/report/{segment(report_id)}/orders", idempotent=True)

    def report_returns(self, report_id: str) -> Any:
        return self._send("GET", f"/settlement/report/{segment(report_id)}/returns", idempotent=True)


class Reports(Resource):
    """`client.reports`: ProductStatus, SalesData, SettlementDetails reports."""

    group = "reports"

    def request(self, report_type: str) -> str:
        """Ask for a report (`POST /reports/{type}`); returns its id. Asking twice makes two reports: not retried."""
        path = f"/reports/{segment(report_type)}"
        return self._parse(
            ReportRequested, self._send("POST", path, idempotent=False), "POST", path
        ).report_id

    def state(self, report_id: str) -> ReportState:
        return self._get(ReportState, f"/reports/state/{segment(report_id)}")
