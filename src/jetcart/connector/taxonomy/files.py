"""Reads the taxonomy files Jet gave merchants (categories, attributes, attribute values, mappings as CSV)."""

from __future__ import annotations

import csv
import gzip
import io
from collections.abc import Iterator
from pathlib import Path

from jetcart.connector.taxonomy.records import (
    AttributeRecord,
    CategoryRecord,
    LinkRecord,
    ValueRecord,
    parse_flag,
    parse_kind,
)

FILE_NAMES = {
    "categories": "categories.csv",
    "attributes": "attributes.csv",
    "attribute_values": "attribute_values.csv",
    "category_attribute_mappings": "category_attribute_mappings.csv",
}
REQUIRED_COLUMNS = {
    "categories": {"id", "name", "parent_id", "level"},
    "attributes": {"id", "free_text"},
    "attribute_values": {"attribute_id", "value"},
    "category_attribute_mappings": {"attribute_id", "category_id"},
}


class TaxonomyFileError(ValueError):
    """A taxonomy file is missing or malformed; the message names the file and the line."""


def locate_taxonomy_files(path: Path) -> dict[str, Path]:
    """The four files, given their folder or any one of them; `.csv.gz` copies are accepted too."""
    if not path.exists():
        raise TaxonomyFileError(f"{path}: no such file or folder")
    folder = path if path.is_dir() else path.parent
    found: dict[str, Path] = {}
    for kind, name in FILE_NAMES.items():
        for candidate in (folder / name, folder / f"{name}.gz"):
            if candidate.exists():
                found[kind] = candidate
                break
        else:
            raise TaxonomyFileError(
                f"{folder}: {name} is missing (expected {', '.join(FILE_NAMES.values())} side by side)"
            )
    return found


def _rows(path: Path, kind: str) -> Iterator[tuple[int, dict[str, str]]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as raw, io.TextIOWrapper(raw, encoding="utf-8-sig", newline="") as text:
        reader = csv.DictReader(text)
        missing = REQUIRED_COLUMNS[kind] - set(reader.fieldnames or [])
        if missing:
            raise TaxonomyFileError(f"{path.name}: missing column(s) {', '.join(sorted(missing))}")
        yield from enumerate(reader, start=2)


def _int(path: Path, line: int, row: dict[str, str], column: str) -> int:
    raw = (row.get(column) or "").strip()
    try:
        return int(raw or 0) if column == "parent_id" else int(raw)
    except ValueError:
        raise TaxonomyFileError(f"{path.name} line {line}: {column} {raw!r} is not a whole number") from None


def read_categories(path: Path) -> Iterator[CategoryRecord]:
    for line, row in _rows(path, "categories"):
        yield CategoryRecord(
            jet_node_id=_int(path, line, row, "id"),
            name=(row["name"] or "").strip(),
            parent_id=_int(path, line, row, "parent_id"),
            level=_int(path, line, row, "level"),
            path=" > ".join(part.strip() for part in (row.get("path") or "").split("|") if part.strip()),
            active=parse_flag(row.get("active", "TRUE")),
            retired=parse_flag(row.get("retired", "FALSE")),
            suggested_tax_code=(row.get("suggested_tax_code") or row.get("tax_code") or "").strip(),
        )


def read_attributes(path: Path) -> Iterator[AttributeRecord]:
    for line, row in _rows(path, "attributes"):
        try:
            kind = parse_kind(row["free_text"])
        except ValueError as exc:
            raise TaxonomyFileError(f"{path.name} line {line}: {exc}") from None
        description = (row.get("description") or "").strip()
        yield AttributeRecord(
            attribute_id=_int(path, line, row, "id"),
            name=(row.get("display_name") or description).strip(),
            description=description,
            kind=kind,
            variant=parse_flag(row.get("variant")),
            variant_pair=parse_flag(row.get("variant_pair")),
            display=parse_flag(row.get("display", "TRUE")),
            facet_filter=parse_flag(row.get("facet_filter")),
        )


def read_attribute_values(path: Path) -> Iterator[ValueRecord]:
    for line, row in _rows(path, "attribute_values"):
        yield ValueRecord(
            attribute_id=_int(path, line, row, "attribute_id"),
            value=(row["value"] or "").strip(),
            units=(row.get("units") or "").strip(),
            retired=parse_flag(row.get("retired")),
        )


def read_category_attributes(path: Path) -> Iterator[LinkRecord]:
    for line, row in _rows(path, "category_attribute_mappings"):
        yield LinkRecord(
            category_id=_int(path, line, row, "category_id"),
            attribute_id=_int(path, line, row, "attribute_id"),
            active=parse_flag(row.get("active", "TRUE")),
        )
