"""Jet's rules for the single-SKU bodies (jet-api.md §2.2–2.13); bulk files reuse them per SKU.

Structural problems (wrong types, bad lengths, unknown vocabulary, bad identifiers) are 400s naming the
field. Absent listing data is not an error: it becomes the SKU's "Missing Listing Data" sub-statuses.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from jetcart.sandbox import messages as m
from jetcart.sandbox import vocab
from jetcart.sandbox.taxonomy.store import taxonomy
from jetcart.sandbox.validate import Checker, canonical

TITLE_RANGE = (5, 500)
BRAND_MAX = 100
MANUFACTURER_MAX = 100
MFR_PART_MAX = 50
DESCRIPTION_MAX = 2000
BULLETS_MAX, BULLET_LENGTH = 5, 500
DISCLAIMER_MAX = 500
COUNTRY_MAX = 50
SAFETY_WARNING_MAX = 2000
MULTIPACK_RANGE = (1, 128)
ATTRIBUTES_MAX = 10
IMAGE_SLOTS = (1, 8)
MSRP_MAX = Decimal("999999999999999999.99")
MAP_PRICE_MAX = Decimal("9999999.99")


def gtin_valid(code: str) -> bool:
    digits = [int(c) for c in code]
    total = sum(d * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(digits[:-1])))
    return (10 - total % 10) % 10 == digits[-1]


def isbn10_valid(code: str) -> bool:
    total = sum((10 - i) * int(c) for i, c in enumerate(code[:9]))
    check = (11 - total % 11) % 11
    return code[9].upper() == ("X" if check == 10 else str(check))


def _check_code(checker: Checker, path: str, entry: dict) -> None:
    kind = checker.choice(entry, "standard_product_code_type", vocab.PRODUCT_CODE_DIGITS,
                          field=f"{path}.standard_product_code_type", required=True)
    code = checker.string(entry, "standard_product_code", field=f"{path}.standard_product_code", required=True)
    if kind is None or code is None:
        return
    digits = vocab.PRODUCT_CODE_DIGITS[kind]
    body_ok = code[:-1].isascii() and code[:-1].isdigit() and (code[-1:].isdigit() or
                                                                (kind == "ISBN-10" and code[-1:] in "Xx"))
    if len(code) != digits or not body_ok:
        checker.fail(m.CODE_LENGTH.format(field=f"{path}.standard_product_code", code=code, digits=digits, kind=kind))
        return
    valid = isbn10_valid(code) if kind == "ISBN-10" else gtin_valid(code)
    if not valid:
        checker.fail(m.CODE_CHECK_DIGIT.format(field=f"{path}.standard_product_code", code=code, kind=kind))


def _check_attribute(checker: Checker, path: str, entry: dict) -> None:
    attribute_id = checker.integer(entry, "attribute_id", field=f"{path}.attribute_id", required=True)
    value = checker.string(entry, "attribute_value", field=f"{path}.attribute_value", required=True)
    unit = checker.string(entry, "attribute_value_unit", field=f"{path}.attribute_value_unit")
    if attribute_id is None:
        return
    attribute = taxonomy().attributes.get(attribute_id)
    if attribute is None:
        checker.fail(m.ATTRIBUTE_UNKNOWN.format(field=f"{path}.attribute_id", attribute=attribute_id))
        return
    if value is None:
        return
    if attribute["free_text"] == 0 and attribute["values"]:
        if value.casefold() not in taxonomy().value_sets[attribute_id]:
            checker.fail(m.ATTRIBUTE_VALUE.format(field=f"{path}.attribute_value", value=value, attribute=attribute_id))
    elif attribute["free_text"] == 2 and attribute["units"]:
        try:
            Decimal(value.strip())
        except ArithmeticError:
            checker.fail(m.ATTRIBUTE_NUMBER.format(field=f"{path}.attribute_value", value=value, attribute=attribute_id))
        if unit is None:
            checker.fail(m.REQUIRED.format(field=f"{path}.attribute_value_unit"))
        elif canonical(unit, attribute["units"]) is None:
            checker.fail(m.ATTRIBUTE_UNIT.format(field=f"{path}.attribute_value_unit", unit=unit, attribute=attribute_id))


@dataclass(frozen=True)
class ProductCheck:
    missing: list[str]


def check_product(body: dict) -> ProductCheck:
    """Validates a MerchantSKU body; returns what is missing for listing, raises BadRequest on errors."""
    c = Checker()
    title = c.string(body, "product_title", min_len=TITLE_RANGE[0], max_len=TITLE_RANGE[1])
    node_id = c.integer(body, "jet_browse_node_id")
    codes = c.objects(body, "standard_product_codes")
    for path, entry in codes:
        _check_code(c, path, entry)
    asin = c.string(body, "ASIN")
    if asin is not None and not (len(asin) == 10 and asin.isascii() and asin.isalnum()):
        c.fail(m.ASIN_FORMAT)
    multipack = c.integer(body, "multipack_quantity", minimum=MULTIPACK_RANGE[0], maximum=MULTIPACK_RANGE[1])
    brand = c.string(body, "brand", min_len=1, max_len=BRAND_MAX)
    c.string(body, "manufacturer", max_len=MANUFACTURER_MAX)
    part = c.string(body, "mfr_part_number", max_len=MFR_PART_MAX)
    c.string(body, "product_description", max_len=DESCRIPTION_MAX)
    c.string(body, "amazon_item_type_keyword")
    c.string(body, "category_path")
    bullets = c.array(body, "bullets", max_items=BULLETS_MAX)
    for index, bullet in enumerate(bullets or []):
        c.string({"b": bullet}, "b", field=f"bullets[{index}]", max_len=BULLET_LENGTH)
    c.number(body, "number_units_for_price_per_unit", minimum=0)
    c.string(body, "type_of_unit_for_price_per_unit")
    weight = c.number(body, "shipping_weight_pounds", minimum=0, cents=True)
    for key in ("package_length_inches", "package_width_inches", "package_height_inches",
                "display_length_inches", "display_width_inches", "display_height_inches"):
        c.number(body, key, minimum=0)
    c.boolean(body, "prop_65")
    c.string(body, "legal_disclaimer_description", max_len=DISCLAIMER_MAX)
    statements = c.array(body, "cpsia_cautionary_statements")
    for index, statement in enumerate(statements or []):
        c.choice({"s": statement}, "s", vocab.CPSIA_STATEMENTS, field=f"cpsia_cautionary_statements[{index}]")
    if statements and len(statements) > 1 and any(
            isinstance(s, str) and s.casefold() == vocab.CPSIA_NONE for s in statements):
        c.fail(m.CPSIA_ALONE)
    c.string(body, "country_of_origin", max_len=COUNTRY_MAX)
    c.string(body, "safety_warning", max_len=SAFETY_WARNING_MAX)
    c.moment(body, "start_selling_date")
    c.integer(body, "fulfillment_time", minimum=0)
    c.number(body, "msrp", minimum=0, maximum=MSRP_MAX, cents=True)
    map_price = c.number(body, "map_price", minimum=0, maximum=MAP_PRICE_MAX, cents=True)
    map_implementation = c.choice(body, "map_implementation", vocab.MAP_IMPLEMENTATIONS)
    if map_implementation == "102" and map_price is None:
        c.fail(m.MAP_PRICE_NEEDED)
    c.choice(body, "product_tax_code", vocab.PRODUCT_TAX_CODES)
    c.number(body, "no_return_fee_adjustment", minimum=0, maximum=1, cents=True)
    c.boolean(body, "exclude_from_fee_adjustments")
    c.boolean(body, "ships_alone")
    for path, entry in c.objects(body, "attributes_node_specific", max_items=ATTRIBUTES_MAX):
        _check_attribute(c, path, entry)
    image = c.url(body, "main_image_url")
    c.url(body, "swatch_image_url")
    _check_alternate_images(c, body)
    if not codes and asin is None and not (brand and part):
        c.fail(m.SKU_ID_MISSING)
    leaf = True
    if node_id is not None:
        if node_id not in taxonomy().nodes:
            c.fail(m.NODE_UNKNOWN.format(node=node_id))
        leaf = taxonomy().is_leaf(node_id)
    c.raise_if_failed()

    missing = []
    if title is None:
        missing.append("Missing title")
    if node_id is None:
        missing.append("Missing category")
    elif not leaf:
        missing.append("Invalid category")
    if brand is None:
        missing.append("Missing brand")
    if multipack is None:
        missing.append("Incorrect multipack quantity")
    if image is None:
        missing.append("Missing image")
    if weight is None:
        missing.append("Missing shipping weight")
    return ProductCheck(missing)


def _check_alternate_images(c: Checker, body: dict) -> None:
    seen: set[int] = set()
    for path, entry in c.objects(body, "alternate_images", max_items=IMAGE_SLOTS[1]):
        slot = c.integer(entry, "image_slot_id", field=f"{path}.image_slot_id", required=True,
                         minimum=IMAGE_SLOTS[0], maximum=IMAGE_SLOTS[1])
        c.url(entry, "image_url", field=f"{path}.image_url", required=True)
        if slot is not None:
            if slot in seen:
                c.fail(m.IMAGE_SLOT_DUPLICATE.format(field=f"{path}.image_slot_id", slot=slot))
            seen.add(slot)


def check_image(body: dict) -> dict:
    c = Checker()
    c.url(body, "main_image_url", required=True)
    c.url(body, "swatch_image_url")
    _check_alternate_images(c, body)
    c.raise_if_failed()
    return {k: body[k] for k in ("main_image_url", "swatch_image_url", "alternate_images") if k in body}


def _node_entries(c: Checker, body: dict, node_ids: set[str], *, required: bool) -> list[tuple[str, dict, str]]:
    found, seen = [], set()
    for path, entry in c.objects(body, "fulfillment_nodes", required=required, non_empty=required):
        node = c.string(entry, "fulfillment_node_id", field=f"{path}.fulfillment_node_id", required=True)
        if node is None:
            continue
        if node not in node_ids:
            c.fail(m.NODE_NOT_MERCHANTS.format(field=f"{path}.fulfillment_node_id", node=node))
        elif node in seen:
            c.fail(m.NODE_DUPLICATE.format(field=f"{path}.fulfillment_node_id", node=node))
        seen.add(node)
        found.append((path, entry, node))
    return found


def check_price(body: dict, node_ids: set[str]) -> tuple[Decimal, list[dict]]:
    c = Checker()
    price = c.number(body, "price", required=True, minimum=Decimal("0.01"), cents=True)
    nodes = []
    for path, entry, node in _node_entries(c, body, node_ids, required=False):
        node_price = c.number(entry, "fulfillment_node_price", field=f"{path}.fulfillment_node_price",
                              required=True, minimum=Decimal("0.01"), cents=True)
        if node_price is not None:
            nodes.append({"fulfillment_node_id": node, "fulfillment_node_price": float(node_price)})
    c.raise_if_failed()
    assert price is not None
    return price, nodes


def check_inventory(body: dict, node_ids: set[str]) -> dict[str, int]:
    c = Checker()
    quantities: dict[str, int] = {}
    for path, entry, node in _node_entries(c, body, node_ids, required=True):
        quantity = c.integer(entry, "quantity", field=f"{path}.quantity", required=True, minimum=0)
        if quantity is not None:
            quantities[node] = quantity
    c.raise_if_failed()
    return quantities


def check_archive(body: dict) -> bool:
    c = Checker()
    flag = c.boolean(body, "is_archived", required=True)
    c.raise_if_failed()
    return bool(flag)


def check_shipping_exception(body: dict, node_ids: set[str]) -> dict:
    c = Checker()
    for path, entry, _node in _node_entries(c, body, node_ids, required=True):
        for epath, exception in c.objects(entry, "shipping_exceptions", field=f"{path}.shipping_exceptions",
                                          required=True):
            level = c.choice(exception, "service_level", vocab.SERVICE_LEVELS, field=f"{epath}.service_level")
            method = c.choice(exception, "shipping_method", vocab.SHIPPING_METHODS, field=f"{epath}.shipping_method")
            if level is None and method is None and "service_level" not in exception \
                    and "shipping_method" not in exception:
                c.fail(m.LEVEL_OR_METHOD.format(field=epath))
            override = c.choice(exception, "override_type", vocab.OVERRIDE_TYPES, field=f"{epath}.override_type")
            amount = c.number(exception, "shipping_charge_amount", field=f"{epath}.shipping_charge_amount",
                              minimum=0, cents=True)
            if override is not None and amount is None and "shipping_charge_amount" not in exception:
                c.fail(m.OVERRIDE_NEEDS_AMOUNT.format(field=f"{epath}.shipping_charge_amount"))
            c.choice(exception, "shipping_exception_type", vocab.SHIPPING_EXCEPTION_TYPES,
                     field=f"{epath}.shipping_exception_type", required=True)
    c.raise_if_failed()
    return body


def check_returns_exception(body: dict, location_ids: set[str]) -> dict:
    c = Checker()
    locations = c.array(body, "return_location_ids", required=True)
    for index, location in enumerate(locations or []):
        value = c.string({"v": location}, "v", field=f"return_location_ids[{index}]", required=True)
        if value is not None and value not in location_ids:
            c.fail(m.RETURN_LOCATION_UNKNOWN.format(location=value))
    c.integer(body, "time_to_return", minimum=1, maximum=30)
    methods = c.array(body, "return_shipping_methods")
    for index, method in enumerate(methods or []):
        c.choice({"v": method}, "v", vocab.SHIPPING_METHODS, field=f"return_shipping_methods[{index}]")
    c.raise_if_failed()
    return body


def check_variation_shape(body: dict) -> tuple[list[int], list[str]]:
    c = Checker()
    c.choice(body, "relationship", ("Variation", "Accessory"), required=True)
    refinements = c.array(body, "variation_refinements", required=True, non_empty=True)
    ids = []
    for index, value in enumerate(refinements or []):
        attribute = c.integer({"v": value}, "v", field=f"variation_refinements[{index}]", required=True)
        if attribute is not None:
            if attribute not in taxonomy().attributes:
                c.fail(m.ATTRIBUTE_UNKNOWN.format(field=f"variation_refinements[{index}]", attribute=attribute))
            ids.append(attribute)
    children = c.array(body, "children_skus", required=True, non_empty=True)
    skus = []
    for index, value in enumerate(children or []):
        if isinstance(value, dict):
            value = value.get("merchant_sku")
        sku = c.string({"v": value}, "v", field=f"children_skus[{index}]", required=True)
        if sku is not None:
            skus.append(sku)
    c.string(body, "group_title", max_len=500)
    c.raise_if_failed()
    return ids, skus
