"""The small rules of the products part: price rule, inventory buffer, stable merchant SKUs, error attribution."""

from __future__ import annotations

from decimal import Decimal

from jetcart.connector.products.jet_files import pack_manifest, split_errors, unpack_manifest
from jetcart.connector.products.listings import product_status
from jetcart.connector.products.merchant_skus import child_sku, merchant_sku_problem, product_sku
from jetcart.connector.products.offers import OfferRules, body_hash, jet_inventory, jet_price, price_body


def test_should_apply_the_price_rule_to_the_selling_price():
    assert jet_price(OfferRules(), Decimal("100"), Decimal("90")) == Decimal("90.00")
    assert jet_price(OfferRules("fixed", Decimal("5")), Decimal("100")) == Decimal("105.00")
    assert jet_price(OfferRules("percent", Decimal("12.5")), Decimal("19.99")) == Decimal("22.49")
    assert jet_price(OfferRules(), Decimal("100"), Decimal("0")) == Decimal("100.00")  # no special


def test_should_hold_back_the_buffer_and_never_go_below_zero():
    rules = OfferRules(inventory_buffer=3)
    assert jet_inventory(rules, 10) == 7
    assert jet_inventory(rules, 2) == 0
    assert jet_inventory(rules, -5) == 0
    assert jet_inventory(rules, 10, enabled=False) == 0


def test_should_generate_the_same_merchant_sku_for_the_same_combination():
    assert product_sku(42) == "OC42"
    assert child_sku(42, [7, 3]) == child_sku(42, [3, 7]) == "OC42-3-7"
    long = child_sku(42, range(100000, 100012))
    assert len(long) <= 50 and long == child_sku(42, reversed(range(100000, 100012)))
    assert merchant_sku_problem("x" * 51) and merchant_sku_problem("a b") and not merchant_sku_problem("A-1_b.2")


def test_should_attribute_file_errors_to_the_skus_they_name():
    manifest = {"OC1": 1, "OC2": 2}
    by_sku, general = split_errors(["OC1: brand is required", "OC9: unknown", "the file is not gzip"], manifest)
    assert by_sku == {"OC1": ["brand is required"]}
    assert general == ["OC9: unknown", "the file is not gzip"]
    assert unpack_manifest(pack_manifest(manifest)) == manifest


def test_should_show_the_most_worrying_status_of_a_products_skus():
    assert product_status([]) == "Not Uploaded"
    assert product_status(["Available for Purchase", "Missing Listing Data"]) == "Missing Listing Data"
    assert product_status(["Not Uploaded", "Under Jet Review"]) == "Under Jet Review"


def test_should_hash_a_body_the_same_whatever_the_key_order():
    assert body_hash({"a": 1, "b": Decimal("2.00")}) == body_hash({"b": Decimal("2.00"), "a": 1})
    assert body_hash(price_body(Decimal("2.00"), "n")) != body_hash(price_body(Decimal("2.01"), "n"))
