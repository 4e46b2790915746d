"""Loads the packaged taxonomy once, lazily, and answers node, attribute and link questions."""

from __future__ import annotations

import gc
import gzip
import threading
from dataclasses import dataclass
from functools import cached_property
from importlib import resources

import orjson

from jetcart.sandbox.config import config


@dataclass(frozen=True)
class Node:
    jet_node_id: int
    name: str
    parent_id: int
    level: int
    active: bool
    path: tuple[str, ...]
    suggested_tax_code: str


class Taxonomy:
    def __init__(self, data: dict):
        self.origin = data.get("origin", "")
        self.nodes: dict[int, Node] = {
            row[0]: Node(row[0], row[1], row[2], row[3], row[4], tuple(row[5]), row[6]) for row in data["nodes"]
        }
        self.node_ids: list[int] = sorted(self.nodes)
        self.attributes: dict[int, dict] = {int(k): v for k, v in data["attributes"].items()}
        self.node_attributes: dict[int, list[int]] = {int(k): v for k, v in data["node_attributes"].items()}

    @cached_property
    def parents(self) -> set[int]:
        return {node.parent_id for node in self.nodes.values()}

    @cached_property
    def value_sets(self) -> dict[int, dict[str, str]]:
        """attribute id → {casefolded value: value} for enumerated attributes."""
        return {aid: {v.casefold(): v for v in a["values"]} for aid, a in self.attributes.items()}

    def is_leaf(self, node_id: int) -> bool:
        return node_id in self.nodes and node_id not in self.parents

    def node_path(self, node: Node) -> str:
        parts = node.path if config().node_path == "root-first" else tuple(reversed(node.path))
        return "/".join(parts)

    def node_json(self, node_id: int) -> dict | None:
        node = self.nodes.get(node_id)
        if node is None:
            return None
        return {
            "jet_node_id": node.jet_node_id, "jet_node_name": node.name, "jet_node_path": self.node_path(node),
            "amazon_node_ids": [], "parent_id": node.parent_id, "jet_level": node.level,
            "suggested_tax_code": node.suggested_tax_code, "active": node.active,
        }

    def attribute_json(self, attribute_id: int) -> dict:
        attribute = self.attributes[attribute_id]
        return {
            "attribute_id": attribute_id, "attribute_description": attribute["description"],
            "free_text": attribute["free_text"] != 0, "variant": attribute["variant"],
            "variant_pair": attribute["variant_pair"], "values": list(attribute["values"]),
            "units": list(attribute["units"]),
        }

    def attributes_of(self, node_id: int) -> list[dict]:
        return [self.attribute_json(aid) for aid in self.node_attributes.get(node_id, [])]


_lock = threading.Lock()
_loaded: Taxonomy | None = None


def taxonomy() -> Taxonomy:
    """The taxonomy, read from data/taxonomy.json.gz on first use."""
    global _loaded
    if _loaded is None:
        with _lock:
            if _loaded is None:
                raw = resources.files("jetcart.sandbox").joinpath("data/taxonomy.json.gz").read_bytes()
                _loaded = Taxonomy(orjson.loads(gzip.decompress(raw)))
                # About 60,000 long-lived dicts: out of the collector's reach, so its full passes (every few
                # thousand requests) stop walking them (docs/performance.md, "Round 2, end of 2026-12-07").
                gc.freeze()
    return _loaded
