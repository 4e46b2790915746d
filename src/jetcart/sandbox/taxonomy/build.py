"""Builds data/taxonomy.json.gz from the public Jet taxonomy dumps (run: python -m jetcart.sandbox.taxonomy.build).

Inputs (see docs/sandbox.md for origin and licence): the monarchjhaveri dump (categories, attributes,
values, mappings — 5,340 nodes) and, for `suggested_tax_code`, the craigsirk API-derived node dump.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from pathlib import Path

import orjson

OUTPUT = Path(__file__).resolve().parent.parent / "data" / "taxonomy.json.gz"
_ROW = re.compile(r"\('([^']*)', '((?:[^']|'')*)', '((?:[^']|'')*)', '([^']*)', '([^']*)', (\d+), '((?:[^']|'')*)'\)")


def _true(value) -> bool:
    return value is True or str(value).upper() == "TRUE" or value == 1


def tax_codes_by_node(sql_path: Path) -> dict[int, str]:
    """node id → suggested tax code, from the craigsirk dump (rows with Excel-damaged ids are skipped)."""
    codes: dict[int, str] = {}
    if not sql_path.exists():
        return codes
    for match in _ROW.finditer(sql_path.read_text(encoding="utf-8", errors="replace")):
        node_id, tax_code = match.group(1), match.group(7).replace("''", "'")
        if node_id.isdigit() and tax_code:
            codes.setdefault(int(node_id), tax_code)
    return codes


def build(source: Path) -> dict:
    primary = source / "monarchjhaveri-ecommerce-web-admin-panel"
    categories = json.loads((primary / "categories.json").read_text(encoding="utf-8"))
    attributes = json.loads((primary / "attributes.json").read_text(encoding="utf-8"))
    values = json.loads((primary / "attribute_values.json").read_text(encoding="utf-8"))
    mappings = json.loads((primary / "category_attribute_mappings.json").read_text(encoding="utf-8"))
    tax_codes = tax_codes_by_node(source / "craigsirk-shopify-jet-integration" / "jet_Taxonomy.sql")

    nodes = []
    for row in sorted(categories, key=lambda r: int(r["id"])):
        node_id = int(row["id"])
        nodes.append([
            node_id, row["name"], int(row["parent_id"] or 0), int(row["level"]),
            _true(row["active"]) and not _true(row["retired"]), row["path"].split("|"),
            tax_codes.get(node_id, ""),
        ])
    by_attribute: dict[int, dict] = {}
    for row in attributes:
        by_attribute[int(row["id"])] = {
            "description": row["description"], "display_name": row["display_name"],
            "free_text": int(row["free_text"]), "variant": _true(row["variant"]),
            "variant_pair": _true(row["variant_pair"]), "values": [], "units": [],
        }
    for row in values:
        attribute = by_attribute.get(int(row["attribute_id"]))
        if attribute is None or row.get("retired"):
            continue
        value = str(row["value"])
        if row.get("units"):
            if str(row["units"]) not in attribute["units"]:
                attribute["units"].append(str(row["units"]))
        elif value not in attribute["values"]:
            attribute["values"].append(value)
    node_attributes: dict[str, list[int]] = {}
    for row in mappings:
        if _true(row["active"]) and int(row["attribute_id"]) in by_attribute:
            node_attributes.setdefault(str(int(row["category_id"])), []).append(int(row["attribute_id"]))
    return {
        "origin": "monarchjhaveri/ecommerce-web-admin-panel @5f4064d (nodes, attributes, values, mappings); "
                  "craigsirk/Shopify-Jet-Integration @7527584 (suggested_tax_code)",
        "nodes": nodes,
        "attributes": {str(k): v for k, v in by_attribute.items()},
        "node_attributes": node_attributes,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, required=True,
                        help="the folder holding the dumps (see docs/sandbox.md for where to get them)")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    if not (args.source / "monarchjhaveri-ecommerce-web-admin-panel").exists():
        print(f"no taxonomy dumps under {args.source}", file=sys.stderr)
        return 1
    data = build(args.source)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_bytes(gzip.compress(orjson.dumps(data), compresslevel=9, mtime=0))
    print(f"{args.output}: {len(data['nodes'])} nodes, {len(data['attributes'])} attributes, "
          f"{args.output.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
