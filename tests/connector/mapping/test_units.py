"""Unit conversions: a remembered conversion gives what converting again gives, refusals included."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

import pytest

from jetcart.connector.mapping import units


@pytest.mark.parametrize("value", [Decimal("10"), Decimal("10.00"), Decimal("0.125"), 10, 10.0, 2.5, "10", "10.0",
                                   " 7 ", Decimal("1E+3"), Decimal("-0"), 0, Decimal("0"), -0.0, 0.0])
@pytest.mark.parametrize("unit", ["cm", "in", "Mm.", "kg", "g", "lb", None, "furlong"])
def test_a_remembered_conversion_equals_a_fresh_one(value, unit):
    def outcome(convert, kind):
        try:
            result = convert(value, unit, kind)
        except (units.UnitError, ArithmeticError, ValueError) as error:
            return "refused", type(error), str(error)
        return "taken", str(result)

    for kind, public in (("weight", units.to_pounds), ("length", units.to_inches)):
        fresh = outcome(units._conversion, kind)
        def public_call(v, u, _, public=public):
            return public(v, u)

        assert outcome(public_call, kind) == fresh
        assert outcome(public_call, kind) == fresh  # the second time from memory


def test_values_that_cannot_be_remembered_are_still_converted_or_refused():
    with pytest.raises(InvalidOperation):
        units.to_inches(Decimal("sNaN"), "cm")
    assert str(units.to_pounds(float("nan"), "kg")) == str(units._conversion(float("nan"), "kg", "weight")) == "NaN"
    assert units.to_inches(Decimal("2.54"), "cm") == Decimal("1.00")
