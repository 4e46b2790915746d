"""Amounts and times read from Jet's documents: absent is zero or none, garbage is refused with the field named."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from jetcart.connector.jet_values import JetValueError, jet_money, jet_time


@pytest.mark.parametrize(("value", "expected"), [(None, "0.00"), ("", "0.00"), (12.5, "12.50"), ("3.999", "4.00"),
                                                 (0, "0.00")])
def test_amounts_are_read_to_the_cent(value, expected):
    assert jet_money(value, "item_price.base_price") == Decimal(expected)


@pytest.mark.parametrize("value", ["abc", "NaN", "Infinity", [1]])
def test_unreadable_amounts_name_their_field(value):
    with pytest.raises(JetValueError, match=r"^item_price.item_tax: .* is not an amount$"):
        jet_money(value, "item_price.item_tax")


def test_times_in_jet_spellings_are_timezone_aware():
    assert jet_time("2026-11-27T10:00:00.0000000-07:00") == datetime(2026, 11, 27, 17, 0, tzinfo=UTC)
    assert jet_time(None, "order_ready_date") is None and jet_time("", "order_ready_date") is None


@pytest.mark.parametrize("value", ["not a time", "2026-13-45", 12, [1]])
def test_unreadable_times_name_their_field(value):
    with pytest.raises(JetValueError, match=r"^order_ready_date: .* is not a time$"):
        jet_time(value, "order_ready_date")


@pytest.mark.parametrize("value", [1e26, "1E+30", "-99999999999", 10_000_000_000])
def test_amounts_beyond_what_jetcart_records_are_refused_naming_the_field(value):
    with pytest.raises(JetValueError, match=r"^item_price.base_price: .* is too large an amount \(at most 9999999999.99\)$"):
        jet_money(value, "item_price.base_price")
