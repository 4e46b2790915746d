"""Reading amounts and times out of Jet's documents (orders, returns): absent means zero or none, garbage is refused."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import DataError

from jetcart.jet.timestamps import parse_jet_datetime

CENT = Decimal("0.01")
# The largest amount jetcart records (its amount columns hold 12 digits, 2 after the point); Jet never sent more.
LARGEST_AMOUNT = Decimal("9999999999.99")


class JetValueError(ValueError):
    """A value in a Jet document that jetcart cannot read; the message names the field."""


# What reading and saving one Jet document (order, return, refund) may raise when the document is broken in a way
# no check foresaw (a field of the wrong type or out of range): that one document is recorded as failed and
# skipped, and the run goes on with the others.
UNREADABLE_DOCUMENT = (ValueError, ArithmeticError, TypeError, AttributeError, KeyError, DataError)


def jet_money(value: Any, field: str = "amount") -> Decimal:
    """An amount rounded to cents; None or "" is 0.00, anything unreadable raises naming the field."""
    if value in (None, ""):
        return Decimal("0.00")
    if isinstance(value, bool):
        raise JetValueError(f"{field}: {value!r} is not an amount")
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError) as exc:
        raise JetValueError(f"{field}: {value!r} is not an amount") from exc
    if not amount.is_finite():
        raise JetValueError(f"{field}: {value!r} is not an amount")
    return checked_amount(amount, field, value)


def checked_amount(amount: Decimal, field: str, shown: Any = None) -> Decimal:
    """`amount` rounded to cents, refused (naming the field) when it is beyond what jetcart records."""
    if abs(amount) > LARGEST_AMOUNT:
        if shown is None or isinstance(shown, Decimal):  # a number the Jet client already read is shown in full
            shown = format(amount if shown is None else shown, "f")
        else:
            shown = repr(shown)
        raise JetValueError(f"{field}: {shown} is too large an amount "
                            f"(at most {LARGEST_AMOUNT})")
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
