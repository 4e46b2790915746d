"""The sellable quantity's arithmetic: a child counts its option values' stock and orders, the buffer and the
floor at 0 apply last, a disabled product sends 0, and the explanation names each term."""

from __future__ import annotations

from decimal import Decimal

from jetcart.connector.models import JetListing, ListingKind
from jetcart.connector.products.offers import OfferRules
from jetcart.connector.products.sellable import OpenUnits, SellableContext
from jetcart.store.models import OptionValue, Product, ProductOption


def product(quantity: int, *, status: bool = True, values: tuple[tuple[int, int], ...] = ()) -> Product:
    option = ProductOption(1, 13, "Color", "select", True, tuple(
        OptionValue(pov, 49 + i, f"C{i}", q, True, Decimal(0), Decimal(0)) for i, (pov, q) in enumerate(values)))
    return Product(product_id=36, name="Nano", description="", model="M", sku="", upc="", ean="", jan="", isbn="",
                   mpn="", quantity=quantity, price=Decimal(10), special_price=None, status=status, subtract=True,
                   weight=Decimal(1), weight_unit="kg", length=Decimal(0), width=Decimal(0), height=Decimal(0),
                   length_unit="cm", manufacturer_id=0, manufacturer="", image="", images=(), category_ids=(),
                   options=(option,) if values else (), date_modified=None)


def context(buffer=0, jet=({}, {}), held=({}, {})) -> SellableContext:
    return SellableContext(OfferRules(inventory_buffer=buffer), OpenUnits(*jet), OpenUnits(*held))


def test_a_simple_product_less_open_jet_orders_held_units_and_buffer():
    listing = JetListing(merchant_sku="OC36", product_id=36, kind=ListingKind.SIMPLE)
    d = context(2, jet=({36: 3}, {}), held=({36: 1}, {})).derive(product(12), listing)
    assert (d.on_hand, d.jet_open, d.store_held, d.buffer, d.quantity) == (12, 3, 1, 2, 6)
    assert d.equation() == ("6 = 12 on hand − 3 in open Jet orders − 1 in OpenCart orders not yet subtracted "
                            "− 2 buffer")


def test_a_child_counts_its_option_value_and_never_goes_below_zero():
    listing = JetListing(merchant_sku="OC36-20", product_id=36, kind=ListingKind.CHILD, option_value_ids=[20])
    d = context(jet=({36: 4}, {20: 4})).derive(product(100, values=((20, 5), (21, 50))), listing)
    assert (d.on_hand, d.jet_open, d.quantity) == (5, 4, 1)
    d = context(buffer=3, jet=({36: 4}, {20: 4})).derive(product(100, values=((20, 5),)), listing)
    assert d.quantity == 0 and d.equation().endswith("(never below 0)")


def test_a_disabled_product_sends_zero_and_a_parent_or_lost_combination_has_no_derivation():
    simple = JetListing(merchant_sku="OC36", product_id=36, kind=ListingKind.SIMPLE)
    d = context().derive(product(12, status=False), simple)
    assert d.quantity == 0 and "disabled" in d.equation()
    parent = JetListing(merchant_sku="OC36-P", product_id=36, kind=ListingKind.PARENT)
    lost = JetListing(merchant_sku="OC36-99", product_id=36, kind=ListingKind.CHILD, option_value_ids=[99])
    assert context().derive(product(12), parent) is None
    assert context().derive(product(12, values=((20, 5),)), lost) is None
