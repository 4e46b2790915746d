"""A small Jet taxonomy (Jet's CSV files) for the mapping tests; their store is `tests.fakes.store.FakeStore`."""

from __future__ import annotations

import csv
from pathlib import Path

TAXONOMY = {
    "categories.csv": [
        ["id", "name", "parent_id", "active", "retired", "path", "level"],
        [8000000, "Toys & Games", 0, "TRUE", "FALSE", "Toys & Games", 0],
        [8000194, "Puzzles", 8000000, "TRUE", "FALSE", "Toys & Games|Puzzles", 1],
        [8000195, "3-D Puzzles", 8000194, "TRUE", "FALSE", "Toys & Games|Puzzles|3-D Puzzles", 2],
        [8000196, "Jigsaw Puzzles", 8000194, "TRUE", "FALSE", "Toys & Games|Puzzles|Jigsaw Puzzles", 2],
        [500205, "Girl's Shoes", 8000000, "FALSE", "FALSE", "Toys & Games|Girl's Shoes", 1],
    ],
    "attributes.csv": [
        ["id", "description", "display_name", "free_text", "display", "facet_filter", "variant", "variant_pair"],
        [31, "Age Range", "Age Range", 0, "TRUE", "TRUE", "TRUE", "FALSE"],
        [119, "Color", "Color", 1, "TRUE", "TRUE", "TRUE", "FALSE"],
        [50, "Size - Free Text", "Size", 1, "TRUE", "TRUE", "TRUE", "FALSE"],
        [45, "Length", "Length", 2, "TRUE", "FALSE", "FALSE", "FALSE"],
    ],
    "attribute_values.csv": [
        ["attribute_id", "value", "units", "retired"],
        [31, "Up to 2", "", "FALSE"], [31, "Ages 3-5", "", "FALSE"], [31, "Ages 3-5", "", "FALSE"],
        [45, "_CM", "CM", "FALSE"], [45, "_IN", "IN", "FALSE"],
    ],
    "category_attribute_mappings.csv": [
        ["active", "attribute_id", "category_id"],
        ["TRUE", 31, 8000195], ["TRUE", 119, 8000195], ["TRUE", 50, 8000195], ["TRUE", 45, 8000195],
        ["TRUE", 31, 8000196], ["TRUE", 999, 8000196],
    ],
}


def write_taxonomy(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in TAXONOMY.items():
        with (folder / name).open("w", newline="") as out:
            csv.writer(out).writerows(rows)
    return folder
