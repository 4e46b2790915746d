"""Reading amounts and times out of Jet's documents (orders, returns): absent means zero or none, garbage is refused."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from jetcart.jet.timestamps import parse_jet_datetime

CENT = Decimal("0.01")


class JetValueError(ValueError):
    """A value in a Jet document that jetcart cannot read; the message names the field."""


def jet_money(value: Any, field: str = "amount") -> Decimal:
    """An amount rounded to cents; None or "" is 0.00, anything unreadable raises naming the field."""
    if value in (None, ""):
        return Decimal("0.00")
    try:
        amount = Decimal(str(value))
    except InvalidOperation as exc:
        raise JetValueError(f"{field}: {value!r} is not an amount") from exc
    if not amount.is_finite():
        raise JetValueError(f"{field}: {value!r} is not an amount")
    return amount.quantize(CENT)


def jet_time(value: Any, field: str = "time") -> datetime | None:
    """A timezone-aware time from any of Jet's timestamp spellings; None when absent, unreadable raises naming
    the field."""
    if value in (None, ""):
        return None
    try:
        return parse_jet_datetime(value)
    except (TypeError, ValueError) as exc:
        raise JetValueError(f"{field}: {value!r} is not a time") from exc
