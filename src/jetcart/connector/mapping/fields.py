"""Field mapping use cases: which store field (or fixed value) fills each Jet product field, with defaults,
and the Jet field values of one store product, converted to Jet's units."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from html import unescape
from typing import Any

from django.db import transaction
from django.utils.html import strip_tags

from jetcart.connector.mapping import units
from jetcart.connector.models import FieldMapping, FieldSource

# OpenCart product fields the mapping may use (names of the store gateway's product fields).
STORE_FIELDS: list[tuple[str, str]] = [
    ("name", "Product name"),
    ("model", "Model"),
    ("sku", "SKU"),
    ("upc", "UPC"),
    ("ean", "EAN"),
    ("jan", "JAN"),
    ("isbn", "ISBN"),
    ("mpn", "MPN"),
    ("description", "Description"),
    ("manufacturer", "Manufacturer"),
    ("weight", "Weight"),
    ("length", "Length"),
    ("width", "Width"),
    ("height", "Height"),
]
STORE_FIELD_NAMES = {name for name, _ in STORE_FIELDS}


@dataclass(frozen=True)
class JetField:
    """One Jet product field the merchant can map."""

    name: str
    hint: str
    kind: str  # text, int, decimal, weight, length, bullets, code, asin
    default_store_field: str = ""
    default_fixed: str = ""
    max_length: int | None = None
    min_length: int = 0
    min_value: int | None = None
    max_value: int | None = None
    code_type: str = ""

    @property
    def default_source(self) -> str:
        if self.default_store_field:
            return FieldSource.STORE
        return FieldSource.FIXED if self.default_fixed else FieldSource.NONE


JET_FIELDS: list[JetField] = [
    JetField("product_title", "Title of the product on Jet.com (5–500 characters).", "text", "name",
             min_length=5, max_length=500),
    JetField("brand", "Brand; products are filterable by brand on Jet (1–100 characters).", "text", "manufacturer",
             min_length=1, max_length=100),
    JetField("manufacturer", "Manufacturer of the product (up to 100 characters).", "text", "manufacturer",
             max_length=100),
    JetField("mfr_part_number", "Manufacturer part number, unique per product (up to 50 characters).", "text",
             "mpn", max_length=50),
    JetField("product_description", "Description on Jet, as plain text (up to 2000 characters).", "text",
             "description", max_length=2000),
    JetField("bullets", "Up to 5 key features, one per line, each up to 500 characters.", "bullets"),
    JetField("upc", "UPC: 12 digits with a valid check digit.", "code", "upc", code_type="UPC"),
    JetField("ean", "EAN: 13 digits with a valid check digit.", "code", "ean", code_type="EAN"),
    JetField("isbn", "ISBN-10 or ISBN-13, by its length.", "code", "isbn", code_type="ISBN"),
    JetField("gtin_14", "GTIN-14: 14 digits with a valid check digit.", "code", code_type="GTIN-14"),
    JetField("ASIN", "Amazon's 10-character product id.", "asin"),
    JetField("multipack_quantity", "Units of the coded item in one SKU (1–128).", "int", default_fixed="1",
             min_value=1, max_value=128),
    JetField("shipping_weight_pounds", "Shipping weight, converted to pounds.", "weight", "weight"),
    JetField("package_length_inches", "Package length, converted to inches.", "length", "length"),
    JetField("package_width_inches", "Package width, converted to inches.", "length", "width"),
    JetField("package_height_inches", "Package height, converted to inches.", "length", "height"),
    JetField("display_length_inches", "Assembled length, converted to inches.", "length", "length"),
    JetField("display_width_inches", "Assembled width, converted to inches.", "length", "width"),
    JetField("display_height_inches", "Assembled height, converted to inches.", "length", "height"),
    JetField("country_of_origin", "Country the product was made in (up to 50 characters).", "text", max_length=50),
    JetField("amazon_item_type_keyword", "Amazon item-type keyword.", "text", max_length=500),
    JetField("legal_disclaimer_description", "Legal disclaimer (up to 500 characters).", "text", max_length=500),
    JetField("safety_warning", "Safety warning (up to 2000 characters).", "text", max_length=2000),
    JetField("msrp", "Manufacturer's suggested retail price.", "decimal"),
    JetField("fulfillment_time", "Business days from order to shipment, when not the account default.", "int",
             min_value=0, max_value=99),
]
JET_FIELDS_BY_NAME = {f.name: f for f in JET_FIELDS}


class FieldMappingError(ValueError):
    """A field mapping that was refused; `field` names the Jet field."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True)
class FieldMappingRow:
    """The mapping of one Jet field as it applies now (saved, or the default)."""

    field: JetField
    source: str
    store_field: str
    fixed_value: str
    is_default: bool


def field_mappings() -> list[FieldMappingRow]:
    """Every Jet field with its current mapping, in the page's order."""
    saved = {m.jet_field: m for m in FieldMapping.objects.all()}
    rows = []
    for field in JET_FIELDS:
        mapping = saved.get(field.name)
        if mapping is None:
            rows.append(FieldMappingRow(field, field.default_source, field.default_store_field, field.default_fixed,
                                        True))
        else:
            rows.append(FieldMappingRow(field, mapping.source, mapping.store_field, mapping.fixed_value, False))
    return rows


def sent_field_mappings() -> list[FieldMappingRow]:
    """The mappings that give a value (from the store or fixed); fields not sent are left out."""
    return [row for row in field_mappings() if row.source in (FieldSource.STORE, FieldSource.FIXED)]


def check_fixed_value(field: JetField, raw: str) -> str:
    """The fixed value normalised, or FieldMappingError saying what Jet would refuse."""
    value = (raw or "").strip()
    if not value:
        raise FieldMappingError(field.name, "enter the fixed value, or choose a store field or 'Not sent'.")
    if field.kind == "int":
        if not value.isdigit():
            raise FieldMappingError(field.name, f"{value!r} is not a whole number.")
        number = int(value)
        if field.min_value is not None and number < field.min_value or \
                field.max_value is not None and number > field.max_value:
            raise FieldMappingError(field.name, f"must be between {field.min_value} and {field.max_value}.")
        return str(number)
    if field.kind in {"decimal", "weight", "length"}:
        try:
            number = Decimal(value)
        except InvalidOperation:
            raise FieldMappingError(field.name, f"{value!r} is not a number.") from None
        if number < 0:
            raise FieldMappingError(field.name, "cannot be negative.")
        return str(number)
    if field.kind in {"code", "asin"}:
        raise FieldMappingError(field.name, "a product code cannot be the same fixed value for every product.")
    if field.max_length and len(value) > field.max_length:
        raise FieldMappingError(field.name, f"at most {field.max_length} characters (this has {len(value)}).")
    if len(value) < field.min_length:
        raise FieldMappingError(field.name, f"at least {field.min_length} characters.")
    return value


@transaction.atomic
def set_field_mapping(*, jet_field: str, source: str, store_field: str = "", fixed_value: str = "") -> FieldMapping:
    """Saves where one Jet field takes its value from."""
    field = JET_FIELDS_BY_NAME.get(jet_field)
    if field is None:
        raise FieldMappingError(jet_field, "not a Jet product field jetcart maps.")
    if source not in FieldSource.values:
        raise FieldMappingError(jet_field, f"source must be one of {', '.join(FieldSource.values)}.")
    if source == FieldSource.STORE:
        if store_field not in STORE_FIELD_NAMES:
            raise FieldMappingError(jet_field, f"{store_field!r} is not an OpenCart product field.")
        fixed_value = ""
    elif source == FieldSource.FIXED:
        fixed_value, store_field = check_fixed_value(field, fixed_value), ""
    else:
        fixed_value, store_field = "", ""
    mapping, _ = FieldMapping.objects.update_or_create(
        jet_field=jet_field, defaults={"source": source, "store_field": store_field, "fixed_value": fixed_value}
    )
    return mapping


class FieldMappingsRefused(ValueError):
    """Some field mappings were refused, so none was saved: `errors` by Jet field, `rows` as they were typed."""

    def __init__(self, errors: dict[str, str], rows: list[FieldMappingRow]):
        super().__init__("; ".join(f"{name}: {message}" for name, message in errors.items()))
        self.errors = errors
        self.rows = rows


def typed_mapping(choice: str, fixed: str) -> tuple[str, str, str]:
    """(source, store_field, fixed_value) of the page's choice ("store:<field>", "fixed" or "none")."""
    if choice == FieldSource.FIXED:
        return FieldSource.FIXED, "", fixed
    if choice == FieldSource.NONE:
        return FieldSource.NONE, "", ""
    return FieldSource.STORE, choice.removeprefix("store:"), ""


@transaction.atomic
def save_field_mappings(typed: Mapping[str, tuple[str, str]]) -> int:
    """Saves the page's mappings (Jet field → (choice, fixed value)) all together, or none: FieldMappingsRefused
    names every refused field and gives back the rows as typed. Returns how many mappings changed."""
    rows, shown, errors, changed = field_mappings(), [], {}, 0
    for row in rows:
        if row.field.name not in typed:
            shown.append(row)
            continue
        choice, fixed = typed[row.field.name]
        source, store_field, fixed_value = typed_mapping(choice, fixed)
        shown.append(FieldMappingRow(row.field, source, store_field, fixed if source == FieldSource.FIXED
                                     else row.fixed_value, row.is_default))
        if (source, store_field) == (row.source, row.store_field) and \
                (source != FieldSource.FIXED or fixed.strip() == row.fixed_value):
            continue
        try:
            set_field_mapping(jet_field=row.field.name, source=source, store_field=store_field,
                              fixed_value=fixed_value)
        except FieldMappingError as exc:
            errors[row.field.name] = exc.message
        changed += 1
    if errors:
        raise FieldMappingsRefused(errors, shown)  # the transaction rolls back what was saved above
    return changed


@transaction.atomic
def reset_field_mappings() -> int:
    """Back to the defaults; returns how many saved mappings were dropped."""
    deleted, _ = FieldMapping.objects.all().delete()
    return deleted


# --- the Jet field values of one product ------------------------------------------------------------------

def _reader(product: Any) -> Callable[[str], Any]:
    """Reads fields of a store product, whether the gateway gave a mapping or an object."""
    if isinstance(product, Mapping):
        return product.get
    return lambda name: getattr(product, name, None)


# A start or end tag that Python's HTML parser (under Django's strip_tags) reads as exactly this span: a name,
# then attributes whose quoted values hold no angle bracket. Markup made only of such tags, with no element
# whose content the parser keeps as raw text and no "&" that is not a complete reference (or followed by
# a space), loses exactly these spans in strip_tags: `_simple_markup_stripped` drops them without the parser.
_SIMPLE_TAG = re.compile(
    r"""</?[a-zA-Z][a-zA-Z0-9]*(?:\s+[^\s"'<>/=]+(?:\s*=\s*(?:"[^"<>]*"|'[^'<>]*'|[^\s"'<>=`]+))?)*\s*/?>""")
_RAW_TEXT_ELEMENT = re.compile(r"</?(?:script|style|textarea|title|xmp|iframe|noembed|noframes|noscript|plaintext)")
_LOOSE_AMPERSAND = re.compile(r"&(?!#[0-9]+;|#[xX][0-9a-fA-F]+;|[a-zA-Z][a-zA-Z0-9]*;|\s)")


def _simple_markup_stripped(html: str) -> str | None:
    """strip_tags(html) for markup of plain tags and references only; None for anything else."""
    if _RAW_TEXT_ELEMENT.search(html.lower()) or _LOOSE_AMPERSAND.search(html):
        return None
    text = _SIMPLE_TAG.sub("", html)
    return None if "<" in text else text


def plain_text(html: str) -> str:
    """Store descriptions are HTML; Jet takes plain text."""
    if "<" not in (html or "") and "&" not in (html or ""):
        return " ".join((html or "").split())  # runs of whitespace as one space (str.split's is re's \s)
    stripped = _simple_markup_stripped(html)
    if stripped is None:
        stripped = strip_tags(html)
    return " ".join(unescape(stripped).split())


_BLOCK_BREAKS = re.compile(r"<\s*(?:br|/?p|/?li|/?ul|/?ol|/?div|/?h[1-6]|/?tr)\b[^>]*>", re.IGNORECASE)


def plain_lines(text: str) -> list[str]:
    """Lines of plain text: HTML (as store descriptions hold it) split at its paragraphs, list items and line
    breaks, tags dropped and entities decoded; empty lines left out."""
    if "<" in text:
        text = _BLOCK_BREAKS.sub("\n", text)
    return [line for line in (plain_text(part) for part in text.splitlines()) if line]


def isbn_type(code: str) -> str:
    return "ISBN-13" if len(code) == 13 else "ISBN-10"


def _convert(row: FieldMappingRow, raw: Any, read: Callable[[str], Any]) -> Any:
    field = row.field
    if raw is None or (isinstance(raw, str) and not raw):  # not `== ""`: a Decimal compared with a str is slow
        return None
    if field.kind == "weight":
        value = units.to_pounds(raw, read("weight_unit") if row.source == FieldSource.STORE else "lb")
        return value if value else None
    if field.kind == "length":
        value = units.to_inches(raw, read("length_unit") if row.source == FieldSource.STORE else "in")
        return value if value else None
    if field.kind == "int":
        return int(Decimal(str(raw)))
    if field.kind == "decimal":
        return Decimal(str(raw))
    if field.kind == "bullets":
        lines = raw if isinstance(raw, list) else [str(raw)]
        return [line for item in lines if item for line in plain_lines(str(item))][:5] or None
    text = str(raw).strip()
    if field.name == "product_description":
        text = plain_text(text)
    return text or None


def resolve_product_fields(product: Any, *, mappings: list[FieldMappingRow] | None = None,
                           overrides: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Jet field values of one store product: the mapped store fields in Jet's units, then the product's own
    Jet data (`overrides`, e.g. from `product_attributes.product_overrides`) on top. Codes are returned as
    Jet's `standard_product_codes` list; fields without a value are left out. A store value that cannot be
    converted (e.g. an unknown weight unit) raises FieldMappingError naming the Jet field."""
    rows = mappings if mappings is not None else field_mappings()
    read = _reader(product)
    values: dict[str, Any] = {}
    for row in rows:
        if row.source == FieldSource.STORE:
            raw = read(row.store_field)
        elif row.source == FieldSource.FIXED:
            raw = row.fixed_value
        else:
            continue
        try:
            value = _convert(row, raw, read)
        except (units.UnitError, ArithmeticError, ValueError) as exc:
            raise FieldMappingError(row.field.name, f"cannot read the store's value: {exc}") from exc
        if value is not None:
            values[row.field.name] = value
    for name, value in (overrides or {}).items():
        if value not in (None, "", []):
            values[name] = value
    codes: dict[str, str] = {}  # one code per type; the product's own codes come last and win
    for name, code_type in (("upc", "UPC"), ("ean", "EAN"), ("gtin_14", "GTIN-14"), ("isbn", None),
                            ("isbn_10", "ISBN-10"), ("isbn_13", "ISBN-13")):
        code = values.pop(name, None)
        if code:
            code = str(code).strip()
            codes[code_type or isbn_type(code)] = code
    if codes:
        values["standard_product_codes"] = [
            {"standard_product_code": code, "standard_product_code_type": code_type}
            for code_type, code in codes.items()
        ]
    return values
