"""Converts store weights and lengths to what Jet expects: pounds and inches, two decimals."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

POUNDS_PER = {
    "lb": Decimal("1"), "lbs": Decimal("1"), "pound": Decimal("1"), "pounds": Decimal("1"),
    "oz": Decimal("0.0625"), "ounce": Decimal("0.0625"), "ounces": Decimal("0.0625"),
    "kg": Decimal("2.2046226218"), "kilogram": Decimal("2.2046226218"), "kilograms": Decimal("2.2046226218"),
    "g": Decimal("0.0022046226218"), "gram": Decimal("0.0022046226218"), "grams": Decimal("0.0022046226218"),
}
INCHES_PER = {
    "in": Decimal("1"), "inch": Decimal("1"), "inches": Decimal("1"),
    "ft": Decimal("12"), "foot": Decimal("12"), "feet": Decimal("12"),
    "cm": Decimal("0.3937007874"), "centimeter": Decimal("0.3937007874"), "centimetre": Decimal("0.3937007874"),
    "mm": Decimal("0.03937007874"), "millimeter": Decimal("0.03937007874"), "millimetre": Decimal("0.03937007874"),
    "m": Decimal("39.37007874"), "meter": Decimal("39.37007874"), "metre": Decimal("39.37007874"),
}
CENT = Decimal("0.01")


class UnitError(ValueError):
    """A store unit jetcart cannot convert; the message names it."""


def _factor(table: dict[str, Decimal], unit: str | None, what: str, target: str) -> Decimal:
    key = (unit or "").strip().lower().rstrip(".")
    if key not in table:
        known = ", ".join(sorted({k for k in table if len(k) <= 3}))
        raise UnitError(f"{what} unit {unit!r} cannot be converted to {target} (known units: {known})")
    return table[key]


def _conversion(value: Decimal | float | str, unit: str | None, kind: str) -> Decimal:
    if kind == "weight":
        return (Decimal(str(value)) * _factor(POUNDS_PER, unit, "weight", "pounds")).quantize(CENT, ROUND_HALF_UP)
    return (Decimal(str(value)) * _factor(INCHES_PER, unit, "length", "inches")).quantize(CENT, ROUND_HALF_UP)


@lru_cache(maxsize=4096)
def _from_text(text: str, unit: str | None, kind: str) -> Decimal:
    """A conversion of a value's text, remembered: a catalog repeats few weights and sizes."""
    return _conversion(text, unit, kind)


def _converted(value: Decimal | float | str, unit: str | None, kind: str) -> Decimal:
    if unit is None or type(unit) is str:
        return _from_text(str(value), unit, kind)  # _conversion reads a value through its text, too
    return _conversion(value, unit, kind)


def to_pounds(value: Decimal | float | str | None, unit: str | None) -> Decimal | None:
    """The weight in pounds with two decimals; None for no weight."""
    if value is None or (isinstance(value, str) and not value):
        return None
    return _converted(value, unit, "weight")


def to_inches(value: Decimal | float | str | None, unit: str | None) -> Decimal | None:
    """The length in inches with two decimals; None for no length."""
    if value is None or (isinstance(value, str) and not value):
        return None
    return _converted(value, unit, "length")
