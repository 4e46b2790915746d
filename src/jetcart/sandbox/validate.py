"""Field checkers for the sandbox's own bodies, which Jet never had (the order generator's scripting, the
control API): they collect every problem, then raise one 400 naming each field. Bodies of Jet's API are checked
by the jet package's models (`bodies.py`); vocabularies and date-times come from `jetcart.jet`."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from jetcart.jet.models.vocabulary import match_folded
from jetcart.sandbox import messages as m
from jetcart.sandbox.transport.errors import BadRequest

_MISSING = object()


class Checker:
    """Reads fields of JSON objects with Jet's typing rules (no strings for numbers, no bools for ints)."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    def fail(self, message: str) -> None:
        self.errors.append(message)

    def raise_if_failed(self) -> None:
        if self.errors:
            raise BadRequest(*self.errors)

    def _get(self, obj: dict, key: str, field: str, required: bool) -> Any:
        value = obj.get(key, _MISSING)
        if value is _MISSING or value is None:
            if required:
                self.fail(m.REQUIRED.format(field=field))
            return _MISSING
        return value

    def string(self, obj: dict, key: str, *, field: str | None = None, required: bool = False,
               min_len: int | None = None, max_len: int | None = None, non_empty: bool = False) -> str | None:
        field = field or key
        value = self._get(obj, key, field, required)
        if value is _MISSING:
            return None
        if not isinstance(value, str):
            self.fail(m.NOT_STRING.format(field=field))
            return None
        if non_empty and not value.strip():
            self.fail(m.NOT_EMPTY.format(field=field))
            return None
        if min_len is not None and len(value) < min_len:
            self.fail(m.TOO_SHORT.format(field=field, minimum=min_len))
            return None
        if max_len is not None and len(value) > max_len:
            self.fail(m.TOO_LONG.format(field=field, maximum=max_len))
            return None
        return value

    def integer(self, obj: dict, key: str, *, field: str | None = None, required: bool = False,
                minimum: int | None = None, maximum: int | None = None) -> int | None:
        field = field or key
        value = self._get(obj, key, field, required)
        if value is _MISSING:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            else:
                self.fail(m.NOT_INTEGER.format(field=field))
                return None
        return self._bounded(value, field, minimum, maximum)

    def number(self, obj: dict, key: str, *, field: str | None = None, required: bool = False,
               minimum: Decimal | int | None = None, maximum: Decimal | int | None = None,
               cents: bool = False) -> Decimal | None:
        field = field or key
        value = self._get(obj, key, field, required)
        if value is _MISSING:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(m.NOT_NUMBER.format(field=field))
            return None
        amount = Decimal(str(value))
        if cents and amount != amount.quantize(Decimal("0.01")):
            self.fail(m.TOO_MANY_DECIMALS.format(field=field))
            return None
        return self._bounded(amount, field, minimum, maximum)

    def _bounded(self, value, field, minimum, maximum):
        if minimum is not None and value < minimum:
            self.fail(m.BELOW_MINIMUM.format(field=field, minimum=minimum))
            return None
        if maximum is not None and value > maximum:
            self.fail(m.ABOVE_MAXIMUM.format(field=field, maximum=maximum))
            return None
        return value

    def boolean(self, obj: dict, key: str, *, field: str | None = None, required: bool = False) -> bool | None:
        field = field or key
        value = self._get(obj, key, field, required)
        if value is _MISSING:
            return None
        if not isinstance(value, bool):
            self.fail(m.NOT_BOOLEAN.format(field=field))
            return None
        return value

    def choice(self, obj: dict, key: str, choices: Iterable[str], *, field: str | None = None,
               required: bool = False) -> str | None:
        """The canonical spelling of a vocabulary value, matched case-insensitively."""
        field = field or key
        value = self.string(obj, key, field=field, required=required)
        if value is None:
            return None
        choices = list(choices)
        found = match_folded(value, choices)
        if found is None:
            self.fail(m.NOT_ONE_OF.format(field=field, choices=", ".join(choices)))
        return found

    def array(self, obj: dict, key: str, *, field: str | None = None, required: bool = False,
              max_items: int | None = None, non_empty: bool = False) -> list | None:
        field = field or key
        value = self._get(obj, key, field, required)
        if value is _MISSING:
            return None
        if not isinstance(value, list):
            self.fail(m.NOT_LIST.format(field=field))
            return None
        if non_empty and not value:
            self.fail(m.NOT_EMPTY.format(field=field))
            return None
        if max_items is not None and len(value) > max_items:
            self.fail(m.TOO_MANY.format(field=field, maximum=max_items))
            return None
        return value

    def objects(self, obj: dict, key: str, *, field: str | None = None, required: bool = False,
                max_items: int | None = None, non_empty: bool = False) -> list[tuple[str, dict]]:
        """The entries of an array of objects, each with its field path (`key[i]`)."""
        field = field or key
        items = self.array(obj, key, field=field, required=required, max_items=max_items, non_empty=non_empty)
        found = []
        for index, item in enumerate(items or []):
            path = f"{field}[{index}]"
            if not isinstance(item, dict):
                self.fail(m.NOT_OBJECT.format(field=path))
            else:
                found.append((path, item))
        return found

    def object(self, obj: dict, key: str, *, field: str | None = None, required: bool = False) -> dict | None:
        field = field or key
        value = self._get(obj, key, field, required)
        if value is _MISSING:
            return None
        if not isinstance(value, dict):
            self.fail(m.NOT_OBJECT.format(field=field))
            return None
        return value


def money(value: Decimal | None) -> float | None:
    return None if value is None else float(value.quantize(Decimal("0.01")))


def is_count(text: str, digits: int = 9) -> bool:
    """True for a path or query number the sandbox reads: ASCII digits, at most `digits` of them (by default
    below a billion; longer ones would overflow the database's offsets or Python's int parsing)."""
    return text.isascii() and text.isdigit() and len(text) <= digits
