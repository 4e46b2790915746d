"""Exports every mapping to one CSV for bulk editing and imports it back, with an error per bad row."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction

from jetcart.connector.mapping import categories as category_mapping
from jetcart.connector.mapping import fields as field_mapping
from jetcart.connector.mapping import options as option_mapping
from jetcart.connector.models import CategoryMapping, OptionMapping, OptionValueMapping

COLUMNS = ["kind", "store_id", "store_name", "jet_id", "jet_value"]
KINDS = ("category", "field", "option", "option_value")
HELP = {
    "category": "store_id = OpenCart category ID, jet_id = Jet category ID",
    "field": "store_id = Jet field, jet_id = store | fixed | none, jet_value = OpenCart field or fixed value",
    "option": "store_id = OpenCart option ID, jet_id = Jet variant attribute ID",
    "option_value": "store_id = OpenCart option value ID, jet_id = its option's ID, jet_value = Jet value",
}


@dataclass(frozen=True)
class RowError:
    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass
class ImportResult:
    applied: int
    errors: list[RowError]

    @property
    def ok(self) -> bool:
        return not self.errors


class MappingImportFailed(Exception):
    """Raised inside the import transaction to undo it when a row failed."""


def export_mappings_csv() -> str:
    """Every saved mapping, one row each; field mappings include the defaults in force."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for m in CategoryMapping.objects.order_by("store_category_path", "store_category_id"):
        writer.writerow(["category", m.store_category_id, m.store_category_path, m.jet_category_id, ""])
    for row in field_mapping.field_mappings():
        value = row.store_field if row.source == "store" else row.fixed_value
        writer.writerow(["field", row.field.name, "", row.source, value])
    for m in OptionMapping.objects.order_by("store_option_name", "store_option_id"):
        writer.writerow(["option", m.store_option_id, m.store_option_name, m.jet_attribute_id, ""])
    for v in OptionValueMapping.objects.select_related("option_mapping").order_by(
            "option_mapping__store_option_name", "store_value_name"):
        writer.writerow(["option_value", v.store_option_value_id,
                         f"{v.option_mapping.store_option_name}: {v.store_value_name}",
                         v.option_mapping.store_option_id, v.jet_value])
    return out.getvalue()


def _int(text: str, column: str) -> int:
    text = (text or "").strip()
    if not text.isdigit():
        raise ValueError(f"{column} must be a whole number, not {text!r}")
    return int(text)


def _apply(kind: str, row: dict[str, str]) -> None:
    if kind == "category":
        store_id = _int(row.get("store_id", ""), "store_id")
        if not (row.get("jet_id") or "").strip():
            category_mapping.unmap_category(store_category_id=store_id)
            return
        category_mapping.map_category(store_category_id=store_id, jet_category_id=_int(row["jet_id"], "jet_id"))
    elif kind == "field":
        source = (row.get("jet_id") or "").strip()
        value = row.get("jet_value") or ""
        field_mapping.set_field_mapping(jet_field=(row.get("store_id") or "").strip(), source=source,
                                        store_field=value.strip() if source == "store" else "",
                                        fixed_value=value if source == "fixed" else "")
    elif kind == "option":
        option_id = _int(row.get("store_id", ""), "store_id")
        if not (row.get("jet_id") or "").strip():
            option_mapping.unmap_option(option_id=option_id)
            return
        option_mapping.map_option(option_id=option_id, jet_attribute_id=_int(row["jet_id"], "jet_id"))
    else:
        option_mapping.map_option_value(option_id=_int(row.get("jet_id", ""), "jet_id"),
                                        option_value_id=_int(row.get("store_id", ""), "store_id"),
                                        jet_value=row.get("jet_value") or "")


# What a refused row raises; anything else is a fault of jetcart, not of the file.
ROW_ERRORS = (ValueError, category_mapping.CategoryMappingError, option_mapping.OptionMappingError,
              field_mapping.FieldMappingError)


def parse_rows(text: str | Iterable[str]) -> tuple[list[tuple[int, dict[str, str]]], RowError | None]:
    """The rows with their line numbers in the order they are applied (categories, fields, options, then option
    values), or the header's problem."""
    lines = io.StringIO(text) if isinstance(text, str) else text
    reader = csv.DictReader(lines)
    missing = [c for c in ("kind", "store_id", "jet_id") if c not in (reader.fieldnames or [])]
    if missing:
        return [], RowError(1, f"missing column(s) {', '.join(missing)}; the header is {','.join(COLUMNS)}")
    rows = sorted(enumerate(reader, start=2),
                  key=lambda item: KINDS.index(item[1]["kind"].strip()) if (item[1].get("kind") or "").strip()
                  in KINDS else -1)
    return rows, None


def apply_row(line: int, row: dict[str, str]) -> RowError | None:
    """Applies one row in its own savepoint; the row's problem, if it was refused (then it changed nothing)."""
    kind = (row.get("kind") or "").strip()
    if kind not in KINDS:
        return RowError(line, f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
    try:
        with transaction.atomic():
            _apply(kind, row)
    except ROW_ERRORS as exc:
        return RowError(line, f"{kind}: {exc}")
    return None


def import_mappings_csv(text: str | Iterable[str]) -> ImportResult:
    """Applies every row, or none: when any row is refused, nothing changes and each bad row is reported.

    One transaction: for small files. Large ones go through jetcart.connector.mapping.large_import (short transactions)."""
    rows, header_error = parse_rows(text)
    if header_error:
        return ImportResult(0, [header_error])
    errors: list[RowError] = []
    applied = 0
    try:
        with transaction.atomic():
            for line, row in rows:
                error = apply_row(line, row)
                if error:
                    errors.append(error)
                else:
                    applied += 1
            if errors:
                raise MappingImportFailed
    except MappingImportFailed:
        return ImportResult(0, sorted(errors, key=lambda e: e.line))
    return ImportResult(applied, [])
