"""Option mapping use cases: a store option (select/radio) drives a Jet variant attribute and each of its
values a Jet value; same-named options and values are proposed and accepted in one go."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import transaction

from jetcart.connector.mapping import store_catalog
from jetcart.connector.mapping.store_catalog import StoreOption
from jetcart.connector.models import (
    AttributeKind,
    CategoryMapping,
    JetAttribute,
    JetAttributeValue,
    OptionMapping,
    OptionValueMapping,
)


class OptionMappingError(ValueError):
    """An option mapping that was refused; the message says why."""


def variant_attributes() -> list[JetAttribute]:
    """Jet variant attributes of the mapped Jet categories (every variant attribute when none is mapped)."""
    mapped = CategoryMapping.objects.values("jet_category_id")
    attributes = JetAttribute.objects.filter(variant=True)
    of_mapped = attributes.filter(category_links__category_id__in=mapped, category_links__active=True).distinct()
    chosen = of_mapped if of_mapped.exists() else attributes
    return list(chosen.order_by("name", "attribute_id"))


def allowed_values(attribute: JetAttribute) -> list[str]:
    """The values Jet accepts for a list attribute (empty for free-text ones)."""
    if attribute.kind != AttributeKind.LIST:
        return []
    return list(JetAttributeValue.objects.filter(attribute=attribute, retired=False).values_list("value", flat=True))


@dataclass(frozen=True)
class OptionMappingRow:
    option: StoreOption
    mapping: OptionMapping | None
    value_mappings: dict[int, OptionValueMapping]


def option_mapping_rows() -> list[OptionMappingRow]:
    """Every store select/radio option with its mapping and its values' mappings."""
    mappings = {m.store_option_id: m for m in OptionMapping.objects.select_related("jet_attribute")}
    values = {v.store_option_value_id: v for v in OptionValueMapping.objects.all()}
    rows = []
    for option in store_catalog.options():
        mapping = mappings.get(option.option_id)
        mapped_values = {v.option_value_id: values[v.option_value_id] for v in option.values
                         if mapping and v.option_value_id in values}
        rows.append(OptionMappingRow(option, mapping, mapped_values))
    return rows


def _option(option_id: int) -> StoreOption:
    for option in store_catalog.options():
        if option.option_id == option_id:
            return option
    raise OptionMappingError(f"The store has no select or radio option with ID {option_id}.")


def _variant_attribute(attribute_id: int) -> JetAttribute:
    attribute = JetAttribute.objects.filter(attribute_id=attribute_id).first()
    if attribute is None:
        raise OptionMappingError(f"Jet attribute {attribute_id} is not in the imported taxonomy.")
    if not attribute.variant:
        raise OptionMappingError(f"Jet attribute {attribute.name} ({attribute_id}) is not a variant attribute; "
                                 "configurable products can vary only along variant attributes.")
    return attribute


@transaction.atomic
def map_option(*, option_id: int, jet_attribute_id: int) -> OptionMapping:
    """Maps a store option to a Jet variant attribute; value mappings no longer valid for it are dropped."""
    option = _option(option_id)
    attribute = _variant_attribute(jet_attribute_id)
    mapping, created = OptionMapping.objects.update_or_create(
        store_option_id=option_id, defaults={"store_option_name": option.name, "jet_attribute": attribute}
    )
    if not created:
        allowed = allowed_values(attribute)
        if allowed:
            mapping.value_mappings.exclude(jet_value__in=allowed).delete()
    return mapping


def unmap_option(*, option_id: int) -> bool:
    """Removes the option's mapping and, with it, its values' mappings."""
    deleted, _ = OptionMapping.objects.filter(store_option_id=option_id).delete()
    return bool(deleted)


@transaction.atomic
def map_option_value(*, option_id: int, option_value_id: int, jet_value: str) -> OptionValueMapping | None:
    """Maps one value of a mapped option to a Jet value; an empty value removes the mapping."""
    mapping = OptionMapping.objects.select_related("jet_attribute").filter(store_option_id=option_id).first()
    if mapping is None:
        raise OptionMappingError("Map the option to a Jet variant attribute before mapping its values.")
    option = _option(option_id)
    value = next((v for v in option.values if v.option_value_id == option_value_id), None)
    if value is None:
        raise OptionMappingError(f"Option {option.name} has no value with ID {option_value_id}.")
    jet_value = (jet_value or "").strip()
    if not jet_value:
        OptionValueMapping.objects.filter(store_option_value_id=option_value_id).delete()
        return None
    allowed = allowed_values(mapping.jet_attribute)
    if allowed and jet_value not in allowed:
        raise OptionMappingError(f"{jet_value!r} is not a value of Jet attribute {mapping.jet_attribute.name}; "
                                 f"choose one of Jet's values.")
    if len(jet_value) > 500:
        raise OptionMappingError("Jet takes attribute values of at most 500 characters.")
    row, _ = OptionValueMapping.objects.update_or_create(
        store_option_value_id=option_value_id,
        defaults={"option_mapping": mapping, "store_value_name": value.name, "jet_value": jet_value},
    )
    return row


@transaction.atomic
def save_option_mapping(*, option_id: int, jet_attribute: str | None, values: dict[int, str]) -> str:
    """The option page's form of one option, saved together or not at all: an empty `jet_attribute` unmaps the
    option (its value mappings go with it; the value boxes are ignored), a Jet attribute id maps it and then
    its values; None leaves the option's mapping as it is. Returns what was done, for the merchant."""
    if jet_attribute is not None and not jet_attribute.strip():
        removed = unmap_option(option_id=option_id)
        return "The option is no longer mapped." if removed else "The option was not mapped."
    if jet_attribute is not None:
        if not jet_attribute.strip().isdigit():
            raise OptionMappingError("Choose a Jet variant attribute from the list.")
        map_option(option_id=option_id, jet_attribute_id=int(jet_attribute))
    for option_value_id, jet_value in values.items():
        map_option_value(option_id=option_id, option_value_id=option_value_id, jet_value=jet_value)
    return "Option mapping saved."


@dataclass(frozen=True)
class Suggestion:
    """A mapping jetcart proposes because the names are the same."""

    option_id: int
    option_name: str
    jet_attribute_id: int
    jet_attribute_name: str
    option_value_id: int | None = None
    value_name: str = ""
    jet_value: str = ""

    @property
    def key(self) -> str:
        return f"{self.option_id}:{self.option_value_id or ''}:{self.jet_attribute_id}"

    def describe(self) -> str:
        if self.option_value_id is None:
            return f"option {self.option_name} → Jet attribute {self.jet_attribute_name} ({self.jet_attribute_id})"
        return f"{self.option_name}: {self.value_name} → {self.jet_value}"


def _norm(text: str) -> str:
    return " ".join((text or "").lower().split())


_FREE_TEXT_SUFFIX = re.compile(r"\s*-\s*free text.*$", re.IGNORECASE)


def attribute_names(attribute: JetAttribute) -> set[str]:
    """The names an option may match: Jet's display name, its description, and the description without
    Jet's "- Free Text…" suffix (the API gives only the description, e.g. "Size - Free Text")."""
    names = {attribute.name, attribute.description, _FREE_TEXT_SUFFIX.sub("", attribute.description or "")}
    return {_norm(name) for name in names if name and name.strip()}


def suggest_option_mappings() -> list[Suggestion]:
    """Unmapped options whose name equals a variant attribute's, and unmapped values equal to a Jet value."""
    by_name: dict[str, JetAttribute] = {}
    for attribute in variant_attributes():
        for name in attribute_names(attribute):
            by_name.setdefault(name, attribute)
    mappings = {m.store_option_id: m for m in OptionMapping.objects.select_related("jet_attribute")}
    mapped_values = set(OptionValueMapping.objects.values_list("store_option_value_id", flat=True))
    suggestions = []
    for option in store_catalog.options():
        mapping = mappings.get(option.option_id)
        attribute = mapping.jet_attribute if mapping else by_name.get(_norm(option.name))
        if attribute is None:
            continue
        if mapping is None:
            suggestions.append(Suggestion(option.option_id, option.name, attribute.attribute_id, attribute.name))
        allowed = {_norm(v): v for v in allowed_values(attribute)}
        for value in option.values:
            if value.option_value_id in mapped_values:
                continue
            jet_value = allowed.get(_norm(value.name)) if allowed else value.name
            if jet_value:
                suggestions.append(Suggestion(option.option_id, option.name, attribute.attribute_id, attribute.name,
                                              value.option_value_id, value.name, jet_value))
    return suggestions


@transaction.atomic
def accept_suggestions(suggestions: list[Suggestion]) -> int:
    """Saves the proposed mappings (options first, then values); returns how many were saved."""
    saved = 0
    for s in sorted(suggestions, key=lambda s: s.option_value_id is not None):
        if s.option_value_id is None:
            map_option(option_id=s.option_id, jet_attribute_id=s.jet_attribute_id)
        else:
            map_option_value(option_id=s.option_id, option_value_id=s.option_value_id, jet_value=s.jet_value)
        saved += 1
    return saved


def variant_values_of(product_option_values: list[tuple[int, int]]) -> list[dict]:
    """Jet (attribute_id, value) for (option_id, option_value_id) pairs of one variant; unmapped pairs are
    left out. Used when building configurable products."""
    options = {m.store_option_id: m.jet_attribute_id for m in OptionMapping.objects.all()}
    values = dict(OptionValueMapping.objects.values_list("store_option_value_id", "jet_value"))
    entries = []
    for option_id, option_value_id in product_option_values:
        if option_id in options and option_value_id in values:
            entries.append({"attribute_id": options[option_id], "attribute_value": values[option_value_id]})
    return entries
