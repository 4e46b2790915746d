"""Plain records of Jet's taxonomy, read from files or the API, before they are stored."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

ProgressCallback = Callable[[str, int, int | None], None]
"""Called as progress(stage, done, total) while an import runs; total is None when unknown."""


@dataclass(frozen=True, slots=True)
class CategoryRecord:
    jet_node_id: int
    name: str
    parent_id: int
    level: int
    path: str = ""
    active: bool = True
    retired: bool = False
    suggested_tax_code: str = ""
    amazon_node_ids: list[int] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class AttributeRecord:
    attribute_id: int
    name: str
    description: str = ""
    kind: int = 0
    variant: bool = False
    variant_pair: bool = False
    display: bool = True
    facet_filter: bool = False
    units: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ValueRecord:
    attribute_id: int
    value: str
    units: str = ""
    retired: bool = False


@dataclass(frozen=True, slots=True)
class LinkRecord:
    category_id: int
    attribute_id: int
    active: bool = True


def parse_flag(raw: object) -> bool:
    """Jet's data spells booleans as TRUE/FALSE, true/false, 1/0 or JSON booleans."""
    if isinstance(raw, bool):
        return raw
    if raw is None:
        return False
    return str(raw).strip().lower() in {"true", "1", "yes", "y", "t"}


class TaxonomyDataError(ValueError):
    """A taxonomy node or attribute from Jet lacks a value jetcart needs, or has one it cannot read; names the
    field."""


def parse_kind(raw: object) -> int:
    """Jet's `free_text`: 0/1/2 in the files, a boolean in the API (true = free text). Missing or empty raises:
    reading it as 0 would make a free-text attribute a list one."""
    if isinstance(raw, bool):
        return 1 if raw else 0
    if raw is None or not str(raw).strip():
        raise TaxonomyDataError("free_text is missing (it must be true/false or 0, 1 or 2)")
    text = str(raw).strip().lower()
    if text in {"true", "false"}:
        return 1 if text == "true" else 0
    if text not in {"0", "1", "2"}:
        raise TaxonomyDataError(f"free_text must be 0, 1 or 2, not {raw!r}")
    return int(text)
