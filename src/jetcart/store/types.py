"""Column types for OpenCart's traps: zero dates, Decimal money on every backend, HTML-escaped text."""

from __future__ import annotations

import html
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Date, DateTime, Numeric, String
from sqlalchemy.types import TypeDecorator

ZERO_DATE = "0000-00-00"
ZERO_DATETIME = "0000-00-00 00:00:00"


def escape_text(value: str) -> str:
    """What OpenCart stores for request text: htmlspecialchars(ENT_COMPAT), i.e. & " < > escaped, ' kept."""
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")


def unescape_text(value: str | None) -> str:
    """The text a person typed, from OpenCart's escaped column value."""
    if not value:
        return ""
    return html.unescape(value) if "&" in value else value


class ZeroDate(TypeDecorator):
    """A DATE where '0000-00-00' means "no date": reads as None, None writes as the zero date."""

    impl = Date
    cache_ok = True

    def load_dialect_impl(self, dialect):
        # SQLite's DATE parser rejects the zero date, so the demo keeps it as the same ISO text.
        return dialect.type_descriptor(String(10) if dialect.name == "sqlite" else Date())

    def process_bind_param(self, value, dialect):
        if value is None:
            return ZERO_DATE
        if isinstance(value, str):
            return value
        return value.isoformat() if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None or isinstance(value, str) and value.startswith("0000"):
            return None
        if isinstance(value, str):
            return date.fromisoformat(value[:10])
        if isinstance(value, datetime):
            return value.date()
        return value


class ZeroDateTime(TypeDecorator):
    """A DATETIME in store-local time that may hold '0000-00-00 00:00:00' (read as None)."""

    impl = DateTime
    cache_ok = True

    def load_dialect_impl(self, dialect):
        return dialect.type_descriptor(String(19) if dialect.name == "sqlite" else DateTime())

    def process_bind_param(self, value, dialect):
        if value is None:
            return ZERO_DATETIME
        if isinstance(value, str):
            return value
        if value.tzinfo is not None:
            raise ValueError("store datetimes are naive store-local times; convert before writing")
        value = value.replace(microsecond=0)
        return value.isoformat(sep=" ") if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None or isinstance(value, str) and value.startswith("0000"):
            return None
        if isinstance(value, str):
            return datetime.fromisoformat(value)
        return value


class Money(TypeDecorator):
    """DECIMAL(p, s) read and written as Decimal; kept as exact text on SQLite, which has no decimal type."""

    impl = Numeric
    cache_ok = True

    def __init__(self, precision: int = 15, scale: int = 4):
        super().__init__(precision, scale)
        self.scale = scale

    def load_dialect_impl(self, dialect):
        if dialect.name == "sqlite":
            return dialect.type_descriptor(String(40))
        return dialect.type_descriptor(Numeric(self.impl.precision, self.scale, asdecimal=True))

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        amount = Decimal(str(value)).quantize(Decimal(1).scaleb(-self.scale))
        return str(amount) if dialect.name == "sqlite" else amount

    def process_result_value(self, value, dialect):
        if value is None or type(value) is Decimal:  # MySQL DECIMAL arrives exact
            return value
        if isinstance(value, str):  # SQLite keeps the exact text
            return Decimal(value)
        # OpenCart keeps currency rates in DOUBLE columns: cut the float noise at the column's scale.
        return Decimal(str(value)).quantize(Decimal(1).scaleb(-self.scale))
