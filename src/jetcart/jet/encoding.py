"""JSON encoding for Jet: orjson with Decimal as a JSON number and datetimes in Jet's .NET style."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

import orjson

from jetcart.jet.timestamps import format_jet_datetime

__all__ = ["dumps", "json_default"]

_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME


def json_default(value: Any) -> Any:
    """orjson fallback: Decimal → int or float, aware datetime → `2016-01-01T12:00:00.0000000+00:00`."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, datetime):
        return format_jet_datetime(value)
    raise TypeError(f"cannot encode {type(value).__name__} as JSON")


def dumps(value: Any) -> bytes:
    """Encode `value` as compact JSON bytes."""
    return orjson.dumps(value, default=json_default, option=_OPTIONS)
