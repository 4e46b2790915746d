"""Reusable request field types: bounded strings, Jet vocabularies, absolute URLs, node ids."""

from __future__ import annotations

import re
from collections.abc import Collection
from decimal import Decimal
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import AfterValidator, Field, StrictStr

__all__ = ["AbsoluteUrl", "NodeId", "Text", "one_of", "whole_digits"]


def Text(min_length: int = 0, max_length: int | None = None) -> Any:  # noqa: N802 - reads like a type
    """A JSON string (numbers refused) with Jet's length bounds."""
    return Annotated[StrictStr, Field(min_length=min_length, max_length=max_length)]


def one_of(values: Collection[str], name: str) -> AfterValidator:
    """Refuse a string outside one of Jet's vocabularies; the message names the vocabulary."""

    def check(value: str | None) -> str | None:
        if value is not None and value not in values:
            if len(values) <= 8:
                listed = ", ".join(repr(item) for item in sorted(values))
                raise ValueError(f"must be one of {listed}, not {value!r}")
            raise ValueError(f"{value!r} is not one of Jet's {name}")
        return value

    return AfterValidator(check)


_NOT_PLAIN = re.compile(r"[^\x21-\x7e]")  # spaces, control characters, anything not ASCII


def plainly_absolute(value: str) -> bool:
    """True for a printable-ASCII http(s) URL with a host and no IPv6 bracket: the URLs urlsplit accepts
    without rewriting them, checked without it (urlsplit is a fifth of a MerchantSKU's validation)."""
    scheme, sep, rest = value.partition("://")
    if not sep or scheme.lower() not in ("http", "https") or _NOT_PLAIN.search(value):
        return False
    host = rest.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    return bool(host) and "[" not in host and "]" not in host


def _absolute_url(value: str) -> str:
    if plainly_absolute(value):
        return value
    parts = urlsplit(value)  # everything else as urlsplit reads it
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError("must be an absolute http(s) URL")
    return value


AbsoluteUrl = Annotated[StrictStr, Field(max_length=2000), AfterValidator(_absolute_url)]
NodeId = Annotated[StrictStr, Field(min_length=1, max_length=100)]


def whole_digits(limit: int) -> AfterValidator:
    """Refuse a number with more than `limit` digits before the decimal point (e.g. map_price: 7)."""

    def check(value: Decimal) -> Decimal:
        if abs(value) >= Decimal(10) ** limit:
            raise ValueError(f"must have at most {limit} digits before the decimal point")
        return value

    return AfterValidator(check)
