"""Jet's .NET-style timestamps: parse any ISO-8601 variant to aware UTC, format with 7 fractional digits."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

__all__ = ["format_jet_datetime", "parse_jet_datetime"]

_FRACTION = re.compile(r"(\.\d+)")


def parse_jet_datetime(value: str | datetime | date) -> datetime:
    """Parse `2015-09-10T18:07:20.0830684+00:00`, `...Z`, a date, or no zone (taken as UTC) into aware UTC."""
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, date):
        parsed = datetime(value.year, value.month, value.day)
    elif isinstance(value, str):
        text = value.strip()
        if text.endswith(("z", "Z")):
            text = text[:-1] + "+00:00"
        # Jet sends 7 fractional digits (.NET ticks); keep microseconds.
        text = _FRACTION.sub(lambda match: match.group(1)[:7], text, count=1)
        try:
            parsed = datetime.fromisoformat(text)
        except ValueError as exc:
            raise ValueError(f"not an ISO-8601 date-time: {value!r}") from exc
    else:
        raise ValueError(f"not a date-time: {value!r}")
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def format_jet_datetime(value: datetime) -> str:
    """Format an aware datetime as Jet does: `2016-01-01T12:00:00.0000000+00:00` (offset kept as given)."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("Jet timestamps need a timezone; pass an aware datetime")
    offset = value.strftime("%z")
    return f"{value.strftime('%Y-%m-%dT%H:%M:%S')}.{value.microsecond:06d}0{offset[:3]}:{offset[3:]}"
