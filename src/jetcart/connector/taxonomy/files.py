"""Reads the taxonomy files Jet gave merchants (categories, attributes, attribute values, mappings as CSV)
into typed rows, then into records."""

from __future__ import annotations

import csv
import gzip
import io
from collections.abc import Iterator
from dataclasses import MISSING, dataclass, fields
from pathlib import Path
from typing import TypeVar

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


@dataclass(frozen=True, slots=True)
class CategoryRow:
    """A line of categories.csv as text (fields without a default are required columns)."""

    id: str
    name: str
    parent_id: str
    level: str
    path: str = ""
    active: str = "TRUE"
    retired: str = "FALSE"
    suggested_tax_code: str = ""
    tax_code: str = ""


@dataclass(frozen=True, slots=True)
class AttributeRow:
    """A line of attributes.csv as text."""

    id: str
    free_text: str
    description: str = ""
    display_name: str = ""
    variant: str = ""
    variant_pair: str = ""
    display: str = "TRUE"
    facet_filter: str = ""


@dataclass(frozen=True, slots=True)
class AttributeValueRow:
    """A line of attribute_values.csv as text."""

    attribute_id: str
    value: str
    units: str = ""
    retired: str = ""


@dataclass(frozen=True, slots=True)
class CategoryAttributeRow:
    """A line of category_attribute_mappings.csv as text."""

    attribute_id: str
    category_id: str
    active: str = "TRUE"


Row = TypeVar("Row", CategoryRow, AttributeRow, AttributeValueRow, CategoryAttributeRow)


def _rows(path: Path, row_type: type[Row]) -> Iterator[tuple[int, Row]]:
    """The file's non-empty lines after the header, each as `row_type` with its line number. A column the file
    lacks takes the field's default (a required one is refused); a cell a short line lacks reads as empty."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as raw, io.TextIOWrapper(raw, encoding="utf-8-sig", newline="") as text:
        reader = csv.reader(text)
        header = next(reader, [])
        position = {name: index for index, name in enumerate(header)}
        columns = fields(row_type)
        missing = sorted(c.name for c in columns if c.name not in position and c.default is MISSING)
        if missing:
            raise TaxonomyFileError(f"{path.name}: missing column(s) {', '.join(missing)}")
        cells_of = [(position[c.name], "") if c.name in position else (None, c.default) for c in columns]
        for line, cells in enumerate(filter(None, reader), start=2):
            width = len(cells)
            yield line, row_type(*[default if index is None or index >= width else cells[index]
                                   for index, default in cells_of])


def _int(path: Path, line: int, column: str, raw: str, *, empty: int | None = None) -> int:
    """The cell as a whole number; an empty cell reads as `empty` when given."""
    text = raw.strip()
    try:
        return empty if not text and empty is not None else int(text)
    except ValueError:
        raise TaxonomyFileError(f"{path.name} line {line}: {column} {text!r} is not a whole number") from None


def read_categories(path: Path) -> Iterator[CategoryRecord]:
    for line, row in _rows(path, CategoryRow):
        yield CategoryRecord(
            jet_node_id=_int(path, line, "id", row.id),
            name=row.name.strip(),
            parent_id=_int(path, line, "parent_id", row.parent_id, empty=0),
            level=_int(path, line, "level", row.level),
            path=" > ".join(part.strip() for part in row.path.split("|") if part.strip()),
            active=parse_flag(row.active),
            retired=parse_flag(row.retired),
            suggested_tax_code=(row.suggested_tax_code or row.tax_code).strip(),
        )


def read_attributes(path: Path) -> Iterator[AttributeRecord]:
    for line, row in _rows(path, AttributeRow):
        try:
            kind = parse_kind(row.free_text)
        except ValueError as exc:
            raise TaxonomyFileError(f"{path.name} line {line}: {exc}") from None
        description = row.description.strip()
        yield AttributeRecord(
            attribute_id=_int(path, line, "id", row.id),
            name=(row.display_name or description).strip(),
            description=description,
            kind=kind,
            variant=parse_flag(row.variant),
            variant_pair=parse_flag(row.variant_pair),
            display=parse_flag(row.display),
            facet_filter=parse_flag(row.facet_filter),
        )


def read_attribute_values(path: Path) -> Iterator[ValueRecord]:
    for line, row in _rows(path, AttributeValueRow):
        yield ValueRecord(
            attribute_id=_int(path, line, "attribute_id", row.attribute_id),
            value=row.value.strip(),
            units=row.units.strip(),
            retired=parse_flag(row.retired),
        )


def read_category_attributes(path: Path) -> Iterator[LinkRecord]:
    for line, row in _rows(path, CategoryAttributeRow):
        yield LinkRecord(
            category_id=_int(path, line, "category_id", row.category_id),
            attribute_id=_int(path, line, "attribute_id", row.attribute_id),
            active=parse_flag(row.active),
        )
