"""Jet's .NET-style timestamps: 7 fractional digits and an offset, parsed leniently from any ISO-8601."""

from __future__ import annotations

import re
from datetime import UTC, datetime

_FRACTION = re.compile(r"\.(\d+)")


def jet_time(moment: datetime | None) -> str | None:
    """e.g. 2016-04-06T17:25:06.4214060+00:00 (the style of Jet's order and file dates)."""
    if moment is None:
        return None
    moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond:06d}0+00:00"


def token_time(moment: datetime) -> str:
    """Second precision with Z, as in the token's `expires_on`."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_jet_time(text: str) -> datetime:
    """Parses ISO-8601 with any number of fraction digits; a time without an offset is taken as UTC.

    Raises ValueError for anything else.
    """
    if not isinstance(text, str) or not text.strip():
        raise ValueError("not a date-time")
    value = text.strip()
    if value.endswith(("Z", "z")):
        value = value[:-1] + "+00:00"
    value = _FRACTION.sub(lambda m: "." + (m.group(1) + "000000")[:6], value, count=1)
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed
