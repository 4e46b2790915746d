"""Per-product Jet data: the form that checks every field as Jet would, saving it, and reading it back
for the product's Jet payload."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.db import transaction

from jetcart.connector.models import (
    AttributeKind,
    CategoryMapping,
    JetAttribute,
    JetAttributeValue,
    JetCategory,
    ProductAttributeValue,
    ProductJetData,
)
from jetcart.connector.taxonomy.categories import TaxonomyError, get_category, parse_category_reference
from jetcart.jet.identifiers import is_valid_asin, product_code_problem
from jetcart.jet.models.products import MerchantSku
from jetcart.jet.models.vocabulary import CPSIA_STATEMENTS, NO_WARNING_APPLICABLE, TAX_CODES

MAX_NODE_ATTRIBUTES = 10  # attributes_node_specific holds at most 10 entries (jet-api.md §2.3)
CODE_FIELDS = {"upc": "UPC", "ean": "EAN", "gtin_14": "GTIN-14", "isbn_10": "ISBN-10", "isbn_13": "ISBN-13"}
PLAIN_FIELDS = [
    "product_title", "brand", "manufacturer", "mfr_part_number", "upc", "ean", "gtin_14", "isbn_10", "isbn_13",
    "asin", "multipack_quantity", "product_description", "bullets", "amazon_item_type_keyword", "country_of_origin",
    "product_tax_code", "cpsia_cautionary_statements", "prop_65", "legal_disclaimer_description", "safety_warning",
    "msrp", "map_price", "map_implementation", "fulfillment_time", "ships_alone", "exclude_from_fee_adjustments",
    "shipping_weight_pounds", "package_length_inches", "package_width_inches", "package_height_inches",
    "display_length_inches", "display_width_inches", "display_height_inches",
]
DIMENSION_FIELDS = ["shipping_weight_pounds", "package_length_inches", "package_width_inches",
                    "package_height_inches", "display_length_inches", "display_width_inches", "display_height_inches"]
FIELD_GROUPS: list[tuple[str, list[str]]] = [
    ("Standard product codes", ["upc", "ean", "gtin_14", "isbn_10", "isbn_13", "asin"]),
    ("Brand and identity", ["jet_category", "product_title", "brand", "manufacturer", "mfr_part_number",
                            "multipack_quantity"]),
    ("Description", ["product_description", "bullets", "amazon_item_type_keyword", "country_of_origin"]),
    ("Compliance", ["product_tax_code", "cpsia_cautionary_statements", "prop_65", "legal_disclaimer_description",
                    "safety_warning"]),
    ("Price and fulfilment", ["msrp", "map_price", "map_implementation", "fulfillment_time", "ships_alone",
                              "exclude_from_fee_adjustments"]),
    ("Shipping weight and dimensions", DIMENSION_FIELDS),
]
_YES_NO = [("", "Not sent"), ("true", "Yes"), ("false", "No")]


def jet_field_problems(field: str, value: Any) -> list[str]:
    """What Jet would say about one MerchantSKU field value (empty when it accepts it)."""
    wire = "ASIN" if field == "asin" else field
    problems = MerchantSku.problems({wire: value})
    return [p.message for p in problems if p.path == wire or p.path.startswith((f"{wire}[", f"{wire}."))]


def _yes_no(raw: str) -> bool | None:
    return {"true": True, "false": False}.get(raw)


class ProductJetDataForm(forms.ModelForm):
    """The product's Jet attribute tab; each field is checked with Jet's own rules, message beside the field."""

    jet_category = forms.CharField(
        label="Jet category", required=False,
        help_text="Leave empty to use the Jet category mapped to the product's store category.",
        widget=forms.TextInput(attrs={"list": "jet-category-options", "size": 50, "autocomplete": "off"}),
    )
    bullets = forms.CharField(label="Bullets", required=False, widget=forms.Textarea(attrs={"rows": 5}),
                              help_text="Up to 5 key features, one per line, each at most 500 characters.")
    product_tax_code = forms.ChoiceField(required=False,
                                         choices=[("", "Not sent")] + [(c, c) for c in sorted(TAX_CODES)])
    cpsia_cautionary_statements = forms.MultipleChoiceField(
        label="CPSIA cautionary statements", required=False, widget=forms.CheckboxSelectMultiple,
        choices=[(s, s) for s in sorted(CPSIA_STATEMENTS, key=lambda s: (s != NO_WARNING_APPLICABLE, s))],
    )
    prop_65 = forms.TypedChoiceField(label="Prop 65", required=False, choices=_YES_NO, coerce=_yes_no,
                                     empty_value=None)
    ships_alone = forms.TypedChoiceField(required=False, choices=_YES_NO, coerce=_yes_no, empty_value=None)
    exclude_from_fee_adjustments = forms.TypedChoiceField(required=False, choices=_YES_NO, coerce=_yes_no,
                                                          empty_value=None)
    map_implementation = forms.ChoiceField(
        label="MAP implementation", required=False,
        choices=[("", "Not sent"), ("101", "101 – no restriction on member savings"),
                 ("102", "102 – savings shown only to logged-in members"), ("103", "103 – never apply savings")],
    )

    class Meta:
        model = ProductJetData
        fields = [name for name in PLAIN_FIELDS]
        help_texts = {
            "upc": "12 digits, the last one a check digit.",
            "ean": "13 digits, the last one a check digit.",
            "gtin_14": "14 digits, the last one a check digit.",
            "isbn_10": "10 characters: 9 digits and a check digit (0–9 or X).",
            "isbn_13": "13 digits starting 978 or 979, the last one a check digit.",
            "asin": "Exactly 10 letters or digits.",
            "brand": "1 to 100 characters.",
            "product_title": "5 to 500 characters; empty uses the field mapping.",
            "mfr_part_number": "Up to 50 characters.",
            "multipack_quantity": "1 to 128.",
            **{name: ("In pounds" if name.endswith("pounds") else "In inches")
               + "; empty uses the field mapping (the store's value, converted)." for name in DIMENSION_FIELDS},
        }

    def __init__(self, *args, attributes: list[JetAttribute] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # The model's max_length would stop a wrong value before Jet's rules could name the problem.
        for name in ("upc", "ean", "gtin_14", "isbn_10", "isbn_13", "asin"):
            self.fields[name].max_length = None
            self.fields[name].validators = []
            self.fields[name].widget.attrs.pop("maxlength", None)
        instance = self.instance
        if instance is not None:  # one bullet per line; an unsaved row's empty list is an empty box
            self.initial["bullets"] = "\n".join(instance.bullets or [])
        if instance and instance.pk:
            if instance.jet_category_id:
                category = JetCategory.objects.filter(pk=instance.jet_category_id).first()
                self.initial["jet_category"] = (f"{category.name} ({category.pk})" if category
                                                else str(instance.jet_category_id))
            for name in ("prop_65", "ships_alone", "exclude_from_fee_adjustments"):
                value = getattr(instance, name)
                self.initial[name] = "" if value is None else ("true" if value else "false")
        self.attribute_fields: list[tuple[JetAttribute, str, str | None]] = []
        saved = {}
        if instance and instance.pk:
            saved = {v.attribute_id: v for v in instance.attribute_values.all()}
        for attribute in attributes or []:
            self._add_attribute_field(attribute, saved.get(attribute.attribute_id))

    def _add_attribute_field(self, attribute: JetAttribute, saved: ProductAttributeValue | None) -> None:
        name = f"attr_{attribute.attribute_id}"
        label = attribute.name
        help_text = attribute.description if attribute.description != attribute.name else ""
        unit_name = None
        if attribute.kind == AttributeKind.LIST:
            values = list(JetAttributeValue.objects.filter(attribute=attribute, retired=False)
                          .values_list("value", flat=True))
            self.fields[name] = forms.ChoiceField(label=label, required=False, help_text=help_text,
                                                  choices=[("", "—")] + [(v, v) for v in values])
        elif attribute.kind == AttributeKind.FREE_TEXT_WITH_UNIT:
            self.fields[name] = forms.CharField(label=label, required=False, help_text=help_text or "A number.")
            unit_name = f"{name}_unit"
            self.fields[unit_name] = forms.ChoiceField(label=f"{label} unit", required=False,
                                                       choices=[("", "—")] + [(u, u) for u in attribute.units])
            if saved:
                self.initial[unit_name] = saved.unit
        else:
            self.fields[name] = forms.CharField(label=label, required=False, help_text=help_text, max_length=None)
        if saved:
            self.initial[name] = saved.value
        self.attribute_fields.append((attribute, name, unit_name))

    # --- Jet's rules, field by field ---

    def _jet(self, name: str, value: Any) -> Any:
        if value in (None, "", []):
            return value
        for message in jet_field_problems(name, value):
            self.add_error(name, message[0].upper() + message[1:] + ".")
        return value

    def clean_jet_category(self) -> int | None:
        text = self.cleaned_data.get("jet_category", "")
        if not text.strip():
            return None
        node_id = parse_category_reference(text)
        if node_id is None:
            raise forms.ValidationError("Enter a Jet category ID, or pick one from the list.")
        try:
            category = get_category(node_id)
        except TaxonomyError as exc:
            raise forms.ValidationError(str(exc)) from None
        if category.browse_node_problem:
            raise forms.ValidationError(f"{category.name} ({node_id}) cannot hold products: "
                                        f"{category.browse_node_problem}")
        return node_id

    def _clean_code(self, name: str) -> str:
        code = (self.cleaned_data.get(name) or "").strip()
        if code:
            problem = product_code_problem(code, CODE_FIELDS[name])
            if problem:
                raise forms.ValidationError(f"Jet would refuse this {CODE_FIELDS[name]}: {problem}.")
        return code

    def clean_upc(self) -> str:
        return self._clean_code("upc")

    def clean_ean(self) -> str:
        return self._clean_code("ean")

    def clean_gtin_14(self) -> str:
        return self._clean_code("gtin_14")

    def clean_isbn_10(self) -> str:
        return self._clean_code("isbn_10").upper()

    def clean_isbn_13(self) -> str:
        return self._clean_code("isbn_13")

    def clean_asin(self) -> str:
        asin = (self.cleaned_data.get("asin") or "").strip().upper()
        if asin and not is_valid_asin(asin):
            raise forms.ValidationError("Jet would refuse this ASIN: it must be exactly 10 letters or digits.")
        return asin

    def clean_bullets(self) -> list[str]:
        lines = [line.strip() for line in (self.cleaned_data.get("bullets") or "").splitlines() if line.strip()]
        if len(lines) > 5:
            raise forms.ValidationError(f"Jet takes at most 5 bullets; this has {len(lines)}.")
        long = [i + 1 for i, line in enumerate(lines) if len(line) > 500]
        if long:
            raise forms.ValidationError(f"Bullet {', '.join(map(str, long))} is longer than 500 characters.")
        return lines

    def clean_cpsia_cautionary_statements(self) -> list[str]:
        statements = self.cleaned_data.get("cpsia_cautionary_statements") or []
        if NO_WARNING_APPLICABLE in statements and len(statements) > 1:
            raise forms.ValidationError(f"'{NO_WARNING_APPLICABLE}' must be the only statement.")
        return statements

    def clean(self):
        data = super().clean()
        for name in ("product_title", "brand", "manufacturer", "mfr_part_number", "product_description",
                     "amazon_item_type_keyword", "country_of_origin", "legal_disclaimer_description",
                     "safety_warning", "multipack_quantity", "fulfillment_time"):
            if name in data and not self.has_error(name):
                value = data[name]
                self._jet(name, value.strip() if isinstance(value, str) else value)
        for name in ("msrp", "map_price", *DIMENSION_FIELDS):
            if data.get(name) is not None and not self.has_error(name):
                self._jet(name, data[name])
        if data.get("map_implementation") == "102" and data.get("map_price") is None \
                and not self.has_error("map_price"):
            self.add_error("map_price", 'Jet requires a MAP price when MAP implementation is "102".')
        self._clean_attributes(data)
        return data

    def _clean_attributes(self, data: dict) -> None:
        filled = 0
        for attribute, name, unit_name in self.attribute_fields:
            value = (data.get(name) or "").strip()
            data[name] = value
            if not value:
                if unit_name and data.get(unit_name):
                    self.add_error(name, "Enter the value for this unit, or clear the unit.")
                continue
            filled += 1
            if len(value) > 500:
                self.add_error(name, "Jet takes at most 500 characters.")
            if attribute.kind == AttributeKind.FREE_TEXT_WITH_UNIT:
                try:
                    Decimal(value)
                except InvalidOperation:
                    self.add_error(name, f"{attribute.name} takes a number, with its unit chosen beside it.")
                if attribute.units and not data.get(unit_name):
                    self.add_error(unit_name, f"Choose the unit: one of {', '.join(attribute.units)}.")
        if filled > MAX_NODE_ATTRIBUTES:
            raise forms.ValidationError(
                f"Jet takes at most {MAX_NODE_ATTRIBUTES} category attributes per product; {filled} are filled."
            )

    def attribute_values(self) -> dict[int, tuple[str, str]]:
        """The category attributes filled in: attribute id → (value, unit)."""
        values = {}
        for attribute, name, unit_name in self.attribute_fields:
            value = self.cleaned_data.get(name) or ""
            if value:
                unit = (self.cleaned_data.get(unit_name) or "") if unit_name else ""
                values[attribute.attribute_id] = (value, unit)
        return values


@dataclass(frozen=True)
class ProductJetCategory:
    """The Jet category a product is listed under, and where that comes from."""

    category: JetCategory | None
    source: str  # "product", "mapping" or ""


def product_jet_category(*, product_id: int, store_category_ids: list[int]) -> ProductJetCategory:
    """The product's own Jet category if set, else the one mapped to the first of its mapped store categories."""
    data = ProductJetData.objects.filter(product_id=product_id).only("jet_category_id").first()
    if data and data.jet_category_id:
        return ProductJetCategory(JetCategory.objects.filter(pk=data.jet_category_id).first(), "product")
    mappings = {m.store_category_id: m for m in
                CategoryMapping.objects.filter(store_category_id__in=store_category_ids).select_related("jet_category")}
    for category_id in store_category_ids:
        if category_id in mappings:
            return ProductJetCategory(mappings[category_id].jet_category, "mapping")
    return ProductJetCategory(None, "")


def category_attribute_models(category: JetCategory | None) -> list[JetAttribute]:
    if category is None:
        return []
    return list(JetAttribute.objects.filter(category_links__category=category, category_links__active=True)
                .order_by("name", "attribute_id"))


def load_product_jet_data(product_id: int) -> ProductJetData:
    """The product's saved Jet data, or an unsaved empty row."""
    return ProductJetData.objects.filter(product_id=product_id).first() or ProductJetData(product_id=product_id)


@transaction.atomic
def save_product_jet_data(*, form: ProductJetDataForm) -> ProductJetData:
    """Saves a valid form: the fields and the category attribute values (replacing the previous ones)."""
    data = form.save(commit=False)
    data.jet_category_id = form.cleaned_data.get("jet_category")
    data.bullets = form.cleaned_data.get("bullets") or []
    data.cpsia_cautionary_statements = form.cleaned_data.get("cpsia_cautionary_statements") or []
    data.save()
    values = form.attribute_values()
    asked = [attribute.attribute_id for attribute, _, _ in form.attribute_fields]
    ProductAttributeValue.objects.filter(product=data, attribute_id__in=asked).exclude(
        attribute_id__in=list(values)).delete()
    for attribute_id, (value, unit) in values.items():
        ProductAttributeValue.objects.update_or_create(
            product=data, attribute_id=attribute_id, defaults={"value": value, "unit": unit}
        )
    return data


def product_overrides(product_id: int) -> dict[str, Any]:
    """The product's own Jet field values, named as `field_mapping.resolve_product_fields` expects."""
    data = ProductJetData.objects.filter(product_id=product_id).first()
    if data is None:
        return {}
    values: dict[str, Any] = {}
    for name in PLAIN_FIELDS:
        value = getattr(data, name)
        if value in (None, "", []):
            continue
        values["ASIN" if name == "asin" else name] = value
    return values


def product_node_attributes(product_id: int) -> list[dict[str, Any]]:
    """The product's `attributes_node_specific` entries, as Jet takes them."""
    rows = ProductAttributeValue.objects.filter(product__product_id=product_id).order_by("attribute_id")
    entries = []
    for row in rows:
        entry: dict[str, Any] = {"attribute_id": row.attribute_id, "attribute_value": row.value}
        if row.unit:
            entry["attribute_value_unit"] = row.unit
        entries.append(entry)
    return entries
