"""What the merchant reads: one entry per refund reason or feedback whatever its case, each sending a spelling Jet
accepts; dates in one format with the time zone; Jet data as lists or JSON, never a Python repr."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.test import override_settings
from django.utils import timezone

from jetcart.connector.models import JetOrder
from jetcart.connector.refunds.choices import distinct_choices, refund_feedback_choices, refund_reason_choices
from jetcart.connector.templatetags.jet_format import jet_date, jet_datetime, jet_time, jet_value
from jetcart.connector.ui.refunds.forms import RefundForm
from jetcart.jet.models.vocabulary import REFUND_FEEDBACK, REFUND_REASONS


def labels(choices: list[tuple[str, str]]) -> list[str]:
    return [label for _, label in choices]


def test_each_refund_reason_is_listed_once_whatever_its_case():
    choices = refund_reason_choices()
    folded = [label.casefold() for label in labels(choices)]
    assert len(folded) == len(set(folded)) == len({reason.casefold() for reason in REFUND_REASONS})
    assert labels(choices).count("Unwanted gift") == 1 and "unwanted gift" not in labels(choices)
    assert ("Unwanted gift", "Unwanted gift") in choices  # the capitalised spelling is what Jet receives
    assert all(value in REFUND_REASONS for value, _ in choices)
    assert folded == sorted(folded)


def test_a_reason_jet_spells_only_in_lower_case_is_sent_so_and_shown_capitalised():
    assert ("item is damaged/broken", "Item is damaged/broken") in refund_reason_choices()


def test_each_refund_feedback_is_listed_once_whatever_its_case():
    choices = refund_feedback_choices()
    assert len(choices) == len({value.casefold() for value in REFUND_FEEDBACK})
    assert [label for label in labels(choices) if label.casefold() == "wrong item"] == ["Wrong Item"]
    assert all(value in REFUND_FEEDBACK for value, _ in choices)


def test_distinct_choices_keeps_every_entry_once():
    assert distinct_choices(["b thing", "A thing", "a thing", "B Thing"]) == [
        ("A thing", "A thing"), ("B Thing", "B Thing")]


@pytest.mark.django_db
def test_the_refund_form_offers_each_reason_and_feedback_once():
    order = JetOrder.objects.create(merchant_order_id="m-1", jet_status="complete", payload={})
    line = order.lines.create(order_item_id="i-1", merchant_sku="SKU-1", quantity=2, shipped=2,
                              unit_price=Decimal("10.00"))
    form = RefundForm(order=order)
    for name in ("refund_reason", "refund_feedback"):
        shown = [label for value, label in form.fields[f"line-{line.pk}-{name}"].choices if value]
        assert len({label.casefold() for label in shown}) == len(shown), name
    reasons = [label for value, label in form.fields[f"line-{line.pk}-refund_reason"].choices]
    assert "Unwanted gift" in reasons and "unwanted gift" not in reasons


@override_settings(TIME_ZONE="America/New_York")
def test_dates_have_one_format_and_times_their_zone():
    timezone.activate("America/New_York")
    try:
        moment = datetime(2026, 7, 12, 18, 5, 9, tzinfo=UTC)
        assert jet_date(moment) == "07/12/2026"
        assert jet_date(date(2026, 7, 12)) == "07/12/2026"
        assert jet_datetime(moment) == "07/12/2026 14:05 EDT"
        assert jet_datetime(moment, "s") == "07/12/2026 14:05:09 EDT"
        assert jet_time(moment) == "14:05 EDT"
        assert jet_date(None) == jet_datetime(None) == ""
    finally:
        timezone.deactivate()


def test_utc_times_say_utc():
    assert jet_datetime(datetime(2026, 12, 7, 9, 30, tzinfo=UTC)) == "12/07/2026 09:30 UTC"


def test_jet_values_are_shown_as_data_not_reprs():
    codes = [{"standard_product_code": "0880000000001", "standard_product_code_type": "UPC"}]
    shown = jet_value(codes)
    assert "{'" not in shown and "['" not in shown
    assert '<pre class="jet-json">' in shown and "&quot;standard_product_code&quot;: &quot;0880000000001&quot;" in shown
    bullets = jet_value(["Fast", "<b>Bold</b>"])
    assert bullets == '<ul class="jet-list"><li>Fast</li><li>&lt;b&gt;Bold&lt;/b&gt;</li></ul>'
    assert jet_value(None) == jet_value("") == jet_value([]) == "—"
    assert jet_value(True) == "yes" and jet_value(False) == "no"
    assert jet_value(Decimal("2.50")) == "2.50" and jet_value(7) == "7"


def test_jet_date_times_in_jet_data_are_shown_in_the_one_format_with_their_zone():
    assert jet_value("2026-12-07T23:18:47.2194800+00:00") == "12/07/2026 23:18:47 UTC"
    assert jet_value("2026-12-07T23:18:47Z") == "12/07/2026 23:18:47 UTC"
    assert jet_value(["2026-12-07T09:30:00+00:00"]) == '<ul class="jet-list"><li>12/07/2026 09:30:00 UTC</li></ul>'
    assert jet_value("2026-12-07") == "2026-12-07" and jet_value("OC42") == "OC42"  # only date-times change
