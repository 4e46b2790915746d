"""Jet's refusals of a shipping or return exception are told by the form's field, not by Jet's field path."""

from __future__ import annotations

import pytest

from jetcart.connector.products.exceptions import field_of, refusal_by_field
from jetcart.jet.errors import JetAPIError, JetValidationError, Problem, RequestInfo


@pytest.mark.parametrize(("path", "field"), [
    ("fulfillment_nodes[0].shipping_exceptions[0].shipping_charge_amount", "shipping_charge_amount"),
    ("fulfillment_nodes[0].shipping_exceptions[1].override_type", "override_type"),
    ("return_location_ids[2]", "return_location_ids"),
    ("time_to_return", "time_to_return"),
    ("fulfillment_nodes[0].shipping_exceptions[0]", ""),
    ("fulfillment_nodes[0].fulfillment_node_id", ""),
])
def test_a_jet_path_names_the_form_field_it_ends_in(path, field):
    assert field_of(path) == field


def test_the_clients_and_jets_refusals_become_field_messages():
    checked = JetValidationError([Problem("fulfillment_nodes[0].shipping_exceptions[0].shipping_charge_amount",
                                          "must be at least 0")])
    assert refusal_by_field(checked) == (("shipping_charge_amount", "must be at least 0"),)
    answered = JetAPIError("400", request=RequestInfo("PUT", "/merchant-skus/S/returnsexception"), status_code=400,
                           errors=["return_location_ids: 'nowhere' is not one of your return locations",
                                   "something about the whole request"])
    assert refusal_by_field(answered) == (("return_location_ids", "'nowhere' is not one of your return locations"),
                                   ("", "something about the whole request"))


@pytest.mark.parametrize(("amount", "override", "field", "message"), [
    ("-2", "Additional charge", "shipping_charge_amount", "Enter 0 or more"),
    ("1.255", "Override charge", "shipping_charge_amount", "at most 2 decimals"),
    ("abc", "Override charge", "shipping_charge_amount", "Enter the amount"),
    ("3", "", "override_type", "Choose how the charge applies"),
])
def test_the_shipping_form_refuses_a_charge_jet_would_refuse_beside_its_field(amount, override, field, message):
    from jetcart.connector.ui.products.views import ShippingExceptionForm

    form = ShippingExceptionForm({"ship-shipping_method": "UPS Ground", "ship-shipping_exception_type": "restricted",
                                  "ship-override_type": override, "ship-shipping_charge_amount": amount},
                                 prefix="ship")
    assert not form.is_valid()
    assert message in " ".join(form.errors[field])
