"""jetcart.bulk_rows on the connector's listings: what the shortcuts write equals what the ORM writes."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.db.models import F

from jetcart.bulk_rows import insert_values, keys_in, update_in
from jetcart.connector.models import JetListing, ListingKind, ListingStatus

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 12, 7, 21, 0, tzinfo=UTC)


def _fields(listing: JetListing) -> dict:
    return {k: v for k, v in vars(listing).items() if k not in ("_state", "id", "created_at", "updated_at")}


def test_insert_values_writes_what_the_orm_writes_for_choices_empty_lists_and_defaults():
    insert_values(JetListing, [
        {"merchant_sku": "A", "product_id": 1, "kind": ListingKind.CHILD, "combination_key": "1-2",
         "option_value_ids": [1, 2], "problems": [], "jet_status": ListingStatus.UNDER_JET_REVIEW},
        {"merchant_sku": "B", "product_id": 2, "kind": "simple", "combination_key": "", "option_value_ids": [],
         "problems": [{"field": "brand", "message": "is required"}]},
    ])
    JetListing.objects.create(merchant_sku="A2", product_id=3, kind=ListingKind.CHILD, combination_key="1-2",
                              option_value_ids=[1, 2], problems=[], jet_status=ListingStatus.UNDER_JET_REVIEW)
    JetListing.objects.create(merchant_sku="B2", product_id=4, kind="simple", combination_key="",
                              option_value_ids=[], problems=[{"field": "brand", "message": "is required"}])
    rows = {li.merchant_sku: li for li in JetListing.objects.all()}
    for bulk, orm in (("A", "A2"), ("B", "B2")):
        expected = _fields(rows[orm]) | {"merchant_sku": bulk, "product_id": rows[bulk].product_id}
        assert _fields(rows[bulk]) == expected
    assert (rows["A"].kind, rows["A"].jet_status, rows["B"].jet_status) == (
        "child", "Under Jet Review", ListingStatus.NOT_UPLOADED)
    assert (rows["B"].sub_statuses, rows["B"].option_value_ids, rows["B"].is_archived) == ([], [], False)


def test_update_in_sets_values_and_copies_columns_only_where_the_condition_holds():
    for number, sku in enumerate(("A", "B", "C", "D"), 1):
        JetListing.objects.create(merchant_sku=sku, product_id=number, combination_key="",
                                  price_sent_hash="h" if sku != "B" else "")
    changed = update_in(JetListing, "merchant_sku", ["A", "B", "C", "missing"],
                        {"price_hash": F("price_sent_hash"), "price_accepted_at": NOW},
                        condition="price_sent_hash <> ''")
    assert changed == 2
    rows = {li.merchant_sku: (li.price_hash, li.price_accepted_at) for li in JetListing.objects.all()}
    assert rows == {"A": ("h", NOW), "B": ("", None), "C": ("h", NOW), "D": ("", None)}
    assert sorted(keys_in(JetListing, "merchant_sku", ["A", "B", "D"], "price_sent_hash = 'h'")) == ["A", "D"]
    assert update_in(JetListing, "merchant_sku", [], {"price_hash": "x"}) == 0
    assert keys_in(JetListing, "merchant_sku", [], "1 = 1") == []
