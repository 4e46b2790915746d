"""Jet's taxonomy endpoints answered from API-shaped dicts on httpx.MockTransport, read through the real client:
the import gets exactly what `jetcart.jet` returns (its typed models, or its errors for answers it cannot read)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import httpx

from jetcart.connector.taxonomy.api_import import ClientTaxonomyReader
from jetcart.jet import JetClient
from jetcart.jet.models.catalog import TaxonomyNode

NODE_PATH = re.compile(r"/api/taxonomy/nodes/(\d+)(/attributes)?")


class FakeJetTaxonomy:
    """`POST /token`, `GET /taxonomy/links/v1`, `/taxonomy/nodes/{id}` and `/taxonomy/nodes/{id}/attributes`."""

    def __init__(self, nodes: dict[int, dict], attributes: dict[int, list[dict]]):
        self.nodes, self.attributes = nodes, attributes

    def __call__(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path == "/api/token":
            expires = (datetime.now(UTC) + timedelta(hours=10)).strftime("%Y-%m-%dT%H:%M:%SZ")
            return httpx.Response(200, json={"id_token": "token", "token_type": "Bearer", "expires_on": expires})
        if path.startswith("/api/taxonomy/links/"):
            offset, limit = int(request.url.params["offset"]), int(request.url.params["limit"])
            page = sorted(self.nodes)[offset:offset + limit]
            return httpx.Response(200, json={"node_urls": [f"/taxonomy/nodes/{node_id}" for node_id in page]})
        match = NODE_PATH.fullmatch(path)
        if match is None or int(match[1]) not in self.nodes:
            return httpx.Response(404, json={"errors": [f"{path} not found"]})
        node_id = int(match[1])
        if match[2]:
            return httpx.Response(200, json={"attributes": self.attributes.get(node_id, [])})
        return httpx.Response(200, json=self.nodes[node_id])


class FakeTaxonomyReader(ClientTaxonomyReader):
    """The connector's reader on a client answered by FakeJetTaxonomy; can fail after N node reads (a dropped
    connection) to test resuming, and records the nodes it read."""

    def __init__(self, nodes: dict[int, dict], attributes: dict[int, list[dict]], fail_after: int | None = None):
        super().__init__(JetClient("https://jet.test/api", "api-user", "api-secret", rate_limits=None,
                                   transport=httpx.MockTransport(FakeJetTaxonomy(nodes, attributes)),
                                   sleep=lambda seconds: None))
        self.fail_after, self.reads = fail_after, []

    def node(self, node_id: int) -> TaxonomyNode:
        if self.fail_after is not None and len(self.reads) >= self.fail_after:
            raise ConnectionError("connection dropped")
        self.reads.append(node_id)
        return super().node(node_id)
