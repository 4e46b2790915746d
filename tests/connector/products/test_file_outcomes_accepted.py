"""What acceptance of a processed file records on the listings: statuses, problems and offer hashes."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from jetcart.connector.models import JetConfiguration, JetListing, ListingStatus
from jetcart.connector.products.file_outcomes import mark_sent, record_accepted
from jetcart.connector.products.offers import body_hash, inventory_body, price_body
from jetcart.jet.models.vocabulary import FileType

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 12, 7, 20, 0, tzinfo=UTC)


def _listing(sku: str, product_id: int, status: str, **fields) -> JetListing:
    return JetListing.objects.create(merchant_sku=sku, product_id=product_id, combination_key="", jet_status=status,
                                     sub_statuses=["Excluded by merchant"], problems=[{"message": "old"}], **fields)


def test_merchant_skus_move_new_listings_to_review_and_leave_listed_ones_their_status():
    _listing("NEW", 1, ListingStatus.NOT_UPLOADED)
    _listing("GAP", 2, ListingStatus.MISSING_LISTING_DATA)
    _listing("LIVE", 3, ListingStatus.AVAILABLE_FOR_PURCHASE)
    _listing("OTHER", 4, ListingStatus.NOT_UPLOADED)

    record_accepted(FileType.MERCHANT_SKUS, ["NEW", "GAP", "LIVE"], NOW, node="N1")

    rows = {li.merchant_sku: li for li in JetListing.objects.all()}
    for sku in ("NEW", "GAP"):
        assert (rows[sku].jet_status, rows[sku].sub_statuses) == (ListingStatus.UNDER_JET_REVIEW, [])
    assert (rows["LIVE"].jet_status, rows["LIVE"].sub_statuses) == (ListingStatus.AVAILABLE_FOR_PURCHASE,
                                                                    ["Excluded by merchant"])
    for sku in ("NEW", "GAP", "LIVE"):
        assert (rows[sku].uploaded_at, rows[sku].problems) == (NOW, [])
    untouched = rows["OTHER"]
    assert (untouched.jet_status, untouched.uploaded_at, untouched.problems) == (
        ListingStatus.NOT_UPLOADED, None, [{"message": "old"}])


def test_price_and_inventory_record_the_hash_of_what_was_sent_per_value():
    _listing("A", 1, ListingStatus.UNDER_JET_REVIEW, price_sent=Decimal("9.90"), inventory_sent=3)
    _listing("B", 2, ListingStatus.UNDER_JET_REVIEW, price_sent=Decimal("9.90"), inventory_sent=0)
    _listing("C", 3, ListingStatus.UNDER_JET_REVIEW, price_sent=Decimal("12.00"), inventory_sent=3)
    _listing("D", 4, ListingStatus.UNDER_JET_REVIEW)  # nothing sent: no hash

    record_accepted(FileType.PRICE, ["A", "B", "C", "D"], NOW, node="N1")
    record_accepted(FileType.INVENTORY, ["A", "B", "C", "D"], NOW, node="N1")

    rows = {li.merchant_sku: li for li in JetListing.objects.all()}
    for sku in ("A", "B", "C"):
        row = rows[sku]
        assert row.price_hash == body_hash(price_body(row.price_sent, "N1"))
        assert row.inventory_hash == body_hash(inventory_body(row.inventory_sent, "N1"))
        assert row.price_accepted_at == row.inventory_accepted_at == NOW
    assert rows["A"].price_hash == rows["B"].price_hash != rows["C"].price_hash
    assert rows["A"].inventory_hash == rows["C"].inventory_hash != rows["B"].inventory_hash
    assert (rows["D"].price_hash, rows["D"].inventory_hash, rows["D"].price_accepted_at) == ("", "", None)


def test_acceptance_records_the_hash_remembered_when_sent_and_computes_it_for_older_rows():
    config = JetConfiguration.load()
    config.fulfillment_node_id = "N1"
    config.save()
    for number, sku in enumerate(("A", "B", "C", "E"), 1):
        _listing(sku, number, ListingStatus.UNDER_JET_REVIEW)
    _listing("OLD", 5, ListingStatus.UNDER_JET_REVIEW, price_sent=Decimal("7.50"), inventory_sent=2)  # before 0017
    mark_sent({"A": (Decimal("9.90"), 3), "B": (Decimal("9.90"), 0), "C": (Decimal("12.00"), None),
               "E": (Decimal("5.00"), 1)}, NOW)
    remembered = JetListing.objects.get(merchant_sku="A")
    assert (remembered.price_sent_hash, remembered.inventory_sent_hash) == (
        body_hash(price_body(Decimal("9.90"), "N1")), body_hash(inventory_body(3, "N1")))

    record_accepted(FileType.PRICE, ["A", "B", "C", "OLD"], NOW, node="N1")
    record_accepted(FileType.INVENTORY, ["A", "B", "C", "OLD"], NOW, node="N1")

    rows = {li.merchant_sku: li for li in JetListing.objects.all()}
    for sku in ("A", "B", "OLD"):
        row = rows[sku]
        assert row.price_hash == body_hash(price_body(row.price_sent, "N1"))
        assert row.inventory_hash == body_hash(inventory_body(row.inventory_sent, "N1"))
        assert row.price_accepted_at == row.inventory_accepted_at == NOW
    assert rows["C"].price_hash == body_hash(price_body(Decimal("12.00"), "N1"))
    assert (rows["C"].inventory_hash, rows["C"].inventory_accepted_at) == ("", None)  # no inventory sent
    assert (rows["E"].price_hash, rows["E"].price_accepted_at) == ("", None)  # sent, not in the file
